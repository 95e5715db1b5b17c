import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

WSGIApp = Callable[..., Iterable[bytes]]


def echo_app(env: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
    body = env["wsgi.input"].read(int(env.get("CONTENT_LENGTH") or 0))
    echoed: dict[str, Any] = {
        key: value
        for key, value in env.items()
        if isinstance(value, str) and key != "HTTP_USER_AGENT"
    }
    echoed["body"] = body.decode("latin-1")
    echoed["has_ua"] = "HTTP_USER_AGENT" in env
    payload = json.dumps(echoed, sort_keys=True).encode()
    start_response(
        "200 OK",
        [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))],
    )
    return [payload]


COOKIE_HEADERS = [
    (
        "Set-Cookie",
        "full=v1; Domain=example.com; expires=Tue, 15 Nov 1994 12:45:26 GMT; "
        "Max-Age=300; Path=/api; Secure; HttpOnly; SameSite=Strict; Partitioned",
    ),
    ("Set-Cookie", "plain=v2"),
    ("set-cookie", 'quoted="a b"; SameSite=None; Secure'),
    ("Set-Cookie", "obsdate=x; expires=Sun, 06-Nov-1994 08:49:37 GMT"),
    ("Set-Cookie", "asctime=y; expires=Sun Nov  6 08:49:37 1994; Max-Age=0"),
    ("X-Other", "1"),
]


