"""Request: differential tests against Falcon 4.4 (same create_req args)."""

import datetime
import io
import uuid
import warnings
from typing import Any

import falcon
import falcon.testing
import pytest

import restcore
import restcore.testing
from restcore.request import Request, RequestOptions


def normalize(value: Any) -> Any:
    if isinstance(value, list):
        return [normalize(item) for item in value]
    if isinstance(value, tuple):
        return tuple(normalize(item) for item in value)
    if isinstance(value, dict):
        return {key: normalize(item) for key, item in value.items()}
    if type(value).__name__ == "ETag":
        return ("ETag", str(value), value.is_weak)
    if type(value).__name__ == "Forwarded":
        return ("Forwarded", value.src, value.dest, value.host, value.scheme)
    return value


def outcome(framework: Any, kwargs: dict[str, Any], access: Any, options: Any) -> Any:
    opts = framework.RequestOptions()
    kwargs = {**kwargs, "headers": {"User-Agent": "ua/1", **kwargs.get("headers", {})}}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for name, value in (options or {}).items():
                setattr(opts, name, value)
            req = framework.testing.create_req(options=opts, **kwargs)
            return ("ok", normalize(access(req)))
    except Exception as ex:
        description = getattr(ex, "description", str(ex))
        if type(ex).__name__ == "MediaMalformedError":
            # orjson words parse errors differently (tests/media cover this).
            description = description.partition(" - ")[0]
        return ("error", type(ex).__name__, getattr(ex, "title", None), description)


CASES: list[tuple[str, dict[str, Any], Any, dict[str, Any] | None]] = []


def case(
    case_id: str, kwargs: dict[str, Any], access: Any, options: Any = None
) -> None:
    CASES.append((case_id, kwargs, access, options))


# -- URL and proxy attributes ---------------------------------------------------

URL_ENVS: dict[str, dict[str, Any]] = {
    "default": {},
    "port": {"host": "example.com", "port": 8080},
    "https": {"scheme": "https", "host": "api.example.com"},
    "https-8443": {"scheme": "https", "host": "a.b.example.com", "port": 8443},
    "query": {"path": "/items/1", "query_string": "a=1&b=%20x"},
    "root": {"root_path": "/api", "path": "/things"},
    "root-utf8": {"root_path": "/\u00e9t\u00e9", "path": "/x"},
    "path-utf8": {"path": "/caf\u00e9/\u65e5\u672c"},
    "host-header": {"headers": {"Host": "other.example:9000"}},
    "ipv6-host": {"headers": {"Host": "[::1]:8000"}},
    "ipv6-bare": {"headers": {"Host": "[::1]"}},
    "remote": {"remote_addr": "10.1.2.3"},
    "single-label": {"host": "localhost"},
}
URL_MEMBERS = {
    "uri": lambda r: r.uri,
    "url": lambda r: r.url,
    "relative_uri": lambda r: r.relative_uri,
    "scheme": lambda r: r.scheme,
    "host": lambda r: r.host,
    "port": lambda r: r.port,
    "netloc": lambda r: r.netloc,
    "subdomain": lambda r: r.subdomain,
    "prefix": lambda r: r.prefix,
    "root_path": lambda r: r.root_path,
    "app": lambda r: r.app,
    "remote_addr": lambda r: r.remote_addr,
    "access_route": lambda r: r.access_route,
    "path": lambda r: r.path,
    "query_string": lambda r: r.query_string,
    "method": lambda r: r.method,
    "repr": lambda r: repr(r).split(":", 1)[1],
    "forwarded_uri": lambda r: r.forwarded_uri,
}
for env_id, env_kwargs in URL_ENVS.items():
    for member, access in URL_MEMBERS.items():
        case(f"url-{env_id}-{member}", env_kwargs, access)

