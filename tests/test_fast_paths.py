"""Fast paths give what the general code gives, and step aside when they must.

Each test here exercises a PERF shortcut (a route miss without a raise, a body
read without a BoundedStream, ...) against an app state where the shortcut
must not apply, or checks what the shortcut leaves behind.
"""

from __future__ import annotations

import contextlib
import io
import json
from typing import Any

import falcon
import falcon.testing
import pytest
from hypothesis import given
from hypothesis import strategies as st

import restcore
import restcore.media
import restcore.routing
import restcore.testing
from restcore.util.uri import parse_query_string


class Echo:
    def on_post(self, req: restcore.Request, resp: restcore.Response) -> None:
        resp.media = {
            "media": req.get_media(),
            "rest": req.bounded_stream.read().decode(),
            "eof": req.bounded_stream.eof,
            "stream_len": req.bounded_stream.stream_len,
        }


@pytest.fixture
def client() -> restcore.testing.TestClient:
    app = restcore.App()
    app.add_route("/echo", Echo())
    return restcore.testing.TestClient(app)


def test_bounded_stream_after_get_media_is_at_its_end(
    client: restcore.testing.TestClient,
) -> None:
    body = b'{"a": 1}'
    result = client.simulate_post(
        "/echo", body=body, headers={"Content-Type": "application/json"}
    )
    assert result.status_code == 200
    assert result.json == {
        "media": {"a": 1},
        "rest": "",
        "eof": True,
        "stream_len": len(body),
    }


def test_get_media_reads_an_existing_bounded_stream() -> None:
    env = restcore.testing.create_environ(
        method="POST",
        body=b'{"a": [1, 2]}',
        headers={"Content-Type": "application/json"},
    )
    req = restcore.Request(env)
    assert req.bounded_stream.read(3) == b'{"a'
    with pytest.raises(restcore.MediaMalformedError):
        req.get_media()


@pytest.mark.parametrize(
    "length",
    # bad; then forms in the decimal table and beside it (util.decimals)
    ["abc", "-1", "+7", " 7", "", "0", "3", "7", "007", "4095", "4096", "99999"],
)
def test_get_media_with_any_content_length_reads_like_bounded_stream(
    length: str,
) -> None:
    body = b'{"a":1}'
    env = restcore.testing.create_environ(
        method="POST", body=body, headers={"Content-Type": "application/json"}
    )
    env["CONTENT_LENGTH"] = length
    expected = restcore.Request(dict(env, **{"wsgi.input": io.BytesIO(body)}))
    expected_data = expected.bounded_stream.read()
    req = restcore.Request(env)
    assert req._read_body() == expected_data


def test_get_media_reads_a_replaced_stream() -> None:
    env = restcore.testing.create_environ(
        method="POST", body=b"{}", headers={"Content-Type": "application/json"}
    )
    req = restcore.Request(env)
    req.stream = io.BytesIO(b'{"x":2}')
    env["CONTENT_LENGTH"] = "7"
    assert req.get_media() == {"x": 2}


class Missing(Exception):
    pass


def _not_found(app: restcore.App) -> restcore.testing.Result:
    return restcore.testing.simulate_get(app, "/nowhere")


def test_a_handler_added_after_a_route_miss_is_used() -> None:
    app = restcore.App()
    assert _not_found(app).json == {"title": "404 Not Found"}

    def handle(req: Any, resp: Any, ex: Exception, params: Any) -> None:
        resp.status = 410
        resp.media = {"gone": type(ex).__name__}

    app.add_error_handler(restcore.HTTPNotFound, handle)
    result = _not_found(app)
    assert result.status_code == 410
    assert result.json == {"gone": "HTTPRouteNotFound"}


def test_a_serializer_set_after_a_route_miss_is_used() -> None:
    app = restcore.App()
    assert _not_found(app).status_code == 404

    def serialize(req: Any, resp: Any, ex: restcore.HTTPError) -> None:
        resp.text = "custom " + ex.title

    app.set_error_serializer(serialize)
    assert _not_found(app).text == "custom 404 Not Found"


def test_a_reporter_set_after_a_route_miss_sees_the_next_one() -> None:
    app = restcore.App()
    assert _not_found(app).status_code == 404
    seen: list[tuple[str, bool]] = []
    app.set_error_reporter(
        lambda req, ex, params, handled: seen.append((type(ex).__name__, handled))
    )
    assert _not_found(app).status_code == 404
    assert seen == [("HTTPRouteNotFound", True)]


