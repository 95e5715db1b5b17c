"""The dispatch binder, the method tables and the code generator, through the App."""

from __future__ import annotations

import functools
import gc
import linecache
import re
from typing import Any

import falcon
import falcon.testing
import pytest

import restcore
import restcore.testing
from restcore import binder
from restcore.routing.table import refuse_meta_method

# Requests with methods wsgiref's validator does not know (FOO, WEBSOCKET).
pytestmark = pytest.mark.filterwarnings("ignore::wsgiref.validate.WSGIWarning")


class Thing:
    def on_get(self, req: Any, resp: Any, thing_id: int) -> None:
        if thing_id == 0:
            raise KeyError(thing_id)
        resp.media = {"id": thing_id, "template": req.uri_template}

    def on_post(self, req: Any, resp: Any, thing_id: int) -> None:
        resp.status = 201


class Root:
    def on_get(self, req: Any, resp: Any) -> None:
        resp.text = "root"


class Boom(restcore.routing.BaseConverter):
    def convert(self, value: str) -> Any:
        if value == "boom":
            raise RuntimeError("converter failed")
        return value


def sink(req: Any, resp: Any, **groups: Any) -> None:
    resp.media = {"sink": req.path, "groups": groups}


REQUESTS = [
    ("GET", "/things/3"),
    ("POST", "/things/3"),
    ("PUT", "/things/3"),
    ("HEAD", "/things/3"),
    ("OPTIONS", "/things/3"),
    ("FOO", "/things/3"),
    ("WEBSOCKET", "/things/3"),
    ("GET", "/things/0"),
    ("GET", "/"),
    ("WEBSOCKET", "/"),
    ("GET", "/nowhere"),
    ("WEBSOCKET", "/nowhere"),
    ("GET", "/sink/a"),
    ("WEBSOCKET", "/sink/a"),
    ("GET", "/x/boom"),
    ("WEBSOCKET", "/x/boom"),
    ("GET", "/x/fine"),
]


def build(fw: Any, middleware: str, router: Any = None) -> Any:
    class Passive:
        def process_request(self, req: Any, resp: Any) -> None:
            pass

        def process_resource(self, req: Any, resp: Any, res: Any, params: Any) -> None:
            pass

    app = fw.App(
        middleware=None if middleware == "none" else [Passive()],
        independent_middleware=middleware != "dependent",
        router=router,
    )
    app.router_options.converters["boom"] = Boom if fw is restcore else _FalconBoom
    app.add_route("/things/{thing_id:int}", Thing())
    app.add_route("/", Root())
    app.add_route("/x/{value:boom}", Root())
    app.add_sink(sink, r"/sink/(?P<name>\w+)")
    return app


class _FalconBoom(falcon.routing.BaseConverter):
    def convert(self, value: str) -> Any:
        if value == "boom":
            raise RuntimeError("converter failed")
        return value


def outcome(testing: Any, app: Any, method: str, path: str) -> Any:
    result = testing.simulate_request(app, method, path)
    body = result.json if result.text.startswith("{") else result.text
    return result.status_code, result.headers.get("allow"), body


@pytest.mark.parametrize(("method", "path"), REQUESTS)
@pytest.mark.parametrize("middleware", ["none", "independent", "dependent"])
def test_every_dispatch_mode_matches_falcon(
    middleware: str, method: str, path: str
) -> None:
    expected = outcome(falcon.testing, build(falcon, middleware), method, path)
    assert outcome(restcore.testing, build(restcore, middleware), method, path) == (
        expected
    )


@pytest.mark.parametrize(("method", "path"), REQUESTS)
def test_the_loop_runs_independent_middleware_as_the_pipeline_does(
    method: str, path: str
) -> None:
    """``_dispatch_with_middleware`` is the pipeline's readable twin too."""
    expected = outcome(falcon.testing, build(falcon, "independent"), method, path)
    app = build(restcore, "independent")
    bound = app._bind()
    app._binding = binder.Binding(
        bound.config,
        None,  # (the loop does not make req.context up front)
        None,
        app._dispatch_with_middleware,
        bound.route,
        bound.route_not_found_plain,
        bound.route_miss,
    )
    assert outcome(restcore.testing, app, method, path) == expected