FORWARDED_HEADERS: dict[str, dict[str, str]] = {
    "none": {},
    "fwd-full": {"Forwarded": "for=192.0.2.60;proto=HTTPS;host=ex.org;by=10.0.0.1"},
    "fwd-two": {"Forwarded": 'for="[2001:db8::1]:4711", for=10.0.0.2'},
    "fwd-empty-hop": {"Forwarded": "garbage"},
    "fwd-no-src": {"Forwarded": "by=10.0.0.1"},
    "fwd-with-xff": {"Forwarded": "for=1.1.1.1", "X-Forwarded-For": "2.2.2.2"},
    "xff": {"X-Forwarded-For": "1.2.3.4, 5.6.7.8 ,127.0.0.1"},
    "xff-ends-remote": {"X-Forwarded-For": "1.2.3.4, 127.0.0.1"},
    "x-real-ip": {"X-Real-IP": "9.9.9.9"},
    "x-forwarded-host": {
        "X-Forwarded-Host": "proxy.example",
        "X-Forwarded-Proto": "HTTPS",
    },
    "fwd-host-only": {"Forwarded": "host=h.example"},
}
FORWARDED_MEMBERS = {
    "forwarded": lambda r: r.forwarded,
    "forwarded_host": lambda r: r.forwarded_host,
    "forwarded_scheme": lambda r: r.forwarded_scheme,
    "forwarded_prefix": lambda r: r.forwarded_prefix,
    "forwarded_uri": lambda r: r.forwarded_uri,
    "access_route": lambda r: r.access_route,
}
for env_id, headers in FORWARDED_HEADERS.items():
    for member, access in FORWARDED_MEMBERS.items():
        case(
            f"proxy-{env_id}-{member}",
            {"headers": headers, "root_path": "/r", "remote_addr": "127.0.0.1"},
            access,
        )

# -- headers ---------------------------------------------------------------------

HEADER_SETS: dict[str, dict[str, str]] = {
    "plain": {"X-Custom": "v", "Content-Type": "text/plain", "Content-Length": "3"},
    "empty-values": {"X-Empty": "", "Content-Type": "", "User-Agent": ""},
    "mixed-case": {"x-MiXeD": "1", "AUTHORIZATION": "Bearer t"},
}
HEADER_MEMBERS = {
    "headers": lambda r: {k: v for k, v in r.headers.items() if k != "USER-AGENT"},
    "headers_lower": lambda r: {
        k: v for k, v in r.headers_lower.items() if k != "user-agent"
    },
    "get_header-custom": lambda r: r.get_header("x-custom"),
    "get_header-empty": lambda r: r.get_header("X-Empty"),
    "get_header-ct": lambda r: r.get_header("content-type"),
    "get_header-cl": lambda r: r.get_header("Content-Length"),
    "get_header-default": lambda r: r.get_header("X-Nope", default="d"),
    "get_header-required": lambda r: r.get_header("X-Nope", required=True),
    "get_header-mixed": lambda r: r.get_header("X-MIXED"),
    "content_type": lambda r: r.content_type,
    "user_agent": lambda r: r.user_agent,
    "auth": lambda r: r.auth,
}
for set_id, headers in HEADER_SETS.items():
    for member, access in HEADER_MEMBERS.items():
        case(f"headers-{set_id}-{member}", {"headers": headers}, access)

SIMPLE_HEADERS = {
    "auth": "Authorization",
    "expect": "Expect",
    "referer": "Referer",
    "user_agent": "User-Agent",
    "if_range": "If-Range",
    "last_event_id": "Last-Event-ID",
    "accept": "Accept",
}
for member, header in SIMPLE_HEADERS.items():
    for value in ("some value", ""):
        case(
            f"simple-{member}-{value or 'empty'}",
            {"headers": {header: value}},
            lambda r, m=member: getattr(r, m),
        )
    case(f"simple-{member}-absent", {}, lambda r, m=member: getattr(r, m))

INT_HEADERS = ["42", " 7 ", "-3", "abc", "", "4.5", "0x10"]
for value in INT_HEADERS:
    case(
        f"header-int-{value!r}",
        {"headers": {"X-Int": value}},
        lambda r: r.get_header_as_int("X-Int"),
    )
case("header-int-missing", {}, lambda r: r.get_header_as_int("X-Int"))
case("header-int-required", {}, lambda r: r.get_header_as_int("X-Int", required=True))

DATES = [
    "Tue, 15 Nov 1994 12:45:26 GMT",
    "Sunday, 06-Nov-94 08:49:37 GMT",
    "Sun Nov  6 08:49:37 1994",
    "not a date",
    "",
]
for value in DATES:
    for member in ("date", "if_modified_since", "if_unmodified_since"):
        header = {"date": "Date"}.get(member, member.replace("_", "-").title())
        case(
            f"date-{member}-{value!r}",
            {"headers": {header: value}},
            lambda r, m=member: getattr(r, m),
        )
    case(
        f"date-obs-{value!r}",
        {"headers": {"X-Date": value}},
        lambda r: r.get_header_as_datetime("X-Date", obs_date=True),
    )