def test_a_subclass_overriding_the_error_handler_is_used() -> None:
    class App(restcore.App):
        def _http_error_handler(
            self, req: Any, resp: Any, error: Any, params: Any
        ) -> None:
            resp.status = 404
            resp.text = "overridden"

    assert _not_found(App()).text == "overridden"


def test_the_shared_route_miss_error_is_never_changed() -> None:
    app = restcore.App()
    first = _not_found(app)
    second = restcore.testing.simulate_get(
        app, "/nowhere", headers={"Accept": "application/xml"}
    )
    third = _not_found(app)
    assert first.content == third.content == b'{"title":"404 Not Found"}'
    assert second.headers["content-type"] == "application/xml"
    assert first.headers["vary"] == third.headers["vary"] == "Accept"


class Media:
    def __init__(self, media: Any) -> None:
        self.media = media

    def on_get(self, req: restcore.Request, resp: restcore.Response) -> None:
        resp.media = self.media


@pytest.mark.parametrize(
    ("media", "expected"),
    [
        ({1: "int key", None: "none"}, {"1": "int key", "null": "none"}),
        ({"big": 2**70}, {"big": 2**70}),
        ({"fine": [1, "two"]}, {"fine": [1, "two"]}),
    ],
)
def test_media_orjson_refuses_is_rendered_by_the_handler(
    media: Any, expected: Any
) -> None:
    app = restcore.App()
    app.add_route("/", Media(media))
    result = restcore.testing.simulate_get(app, "/")
    assert result.status_code == 200
    assert result.json == expected


def test_media_nothing_can_render_is_a_500() -> None:
    app = restcore.App()
    app.add_route("/", Media({"x": object()}))
    result = restcore.testing.simulate_get(app, "/")
    assert result.status_code == 500
    assert result.json["title"] == "500 Internal Server Error"


_QUERY_ALPHABET = "aab==&&%+2F"


@given(
    st.text(_QUERY_ALPHABET, max_size=20),
    st.text("ab=&", min_size=0, max_size=3),
)
def test_scanning_one_param_agrees_with_parsing(query_string: str, name: str) -> None:
    parsed = parse_query_string(query_string, keep_blank=True).get(name)
    req = restcore.testing.create_req(query_string=query_string)
    if isinstance(parsed, list):
        with pytest.raises(restcore.HTTPInvalidParam):
            req.get_param(name, allow_multiple=False)
        parsed = parsed[-1]
    else:
        assert req.get_param(name, allow_multiple=False) == parsed
    fresh = restcore.testing.create_req(query_string=query_string)
    assert fresh.get_param(name) == parsed
    assert fresh.get_param(name) == parsed  # again, from the parsed dict or a scan


@pytest.mark.parametrize(
    ("query_string", "expected"),
    [
        ("limit=10&thing=ab", "10"),
        ("thing=ab&limit=", ""),
        ("limit&thing=ab", ""),
        ("limited=3", None),
        ("a=limit", None),
        ("limit=1=2", "1=2"),
        ("", None),
    ],
)
def test_get_param_on_short_query_strings(
    query_string: str, expected: str | None
) -> None:
    req = restcore.testing.create_req(query_string=query_string)
    assert req.get_param("limit") == expected


@pytest.mark.parametrize("query_string", ["a=1", "", "5=x", "a=1&a=2"])
def test_get_param_with_a_name_that_is_not_a_str_is_absent_like_falcon(
    query_string: str,
) -> None:
    import falcon.testing

    for create_req in (falcon.testing.create_req, restcore.testing.create_req):
        req = create_req(query_string=query_string)
        assert req.get_param(5, default="d") == "d"


@pytest.mark.parametrize(
    ("query_string", "last"),
    [
        ("limit=1&limit=2", "2"),
        ("limit&limit=3", "3"),
        ("limit=3&limit", ""),
        ("a=1&limit&b=limit&limit=4", "4"),
    ],
)
def test_a_repeated_param_in_a_short_query_string_is_a_list(
    query_string: str, last: str
) -> None:
    req = restcore.testing.create_req(query_string=query_string)
    with pytest.raises(restcore.HTTPInvalidParam):
        req.get_param("limit", allow_multiple=False)
    req = restcore.testing.create_req(query_string=query_string)
    assert req.get_param("limit") == last