def cookie_app(env: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
    start_response("201 Created", [("Content-Type", "text/plain"), *COOKIE_HEADERS])
    return [b"made"]


class StreamApp:
    """Streams chunks from a generator-like iterable and records close()."""

    def __init__(self, chunks: list[bytes], status: str = "200 OK") -> None:
        self.chunks = chunks
        self.status = status
        self.closed = 0

    def __call__(
        self, env: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        return _ClosingIterable(self, start_response)


class _ClosingIterable:
    def __init__(self, app: StreamApp, start_response: Callable[..., Any]) -> None:
        self.app = app
        self.start_response = start_response

    def __iter__(self) -> Iterator[bytes]:
        self.start_response(
            self.app.status, [("Content-Type", "text/plain; charset=utf-8")]
        )
        yield from self.app.chunks

    def close(self) -> None:
        self.app.closed += 1


def make_status_app(
    status: str, headers: list[tuple[str, str]], body: bytes = b""
) -> WSGIApp:
    def app(env: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        start_response(status, headers)
        return [body] if body else []

    return app


import contextlib  # noqa: E402
import io  # noqa: E402
import warnings  # noqa: E402
import wsgiref.validate  # noqa: E402

import falcon.testing as ft  # noqa: E402
import pytest  # noqa: E402

import restcore.testing as rt  # noqa: E402
from restcore.errors import CompatibilityError  # noqa: E402
from restcore.util.deprecation import DeprecatedWarning  # noqa: E402


def _result_fields(result: Any) -> dict[str, Any]:
    cookies = {
        name: (
            cookie.name,
            cookie.value,
            cookie.expires,
            cookie.max_age,
            cookie.domain,
            cookie.path,
            cookie.secure,
            cookie.http_only,
            cookie.same_site,
            cookie.partitioned,
        )
        for name, cookie in result.cookies.items()
    }
    return {
        "status": result.status,
        "status_code": result.status_code,
        "headers": sorted(result.headers.items()),
        "cookies": cookies,
        "encoding": result.encoding,
        "content_type": result.content_type,
        "content": result.content,
        "text": _outcome(lambda: result.text),
        "json": _outcome(lambda: result.json),
        "repr": repr(result),
        "rich": result.__rich__(),
    }


def _outcome(read: Callable[[], Any]) -> Any:
    try:
        return read()
    except ValueError as ex:  # UnicodeDecodeError and JSONDecodeError alike
        return type(ex)


SIMULATE_CASES: list[dict[str, Any]] = [
    {},
    {"path": "/items/42"},
    {"path": "/caf\u00e9/%E2%82%AC"},
    {"path": "/search?q=a%20b&x=1"},
    {"path": "/p", "query_string": "a=1&a=2"},
    {"path": "/p", "params": {"a": "1", "b": "x y", "c": True, "d": False}},
    {"path": "/p", "params": {"l": ["1", "2", True, "a,b"]}},
    {"path": "/p", "params": {"l": ["1", "2", True, "a,b"]}, "params_csv": True},
    {"path": "/p", "params": {"\u00e9": "\u2603", "n": 5}},
    {"path": "/p", "params": {}},
    {"path": "/p?", "query_string": ""},
    {"method": "POST", "body": "text \u00e9"},
    {"method": "POST", "body": b"\x00\xffbytes"},
    {"method": "PUT", "json": {"k": "\u00e9", "n": [1, 2]}},
    {"method": "PUT", "json": {"k": 1}, "content_type": "text/plain"},
    {"method": "PATCH", "json": [], "body": "ignored"},
    {"method": "POST", "msgpack": {"a": b"\x01", "b": "text"}},
    {"method": "POST", "msgpack": [1], "json": {"x": 1}},
    {"content_type": "text/csv", "body": "a,b"},
    {"content_type": "text/csv", "headers": {"content-type": "text/html"}},
    {"headers": {"Accept": "application/json", "X-Empty": None}},
    {"headers": [("X-A", "1"), ("X-A", "2")]},
    {"headers": {"User-Agent": "mine/2"}},
    {"protocol": "https"},
    {"protocol": "https", "port": 8443, "host": "api.example.com"},
    {"port": 8080},
    {"http_version": "1.0"},
    {"http_version": "2"},
    {"remote_addr": "203.0.113.7"},
    {"root_path": "/app"},
    {"root_path": "app", "path": "/x"},
    {"cookies": {"session": "s1", "pref": "p"}},
    {"cookies": {"session": "s1"}, "method": "OPTIONS"},
    {"extras": {"wsgi.url_scheme": "https", "CUSTOM": "yes"}},
    {"extras": {"REQUEST_METHOD": "GET"}},
    {"asgi_chunk_size": 1, "asgi_disconnect_ttl": 1},
]


def _normalized_echo(result: Any) -> dict[str, Any]:
    return {
        key: value for key, value in result.json.items() if key != "SERVER_SOFTWARE"
    }


@pytest.mark.parametrize("kwargs", SIMULATE_CASES)
def test_simulate_request_environ_matches_falcon(kwargs: dict[str, Any]) -> None:
    method = kwargs.pop("method", "GET")
    ours = rt.simulate_request(echo_app, method, **kwargs)
    theirs = ft.simulate_request(echo_app, method, **kwargs)
    assert _normalized_echo(ours) == _normalized_echo(theirs)
    assert _result_fields(ours) == _result_fields(theirs)


@pytest.mark.parametrize(
    "name", ["get", "head", "post", "put", "options", "patch", "delete"]
)
def test_module_simulate_functions_match_falcon(name: str) -> None:
    ours = getattr(rt, "simulate_" + name)(echo_app, "/m", params={"a": "1"})
    theirs = getattr(ft, "simulate_" + name)(echo_app, "/m", params={"a": "1"})
    assert ours.json["REQUEST_METHOD"] == name.upper()
    assert _result_fields(ours) == _result_fields(theirs)


def test_cookies_match_falcon() -> None:
    ours = rt.simulate_get(cookie_app, "/")
    theirs = ft.simulate_get(cookie_app, "/")
    assert _result_fields(ours) == _result_fields(theirs)
    full = ours.cookies["full"]
    assert isinstance(full, rt.Cookie)
    assert (full.domain, full.path, full.max_age) == ("example.com", "/api", 300)
    assert (full.secure, full.http_only, full.partitioned) == (True, True, True)
    assert full.same_site == "Strict"
    assert full.expires is not None
    assert full.expires.isoformat() == "1994-11-15T12:45:26+00:00"
    plain = ours.cookies["plain"]
    assert (plain.expires, plain.max_age, plain.domain, plain.path) == (
        None,
        None,
        None,
        None,
    )
    assert (plain.secure, plain.http_only, plain.same_site) == (False, False, None)
    assert ours.cookies["quoted"].value == "a b"
    assert ours.cookies["obsdate"].expires is not None
    assert ours.cookies["obsdate"].expires.year == 1994


STATUS_CASES = [
    ("200 OK", [("Content-Type", "application/json")], b'{"a": [1, 2]}'),
    ("204 No Content", [], b""),
    ("200 OK", [("Content-Type", "application/json")], b""),
    ("404 Not Found", [("Content-Type", "text/html")], b"<p>caf\xe9</p>"),
    ("500 Internal Server Error", [("content-type", "text/plain")], b"boom"),
    ("301 Moved Permanently", [("Location", "/new"), ("Content-Type", "a/b")], b""),
    ("304 Not Modified", [("ETag", '"x"')], b""),
    ("418 I'm a teapot", [("Content-Type", "text/plain; charset=utf-16")], b""),
    (
        "200 OK",
        [("Content-Type", 'text/plain; charset="utf-8"')],
        "\u2603".encode() * 30,
    ),
    ("299 Custom", [("Content-Type", "image/png")], b"\x89PNG"),
    ("200 OK", [("Content-Type", "text/event-stream")], b"data: \xe2\x98\x83\n\n"),
    ("200 OK", [("X-A", "1"), ("x-a", "2"), ("Content-Type", "a/b")], b"dup"),
    ("200 OK", [("Content-Type", "application/problem+json")], b"{}"),
]


@pytest.mark.parametrize(("status", "headers", "body"), STATUS_CASES)
def test_result_fields_match_falcon(
    status: str, headers: list[tuple[str, str]], body: bytes
) -> None:
    app = make_status_app(status, headers, body)
    ours = rt.simulate_get(app, "/")
    theirs = ft.simulate_get(app, "/")
    assert _result_fields(ours) == _result_fields(theirs)


def test_empty_body_json_is_none() -> None:
    result = rt.simulate_get(make_status_app("204 No Content", [], b""), "/")
    assert result.json is None
    assert result.text == ""


def test_result_headers_case_insensitive() -> None:
    result = rt.simulate_get(make_status_app("204 No Content", [("X-Thing", "v")]), "/")
    assert result.headers["x-thing"] == result.headers["X-THING"] == "v"
    assert "X-Thing" in result.headers


@pytest.mark.parametrize(
    "chunks", [[], [b""], [b"a"], [b"a", b"", b"bc"], [b"x" * 5000, b"y"]]
)
def test_streamed_body_is_drained_and_closed(chunks: list[bytes]) -> None:
    ours_app = StreamApp(chunks)
    theirs_app = StreamApp(chunks)
    ours = rt.simulate_get(ours_app, "/")
    theirs = ft.simulate_get(theirs_app, "/")
    assert ours.content == b"".join(chunks)
    assert ours_app.closed == theirs_app.closed == 1
    assert _result_fields(ours) == _result_fields(theirs)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"path": "no-slash"},
        {"path": ""},
        {"path": "/a?b=1", "query_string": "c=2"},
        {"path": "/a?b=1", "params": {"c": "2"}},
        {"path": "/a", "query_string": "?c=2"},
        {"extras": {"REQUEST_METHOD": "POST"}},
        {"http_version": "0.9"},
        {"port": "not-a-port"},
    ],
)
def test_validation_errors_match_falcon(kwargs: dict[str, Any]) -> None:
    with pytest.raises(Exception) as theirs:  # noqa: PT011 - type compared below
        ft.simulate_request(echo_app, **kwargs)
    with pytest.raises(type(theirs.value)) as ours:
        rt.simulate_request(echo_app, **kwargs)
    if "port" not in kwargs:
        assert str(ours.value) == str(theirs.value)