case(
    "date-required",
    {},
    lambda r: r.get_header_as_datetime("X-Date", required=True),
)

RANGES = [
    "bytes=0-499",
    "bytes=500-",
    "bytes=-500",
    "bytes=-0",
    "bytes=5-1",
    "bytes=0-1,3-4",
    "bytes=-",
    "bytes=a-b",
    "0-499",
    "items=1-2",
    "bytes= 1 - 2 ",
    "bytes=",
    "bytes=10",
    "=1-2",
]
for value in RANGES:
    case(f"range-{value!r}", {"headers": {"Range": value}}, lambda r: r.range)
    case(
        f"range_unit-{value!r}",
        {"headers": {"Range": value}},
        lambda r: r.range_unit,
    )
case("range-absent", {}, lambda r: r.range)
case("range_unit-absent", {}, lambda r: r.range_unit)

ETAGS = [
    '"abc"',
    'W/"abc"',
    'w/"abc"',
    "abc",
    "*",
    " * ",
    '"a", W/"b", "c"',
    '"a",W/"b"',
    "",
    "  ",
    '"a", garbage',
    "garbage, more",
]
for value in ETAGS:
    case(f"if_match-{value!r}", {"headers": {"If-Match": value}}, lambda r: r.if_match)
    case(
        f"if_none_match-{value!r}",
        {"headers": {"If-None-Match": value}},
        lambda r: r.if_none_match,
    )

CONTENT_LENGTHS = ["0", "12", " 12 ", "-5", "abc", "", "12abc"]
for value in CONTENT_LENGTHS:
    case(
        f"content_length-{value!r}",
        {"headers": {"Content-Length": value}},
        lambda r: r.content_length,
    )
    case(
        f"bounded_stream-{value!r}",
        {"headers": {"Content-Length": value}, "body": b"abcdefghijklmnop"},
        lambda r: r.bounded_stream.read(),
    )
case("content_length-absent", {}, lambda r: r.content_length)

# -- negotiation -------------------------------------------------------------------

ACCEPTS = [
    "*/*",
    "",
    "application/json",
    "text/html, application/xhtml+xml, application/xml;q=0.9, */*;q=0.8",
    "application/xml",
    "application/msgpack",
    "application/x-msgpack",
    "text/*",
    "application/json;q=0, */*",
    "garbage;;;",
    "application/*;q=0.5, text/plain",
]
for value in ACCEPTS:
    for member in (
        "client_accepts_json",
        "client_accepts_xml",
        "client_accepts_msgpack",
    ):
        case(
            f"accepts-{member}-{value!r}",
            {"headers": {"Accept": value}},
            lambda r, m=member: getattr(r, m),
        )
    case(
        f"accepts-text/plain-{value!r}",
        {"headers": {"Accept": value}},
        lambda r: r.client_accepts("text/plain"),
    )
    case(
        f"prefers-{value!r}",
        {"headers": {"Accept": value}},
        lambda r: r.client_prefers(
            ["application/xml", "application/json", "text/plain"]
        ),
    )
    case(
        f"prefers-none-{value!r}",
        {"headers": {"Accept": value}},
        lambda r: r.client_prefers(["image/png"]),
    )

# -- cookies ---------------------------------------------------------------------

COOKIES = [
    "a=1",
    "a=1; b=2",
    "a=1; a=2; a=3",
    ' a = "quoted value" ',
    'a="\\"esc\\" \\073 \\\\"',
    'a=""',
    'a="',
    "a",
    "=value",
    "a b=1; c=2",
    "a=1;;;b=2",
    "a=x=y",
    'a="\\0"',
    "a=\u00e9; b=1",
    "\u00e9=1; b=2",
    "(bad)=1; ok=2",
    "",
    ";",
    "a=1; a=",
]
for value in COOKIES:
    case(f"cookies-{value!r}", {"headers": {"Cookie": value}}, lambda r: r.cookies)
    case(
        f"cookie_values-{value!r}",
        {"headers": {"Cookie": value}},
        lambda r: r.get_cookie_values("a"),
    )
case("cookies-absent", {}, lambda r: r.cookies)

# -- query parameters -----------------------------------------------------------------

