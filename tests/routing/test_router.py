from __future__ import annotations

import asyncio
import linecache
import os
import pathlib
import threading
import traceback
from typing import Any

import pytest

from restcore import constants
from restcore.routing import (
    BaseConverter,
    CompiledRouter,
    CompiledRouterOptions,
    map_http_methods,
    set_default_responders,
)
from restcore.routing.util import SuffixedMethodNotFoundError

SNAPSHOT = pathlib.Path(__file__).parent / "snapshots" / "finder_100_routes.txt"


class Resource:
    def on_get(self, req: object, resp: object, **params: object) -> None:
        pass


class Tagged:
    def __init__(self, tag: str) -> None:
        self.tag = tag

    def on_get(self, req: object, resp: object, **params: object) -> None:
        pass


def snapshot_templates() -> list[str]:
    templates = []
    for index in range(22):
        item = ("{item_id:int}", "{item_id:uuid}", "{item_id}")[index % 3]
        sub = ("{sub_id:uuid}", "{sub_id}", "{sub_id:int(min=1)}")[index % 3]
        templates += [
            f"/v1/res{index}",
            f"/v1/res{index}/{item}",
            f"/v1/res{index}/{item}/children",
            f"/v1/res{index}/{item}/children/{sub}",
        ]
    templates += [
        "/",
        "/health",
        "/repos/{org}/{repo}/compare/{u0}:{b0}...{u1}:{b1}",
        "/repos/{org}/{repo}/compare/all",
        "/files/{name}.{ext}",
        "/files/{name}-v{version:int}.{ext}",
        "/files/{name}",
        "/static/{rest:path}",
        "/codes/{code:re('[A-Z][0-9]')}",
        "/dates/{day:dt('%Y-%m-%d')}",
        "/prices/{amount:float(min=0)}",
        "/teams/{team}/members/{member}/roles/{role}",
    ]
    return templates