def test_query_in_path_with_empty_params_is_allowed() -> None:
    result = rt.simulate_get(echo_app, "/a?b=1", params={}, query_string="")
    assert result.json["QUERY_STRING"] == "b=1"


def _no_start_response(env: dict[str, Any], start_response: Any) -> list[bytes]:
    return []


def _no_content_type(env: dict[str, Any], start_response: Any) -> list[bytes]:
    start_response("101 Switching Protocols", [])
    return []


def _str_body(env: dict[str, Any], start_response: Any) -> Any:
    start_response("200 OK", [])
    return ["not bytes"]


def _bad_status(env: dict[str, Any], start_response: Any) -> list[bytes]:
    start_response("OK", [])
    return [b""]


def _bad_header(env: dict[str, Any], start_response: Any) -> list[bytes]:
    start_response("200 OK", [("Status", "x")])
    return [b""]


@pytest.mark.parametrize(
    "app", [_no_start_response, _no_content_type, _str_body, _bad_status, _bad_header]
)
def test_wsgi_violations_fail_like_falcon(app: Any) -> None:
    with pytest.raises(AssertionError):
        ft.simulate_get(app, "/")
    with pytest.raises(AssertionError):
        rt.simulate_get(app, "/")


def test_app_sees_validator_wrapped_input() -> None:
    seen: list[Any] = []

    def app(env: dict[str, Any], start_response: Any) -> list[bytes]:
        seen.append(env["wsgi.input"])
        start_response("204 No Content", [])
        return []

    rt.simulate_post(app, "/", body="x")
    assert isinstance(seen[0], wsgiref.validate.InputWrapper)