QUERY = (
    "s=hello&i=42&neg=-7&f=3.5&b=true&no=0&blank=&multi=1&multi=2&"
    "csv=a,b,c&u=12345678-1234-5678-1234-567812345678&d=2024-02-29&"
    "dt=2024-02-29T10:11:12Z&j=%7B%22a%22%3A1%7D&badj=%7B&pipe=a|b|c&"
    "sp=a%20b%20c&dict=k1,v1,k2,v2&odd=k1,v1,k2&obj[x]=1&obj[y]=2&"
    "rep[x]=1&rep[x]=2&plus=a+b&pct=%E2%9C%93&bad=abc"
)
GETTERS: dict[str, Any] = {
    "params": lambda r: r.params,
    "has_param-s": lambda r: r.has_param("s"),
    "has_param-missing": lambda r: r.has_param("zzz"),
    "get_param-s": lambda r: r.get_param("s"),
    "get_param-multi": lambda r: r.get_param("multi"),
    "get_param-multi-strict": lambda r: r.get_param("multi", allow_multiple=False),
    "get_param-missing-default": lambda r: r.get_param("zzz", default="d"),
    "get_param-required": lambda r: r.get_param("zzz", required=True),
    "get_param-blank": lambda r: r.get_param("blank"),
    "get_param-plus": lambda r: r.get_param("plus"),
    "get_param-pct": lambda r: r.get_param("pct"),
    "get_param-store": lambda r: (r.get_param("s", store=(st := {})), st)[1],
    "int": lambda r: r.get_param_as_int("i"),
    "int-neg": lambda r: r.get_param_as_int("neg"),
    "int-bad": lambda r: r.get_param_as_int("bad"),
    "int-float": lambda r: r.get_param_as_int("f"),
    "int-min-ok": lambda r: r.get_param_as_int("i", min_value=42),
    "int-min-fail": lambda r: r.get_param_as_int("i", min_value=43),
    "int-max-fail": lambda r: r.get_param_as_int("i", max_value=41),
    "int-max-ok": lambda r: r.get_param_as_int("i", max_value=42),
    "int-multi": lambda r: r.get_param_as_int("multi"),
    "int-multi-strict": lambda r: r.get_param_as_int("multi", allow_multiple=False),
    "int-default": lambda r: r.get_param_as_int("zzz", default=5),
    "int-default-small": lambda r: r.get_param_as_int("i", default=42, max_value=10),
    "int-required": lambda r: r.get_param_as_int("zzz", required=True),
    "int-store": lambda r: (r.get_param_as_int("i", store=(st := {})), st)[1],
    "int-blank": lambda r: r.get_param_as_int("blank"),
    "float": lambda r: r.get_param_as_float("f"),
    "float-int": lambda r: r.get_param_as_float("i"),
    "float-bad": lambda r: r.get_param_as_float("bad"),
    "float-min": lambda r: r.get_param_as_float("f", min_value=4),
    "float-max": lambda r: r.get_param_as_float("f", max_value=3.4),
    "float-multi-strict": lambda r: r.get_param_as_float("multi", allow_multiple=False),
    "float-required": lambda r: r.get_param_as_float("zzz", required=True),
    "uuid": lambda r: r.get_param_as_uuid("u"),
    "uuid-bad": lambda r: r.get_param_as_uuid("bad"),
    "uuid-store": lambda r: (r.get_param_as_uuid("u", store=(st := {})), st)[1],
    "uuid-required": lambda r: r.get_param_as_uuid("zzz", required=True),
    "bool-true": lambda r: r.get_param_as_bool("b"),
    "bool-zero": lambda r: r.get_param_as_bool("no"),
    "bool-bad": lambda r: r.get_param_as_bool("bad"),
    "bool-blank": lambda r: r.get_param_as_bool("blank"),
    "bool-blank-false": lambda r: r.get_param_as_bool("blank", blank_as_true=False),
    "bool-one": lambda r: r.get_param_as_bool("i"),
    "bool-multi-strict": lambda r: r.get_param_as_bool("multi", allow_multiple=False),
    "bool-default": lambda r: r.get_param_as_bool("zzz", default=False),
    "bool-store": lambda r: (r.get_param_as_bool("b", store=(st := {})), st)[1],
    "list": lambda r: r.get_param_as_list("multi"),
    "list-single": lambda r: r.get_param_as_list("s"),
    "list-csv": lambda r: r.get_param_as_list("csv"),
    "list-comma": lambda r: r.get_param_as_list("csv", delimiter=","),
    "list-pipe": lambda r: r.get_param_as_list("pipe", delimiter="|"),
    "list-pipeDelimited": lambda r: r.get_param_as_list(
        "pipe", delimiter="pipeDelimited"
    ),
    "list-space": lambda r: r.get_param_as_list("sp", delimiter=" "),
    "list-spaceDelimited": lambda r: r.get_param_as_list(
        "sp", delimiter="spaceDelimited"
    ),
    "list-bad-delimiter": lambda r: r.get_param_as_list("pipe", delimiter=";"),
    "list-multi-delimiter": lambda r: r.get_param_as_list("multi", delimiter=","),
    "list-transform": lambda r: r.get_param_as_list("multi", transform=int),
    "list-transform-bad": lambda r: r.get_param_as_list("csv", int, delimiter=","),
    "list-required": lambda r: r.get_param_as_list("zzz", required=True),
    "list-default": lambda r: r.get_param_as_list("zzz", default=["x"]),
    "list-store": lambda r: (r.get_param_as_list("multi", store=(st := {})), st)[1],
    "date": lambda r: r.get_param_as_date("d"),
    "date-bad": lambda r: r.get_param_as_date("bad"),
    "date-format": lambda r: r.get_param_as_date("d", format_string="%d/%m/%Y"),
    "date-store": lambda r: (r.get_param_as_date("d", store=(st := {})), st)[1],
    "date-default": lambda r: r.get_param_as_date(
        "zzz", default=datetime.date(2000, 1, 1)
    ),
    "date-required": lambda r: r.get_param_as_date("zzz", required=True),
    "datetime": lambda r: r.get_param_as_datetime("dt"),
    "datetime-bad": lambda r: r.get_param_as_datetime("d"),
    "datetime-store": lambda r: (r.get_param_as_datetime("dt", store=(st := {})), st)[
        1
    ],
    "json": lambda r: r.get_param_as_json("j"),
    "json-bad": lambda r: r.get_param_as_json("badj"),
    "json-store": lambda r: (r.get_param_as_json("j", store=(st := {})), st)[1],
    "json-missing": lambda r: r.get_param_as_json("zzz", default={"d": 1}),
    "json-multi-strict": lambda r: r.get_param_as_json("multi", allow_multiple=False),
    "media": lambda r: r.get_param_as_media("j"),
    "media-explicit": lambda r: r.get_param_as_media("j", "application/json"),
    "media-form": lambda r: r.get_param_as_media(
        "s", "application/x-www-form-urlencoded"
    ),
    "media-unknown": lambda r: r.get_param_as_media("j", "application/x-nope"),
    "dict": lambda r: r.get_param_as_dict("dict"),
    "dict-odd": lambda r: r.get_param_as_dict("odd"),
    "dict-deep": lambda r: r.get_param_as_dict("obj", deep_object=True),
    "dict-deep-missing": lambda r: r.get_param_as_dict("nope", deep_object=True),
    "dict-deep-required": lambda r: r.get_param_as_dict(
        "nope", deep_object=True, required=True
    ),
    "dict-deep-rep": lambda r: r.get_param_as_dict("rep", deep_object=True),
    "dict-deep-rep-strict": lambda r: r.get_param_as_dict(
        "rep", deep_object=True, allow_multiple=False
    ),
    "dict-pipe": lambda r: r.get_param_as_dict("pipe", delimiter="|"),
    "dict-store": lambda r: (r.get_param_as_dict("dict", store=(st := {})), st)[1],
    "dict-default": lambda r: r.get_param_as_dict("zzz", default={"a": "b"}),
    "dict-required": lambda r: r.get_param_as_dict("zzz", required=True),
}
for getter_id, access in GETTERS.items():
    case(f"query-{getter_id}", {"query_string": QUERY}, access)