def test_snapshot_of_generated_source_for_100_routes() -> None:
    router = CompiledRouter()
    templates = snapshot_templates()
    assert len(templates) == 100
    for template in templates:
        router.add_route(template, Resource())
    source = router.finder_src + "\n"
    if os.environ.get("RESTCORE_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(source, encoding="utf-8")
    assert source == SNAPSHOT.read_text(encoding="utf-8")


DISPATCHER_SNAPSHOT = SNAPSHOT.parent / "dispatcher_100_routes.txt"


def test_snapshot_of_generated_dispatcher_for_100_routes() -> None:
    router = CompiledRouter()
    for template in snapshot_templates():
        router.add_route(template, Resource())
    source = router.dispatcher_src + "\n"
    if os.environ.get("RESTCORE_UPDATE_SNAPSHOTS") == "1":
        DISPATCHER_SNAPSHOT.write_text(source, encoding="utf-8")
    assert source == DISPATCHER_SNAPSHOT.read_text(encoding="utf-8")


def test_compiles_lazily_on_first_find() -> None:
    router = CompiledRouter()
    router.add_route("/a/{x}", Resource())
    assert router._finder is None
    assert router.find("/a/1") is not None
    assert router._finder is not None


def test_compile_flag_compiles_now() -> None:
    router = CompiledRouter()
    router.add_route("/a/{x}", Resource(), compile=True)
    assert router._finder is not None


def test_adding_a_route_after_compiling_recompiles() -> None:
    router = CompiledRouter()
    router.add_route("/a/{x}", Resource())
    assert router.find("/b/1") is None
    router.add_route("/b/{y}", Resource())
    found = router.find("/b/1")
    assert found is not None
    assert found[2] == {"y": "1"}


def test_re_adding_a_template_replaces_the_resource() -> None:
    router = CompiledRouter()
    first, second = Tagged("first"), Tagged("second")
    for template in ("/x", "/x/{id}"):
        router.add_route(template, first)
        router.find("/")
        router.add_route(template, second)
    for path in ("/x", "/x/1"):
        found = router.find(path)
        assert found is not None
        assert found[0] is second


def test_params_is_a_fresh_dict_each_time() -> None:
    router = CompiledRouter()
    router.add_route("/static", Resource())
    router.add_route("/item/{id}", Resource())
    for path in ("/static", "/item/1"):
        first, second = router.find(path), router.find(path)
        assert first is not None
        assert second is not None
        first[2]["mutated"] = True
        assert "mutated" not in second[2]


def test_finder_shows_in_tracebacks() -> None:
    class Exploding(BaseConverter):
        def convert(self, value: str) -> Any:
            raise RuntimeError("boom")

    router = CompiledRouter()
    router.options.converters["boom"] = Exploding
    router.add_route("/x/{value:boom}", Resource())
    with pytest.raises(RuntimeError) as info:
        router.find("/x/1")
    frames = traceback.extract_tb(info.value.__traceback__)
    generated = [frame for frame in frames if "generated finder" in frame.filename]
    assert generated
    assert generated[-1].line is not None
    assert "convert" in generated[-1].line
    assert linecache.getline(generated[-1].filename, generated[-1].lineno)


def test_concurrent_first_finds_compile_once() -> None:
    router = CompiledRouter()
    for index in range(50):
        router.add_route(f"/r{index}/{{id}}", Resource())
    results: list[Any] = []

    def find() -> None:
        results.append(router.find("/r49/7"))

    threads = [threading.Thread(target=find) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(result is not None and result[2] == {"id": "7"} for result in results)


def test_custom_converter_via_options() -> None:
    class Upper(BaseConverter):
        def __init__(self, suffix: str = "") -> None:
            self.suffix = suffix

        def convert(self, value: str) -> str | None:
            return value.upper() + self.suffix if value.isalpha() else None

    router = CompiledRouter()
    router.options.converters["upper"] = Upper
    router.add_route("/u/{name:upper('!')}", Resource())
    found = router.find("/u/abc")
    assert found is not None
    assert found[2] == {"name": "ABC!"}
    assert router.find("/u/abc1") is None


def test_custom_multi_segment_converter() -> None:
    class Parts(BaseConverter):
        CONSUME_MULTIPLE_SEGMENTS = True

        def convert(self, value: list[str]) -> list[str]:
            return list(value)

    router = CompiledRouter()
    router.options.converters["parts"] = Parts
    router.add_route("/p/{parts:parts}", Resource())
    found = router.find("/p/a/b")
    assert found is not None
    assert found[2] == {"parts": ["a", "b"]}


@pytest.mark.parametrize("name", ["", "1x", "a-b", "a b", "ü"])
def test_converter_names_must_be_identifiers(name: str) -> None:
    with pytest.raises(ValueError, match="Invalid converter name"):
        CompiledRouterOptions().converters[name] = BaseConverter


def test_converters_attribute_cannot_be_reassigned() -> None:
    options = CompiledRouterOptions()
    with pytest.raises(AttributeError):
        options.converters = {}


class OnRequest:
    def on_get(self, req: object, resp: object) -> None:
        pass

    def on_request(self, req: object, resp: object) -> None:
        pass

    def on_request_sfx(self, req: object, resp: object) -> None:
        pass


def test_default_to_on_request() -> None:
    router = CompiledRouter()
    router.options.default_to_on_request = True
    resource = OnRequest()
    router.add_route("/r", resource)
    router.add_route("/s", resource, suffix="sfx")
    _, methods, _, _ = router.find("/r") or (None, {}, None, None)
    assert methods["GET"] == resource.on_get
    assert methods["POST"] == resource.on_request
    assert methods["OPTIONS"] != resource.on_request
    assert methods["WEBSOCKET"] != resource.on_request
    _, suffixed, _, _ = router.find("/s") or (None, {}, None, None)
    assert suffixed["GET"] == resource.on_request_sfx


def test_suffix_without_responders_raises() -> None:
    with pytest.raises(SuffixedMethodNotFoundError):
        CompiledRouter().add_route("/r", Resource(), suffix="nope")


def test_coroutine_responders_rejected() -> None:
    class Async:
        async def on_get(self, req: object, resp: object) -> None:
            await asyncio.sleep(0)

    with pytest.raises(TypeError, match="regular synchronous"):
        CompiledRouter().add_route("/r", Async())


def test_custom_methods_from_combined_methods(monkeypatch: pytest.MonkeyPatch) -> None:
    class Purging:
        def on_purge(self, req: object, resp: object) -> None:
            pass

    monkeypatch.setattr(
        constants, "COMBINED_METHODS", [*constants.COMBINED_METHODS, "PURGE"]
    )
    methods = map_http_methods(Purging())
    assert list(methods) == ["PURGE"]
    set_default_responders(methods)
    assert "GET" in methods
    assert "PURGE" in methods


def test_hyphenated_method_responder() -> None:
    resource = type("R", (), {"on_version-control": lambda self, req, resp: None})()
    assert list(map_http_methods(resource)) == ["VERSION-CONTROL"]


def test_non_callable_attributes_are_not_responders() -> None:
    class Odd:
        on_get = None
        on_post = "text"

    assert map_http_methods(Odd()) == {}


def test_subclass_overriding_find_is_still_called() -> None:
    calls = []

    class Counting(CompiledRouter):
        def find(self, uri: str, req: Any = None) -> Any:
            calls.append(uri)
            return super().find(uri, req)

    router = Counting()
    router.add_route("/a", Resource())
    router.find("/a")
    router.find("/a")
    assert calls == ["/a", "/a"]


def test_a_router_does_not_keep_the_apps_it_serves_alive() -> None:
    import gc
    import weakref

    import restcore

    router = restcore.routing.CompiledRouter()
    app = restcore.App(router=router)
    gone = weakref.ref(app)
    del app
    gc.collect()
    assert gone() is None
    router.add_route("/after", object())  # tells nobody, and prunes the list
    assert router._subscribers == []


ROUTERS = pytest.mark.parametrize("framework", ["falcon", "restcore"])


def router_class(framework: str) -> Any:
    if framework == "falcon":
        import falcon.routing

        return falcon.routing.CompiledRouter
    return CompiledRouter


@ROUTERS
def test_private_find_is_compile_and_find_until_compiled_as_in_falcon(
    framework: str,
) -> None:
    router = router_class(framework)()
    router.add_route("/a/{x}", Resource())
    assert router._find == router._compile_and_find
    assert router.find("/a/1")[2] == {"x": "1"}
    assert router._find != router._compile_and_find
    router.add_route("/b", Resource(), suffix=None)
    assert router._find == router._compile_and_find
    router.add_route("/c", Resource(), compile=True)
    assert router._find != router._compile_and_find


@ROUTERS
def test_private_compile_replaced_on_the_class_runs_once_across_threads(
    framework: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    cls = router_class(framework)
    calls = []

    def compile_slowly(self: Any) -> Any:
        calls.append(threading.get_ident())
        threading.Event().wait(0.05)
        return lambda *args: found.append(len(args))

    monkeypatch.setattr(cls, "_compile", compile_slowly)
    router = cls()
    router.add_route("/a", Resource())
    barrier = threading.Barrier(3)
    results = []
    found: list[int] = []

    def find() -> None:
        barrier.wait()
        results.append(router.find("/a"))

    threads = [threading.Thread(target=find) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1
    assert results == [None] * 3
    assert len(found) == 3  # the compiled finder served every call


@ROUTERS
def test_finder_src_compiles_through_a_find_replaced_on_the_class(
    framework: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    cls = router_class(framework)
    original = cls.find
    paths = []

    def find(self: Any, path: str, req: Any = None) -> Any:
        paths.append(path)
        return original(self, path, req)

    monkeypatch.setattr(cls, "find", find)
    router = cls()
    router.add_route("/a/{x}", Resource())
    assert "def " in router.finder_src
    assert paths == ["/"]


@ROUTERS
def test_router_options_refuse_a_new_converters_mapping(framework: str) -> None:
    options = router_class(framework)().options
    with pytest.raises(AttributeError, match="Cannot set"):
        options.converters = {}
    with pytest.raises(AttributeError, match="object has no attribute"):
        options.other = 1
    assert "int" in options.converters


def test_private_find_takes_restcores_finder_arguments() -> None:
    """Falcon's generated finder takes five arguments; restcore's take (path, req)."""
    router = CompiledRouter()
    router.add_route("/a/{x}", Resource())
    assert router._compile_and_find("/a/1")[2] == {"x": "1"}
    assert router._find("/a/2", None)[2] == {"x": "2"}
    assert router._compile_and_find("/nope", None) is None
