"""``before``/``after`` hooks, differential against Falcon 4.4."""

from __future__ import annotations

import warnings
from types import ModuleType
from typing import Any

import falcon
import falcon.hooks
import pytest

import restcore
import restcore.hooks
from restcore.errors import CompatibilityError

from .compat.driver import Case, Outcome, call, parsed_body

FRAMEWORKS = (falcon, restcore)


def build(fw: ModuleType, log: list[str]) -> tuple[Any, type]:  # noqa: C901 - one app, many parts
    def record(name: str) -> Any:
        def hook(req: Any, resp: Any, resource: Any, *args: Any, **kwargs: Any) -> None:
            log.append(
                f"{name}:{type(resource).__name__}:{args!r}:{sorted(kwargs.items())}"
            )
            if req.get_header("X-Fail") == name:
                raise fw.HTTPBadRequest(title=f"{name} refused")

        return hook

    def to_int(req: Any, resp: Any, resource: Any, params: dict[str, Any]) -> None:
        log.append(f"to_int:{params}")
        try:
            params["item_id"] = int(params["item_id"])
        except ValueError:
            raise fw.HTTPBadRequest(title="Invalid ID") from None
        params["answer"] = 42

    def stamp(
        req: Any, resp: Any, resource: Any, label: str, *, times: int = 1
    ) -> None:
        log.append(f"stamp:{label}x{times}")
        resp.append_header("X-Trail", label * times)

    class Item:
        @fw.before(record("b1"), "p1", k="v")
        @fw.before(record("b2"))
        @fw.before(to_int)
        @fw.after(stamp, "a", times=2)
        @fw.after(stamp, "b")
        def on_get(self, req: Any, resp: Any, item_id: int, answer: int) -> None:
            log.append(f"responder:{item_id!r}:{answer}")
            if req.get_header("X-Crash"):
                raise fw.HTTPConflict(title="responder refused")
            resp.media = {"item_id": item_id, "answer": answer}

    @fw.before(record("class-before"), "x")
    @fw.after(stamp, "c")
    class Whole:
        def on_get(self, req: Any, resp: Any, item_id: str) -> None:
            log.append("whole.get")
            resp.media = {"whole": item_id}

        def on_post(self, req: Any, resp: Any, item_id: str) -> None:
            log.append("whole.post")
            resp.status = fw.HTTP_201

        def on_get_meta(self, req: Any, resp: Any, item_id: str) -> None:
            log.append("whole.get_meta")
            resp.media = {"meta": item_id}

        @fw.before(record("own"))
        def on_delete(self, req: Any, resp: Any, item_id: str) -> None:
            log.append("whole.delete")
            resp.status = fw.HTTP_204

        def helper(self) -> None:  # not a responder: never wrapped
            log.append("helper")

        on_get_count = 3  # not callable: ignored

    class Base:
        def on_get(self, req: Any, resp: Any, item_id: str) -> None:
            log.append(f"base.get:{item_id}")
            resp.media = {"base": item_id}

    @fw.before(record("child-before"))
    class Child(Base):
        def on_put(self, req: Any, resp: Any, item_id: str) -> None:
            log.append("child.put")
            resp.media = {"put": item_id}

    class Parent:
        @fw.before(record("parent-before"))
        @fw.after(stamp, "p")
        def on_get(self, req: Any, resp: Any, item_id: str, extra: str = "-") -> None:
            log.append(f"parent.get:{item_id}:{extra}")
            resp.media = {"parent": item_id, "extra": extra}

    class Positional(Parent):
        def on_get(self, req: Any, resp: Any, item_id: str, extra: str = "-") -> None:
            log.append("positional.get")
            super().on_get(req, resp, item_id, "given")

    class PassThrough:
        @fw.before(record("flag"), is_async=False)
        def on_get(self, req: Any, resp: Any) -> None:
            resp.media = {"ok": True}

    app = fw.App()
    app.add_route("/items/{item_id}", Item())
    app.add_route("/whole/{item_id}", Whole())
    app.add_route("/whole/{item_id}/meta", Whole(), suffix="meta")
    app.add_route("/child/{item_id}", Child())
    app.add_route("/positional/{item_id}", Positional())
    app.add_route("/flag", PassThrough())
    return app, Whole


