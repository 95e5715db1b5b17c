"""Malformed client input through a real App: always a 4xx or a documented default.

Each case is a WSGI environ tweak sent to an App whose responders read every
Request member that parses client data. A case lists the statuses it may get:
200 means the documented default applied (docs/request-response.md), never 5xx.
"""

import io
import json
import wsgiref.validate
from typing import Any

import pytest

import restcore
import restcore.testing


def read_headers(req: Any) -> dict[str, Any]:
    return {
        "host": req.host,
        "port": req.port,
        "netloc": req.netloc,
        "subdomain": req.subdomain,
        "uri": req.uri,
        "forwarded_uri": req.forwarded_uri,
        "content_length": req.content_length,
        "body": req.bounded_stream.read().decode("latin-1"),
        "range": req.range,
        "range_unit": req.range_unit,
        "if_match": req.if_match and [str(tag) for tag in req.if_match],
        "if_none_match": req.if_none_match and [str(t) for t in req.if_none_match],
        "date": str(req.date),
        "if_modified_since": str(req.if_modified_since),
        "if_unmodified_since": str(req.if_unmodified_since),
        "forwarded": req.forwarded and [hop.src for hop in req.forwarded],
        "forwarded_host": req.forwarded_host,
        "forwarded_scheme": req.forwarded_scheme,
        "access_route": req.access_route,
        "x_int": req.get_header_as_int("X-Int"),
        "prefers": req.client_prefers(["application/json", "text/plain"]),
        "accepts_xml": req.client_accepts_xml,
        "headers": len(req.headers),
    }


def read_cookies(req: Any) -> dict[str, Any]:
    return {"cookies": req.cookies, "values": req.get_cookie_values("a")}


def read_query(req: Any) -> dict[str, Any]:
    return {
        "params": req.params,
        "s": req.get_param("s"),
        "one": req.get_param("one", allow_multiple=False),
        "i": req.get_param_as_int("i", min_value=0, max_value=10**6),
        "f": str(req.get_param_as_float("f")),
        "u": str(req.get_param_as_uuid("u")),
        "b": req.get_param_as_bool("b"),
        "d": str(req.get_param_as_date("d")),
        "dt": str(req.get_param_as_datetime("dt")),
        "l": req.get_param_as_list("l", transform=int),
        "pipe": req.get_param_as_list("pipe", delimiter="|"),
        "dict": req.get_param_as_dict("dict"),
        "deep": req.get_param_as_dict("deep", deep_object=True, allow_multiple=False),
        "j": req.get_param_as_json("j"),
    }


class Reader:
    def __init__(self, read: Any) -> None:
        self.read = read

    def on_get(self, req: Any, resp: Any, **fields: Any) -> None:
        resp.media = {"path": req.path, "fields": fields, "read": self.read(req)}

    on_post = on_get


def make_app() -> restcore.App:
    app = restcore.App()
    app.add_route("/h", Reader(read_headers))
    app.add_route("/c", Reader(read_cookies))
    app.add_route("/q", Reader(read_query))
    app.add_route("/p/{segment}", Reader(lambda req: req.root_path))
    return app


RAW_APP = make_app()
# wsgiref's validator refuses some environs real servers pass on (a malformed
# CONTENT_LENGTH, a PATH_INFO without '/'); those cases skip it.
APP = wsgiref.validate.validator(RAW_APP)

OK = {200}
BAD = {400}


def headers_case(case_id: str, headers: dict[str, str], allowed: set[int]) -> Any:
    return pytest.param("/h", "", headers, {}, allowed, id=f"header-{case_id}")