QS_OPTIONS: dict[str, dict[str, Any]] = {
    "no-blank": {"keep_blank_qs_values": False},
    "csv": {"auto_parse_qs_csv": True},
    "csv-no-blank": {"auto_parse_qs_csv": True, "keep_blank_qs_values": False},
}
QUERY_STRINGS = ["a=1,2,,3&b=&c", "a=&a=1&a=", "x=%2C,y&x=z", "t=1,2,3&t=4,5"]
for opt_id, options in QS_OPTIONS.items():
    for query in QUERY_STRINGS:
        case(
            f"qs-{opt_id}-{query!r}",
            {"query_string": query},
            lambda r: r.params,
            options,
        )
        case(
            f"qs-list-{opt_id}-{query!r}",
            {"query_string": query},
            lambda r: r.get_param_as_list("a"),
            options,
        )

QUERY_AS_MEDIA = ['{"a": [1, 2]}', "%7B%22a%22%3A1%7D", "", "{bad", "a=1&b=2"]
for query in QUERY_AS_MEDIA:
    case(
        f"qs-media-{query!r}",
        {"query_string": query},
        lambda r: r.get_query_string_as_media(),
    )
    case(
        f"qs-media-default-{query!r}",
        {"query_string": query},
        lambda r: r.get_query_string_as_media(default_when_empty="E"),
    )
    case(
        f"qs-media-form-{query!r}",
        {"query_string": query},
        lambda r: r.get_query_string_as_media("application/x-www-form-urlencoded"),
    )