def test_a_finder_without_literal_only_routes_skips_their_lookup() -> None:
    router = restcore.routing.CompiledRouter()
    thing = Media({"thing": True})
    router.add_route("/things/{thing_id}", thing)
    found = router.find("/things/7")
    assert found is not None
    assert found[2] == {"thing_id": "7"}
    assert "static_routes" not in router.finder_src
    router.add_route("/things", thing)
    assert "static_routes.get" in router.finder_src
    found = router.find("/things")
    assert found is not None
    assert found[0] is thing
    assert found[3] == "/things"


@pytest.mark.parametrize("name", ["Set-Cookie", "set-cookie", "SET-COOKIE"])
def test_set_cookie_stays_refused_after_other_uses_of_the_name(name: str) -> None:
    resp = restcore.Response()
    resp.append_header(name, "a=1")
    for _ in range(2):
        with pytest.raises(restcore.HeaderNotSupported):
            resp.set_header(name, "b=2")
        with pytest.raises(restcore.HeaderNotSupported):
            resp.set_headers({name: "b=2"})


# -- The compiled router's dispatcher (routing and the responder call in one) ------


class Keywords:
    def on_get(self, req: Any, resp: Any, **params: Any) -> None:
        resp.media = params


def test_fields_named_like_soft_keywords_are_passed() -> None:
    app = restcore.App()
    app.add_route("/k/{match}/{type:int}", Keywords())
    result = restcore.testing.simulate_get(app, "/k/a/3")
    assert result.json == {"match": "a", "type": 3}


def test_a_raising_404_handler_gives_a_500_where_falcon_propagates() -> None:
    import falcon
    import falcon.testing

    outcomes = []
    for framework, testing in ((falcon, falcon.testing), (restcore, restcore.testing)):
        app = framework.App()

        def handle(req: Any, resp: Any, ex: Exception, params: Any) -> None:
            raise RuntimeError("handler failed")

        app.add_error_handler(framework.HTTPNotFound, handle)
        errors = io.StringIO()
        try:
            result = testing.simulate_get(
                app, "/nowhere", extras={"wsgi.errors": errors}
            )
        except RuntimeError as ex:
            outcomes.append(str(ex))
        else:
            outcomes.append((result.status, result.json, errors.getvalue()))
    assert outcomes[0] == "handler failed"
    # A documented difference: nothing leaves restcore's App.__call__.
    status, body, logged = outcomes[1]
    assert (status, body) == ("500 Internal Server Error", {"title": status})
    assert logged.count("RuntimeError: handler failed") == 1


class Fails:
    def on_get(self, req: Any, resp: Any, thing_id: int) -> None:
        raise KeyError(thing_id)


def test_error_handlers_run_inside_an_except_clause() -> None:
    import sys
    import traceback

    app = restcore.App()
    app.add_route("/things/{thing_id:int}", Fails())
    seen: list[Any] = []

    def handle(req: Any, resp: Any, ex: Exception, params: Any) -> None:
        seen.append((sys.exc_info()[1] is ex, params, traceback.format_exc()))
        resp.status = 409

    app.add_error_handler(KeyError, handle)
    assert restcore.testing.simulate_get(app, "/things/7").status_code == 409
    [(is_current, params, formatted)] = seen
    assert is_current
    assert params == {"thing_id": 7}
    assert "generated dispatcher" in formatted
    assert "raise KeyError(thing_id)" in formatted


def test_the_reporter_gets_the_route_params() -> None:
    app = restcore.App()
    app.add_route("/things/{thing_id:int}", Fails())
    reported: list[Any] = []
    app.set_error_reporter(
        lambda req, ex, params, handled: reported.append((params, handled))
    )
    assert restcore.testing.simulate_get(app, "/things/5").status_code == 500
    assert reported == [({"thing_id": 5}, True)]


class Thing:
    def on_get(self, req: Any, resp: Any, thing_id: int) -> None:
        resp.media = {"id": thing_id, "template": req.uri_template}


class Passive:
    def process_request(self, req: Any, resp: Any) -> None:
        req.context.seen = True

    def process_resource(self, req: Any, resp: Any, resource: Any, params: Any) -> None:
        req.context.resource = resource is not None