def test_unknown_method_warns_like_falcon() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("default")
        with pytest.warns(wsgiref.validate.WSGIWarning, match="FOO"):
            rt.simulate_request(echo_app, "FOO")


def test_asgi_app_is_refused() -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        raise AssertionError("never called")

    with pytest.raises(CompatibilityError):
        rt.simulate_get(app, "/")


def test_file_wrapper_and_wsgierrors_are_passed() -> None:
    errors = io.StringIO()
    seen: dict[str, Any] = {}

    def app(env: dict[str, Any], start_response: Any) -> list[bytes]:
        seen.update(env)
        env["wsgi.errors"].write("logged")
        start_response("204 No Content", [])
        return []

    rt.simulate_get(app, "/", file_wrapper=len, wsgierrors=errors)
    assert seen["wsgi.file_wrapper"] is len
    assert errors.getvalue() == "logged"


# ---------------------------------------------------------------- TestClient


@pytest.mark.parametrize(
    ("defaults", "per_request"),
    [
        (None, None),
        ({"X-Default": "d", "Accept": "a/b"}, None),
        ({"X-Default": "d", "Accept": "a/b"}, {"accept": "c/d", "X-New": "n"}),
        ({"X-Default": "d"}, {"X-Default": "override"}),
        ({}, {"X-Only": "o"}),
    ],
)
def test_client_merges_default_headers_like_falcon(
    defaults: dict[str, str] | None, per_request: dict[str, str] | None
) -> None:
    ours = rt.TestClient(echo_app, headers=defaults)
    theirs = ft.TestClient(echo_app, headers=defaults)
    assert ours.headers == defaults
    assert ours.app is echo_app
    a = ours.simulate_get("/h", headers=per_request)
    b = theirs.simulate_get("/h", headers=per_request)
    assert _normalized_echo(a) == _normalized_echo(b)


@pytest.mark.parametrize(
    "name", ["get", "head", "post", "put", "options", "patch", "delete"]
)
def test_client_methods_and_aliases(name: str) -> None:
    client = rt.TestClient(echo_app, headers={"X-D": "1"})
    via_simulate = getattr(client, "simulate_" + name)("/x", params={"q": "1"})
    via_alias = getattr(client, name)("/x", params={"q": "1"})
    theirs = getattr(ft.TestClient(echo_app, headers={"X-D": "1"}), name)(
        "/x", params={"q": "1"}
    )
    assert via_simulate.json == via_alias.json
    assert _normalized_echo(via_alias) == _normalized_echo(theirs)
    assert via_alias.json["REQUEST_METHOD"] == name.upper()
    assert via_alias.json["HTTP_X_D"] == "1"


def test_client_request_alias_and_default_path() -> None:
    client = rt.TestClient(echo_app)
    assert client.request("PUT", "/r").json["REQUEST_METHOD"] == "PUT"
    assert client.simulate_get().json["PATH_INFO"] == "/"
    client.headers = {"X-Late": "1"}
    assert client.get("/").json["HTTP_X_LATE"] == "1"


def test_client_is_not_collected() -> None:
    assert rt.TestClient.__test__ is False
    assert rt.TestCase.__test__ is True


def test_client_async_context_raises() -> None:
    import asyncio

    async def enter() -> None:
        async with rt.TestClient(echo_app):
            pass

    with pytest.raises(CompatibilityError):
        asyncio.run(enter())


# ----------------------------------------------------------- helpers/srmock


def test_start_response_mock_matches_falcon() -> None:
    ours = rt.StartResponseMock()
    theirs = ft.StartResponseMock()
    assert (ours.call_count, ours.status, ours.headers, ours.exc_info) == (
        0,
        None,
        None,
        None,
    )
    for mock in (ours, theirs):
        mock("200 OK", [("X-A", "1"), ("Content-Type", "t/p")])
        mock("404 Not Found", [("X-B", "2")], ("exc",))
    assert (ours.call_count, ours.status, ours.headers, ours.exc_info) == (
        theirs.call_count,
        theirs.status,
        theirs.headers,
        theirs.exc_info,
    )
    assert ours.headers == [("x-b", "2")]
    assert ours.headers_dict["x-B"] == "2"


