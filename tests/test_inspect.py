"""restcore.inspect against falcon.inspect, on the same app code."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import falcon
import falcon.inspect
import pytest

import restcore
import restcore.inspect

FRAMEWORKS = [(falcon, falcon.inspect), (restcore, restcore.inspect)]


class Things:
    def on_get(self, req: Any, resp: Any) -> None: ...

    def on_post(self, req: Any, resp: Any) -> None: ...


class Thing:
    def on_get(self, req: Any, resp: Any, thing_id: int) -> None: ...

    def on_delete(self, req: Any, resp: Any, thing_id: int) -> None: ...

    def on_get_color(self, req: Any, resp: Any, thing_id: int) -> None: ...

    def on_put_color(self, req: Any, resp: Any, thing_id: int) -> None: ...


class Everything:
    def on_request(self, req: Any, resp: Any, **kwargs: Any) -> None: ...


class AuthMiddleware:
    def process_request(self, req: Any, resp: Any) -> None: ...

    def process_response(
        self, req: Any, resp: Any, resource: Any, ok: bool
    ) -> None: ...


class ResourceMiddleware:
    def process_resource(
        self, req: Any, resp: Any, resource: Any, params: Any
    ) -> None: ...


class ResponseOnly:
    def process_response(
        self, req: Any, resp: Any, resource: Any, ok: bool
    ) -> None: ...


class CustomError(Exception):
    @staticmethod
    def handle(req: Any, resp: Any, ex: Exception, params: Any) -> None: ...


def legacy_sink(req: Any, resp: Any, **kwargs: Any) -> None: ...


class SinkObject:
    def __call__(self, req: Any, resp: Any) -> None: ...


def build_full(framework: ModuleType, static_dir: Path) -> Any:
    app = framework.App(
        middleware=[AuthMiddleware(), ResourceMiddleware(), ResponseOnly()]
    )
    app.add_route("/things", Things())
    app.add_route("/things/{thing_id:int}", Thing())
    app.add_route("/things/{thing_id:int}/color", Thing(), suffix="color")
    app.add_route("/repos/{org}/{repo}/x{ext}", Things())
    app.add_route("/files/{path:path}", Everything())
    app.add_route("/things/all", Things())
    app.add_sink(legacy_sink, "/legacy")
    app.add_sink(SinkObject(), r"/api/(?P<version>v\d)")
    app.add_static_route("/static", str(static_dir))
    app.add_static_route("/assets", str(static_dir), fallback_filename="index.html")
    app.add_error_handler(CustomError)
    app.add_error_handler(KeyError, CustomError.handle)
    return app


def build_dependent(framework: ModuleType, static_dir: Path) -> Any:
    app = framework.App(independent_middleware=False)
    app.add_middleware(ResponseOnly())
    app.add_middleware(ResponseOnly())
    app.add_middleware(AuthMiddleware())
    app.add_route("/", Things())
    return app


def build_resource_only(framework: ModuleType, static_dir: Path) -> Any:
    return framework.App(middleware=ResourceMiddleware())


def build_empty(framework: ModuleType, static_dir: Path) -> Any:
    return framework.App()


def build_on_request(framework: ModuleType, static_dir: Path) -> Any:
    app = framework.App()
    app.router_options.default_to_on_request = True
    app.add_route("/any/{x}", Everything())
    app.add_route("/any/{x}/{y:int}", Everything())
    return app


BUILDERS = [
    build_full,
    build_dependent,
    build_resource_only,
    build_empty,
    build_on_request,
]
FRAMEWORK_FILE = re.compile(r"/[^\s():]*/(falcon|restcore)/[\w/]+\.py:\d+")


def normalise(text: str) -> str:
    # Source locations inside the frameworks differ by nature; user code's match.
    return FRAMEWORK_FILE.sub("<framework>", text)


@pytest.fixture
def static_dir(tmp_path: Path) -> Path:
    (tmp_path / "index.html").write_text("hi")
    return tmp_path


@pytest.mark.parametrize("build", BUILDERS)
@pytest.mark.parametrize("verbose", [False, True])
@pytest.mark.parametrize("internal", [False, True])
def test_app_text_matches_falcon(
    build: Any, verbose: bool, internal: bool, static_dir: Path
) -> None:
    texts = [
        normalise(
            module.inspect_app(build(fw, static_dir)).to_string(verbose, internal)
        )
        for fw, module in FRAMEWORKS
    ]
    assert texts[1] == texts[0]


@pytest.mark.parametrize("build", BUILDERS)
def test_info_objects_match_falcon(build: Any, static_dir: Path) -> None:
    def describe(info: Any) -> Any:
        if isinstance(info, list):
            return [describe(item) for item in info]
        if hasattr(info, "__dict__"):
            return (
                type(info).__name__,
                {key: describe(value) for key, value in vars(info).items()},
            )
        return normalise(info) if isinstance(info, str) else info

    infos = [
        describe(module.inspect_app(build(fw, static_dir))) for fw, module in FRAMEWORKS
    ]
    assert infos[1] == infos[0]


@pytest.mark.parametrize("name", ["", "My API"])
def test_app_name(name: str, static_dir: Path) -> None:
    texts = [
        module.inspect_app(build_full(fw, static_dir)).to_string(name=name)
        for fw, module in FRAMEWORKS
    ]
    assert texts[1] == texts[0]
    assert texts[1].startswith(f"{name or 'Falcon App'} (WSGI)")


def test_each_info_renders_like_falcon(static_dir: Path) -> None:
    pairs = [
        (module, module.inspect_app(build_full(fw, static_dir)))
        for fw, module in FRAMEWORKS
    ]
    for attribute in ("routes", "static_routes", "sinks", "error_handlers"):
        rendered = [
            [normalise(repr(item)) for item in getattr(info, attribute)]
            for _, info in pairs
        ]
        assert rendered[1] == rendered[0], attribute
    for verbose in (False, True):
        rendered = [
            normalise(module.StringVisitor(verbose).process(info.middleware))
            for module, info in pairs
        ]
        assert rendered[1] == rendered[0]


def test_internal_flags() -> None:
    app = restcore.App()
    app.add_route("/things", Things())
    app.add_error_handler(CustomError)
    methods = {m.method: m for m in restcore.inspect.inspect_routes(app)[0].methods}
    assert not methods["GET"].internal
    assert methods["OPTIONS"].internal
    assert methods["PUT"].function_name == "method_not_allowed"
    handlers = {h.error: h for h in restcore.inspect.inspect_error_handlers(app)}
    assert handlers["HTTPError"].internal
    assert not handlers["CustomError"].internal
    assert handlers["CustomError"].source_info.startswith(__file__)


@pytest.mark.parametrize(
    ("function_name", "suffix"),
    [("on_get", ""), ("on_get_color", "color"), ("on_get_a_b", "a_b"), ("helper", "")],
)
def test_route_method_suffix(function_name: str, suffix: str) -> None:
    info = restcore.inspect.RouteMethodInfo("GET", "x.py:1", function_name, False)
    falcon_info = falcon.inspect.RouteMethodInfo("GET", "x.py:1", function_name, False)
    assert info.suffix == falcon_info.suffix == suffix


def test_unsupported_router() -> None:
    class Router:
        def add_route(self, *args: Any, **kwargs: Any) -> None: ...

        def find(self, *args: Any) -> None: ...

    app = restcore.App(router=Router())
    with pytest.raises(TypeError, match="Unsupported router class"):
        restcore.inspect.inspect_routes(app)


def test_register_router() -> None:
    class Router:
        def add_route(self, *args: Any, **kwargs: Any) -> None: ...

        def find(self, *args: Any) -> None: ...

    @restcore.inspect.register_router(Router)
    def inspect_my_router(router: Router) -> list[restcore.inspect.RouteInfo]:
        return [restcore.inspect.RouteInfo("/x", "X", "x.py:1", [])]

    try:
        routes = restcore.inspect.inspect_routes(restcore.App(router=Router()))
        assert [route.path for route in routes] == ["/x"]
        with pytest.raises(ValueError, match="Another function is already registered"):
            restcore.inspect.register_router(Router)(inspect_my_router)
    finally:
        restcore.inspect._supported_routers.pop(Router)


def test_compiled_router_registered() -> None:
    assert (
        restcore.inspect._supported_routers[restcore.routing.CompiledRouter]
        is restcore.inspect.inspect_compiled_router
    )


def test_visitor_without_method() -> None:
    class NoVisits(restcore.inspect.InspectVisitor):
        pass

    info = restcore.inspect.SinkInfo("/x", "sink", "x.py:1")
    with pytest.raises(RuntimeError, match="does not support"):
        NoVisits().process(info)
    for framework in (falcon, restcore):  # not an info object at all
        with pytest.raises(RuntimeError, match="does not support"):
            framework.inspect.InspectVisitor().process(123)


def test_source_of_builtin_is_unknown() -> None:
    app = restcore.App()
    app.add_sink(print, "/print")
    (sink,) = restcore.inspect.inspect_sinks(app)
    assert (sink.name, sink.source_info) == ("print", "[unknown file]")


def test_public_names_match_falcon() -> None:
    falcon_names = {
        name
        for name in vars(falcon.inspect)
        if not name.startswith("_")
        and getattr(getattr(falcon.inspect, name), "__module__", "") == "falcon.inspect"
    }
    assert falcon_names <= set(restcore.inspect.__all__)
    assert set(restcore.inspect.__all__) <= set(dir(restcore.inspect))


def test_inspect_app_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from restcore.cmd import inspect_app

    monkeypatch.chdir(Path(__file__).parents[1])
    monkeypatch.setattr(
        sys, "argv", ["falcon-inspect-app", "-r", "examples.things:app"]
    )
    inspect_app.main()
    out = capsys.readouterr().out
    assert "⇒ /things - ThingsResource" in out
    assert "⇒ /things/{thing_id:int} - ThingResource" in out
    monkeypatch.setattr(
        sys, "argv", ["falcon-inspect-app", "examples.things:create_app"]
    )
    inspect_app.main()
    assert capsys.readouterr().out.startswith("Falcon App (WSGI)\n• Routes:")


@pytest.mark.parametrize(
    ("argument", "message"),
    [("examples.things", "colon"), ("examples.things:nothing", "not found")],
)
def test_inspect_app_command_errors(
    argument: str,
    message: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from restcore.cmd import inspect_app

    monkeypatch.chdir(Path(__file__).parents[1])
    monkeypatch.setattr(sys, "argv", ["falcon-inspect-app", argument])
    with pytest.raises(SystemExit) as info:
        inspect_app.main()
    assert info.value.code == 2
    assert message in capsys.readouterr().err


def test_print_routes_is_retired(capsys: pytest.CaptureFixture[str]) -> None:
    from restcore.cmd import inspect_app

    with pytest.raises(SystemExit) as info:
        inspect_app.route_main()
    assert info.value.code == 2
    assert "falcon-inspect-app" in capsys.readouterr().err


def test_partial_responders_are_inspected_by_their_function() -> None:
    import functools

    import restcore
    from restcore import inspect as inspect_module

    class Resource:
        def handle(self, req: object, resp: object, extra: int) -> None:
            pass

    resource = Resource()
    resource.on_get = functools.partial(resource.handle, extra=1)
    app = restcore.App()
    app.add_route("/p", resource)
    (route,) = inspect_module.inspect_routes(app)
    (get,) = [method for method in route.methods if method.method == "GET"]
    assert get.function_name == "handle"