class RequestOnly:
    def process_request(self, req: Any, resp: Any) -> None:
        req.context.seen = True


class Websocket:
    def on_get(self, req: Any, resp: Any, **params: Any) -> None:
        resp.text = f"get {params}"

    def on_websocket(self, req: Any, resp: Any, **params: Any) -> None:
        resp.text = "never on WSGI"


@pytest.mark.filterwarnings("ignore::wsgiref.validate.WSGIWarning")
@pytest.mark.parametrize(
    ("method", "status"),
    [("GET", 200), ("POST", 405), ("OPTIONS", 200), ("BREW", 400), ("WEBSOCKET", 400)],
)
@pytest.mark.parametrize("path", ["/things/3", "/static", "/ws", "/ws/3"])
@pytest.mark.parametrize("middleware", ["none", "request", "resource"])
def test_methods_the_dispatcher_hands_back_match_falcon(
    method: str, status: int, path: str, middleware: str
) -> None:
    import falcon
    import falcon.testing

    results = []
    for framework, testing in ((falcon, falcon.testing), (restcore, restcore.testing)):
        components = {"none": None, "request": [RequestOnly()], "resource": [Passive()]}
        app = framework.App(middleware=components[middleware])
        app.add_route("/things/{thing_id:int}", Thing())
        app.add_route("/static", Websocket())
        app.add_route("/ws", Websocket())
        app.add_route("/ws/{ignored}", Websocket())
        result = testing.simulate_request(app, method, path)
        body = result.json if result.text.startswith("{") else result.text
        results.append((result.status_code, result.headers.get("allow"), body))
    assert results[0] == results[1]
    assert results[1][0] == status


def test_a_router_subclass_with_its_own_find_is_used() -> None:
    calls: list[str] = []

    class Router(restcore.routing.CompiledRouter):
        def find(self, uri: str, req: Any = None) -> Any:
            calls.append(uri)
            return super().find(uri, req)

    app = restcore.App(router=Router())
    app.add_route("/things/{thing_id:int}", Thing())
    result = restcore.testing.simulate_get(app, "/things/4")
    assert result.json == {"id": 4, "template": "/things/{thing_id:int}"}
    assert calls == ["/things/4"]
    assert app._binding.dispatch == app._dispatch_plain


def test_the_dispatcher_is_rebuilt_when_a_route_is_added() -> None:
    app = restcore.App()
    app.add_route("/things/{thing_id:int}", Thing())
    assert restcore.testing.simulate_get(app, "/other/1").status_code == 404
    app.add_route("/other/{thing_id:int}", Thing())
    assert restcore.testing.simulate_get(app, "/other/1").json == {
        "id": 1,
        "template": "/other/{thing_id:int}",
    }


def test_media_is_rendered_once_and_again_when_replaced() -> None:
    calls: list[Any] = []

    class Counting(restcore.media.BaseHandler):
        def serialize(self, media: Any, content_type: str | None = None) -> bytes:
            calls.append(media)
            return repr(media).encode()

    resp = restcore.Response()
    resp.options.media_handlers["application/json"] = Counting()
    first = {"n": 1}
    resp.media = first
    assert resp.render_body() == b"{'n': 1}"
    assert resp.render_body() == b"{'n': 1}"
    assert calls == [first]
    resp.media = {"n": 2}
    assert resp.render_body() == b"{'n': 2}"
    resp.media = None
    assert resp.render_body() is None
    assert len(calls) == 2


@pytest.mark.parametrize("body", [b'{"a": ', b"", b'{"a": 1}'])
def test_bounded_stream_after_get_media_succeeds_or_fails_is_at_its_end(
    body: bytes,
) -> None:
    env = restcore.testing.create_environ(
        method="POST", body=body, headers={"Content-Type": "application/json"}
    )
    req = restcore.Request(env)
    with contextlib.suppress(restcore.HTTPBadRequest):
        req.get_media()
    assert req.bounded_stream.read() == b""
    assert req.bounded_stream.eof
    assert req.bounded_stream.stream_len == len(body)


class Exploding(restcore.routing.BaseConverter):
    def convert(self, value: str) -> Any:
        if value == "boom":
            raise RuntimeError("converter failed")
        return value


class Valued:
    def on_get(self, req: Any, resp: Any, value: str) -> None:
        resp.media = {"value": value, "template": req.uri_template}