CASES = [
    # Host
    headers_case("host-alpha-port", {"Host": "example.com:abc"}, BAD),
    headers_case("host-empty-port", {"Host": "example.com:"}, BAD),
    headers_case("host-huge-port", {"Host": "example.com:" + "9" * 30}, BAD),
    headers_case("host-negative-port", {"Host": "example.com:-1"}, BAD),
    headers_case("host-ipv6-bad-port", {"Host": "[::1]:x"}, BAD),
    headers_case("host-ipv6-unclosed", {"Host": "[::1"}, OK),
    headers_case("host-colons", {"Host": "a:b:c"}, OK),
    headers_case("host-only-port", {"Host": ":80"}, OK),
    headers_case("host-empty", {"Host": ""}, OK),
    headers_case("host-latin1", {"Host": "\u00e9xample.com"}, OK),
    headers_case("host-long", {"Host": "a." * 50_000 + "com"}, OK),
    # Content-Length
    *[
        pytest.param(
            "/h",
            "",
            {},
            {"CONTENT_LENGTH": value, "no_lint": True},
            BAD,
            id=f"cl-{value!r}",
        )
        for value in [
            "abc",
            "-1",
            "+5",
            "1e3",
            "0x10",
            "1_0",
            "\u0661",
            "5, 5",
            "\x00",
            " ",
        ]
    ],
    headers_case("content-length-huge", {"Content-Length": "9" * 30}, {413}),
    # Range
    *[
        headers_case(f"range-{value[:20]!r}", {"Range": value}, BAD)
        for value in [
            "bytes=a-b",
            "bytes=5-1",
            "bytes=-",
            "bytes",
            "bytes=1-2,3-4",
            "=",
            "bytes=" + "9" * 5000 + "-",
            "bytes=--5",
        ]
    ],
    # Conditional requests
    *[
        headers_case(
            f"etag-{value[:20]!r}", {"If-Match": value, "If-None-Match": value}, OK
        )
        for value in ['"', "W/", ",,,", '"a' * 1000, 'W/"x", garbage, "', "\x00"]
    ],
    *[
        headers_case(f"date-{value!r}", {"Date": value}, BAD)
        for value in ["garbage", "\x00", "Tue, 99 Nov 1994 12:45:26 GMT", "1994"]
    ],
    headers_case("if-modified-since", {"If-Modified-Since": "yesterday"}, BAD),
    headers_case("if-unmodified-since", {"If-Unmodified-Since": "-1"}, BAD),
    # Proxies
    *[
        headers_case(f"forwarded-{value[:20]!r}", {"Forwarded": value}, OK)
        for value in [
            'for="[::1]:bad"',
            "for=",
            '"',
            ";;;,,,",
            'for="1.2.3.4:99999999"',
            "for=" + "x" * 100_000,
            'for="' + "\\" * 10_000,
        ]
    ],
    headers_case("x-forwarded-for-commas", {"X-Forwarded-For": ",,,"}, OK),
    headers_case("x-forwarded-for-empty", {"X-Forwarded-For": ""}, OK),
    headers_case("x-forwarded-proto", {"X-Forwarded-Proto": "\u00e9"}, OK),
    # Negotiation and typed headers
    *[
        headers_case(f"accept-{value!r}", {"Accept": value}, {200, 406})
        for value in [";;;", "a/b;q=x", "*/*;q=1e999", "/", "text/plain;q=-1"]
    ],
    headers_case("x-int-nan", {"X-Int": "nan"}, BAD),
    headers_case("x-int-huge", {"X-Int": "9" * 5000}, BAD),
]

COOKIES = [
    "a",
    "=;=;",
    '"',
    'a="\\',
    'a="\\777"',
    "\x00=1",
    "a=" + "x" * 100_000,
    ";" * 10_000,
    "a=\u00e9",
    'a="' + "\\\\" * 50_000 + '"',
    'a="' + "\\073" * 30_000 + '"',
    "a=1; a=2; " * 5_000,
]
CASES += [
    pytest.param("/c", "", {"Cookie": value}, {}, OK, id=f"cookie-{value[:16]!r}")
    for value in COOKIES
]

QUERIES: list[tuple[str, set[int]]] = [
    ("%", OK),
    ("%zz=%zz", OK),
    ("s=%e9", OK),
    ("s=%ff%fe", OK),
    ("s=%ed%a0%80", OK),
    ("a=%", OK),
    ("&&&", OK),
    ("=&=", OK),
    ("s=" + "%" * 100_000, OK),
    ("i=abc", BAD),
    ("i=" + "9" * 5000, BAD),
    ("i=-1", BAD),
    ("i=99999999", BAD),
    ("u=not-a-uuid", BAD),
    ("b=maybe", BAD),
    ("f=nan", OK),
    ("f=1e999", OK),
    ("f=one", BAD),
    ("d=2024-13-45", BAD),
    ("dt=yesterday", BAD),
    ("j=%7B", BAD),
    ("j=" + "[" * 100_000, BAD),
    ("l=1,x", BAD),
    ("l=1&l=2", OK),
    ("l=1&l=x", BAD),
    ("dict=a,b,c", BAD),
    ("deep[a]=1&deep[a]=2", BAD),
    ("one=1&one=2", BAD),
    ("pipe=" + "|" * 100_000, OK),
]
CASES += [
    pytest.param("/q", query, {}, {}, allowed, id=f"query-{query[:16]!r}")
    for query, allowed in QUERIES
]