def test_a_refused_meta_method_reaches_handlers_with_the_route_params() -> None:
    """The documented difference: Falcon refuses before routing, with {}."""
    seen = []
    for fw, testing in ((falcon, falcon.testing), (restcore, restcore.testing)):
        app = build(fw, "none")

        def handle(req: Any, resp: Any, ex: Any, params: Any) -> None:
            seen.append((params, req.uri_template))
            resp.status = 400

        app.add_error_handler(fw.HTTPBadRequest, handle)
        assert (
            testing.simulate_request(app, "WEBSOCKET", "/things/3").status_code == 400
        )
    assert seen == [({}, None), ({"thing_id": 3}, "/things/{thing_id:int}")]


class FindingRouter(restcore.routing.CompiledRouter):
    """A router with its own ``find``: the App routes with it (no dispatcher)."""

    def find(self, uri: str, req: Any = None) -> Any:
        return super().find(uri, req)


@pytest.mark.parametrize(("method", "path"), REQUESTS)
@pytest.mark.parametrize("middleware", ["none", "independent", "dependent"])
def test_a_custom_router_matches_falcon(
    middleware: str, method: str, path: str
) -> None:
    expected = outcome(falcon.testing, build(falcon, middleware), method, path)
    app = build(restcore, middleware, router=FindingRouter())
    assert outcome(restcore.testing, app, method, path) == expected
    if middleware == "none":
        assert app._binding.dispatch == app._dispatch_plain


def _run(app: Any, method: str, path: str) -> tuple[str, list[Any], bytes]:
    captured: list[Any] = []
    env = restcore.testing.create_environ(path, method=method)
    body = b"".join(
        app(env, lambda status, headers: captured.extend([status, headers]))
    )
    return captured[0], captured[1], body


@pytest.mark.parametrize(("method", "path"), REQUESTS)
def test_the_inlined_dispatch_matches_its_readable_twin(method: str, path: str) -> None:
    inlined, twin = build(restcore, "none"), build(restcore, "none")
    bound = twin._bind()
    assert bound.route_and_call is not None
    assert bound.dispatch == twin._dispatch_fused
    # The same binding, except that __call__ must call the twin.
    twin._binding = binder.Binding(
        bound.config,
        bound.request_type,
        None,
        bound.dispatch,
        bound.route,
        bound.route_not_found_plain,
        bound.route_miss,
    )
    assert _run(inlined, method, path) == _run(twin, method, path)


def test_the_binding_is_derived_from_the_configuration() -> None:
    app = restcore.App()
    assert app._binding.config is None  # bound at the first request
    restcore.testing.simulate_get(app, "/")
    config = app._binding.config
    assert config == binder.describe(app)
    assert config is not None
    assert config.route_not_found_plain
    assert app._binding.request_type is restcore.Request
    app.set_error_reporter(lambda req, ex, params, handled: None)
    assert app._binding.config is None
    restcore.testing.simulate_get(app, "/")
    assert app._binding.config is not None
    assert not app._binding.config.route_not_found_plain
    app.add_middleware(object.__new__(type("C", (), {"process_request": print})))
    assert app._binding.config is None


def test_custom_types_are_built_by_their_constructors() -> None:
    class MyRequest(restcore.Request):
        pass

    seen: list[type] = []

    class Capture:
        def on_get(self, req: Any, resp: Any) -> None:
            seen.append(type(req))

    app = restcore.App(request_type=MyRequest)
    app.add_route("/", Capture())
    restcore.testing.simulate_get(app, "/")
    restcore.testing.simulate_get(app, "/")
    assert seen == [MyRequest, MyRequest]
    assert app._binding.request_type is None


class Tagging(restcore.App):
    """An App whose routes' GET runs through an adapter (as typed responders will)."""

    def _method_table(
        self, uri_template: str, resource: object, method_map: Any, suffix: Any
    ) -> Any:
        table = super()._method_table(uri_template, resource, method_map, suffix)
        responder = table["GET"]

        @functools.wraps(responder)  # (the user's function as __wrapped__)
        def adapter(req: Any, resp: Any, **params: Any) -> None:
            responder(req, resp, **params)
            resp.set_header("X-Adapted", uri_template)

        table["GET"] = adapter
        return table