@pytest.mark.parametrize("chunks", [[], [b"a"], [b"a", b"b", b"c"]])
def test_closed_wsgi_iterable_closes_after_exhaustion(chunks: list[bytes]) -> None:
    app = StreamApp(chunks)
    started: list[str] = []
    body = app({}, lambda status, headers: started.append(status))
    wrapped = rt.closed_wsgi_iterable(body)
    assert started == ["200 OK"]  # first chunk fetched eagerly
    assert list(wrapped) == chunks
    assert app.closed == 1


def test_closed_wsgi_iterable_without_close() -> None:
    assert list(rt.closed_wsgi_iterable([b"a", b"b"])) == [b"a", b"b"]


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"content-type": ""},
        {"content-type": "text/plain"},
        {"content-type": "text/html; charset=UTF-8"},
        {"content-type": "text/html; charset='koi8-r'"},
        {"content-type": 'text/html; charset="utf-8"; x="a;b"'},
        {"content-type": "application/json"},
        {"content-type": "application/json; charset=latin-1"},
        {"content-type": "text/event-stream"},
        {"content-type": "application/octet-stream"},
        {"content-type": "application/xhtml+xml"},
        {"content-type": "image/svg+xml; CHARSET=ascii"},
    ],
)
def test_get_encoding_from_headers_matches_falcon(headers: dict[str, str]) -> None:
    assert rt.get_encoding_from_headers(headers) == ft.get_encoding_from_headers(
        headers
    )


@pytest.mark.parametrize(("low", "high"), [(0, 0), (1, 1), (5, 10), (0, 50)])
def test_rand_string(low: int, high: int) -> None:
    for _ in range(20):
        value = rt.rand_string(low, high)
        assert low <= len(value) <= high
        assert all(" " <= char <= "~" for char in value)


def test_get_unused_port_is_bindable() -> None:
    import socket

    port = rt.get_unused_port()
    assert 0 < port < 65536
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))


def test_redirected_swaps_streams_and_warns() -> None:
    out, err = io.StringIO(), io.StringIO()
    import sys

    with pytest.warns(DeprecatedWarning, match="deprecated"):
        manager = rt.redirected(stdout=out, stderr=err)
    with manager:
        print("to out")
        print("to err", file=sys.stderr)
    assert out.getvalue() == "to out\n"
    assert err.getvalue() == "to err\n"
    assert sys.stdout is not out


# ------------------------------------------------------------------ resource


class _FakeStream:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int) -> bytes:
        return self.data[:size]


class _FakeReq:
    def __init__(self, headers: dict[str, str], body: bytes = b"") -> None:
        self.headers = {name.lower(): value for name, value in headers.items()}
        self.stream = _FakeStream(body)

    def get_header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def get_media(self) -> Any:
        return {"media": True}


class _FakeResp:
    def __init__(self) -> None:
        self.status: str | None = None
        self.text: str | None = None
        self.headers: Any = None

    def set_headers(self, headers: Any) -> None:
        self.headers = headers


@pytest.mark.parametrize("responder", ["on_get", "on_post"])
@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, (None, None, None)),
        ({"status": "201 Created"}, ("201 Created", None, None)),
        ({"body": "hi", "headers": {"X": "1"}}, (None, "hi", {"X": "1"})),
        ({"json": {"k": "\u00e9"}}, (None, '{"k": "\u00e9"}', None)),
    ],
)
def test_simple_test_resource(
    responder: str, kwargs: dict[str, Any], expected: tuple[Any, ...]
) -> None:
    resource = rt.SimpleTestResource(**kwargs)
    assert resource.called is False
    req, resp = _FakeReq({"Capture-Req-Body-Bytes": "3"}, b"abcdef"), _FakeResp()
    getattr(resource, responder)(req, resp, item="42")
    assert resource.called is True
    assert resource.captured_req is req
    assert resource.captured_resp is resp
    assert resource.captured_kwargs == {"item": "42"}
    assert resource.captured_req_body == b"abc"
    assert resource.captured_req_media is None
    assert (resp.status, resp.text, resp.headers) == expected