case(
    "qs-media-unknown",
    {"query_string": "a"},
    lambda r: r.get_query_string_as_media("application/x-nope"),
)

# -- body ---------------------------------------------------------------------

BODIES: dict[str, dict[str, Any]] = {
    "json": {"body": '{"a": 1}', "headers": {"Content-Type": "application/json"}},
    "json-bad": {"body": "{", "headers": {"Content-Type": "application/json"}},
    "empty": {"body": "", "headers": {"Content-Type": "application/json"}},
    "form": {
        "body": "a=1&b=2",
        "headers": {"Content-Type": "application/x-www-form-urlencoded"},
        "method": "POST",
    },
    "unknown-type": {"body": "x", "headers": {"Content-Type": "text/x-nope"}},
}
BODY_MEMBERS = {
    "media": lambda r: r.media,
    "get_media-default": lambda r: r.get_media(default_when_empty="D"),
    "twice": lambda r: (_safe(r.get_media), r.get_media(default_when_empty="D")),
    "stream": lambda r: r.stream.read(),
    "bounded_stream": lambda r: r.bounded_stream.read(),
    "content_type": lambda r: r.content_type,
}


def _safe(func: Any) -> Any:
    try:
        return func()
    except Exception as ex:
        return type(ex).__name__


for body_id, kwargs in BODIES.items():
    for member, access in BODY_MEMBERS.items():
        case(f"body-{body_id}-{member}", kwargs, access)

case(
    "form-autoparse",
    BODIES["form"],
    lambda r: r.params,
    {"auto_parse_form_urlencoded": True},
)
case(
    "form-autoparse-get",
    {**BODIES["form"], "method": "GET"},
    lambda r: r.params,
    {"auto_parse_form_urlencoded": True},
)
case(
    "strip-trailing-slash",
    {"path": "/a/b/"},
    lambda r: r.path,
    {"strip_url_path_trailing_slash": True},
)
case("keep-trailing-slash", {"path": "/a/b/"}, lambda r: r.path)
case(
    "root-slash",
    {"path": "/"},
    lambda r: r.path,
    {"strip_url_path_trailing_slash": True},
)
case("misc-is_websocket", {}, lambda r: r.is_websocket)
case("misc-uri_template", {}, lambda r: r.uri_template)
case("misc-context", {}, lambda r: dict(r.context))


@pytest.mark.parametrize(
    ("kwargs", "access", "options"),
    [pytest.param(kw, acc, opt, id=cid) for cid, kw, acc, opt in CASES],
)
def test_request_matches_falcon(kwargs: Any, access: Any, options: Any) -> None:
    expected = outcome(falcon, kwargs, access, options)
    assert outcome(restcore, kwargs, access, options) == expected


def test_case_count() -> None:
    assert len(CASES) >= 300


# -- surface ------------------------------------------------------------------------


def public(cls: type) -> set[str]:
    return {name for name in dir(cls) if not name.startswith("_")}


def test_request_has_falcon_members() -> None:
    assert public(falcon.Request) <= public(Request)


def test_request_options_members() -> None:
    assert public(falcon.RequestOptions) <= public(RequestOptions)


def test_auto_parse_form_urlencoded_warns() -> None:
    options = RequestOptions()
    with pytest.warns(restcore.util.deprecation.DeprecatedWarning):
        options.auto_parse_form_urlencoded = True
    assert options.auto_parse_form_urlencoded is True
    options.auto_parse_form_urlencoded = False