CASES = [
    Case("GET", "/items/7"),
    Case("GET", "/items/x"),
    Case("GET", "/items/7", headers={"X-Fail": "b1"}),
    Case("GET", "/items/7", headers={"X-Fail": "b2"}),
    Case("GET", "/items/7", headers={"X-Crash": "1"}),
    Case("PUT", "/items/7"),
    Case("GET", "/whole/1"),
    Case("POST", "/whole/1"),
    Case("DELETE", "/whole/1"),
    Case("DELETE", "/whole/1", headers={"X-Fail": "own"}),
    Case("GET", "/whole/1/meta"),
    Case("GET", "/whole/1", headers={"X-Fail": "class-before"}),
    Case("PATCH", "/whole/1"),
    Case("OPTIONS", "/whole/1"),
    Case("GET", "/child/2"),
    Case("PUT", "/child/2"),
    Case("GET", "/positional/3"),
    Case("GET", "/flag"),
]


def snapshot(outcome: Outcome) -> dict[str, Any]:
    headers = sorted(
        (name.lower(), value)
        for name, value in outcome.headers
        if name.lower() != "content-length"
    )
    return {"status": outcome.status, "headers": headers, "body": parsed_body(outcome)}


@pytest.fixture(scope="module")
def apps() -> list[tuple[Any, list[str]]]:
    built = []
    for fw in FRAMEWORKS:
        log: list[str] = []
        built.append((build(fw, log)[0], log))
    return built


@pytest.mark.parametrize("case", CASES, ids=str)
def test_hooks_match_falcon(apps: list[tuple[Any, list[str]]], case: Case) -> None:
    results = []
    for app, log in apps:
        log.clear()
        results.append((snapshot(call(app, case)), list(log)))
    assert results[1] == results[0]


def test_hook_order_is_outermost_first(apps: list[tuple[Any, list[str]]]) -> None:
    app, log = apps[1]
    log.clear()
    call(app, Case("GET", "/items/7"))
    assert log == [
        "b1:Item:({'item_id': '7'}, 'p1'):[('k', 'v')]",
        "b2:Item:({'item_id': '7'},):[]",
        "to_int:{'item_id': '7'}",
        "responder:7:42",
        "stamp:bx1",
        "stamp:ax2",
    ]


@pytest.mark.parametrize("fw", FRAMEWORKS, ids=["falcon", "restcore"])
def test_class_decoration_keeps_non_responders(fw: ModuleType) -> None:
    log: list[str] = []
    whole = build(fw, log)[1]
    whole().helper()
    assert log == ["helper"]
    assert whole.on_get_count == 3


@pytest.mark.parametrize("fw", FRAMEWORKS, ids=["falcon", "restcore"])
def test_wrapped_responder_keeps_its_name(fw: ModuleType) -> None:
    def hook(req: Any, resp: Any, resource: Any, params: dict[str, Any]) -> None:
        pass

    class Thing:
        @fw.before(hook)
        def on_get(self, req: Any, resp: Any) -> None:
            """Get the thing."""

    assert Thing.on_get.__name__ == "on_get"
    assert Thing.on_get.__doc__ == "Get the thing."


# -- on_request ---------------------------------------------------------------


def hook_for(log: list[str]) -> Any:
    def hook(req: Any, resp: Any, resource: Any, params: dict[str, Any]) -> None:
        log.append("hook")

    return hook


def build_on_request(fw: ModuleType, log: list[str]) -> tuple[Any, Any]:
    @fw.before(hook_for(log))
    class Catchall:
        def on_get(self, req: Any, resp: Any) -> None:
            log.append("get")
            resp.media = {"get": True}

        def on_request(self, req: Any, resp: Any) -> None:
            log.append(f"request:{req.method}")
            resp.media = {"method": req.method}

    app = fw.App()
    app.add_route("/", Catchall())
    return app, Catchall()


class FakeRequest:
    method = "PATCH"


class FakeResponse:
    media: Any = None