@pytest.mark.parametrize("middleware", [None, "independent", "dependent"])
@pytest.mark.parametrize("path", ["/", "/things/4"])
def test_every_dispatch_path_runs_the_method_table(
    middleware: str | None, path: str
) -> None:
    class Passive:
        def process_request(self, req: Any, resp: Any) -> None:
            pass

    app = Tagging(
        middleware=None if middleware is None else [Passive()],
        independent_middleware=middleware != "dependent",
    )
    app.add_route("/", Root())
    app.add_route("/things/{thing_id:int}", Thing())
    for _ in range(2):  # the first request binds; the second runs bound
        result = restcore.testing.simulate_get(app, path)
        assert result.status_code == 200
        assert result.headers["X-Adapted"] in ("/", "/things/{thing_id:int}")
    # find() and restcore.inspect still see the user's responders.
    found = app._router.find(path)
    assert found is not None
    assert found[1]["GET"].__name__ == "on_get"
    assert found[1]["WEBSOCKET"] is not refuse_meta_method


def _restcore_sources() -> set[str]:
    return {name for name in linecache.cache if name.startswith("<restcore ")}


@pytest.mark.parametrize(("middleware", "count"), [(False, 300), (True, 30)])
def test_linecache_holds_only_live_sources_after_300_compiles(
    middleware: bool, count: int
) -> None:
    class Passive:
        def process_request(self, req: Any, resp: Any) -> None:
            pass

    gc.collect()
    before = _restcore_sources()
    app = restcore.App(middleware=[Passive()] if middleware else None)
    for index in range(count):
        app.add_route(f"/r{index}/{{thing_id:int}}", Thing(), compile=True)
        result = restcore.testing.simulate_get(app, f"/r{index}/7")
        assert result.json == {"id": 7, "template": f"/r{index}/{{thing_id:int}}"}
    live = _restcore_sources() - before
    # The router's finder and dispatcher (or lookup), and the pipeline: one
    # entry each, the last compiled (before: 600 dead sources, 61.6 MB).
    labels = sorted(re.sub(r"#\d+|0x[0-9a-f]+", "N", name) for name in live)
    if middleware:
        assert labels == [
            "<restcore generated finder of router N>",
            "<restcore generated lookup of router N>",
            "<restcore middleware pipeline of App at N>",
        ]
    else:
        assert labels == [
            "<restcore generated dispatcher of router N>",
            "<restcore generated finder of router N>",
        ]
    router = app._router
    sources = {"".join(linecache.getlines(name)) for name in live}
    assert router.finder_src in sources
    assert middleware or router.dispatcher_src in sources
    del app, router, result
    gc.collect()
    assert _restcore_sources() - before == set()


def _miss(app: Any) -> tuple[int, str]:
    result = restcore.testing.simulate_get(app, "/missing")
    return result.status_code, result.text


def test_the_route_miss_is_decided_at_bind_time() -> None:
    app = restcore.App()
    assert _miss(app)[0] == 404
    assert app._binding.route_not_found_plain
    assert app._binding.route_miss == app._answer_route_miss

    def sink(req: Any, resp: Any) -> None:
        resp.text = "sunk"

    # A sink added after the first request: the miss reaches it.
    app.add_sink(sink, "/missing")
    assert app._binding.config is None
    assert _miss(app) == (200, "sunk")
    assert not app._binding.route_not_found_plain
    assert app._binding.route_miss == app._dispatch_unrouted


@pytest.mark.parametrize("late", ["static", "handler", "reporter"])
def test_what_a_route_miss_may_meet_unbinds_the_shortcut(
    late: str, tmp_path: Any
) -> None:
    app = restcore.App()
    assert _miss(app)[0] == 404
    seen: list[str] = []
    if late == "static":
        (tmp_path / "missing").write_text("a file", encoding="utf-8")
        app.add_static_route("/", str(tmp_path))
        assert _miss(app) == (200, "a file")
    elif late == "handler":

        def handle(req: Any, resp: Any, ex: Any, params: Any) -> None:
            seen.append(type(ex).__name__)
            resp.status = 410

        app.add_error_handler(restcore.HTTPNotFound, handle)
        assert _miss(app)[0] == 410
    else:
        app.set_error_reporter(
            lambda req, ex, params, handled: seen.append(type(ex).__name__)
        )
        assert _miss(app)[0] == 404
    assert app._binding.route_miss == app._dispatch_unrouted
    assert seen == ([] if late == "static" else ["HTTPRouteNotFound"])