def test_app_alias_warns() -> None:
    req = restcore.testing.create_req(root_path="/api")
    with pytest.warns(restcore.util.deprecation.DeprecatedWarning):
        assert req.app == "/api"


def test_log_error_format() -> None:
    errors = io.StringIO()
    req = restcore.testing.create_req(
        path="/p", query_string="q=1", method="POST", wsgierrors=errors
    )
    req.log_error("boom")
    line = errors.getvalue()
    assert line.endswith(" [FALCON] [ERROR] POST /p?q=1 => boom\n")
    datetime.datetime.strptime(line[:19], "%Y-%m-%d %H:%M:%S")


def test_stream_and_content_type_are_assignable() -> None:
    req = restcore.testing.create_req(body=b"abc", headers={"Content-Type": "a/b"})
    replacement = io.BytesIO(b"xyz")
    req.stream = replacement
    req.content_type = "c/d"
    assert req.stream is replacement
    assert req.content_type == "c/d"
    assert req.bounded_stream.read() == b"xyz"


def test_context_type_factory() -> None:
    class MyRequest(Request):
        context_type = dict

    req = MyRequest(restcore.testing.create_environ())
    assert req.context == {}


def test_media_error_is_cached() -> None:
    req = restcore.testing.create_req(
        body="{", headers={"Content-Type": "application/json"}
    )
    with pytest.raises(restcore.MediaMalformedError) as first:
        req.get_media()
    with pytest.raises(restcore.MediaMalformedError) as second:
        req.get_media()
    assert first.value is second.value


def test_uuid_param_value_type() -> None:
    req = restcore.testing.create_req(query_string="u=" + str(uuid.UUID(int=5)))
    assert req.get_param_as_uuid("u") == uuid.UUID(int=5)


def test_init_sets_only_core_state() -> None:
    req = restcore.testing.create_req(headers={"Cookie": "a=1"})
    assert req.__dict__ == {}
    assert req.cookies == {"a": "1"}
    assert set(req.__dict__) == {"_cached_cookies", "_cached_cookies_collapsed"}


# -- deliberate differences (docs/request-response.md) -------------------------------

BAD_PORT = {"headers": {"Host": "example.com:abc"}}
DIFFERENCE_CASES: list[tuple[str, dict[str, Any], Any, Any]] = [
    ("host-bad-port", BAD_PORT, lambda r: r.host, ("ok", "example.com")),
    (
        "port-bad-port",
        BAD_PORT,
        lambda r: r.port,
        ("error", "HTTPInvalidHeader", "Invalid header value"),
    ),
    (
        "port-empty-port",
        {"headers": {"Host": "example.com:"}},
        lambda r: r.port,
        ("error", "HTTPInvalidHeader", "Invalid header value"),
    ),
    (
        "port-out-of-range",
        {"headers": {"Host": "example.com:99999"}},
        lambda r: r.port,
        ("error", "HTTPInvalidHeader", "Invalid header value"),
    ),
    (
        "host-ipv6-bad-port",
        {"headers": {"Host": "[::1]:x"}},
        lambda r: r.host,
        ("ok", "::1"),
    ),
    (
        "access-route-bad-port",
        {"headers": {"Forwarded": 'for="1.2.3.4:bad"'}, "remote_addr": "10.0.0.1"},
        lambda r: r.access_route,
        ("ok", ["1.2.3.4", "10.0.0.1"]),
    ),
    *[
        (
            f"content-length-{value!r}",
            {"headers": {"Content-Length": value}},
            lambda r: r.content_length,
            ("error", "HTTPInvalidHeader", "Invalid header value"),
        )
        for value in ("+5", "1_0", "\u0663", "-0")
    ],
    (
        "content-length-huge",
        {"headers": {"Content-Length": "9" * 25}},
        lambda r: r.content_length,
        ("error", "HTTPContentTooLarge", "413 Content Too Large"),
    ),
]


@pytest.mark.parametrize(
    ("kwargs", "access", "expected"),
    [pytest.param(kw, acc, exp, id=cid) for cid, kw, acc, exp in DIFFERENCE_CASES],
)
def test_deliberate_differences(kwargs: Any, access: Any, expected: Any) -> None:
    ours = outcome(restcore, kwargs, access, None)
    assert ours[: len(expected)] == expected
    assert outcome(falcon, kwargs, access, None) != ours