RAW_PATHS: list[tuple[str, str, set[int]]] = [
    ("invalid-utf8", "/p/\xff\xfe", OK),
    ("overlong", "/p/\xc0\xaf", OK),
    ("surrogate", "/p/\xed\xa0\x80", OK),
    ("truncated", "/p/\xe2\x9c", OK),
    ("percent-literal", "/p/%zz", OK),
    ("nul", "/p/a\x00b", OK),
    ("long", "/p/" + "a" * 100_000, OK),
    ("empty-segment", "/p/", OK),  # an empty field value, as in Falcon
    ("dot-segments", "/p/../../etc", {404}),
    ("no-slash", "p/x", OK),  # routed like "/p/x", as Falcon does
]
CASES += [
    pytest.param(path, "", {}, {"raw_path": path}, allowed, id=f"path-{case_id}")
    for case_id, path, allowed in RAW_PATHS
]
CASES += [
    pytest.param(
        "/p/x", "", {}, {"SCRIPT_NAME": "/\xff\xfe"}, OK, id="script-name-invalid-utf8"
    ),
]


def call(path: str, query: str, headers: dict[str, str], env: dict[str, Any]) -> Any:
    environ = restcore.testing.create_environ(
        "/h" if "raw_path" in env else path, query_string=query, headers=headers
    )
    app = RAW_APP if env.pop("no_lint", False) else APP
    if "raw_path" in env:
        environ["PATH_INFO"] = env.pop("raw_path")
        if not environ["PATH_INFO"].startswith("/"):
            app = RAW_APP
    environ.update(env)
    environ["wsgi.errors"] = io.StringIO()
    statuses: list[str] = []

    def start_response(status: str, response_headers: Any, exc_info: Any = None) -> Any:
        statuses.append(status)
        return lambda data: None

    result = app(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    return int(statuses[0][:3]), body


@pytest.mark.parametrize(("path", "query", "headers", "env", "allowed"), CASES)
def test_hostile_input_is_a_4xx_or_default(
    path: str, query: str, headers: dict[str, str], env: dict[str, Any], allowed: Any
) -> None:
    status, body = call(path, query, headers, dict(env))
    assert status in allowed
    if status >= 400:
        assert json.loads(body)["title"]


def test_case_count() -> None:
    assert len(CASES) >= 60


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("/p/\xff\xfe", "\ufffd\ufffd"),
        ("/p/caf\xc3\xa9", "caf\u00e9"),
        ("/p/%zz", "%zz"),
    ],
)
def test_path_decoding_default(raw: str, expected: str) -> None:
    status, body = call(raw, "", {}, {"raw_path": raw})
    assert status == 200
    assert json.loads(body)["fields"] == {"segment": expected}


def test_bad_port_description() -> None:
    status, body = call("/h", "", {"Host": "example.com:abc"}, {})
    assert status == 400
    assert json.loads(body) == {
        "title": "Invalid header value",
        "description": 'The value provided for the "Host" header is invalid. '
        "The port must be an integer from 0 to 65535.",
    }


def test_malformed_cookies_are_skipped() -> None:
    status, body = call("/c", "", {"Cookie": "(bad)=1; a=2; =3; b"}, {})
    assert status == 200
    assert json.loads(body)["read"] == {
        "cookies": {"a": "2", "b": ""},
        "values": ["2"],
    }


def test_invalid_percent_encoding_is_kept() -> None:
    status, body = call("/q", "s=%zz%C3%A9&t=%&x=%e9", {}, {})
    assert status == 200
    params = json.loads(body)["read"]["params"]
    assert params == {"s": "%zz\u00e9", "t": "%", "x": "\ufffd"}