@pytest.mark.parametrize(("path", "status"), [("/x/boom", 500), ("/x/fine", 200)])
def test_a_converter_that_raises_is_handled_like_falcon(path: str, status: int) -> None:
    import falcon
    import falcon.testing

    results = []
    for framework, testing in ((falcon, falcon.testing), (restcore, restcore.testing)):
        app = framework.App()
        app.router_options.converters["exploding"] = Exploding
        app.add_route("/x/{value:exploding}", Valued())
        result = testing.simulate_get(app, path)
        results.append((result.status_code, result.json))
    assert results[0] == results[1]
    assert results[1][0] == status


def test_dispatch_called_directly_runs_the_responder() -> None:
    app = restcore.App()
    app.router_options.converters["exploding"] = Exploding
    app.add_route("/x/{value:exploding}", Valued())
    req = restcore.testing.create_req(path="/x/fine")
    resp = restcore.Response()
    # (The unbound App's dispatch binds first; then the binding's is used.)
    assert app._binding.dispatch(req, resp) == {"value": "fine"}
    assert resp.media == {"value": "fine", "template": "/x/{value:exploding}"}
    req = restcore.testing.create_req(path="/x/boom")
    resp = restcore.Response()
    assert app._binding.dispatch(req, resp) == {}
    assert resp.status in (500, "500 Internal Server Error")


@pytest.mark.parametrize(
    "uri", ["/items", "//items", "///items", "items", "/", "", "//"]
)
def test_literal_routes_match_any_leading_slashes_like_falcon(uri: str) -> None:
    import falcon.routing

    results = []
    for router in (falcon.routing.CompiledRouter(), restcore.routing.CompiledRouter()):
        items, root = Thing(), Thing()
        router.add_route("/items", items)
        router.add_route("/", root)
        router.add_route("/things/{thing_id}", Thing())
        found = router.find(uri)
        results.append(None if found is None else (found[0] is items, found[3]))
    assert results[0] == results[1]


@pytest.mark.parametrize("path", ["/items", "//items"])
def test_the_app_serves_literal_routes_through_the_dispatcher(path: str) -> None:
    app = restcore.App()
    app.add_route("/items", Keywords())
    app.add_route("/things/{thing_id:int}", Thing())
    assert restcore.testing.simulate_get(app, path).json == {}


def _state(obj: object) -> dict[str, Any]:
    """Every slot (set or not) and ``__dict__`` entry of an object."""
    state: dict[str, Any] = {}
    for klass in type(obj).__mro__:
        for name in getattr(klass, "__slots__", ()):
            if name not in ("__dict__", "__weakref__"):
                value = getattr(obj, name, "<unset>")
                # A copy: the App goes on filling the response's headers.
                state[name] = dict(value) if isinstance(value, dict) else value
    state["__dict__"] = dict(getattr(obj, "__dict__", {}))
    return state


@pytest.mark.parametrize(
    ("path", "query_string", "strip"),
    [
        ("/seen", "a=1", False),
        ("/seen/", "", True),
        ("/s%C3%A9en", "x=%20", False),
        ("", "", False),
    ],
)
def test_app_builds_req_and_resp_as_their_constructors_do(
    path: str, query_string: str, strip: bool
) -> None:
    seen: dict[str, Any] = {}

    class Capture:
        def on_get(self, req: restcore.Request, resp: restcore.Response) -> None:
            seen["req"] = _state(req)
            seen["resp"] = _state(resp)
            seen["options"] = (req.options, resp.options)

    app = restcore.App()
    app.req_options.strip_url_path_trailing_slash = strip
    app.add_route("/seen", Capture())
    app.add_route("/séen", Capture())
    app.add_route("/", Capture())
    env = restcore.testing.create_environ(path or "/", query_string=query_string)
    if not path:
        env["PATH_INFO"] = ""
    restcore.testing.simulate_request(app, "GET", "/")  # binds the dispatcher
    list(app(env, lambda status, headers: None))
    expected_req = _state(restcore.Request(env, app.req_options))
    expected_resp = _state(restcore.Response(app.resp_options))
    # What routing and the responder set differs; everything else is equal.
    for state in (seen["req"], expected_req):
        state.pop("uri_template")
    assert seen["req"] == expected_req
    assert seen["resp"] == expected_resp
    assert seen["options"] == (app.req_options, app.resp_options)