@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
def test_on_request_skipped_with_a_warning(method: str) -> None:
    results = []
    for fw in FRAMEWORKS:
        log: list[str] = []
        with pytest.warns(
            UserWarning, match="Skipping decoration of default responder"
        ):
            app, resource = build_on_request(fw, log)
        results.append((snapshot(call(app, Case(method, "/"))), list(log)))
        log.clear()
        resource.on_request(FakeRequest(), FakeResponse())
        assert log == ["request:PATCH"]
    assert results[1] == results[0]


@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
def test_on_request_decorated_when_enabled(
    method: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(falcon.hooks, "decorate_on_request", True)
    monkeypatch.setattr(restcore.hooks, "decorate_on_request", True)
    results = []
    for fw in FRAMEWORKS:
        log: list[str] = []
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            app, resource = build_on_request(fw, log)
        results.append((snapshot(call(app, Case(method, "/"))), list(log)))
        log.clear()
        resource.on_request(FakeRequest(), FakeResponse())
        assert log == ["hook", "request:PATCH"]
    assert results[1] == results[0]


# -- positional arguments, called directly ----------------------------------------


@pytest.mark.parametrize("fw", FRAMEWORKS, ids=["falcon", "restcore"])
@pytest.mark.parametrize(
    ("args", "kwargs", "expected"),
    [
        ((1, 2), {}, {"a": 1, "b": 2}),
        ((1,), {"b": 2}, {"a": 1, "b": 2}),
        ((), {"a": 1, "b": 2}, {"a": 1, "b": 2}),
    ],
)
def test_positional_arguments_reach_hook_as_params(
    fw: ModuleType, args: tuple[Any, ...], kwargs: dict[str, Any], expected: Any
) -> None:
    seen: list[Any] = []

    def hook(req: Any, resp: Any, resource: Any, params: dict[str, Any]) -> None:
        seen.append(dict(params))

    class Thing:
        @fw.before(hook)
        def on_get(self, req: Any, resp: Any, a: int, b: int) -> None:
            seen.append((a, b))

    Thing().on_get(None, None, *args, **kwargs)
    assert seen == [expected, (1, 2)]


# -- async is refused ---------------------------------------------------------------


def plain_hook(req: Any, resp: Any, resource: Any, params: dict[str, Any]) -> None:
    pass


async def coroutine_hook(req: Any, resp: Any, resource: Any, params: Any) -> None:
    pass


def refused_when_routed(resource: Any, match: str) -> None:
    """Decorating works (the module imports, as under Falcon); add_route refuses."""
    app = restcore.App()
    with pytest.raises(TypeError, match="synchronous"):
        app.add_route("/", resource)
    with pytest.raises(CompatibilityError, match=match):
        restcore.async_to_sync(resource.on_get, None, None)


@pytest.mark.parametrize("decorator", [restcore.before, restcore.after])
def test_is_async_true_is_refused_when_routed(decorator: Any) -> None:
    # A documented difference: Falcon 4.4 passes is_async on to the hook.
    class Thing:
        @decorator(plain_hook, is_async=True)
        def on_get(self, req: Any, resp: Any) -> None:
            pass

    refused_when_routed(Thing(), "WSGI")


@pytest.mark.parametrize("decorator", [restcore.before, restcore.after])
def test_coroutine_hook_is_refused_when_routed(decorator: Any) -> None:
    @decorator(coroutine_hook)
    class Thing:
        def on_get(self, req: Any, resp: Any) -> None:
            pass

    refused_when_routed(Thing(), "coroutine")


def test_coroutine_responder_is_refused_when_routed() -> None:
    class Thing:
        @restcore.before(plain_hook)
        async def on_get(self, req: Any, resp: Any) -> None:
            pass

    refused_when_routed(Thing(), "coroutine")


def test_falcon_passes_is_async_to_the_hook() -> None:
    seen: list[Any] = []

    def hook(req: Any, resp: Any, resource: Any, params: Any, **kwargs: Any) -> None:
        seen.append(kwargs)

    class Thing:
        @falcon.before(hook, is_async=True)
        def on_get(self, req: Any, resp: Any) -> None:
            pass

    Thing().on_get(None, None)
    assert seen == [{"is_async": True}]