def test_port_without_host_header_falls_back() -> None:
    env = restcore.testing.create_environ()
    del env["HTTP_HOST"]
    env["SERVER_PORT"] = "not-a-port"
    assert Request(env).port == 80
    env["wsgi.url_scheme"] = "https"
    assert Request(env).port == 443


def test_context_type_is_called_on_first_read() -> None:
    """A function as context_type gets the request or response (as in Falcon)."""
    import restcore.testing

    def make(obj: Any) -> dict[str, Any]:
        return {"kind": type(obj).__name__}

    class MyRequest(restcore.Request):
        context_type = make

    class MyResponse(restcore.Response):
        context_type = make

    req = MyRequest(restcore.testing.create_environ())
    assert req.context == {"kind": "MyRequest"}
    assert MyResponse().context == {"kind": "MyResponse"}

    class Broken(restcore.Request):
        context_type = False  # a documented difference: fails on first read

    broken = Broken(restcore.testing.create_environ())
    with pytest.raises(TypeError):
        _ = broken.context


def test_query_half_alone_has_no_form_body() -> None:
    from restcore.query import QueryParams

    assert QueryParams()._read_form_body() is None


CACHED_PROPERTIES = [
    "headers",
    "headers_lower",
    "cookies",
    "prefix",
    "uri",
    "relative_uri",
    "forwarded_prefix",
    "forwarded_uri",
    "access_route",
    "if_match",
    "if_none_match",
]


@pytest.mark.parametrize("name", CACHED_PROPERTIES)
def test_cached_properties_read_twice_match_falcon(name: str) -> None:
    values = []
    for framework in (restcore, falcon):
        req = framework.testing.create_req(
            path="/a",
            query_string="x=1",
            headers={
                "User-Agent": "test",
                "Cookie": "a=1; a=2; b=3",
                "X-Forwarded-For": "10.0.0.1",
                "If-Match": '"x"',
                "If-None-Match": "*",
            },
        )
        first = getattr(req, name)
        assert getattr(req, name) is first
        values.append(repr(first))
    assert values[0] == values[1]


@pytest.mark.parametrize(
    "extra",
    [
        {"SERVER_PORT": "8080"},
        {"wsgi.url_scheme": "https", "SERVER_PORT": "443"},
        {"wsgi.url_scheme": "https", "SERVER_PORT": "8443"},
    ],
)
def test_host_port_netloc_without_host_header_match_falcon(
    extra: dict[str, str],
) -> None:
    values = []
    for framework in (restcore, falcon):
        env = framework.testing.create_environ()
        del env["HTTP_HOST"]
        env.update(extra)
        req = framework.Request(env)
        values.append((req.host, req.port, req.netloc, req.uri))
    assert values[0] == values[1]


def test_non_numeric_server_port_gives_the_default_port() -> None:
    # Falcon raises ValueError here (a 500): docs/differences.md.
    env = restcore.testing.create_environ()
    del env["HTTP_HOST"]
    env["SERVER_PORT"] = "http"
    assert restcore.Request(env).port == 80


def test_path_already_decoded_by_the_server() -> None:
    from restcore.request import _decode_path

    assert _decode_path("/caf\u00e9\u20ac") == "/caf\u00e9\u20ac"


def test_get_media_uses_a_content_type_set_by_the_app() -> None:
    req = restcore.testing.create_req(
        method="POST", body=b"a=1&b=2", headers={"Content-Type": "text/plain"}
    )
    req.content_type = "application/x-www-form-urlencoded"
    assert req.get_media() == {"a": "1", "b": "2"}


def test_env_key_cache_stays_bounded() -> None:
    from restcore import request as request_module

    req = restcore.testing.create_req(headers={"X-Extra": "1"})
    saved = dict(request_module._ENV_KEY_CACHE)
    try:
        for number in range(request_module._ENV_KEY_CACHE_SIZE + 3):
            assert req.get_header(f"X-Name-{number}") is None
        assert len(request_module._ENV_KEY_CACHE) <= request_module._ENV_KEY_CACHE_SIZE
        assert req.get_header("X-Extra") == "1"
    finally:
        request_module._ENV_KEY_CACHE.clear()
        request_module._ENV_KEY_CACHE.update(saved)