def test_custom_request_and_response_types_are_constructed_by_their_init() -> None:
    class MyRequest(restcore.Request):
        def __init__(self, env: dict[str, Any], options: Any = None) -> None:
            super().__init__(env, options)
            self.context.built = "request"

    class MyResponse(restcore.Response):
        def __init__(self, options: Any = None) -> None:
            super().__init__(options)
            self.context.built = "response"

    class Show:
        def on_get(self, req: restcore.Request, resp: restcore.Response) -> None:
            resp.media = [type(req).__name__, req.context.built, resp.context.built]

    app = restcore.App(request_type=MyRequest, response_type=MyResponse)
    app.add_route("/", Show())
    result = restcore.testing.simulate_get(app, "/")
    assert result.json == ["MyRequest", "request", "response"]


class _Bodies:
    def on_get(self, req: restcore.Request, resp: restcore.Response) -> None:
        kind = req.get_param("kind")
        if kind == "text":
            resp.text = "é"
        elif kind == "data":
            resp.data = b"\x00raw"
        elif kind == "both":
            resp.text = "text wins"
            resp.data = b"data"
            resp.media = {"media": "loses"}
        elif kind == "media":
            resp.media = {"m": 1}
        elif kind == "bytes-text":
            resp.text = b"bytes as text"
        elif kind == "surrogate":
            resp.text = "\udc80"


@pytest.mark.parametrize(
    ("kind", "status", "body"),
    [
        ("text", 200, "é".encode()),
        ("data", 200, b"\x00raw"),
        ("both", 200, b"text wins"),
        ("media", 200, b'{"m":1}'),
        ("bytes-text", 200, b"bytes as text"),
        ("none", 200, b""),
        ("surrogate", 500, None),
    ],
)
def test_bodies_rendered_in_call_match_render_body(
    kind: str, status: int, body: bytes | None
) -> None:
    app = restcore.App()
    app.add_route("/", _Bodies())
    result = restcore.testing.simulate_get(app, "/", params={"kind": kind})
    assert result.status_code == status
    if body is not None:
        assert result.content == body
        assert result.headers["content-length"] == str(len(body))


def test_a_response_subclass_render_body_is_called() -> None:
    class Upper(restcore.Response):
        def render_body(self) -> bytes | None:
            data = super().render_body()
            return None if data is None else data.upper()

    app = restcore.App(response_type=Upper)
    app.add_route("/", _Bodies())
    result = restcore.testing.simulate_get(app, "/", params={"kind": "data"})
    assert result.content == b"\x00RAW"


@pytest.mark.parametrize("bad", ["a\r\nb", "a\nb", "a\x00b", "caf\u20ac"])
def test_a_header_value_seen_valid_does_not_let_others_through(bad: str) -> None:
    resp = restcore.Response()
    resp.set_header("X-A", "fine")
    resp.set_header("X-A", "fine")
    resp.set_headers({"X-A": "fine"})
    with pytest.raises(ValueError, match="X-A"):
        resp.set_header("X-A", bad)
    with pytest.raises(ValueError, match="X-A"):
        resp.set_headers({"X-A": bad})
    assert resp.get_header("X-A") == "fine"


def test_the_valid_header_value_cache_is_bounded() -> None:
    from restcore import response

    resp = restcore.Response()
    long_value = "v" * (response._VALID_VALUE_LENGTH + 1)
    resp.set_header("X-Long", long_value)
    assert long_value not in response._VALID_VALUES
    for number in range(response._VALID_VALUES_SIZE + 10):
        resp.set_header("X-Many", f"value-{number}")
    assert len(response._VALID_VALUES) <= response._VALID_VALUES_SIZE
    # Past the bound, values are still checked.
    with pytest.raises(ValueError, match="control character U\\+000D"):
        resp.set_header("X-Many", "late\r\nvalue")


class Unrenderable:
    def on_get(self, req: Any, resp: Any, thing_id: int, name: str) -> None:
        resp.media = {"bad": object()}