def test_capture_responder_args_media() -> None:
    resource = rt.SimpleTestResource()
    rt.capture_responder_args(
        _FakeReq({"Capture-Req-Media": "y"}), _FakeResp(), resource, {}
    )
    assert resource.captured_req_media == {"media": True}
    assert resource.captured_req_body is None


def test_simple_test_resource_rejects_body_and_json() -> None:
    with pytest.raises(ValueError, match="not both"):
        rt.SimpleTestResource(body="x", json={"a": 1})


# --------------------------------------------------------------- surface


def test_all_matches_falcon() -> None:
    assert sorted(rt.__all__) == sorted(ft.__all__)
    for name in rt.__all__:
        assert hasattr(rt, name), name


@pytest.mark.parametrize(
    ("module", "names"),
    [
        (
            "client",
            ["Cookie", "Result", "TestClient", "simulate_request", "ASGIConductor"],
        ),
        (
            "helpers",
            [
                "create_environ",
                "create_req",
                "DEFAULT_HOST",
                "DEFAULT_UA",
                "closed_wsgi_iterable",
                "rand_string",
                "get_unused_port",
                "redirected",
                "get_encoding_from_headers",
                "create_scope",
            ],
        ),
        (
            "resource",
            [
                "SimpleTestResource",
                "capture_responder_args",
                "set_resp_defaults",
                "SimpleTestResourceAsync",
            ],
        ),
        ("srmock", ["StartResponseMock"]),
        ("test_case", ["TestCase"]),
    ],
)
def test_falcon_module_paths(module: str, names: list[str]) -> None:
    import importlib

    mod = importlib.import_module("restcore.testing." + module)
    for name in names:
        assert getattr(mod, name) is getattr(rt, name)


ASGI_CLASSES = [
    "ASGIConductor",
    "ASGILifespanEventEmitter",
    "ASGIRequestEventEmitter",
    "ASGIResponseEventCollector",
    "ASGIWebSocketSimulator",
    "ResultBodyStream",
    "StreamedResult",
    "SimpleTestResourceAsync",
]
ASGI_FUNCTIONS = [
    "create_asgi_req",
    "create_scope",
    "create_scope_ws",
    "capture_responder_args_async",
    "set_resp_defaults_async",
]


@pytest.mark.parametrize("name", ASGI_CLASSES + ASGI_FUNCTIONS)
def test_asgi_placeholders_raise_only_when_used(name: str) -> None:
    placeholder = getattr(rt, name)
    with pytest.raises(CompatibilityError, match=name):
        placeholder()
    with pytest.raises(CompatibilityError):
        placeholder(object(), key=1)


def test_test_case_creates_app() -> None:
    app_module = pytest.importorskip("restcore.app")

    class _Case(rt.TestCase):
        def test_it(self) -> None:
            result = self.simulate_get("/missing")
            assert result.status_code == 404

    case = _Case("test_it")
    case.setUp()
    assert isinstance(case.app, app_module.App)
    case.test_it()
    with contextlib.suppress(Exception):
        case.tearDown()


def test_async_to_sync_awaits_a_plain_awaitable() -> None:
    import asyncio

    from restcore.util.sync import _as_coroutine

    class Ready:
        def __await__(self):
            yield from asyncio.sleep(0).__await__()
            return "done"

    assert asyncio.run(_as_coroutine(Ready())) == "done"


def test_cookie_repr() -> None:
    import restcore
    import restcore.testing

    class Setter:
        def on_get(self, req: object, resp: restcore.Response) -> None:
            resp.set_cookie("a", "b")

    app = restcore.App()
    app.add_route("/", Setter())
    cookie = restcore.testing.simulate_get(app, "/").cookies["a"]
    assert repr(cookie) == "Cookie<a=b>"


def test_conductor_is_refused_and_builtins_count_as_wsgi() -> None:
    import asyncio

    import restcore
    import restcore.testing
    from restcore.testing.client import _is_asgi_app

    client = restcore.testing.TestClient(restcore.App())

    async def enter() -> None:
        async with client:
            pass

    with pytest.raises(restcore.CompatibilityError):
        asyncio.run(enter())
    assert asyncio.run(client.__aexit__(None, None, None)) is None
    assert not _is_asgi_app(print)