def _params_seen_after_the_responder(framework: Any) -> list[Any]:
    """Route params handed to a handler and a reporter once the responder ran."""
    seen: list[Any] = []

    def handler(req: Any, resp: Any, ex: Exception, params: dict[str, Any]) -> None:
        # (restcore raises a TypeError subclass here: docs/media.md)
        seen.append(("handler", isinstance(ex, TypeError), dict(params)))
        resp.status = framework.HTTP_418
        resp.media = None
        resp.text = "handled"

    app = framework.App()
    app.add_route("/things/{thing_id:int}/{name}", Unrenderable())
    app.add_route("/plain/{name}", Thing2())
    app.add_error_handler(TypeError, handler)
    app.set_error_reporter(
        lambda req, ex, params, handled: seen.append(
            ("reporter", isinstance(ex, OSError), dict(params), handled)
        )
    )
    result = framework.testing.simulate_get(app, "/things/7/seven")
    seen.append(result.status_code)

    def failing_start_response(status: str, headers: Any, exc_info: Any = None) -> Any:
        raise OSError("the client went away")

    env = framework.testing.create_environ("/plain/x")
    with pytest.raises(OSError, match="went away"):
        app(env, failing_start_response)
    return seen


class Thing2:
    def on_get(self, req: Any, resp: Any, name: str) -> None:
        resp.text = name


def test_params_after_the_dispatcher_ran_are_the_routes_like_falcon() -> None:
    import falcon
    import falcon.testing

    ours = _params_seen_after_the_responder(restcore)
    assert ours == _params_seen_after_the_responder(falcon)
    assert ("handler", True, {"thing_id": 7, "name": "seven"}) in ours
    assert ("reporter", True, {"name": "x"}, False) in ours


class ParamsRecorder:
    def __init__(self) -> None:
        self.seen: list[Any] = []

    def process_resource(self, req: Any, resp: Any, resource: Any, params: Any) -> None:
        self.seen.append(dict(params))
        params["added"] = "by middleware"


class Kwargs:
    def on_get(self, req: Any, resp: Any, **params: Any) -> None:
        resp.media = {"params": params, "template": req.uri_template}


@pytest.mark.parametrize("path", ["/literal", "//literal", "/items/4", "/later"])
def test_literal_routes_in_the_pipeline_match_falcon(path: str) -> None:
    import falcon
    import falcon.testing

    results = []
    for framework in (falcon, restcore):
        recorder = ParamsRecorder()
        app = framework.App(middleware=[recorder])
        app.add_route("/literal", Kwargs())
        app.add_route("/items/{item_id:int}", Kwargs())
        first = framework.testing.simulate_get(app, path)
        app.add_route("/later", Kwargs())  # after the pipeline was made
        second = framework.testing.simulate_get(app, path)
        results.append((first.status_code, first.json, second.json, recorder.seen))
    assert results[0] == results[1]


def test_the_pipeline_creates_req_context_for_the_default_request_only() -> None:
    seen: list[Any] = []

    class Remember:
        def process_request(self, req: Any, resp: Any) -> None:
            seen.append(req.context)

    class OwnContext(restcore.Request):
        @property
        def context(self) -> Any:  # read-only: the App must not assign it
            return "own"

    for request_type, expected in ((None, restcore.Context), (OwnContext, str)):
        app = restcore.App(middleware=[Remember()], request_type=request_type)
        app.add_route("/", Kwargs())
        assert restcore.testing.simulate_get(app, "/").status_code == 200
        assert isinstance(seen.pop(), expected)


class _ShowRequest:
    """Tells what a responder sees of req, after a component set req.context."""

    def __init__(self, framework: Any) -> None:
        self.request_type = framework.Request

    def process_request(self, req: Any, resp: Any) -> None:
        req.context.user = "ada"

    def on_get(self, req: Any, resp: Any) -> None:
        try:
            req.no_such_attribute  # noqa: B018
        except AttributeError as ex:
            missing = str(ex)
        first = req.context
        req.context = {"replaced": True}
        resp.media = {
            "is_request": isinstance(req, self.request_type),
            "type_name": type(req).__name__,
            "repr": repr(req),
            "user": first.user,
            "context_type": type(first).__name__,
            "replaced": req.context,
            "missing": missing,
        }


@pytest.mark.parametrize("independent", [True, False])
@pytest.mark.parametrize("framework", [restcore, falcon])
def test_req_with_middleware_looks_as_in_falcon(
    framework: Any, independent: bool
) -> None:
    show = _ShowRequest(framework)
    app = framework.App(middleware=[show], independent_middleware=independent)
    app.add_route("/", show)
    client = framework.testing.TestClient(app)
    seen = [client.simulate_get("/").json for _ in range(2)]
    assert seen[0] == seen[1]  # each request has its own context
    assert seen[0] == {
        "is_request": True,
        "type_name": "Request",
        "repr": "<Request: GET 'http://falconframework.org/'>",
        "user": "ada",
        "context_type": "Context",
        "replaced": {"replaced": True},
        "missing": "'Request' object has no attribute 'no_such_attribute'",
    }


def test_an_app_with_middleware_builds_req_as_the_constructor_does() -> None:
    seen: dict[str, Any] = {}

    class Capture:
        def process_request(self, req: Any, resp: Any) -> None:
            seen["req"] = _state(req)
            seen["context"] = req.context

    app = restcore.App(middleware=[Capture()])
    app.add_route("/seen", Kwargs())
    env = restcore.testing.create_environ("/seen", query_string="a=1")
    list(app(env, lambda status, headers: None))
    expected = _state(restcore.Request(env, app.req_options))
    # The slot holds what the pipeline made (Request would keep it in __dict__).
    expected["context"] = seen["context"]
    assert seen["req"] == expected
    assert type(seen["context"]) is restcore.Context


class Statuses:
    def on_get(self, req: Any, resp: Any) -> None:
        status = req.get_param("status")
        if status == "built":
            resp.status = "".join(["200", " OK"])  # equal, not the same object
        elif status == "int":
            resp.status = 200
        elif status == "constant":
            resp.status = restcore.HTTP_200
        elif status == "no-content":
            resp.status = restcore.HTTP_204
        resp.text = "body"


@pytest.mark.parametrize(
    ("status", "code", "body"),
    [
        ("default", 200, b"body"),
        ("built", 200, b"body"),
        ("int", 200, b"body"),
        ("constant", 200, b"body"),
        ("no-content", 204, b""),
    ],
)
def test_the_default_status_known_by_identity_and_others_by_value(
    status: str, code: int, body: bytes
) -> None:
    app = restcore.App()
    app.add_route("/", Statuses())
    result = restcore.testing.simulate_get(app, "/", params={"status": status})
    assert result.status == f"{code} {'OK' if code == 200 else 'No Content'}"
    assert result.content == body


class _BodyChoice:
    """Sets text, data and media in the combinations the App renders inline."""

    def on_get(self, req: Any, resp: Any, case: str) -> None:
        resp.media = {"n": 1}
        if case == "text":
            resp.text = "plain"
        elif case == "data":
            resp.data = b"raw"
        elif case == "both":
            resp.data = b"raw"
            resp.text = "plain"
        elif case == "none":
            resp.media = None


def _canonical(body: bytes | None) -> str:
    """The body with JSON spacing made equal (docs/differences.md: compact JSON)."""
    if not body:
        return repr(body)
    try:
        return json.dumps(json.loads(body), sort_keys=True)
    except ValueError:
        return repr(body)


class _RenderEarly:
    """Renders the body in process_response, then replaces or keeps media."""

    def process_response(
        self, req: Any, resp: Any, resource: Any, req_succeeded: bool
    ) -> None:
        if req.get_param("render"):
            first = resp.render_body()
            resp.set_header("X-First", _canonical(first))
        if req.get_param("replace"):
            resp.media = {"replaced": True}
        if req.get_param("mutate") and isinstance(resp.media, dict):
            resp.media["late"] = 1  # after a render Falcon sends the cached bytes


@pytest.mark.parametrize("case", ["media", "text", "data", "both", "none"])
@pytest.mark.parametrize(
    "query", ["", "render=1", "render=1&replace=1", "replace=1", "render=1&mutate=1"]
)
@pytest.mark.parametrize("middleware", [False, True])
def test_the_inline_body_choice_matches_falcon(
    case: str, query: str, middleware: bool
) -> None:
    results = []
    for framework in (falcon, restcore):
        app = framework.App(middleware=[_RenderEarly()] if middleware else [])
        app.add_route("/body/{case}", _BodyChoice())
        result = framework.testing.TestClient(app).simulate_get(
            f"/body/{case}", query_string=query
        )
        results.append(
            (
                result.status,
                _canonical(result.content),
                result.headers.get("content-type"),
                result.headers.get("x-first"),
            )
        )
    assert results[0] == results[1]
