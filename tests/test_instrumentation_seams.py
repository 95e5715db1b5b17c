"""Instrumentation seams, in process: a replacement is called on every path.

The differential tests against Falcon (sentry-sdk, OpenTelemetry, every seam
by hand) are in tests/compat/test_instrumentation.py; these cover the binder's
side of it on restcore alone.
"""

from __future__ import annotations

from typing import Any

import pytest

import restcore
from restcore import app_helpers, testing
from restcore.app import App


class Thing:
    def on_get(self, req: Any, resp: Any) -> None:
        resp.media = {"ok": True}


class Boom:
    def on_get(self, req: Any, resp: Any) -> None:
        raise ZeroDivisionError


class Mark:
    def process_request(self, req: Any, resp: Any) -> None:
        resp.set_header("X-Mark", "1")


class PlainRouter:
    def __init__(self) -> None:
        self.routes: dict[str, Any] = {}

    def add_route(self, uri_template: str, resource: Any, **kwargs: Any) -> None:
        method_map = restcore.routing.map_http_methods(resource)
        restcore.routing.set_default_responders(method_map)
        self.routes[uri_template] = (resource, method_map, {}, uri_template)

    def find(self, uri: str, req: Any = None) -> Any:
        return self.routes.get(uri)


MODES = ("plain", "custom_router", "independent", "dependent")


def _app(mode: str) -> App:
    kwargs: dict[str, Any] = {}
    if mode == "custom_router":
        kwargs["router"] = PlainRouter()
    if mode in ("independent", "dependent"):
        kwargs["middleware"] = [Mark()]
        kwargs["independent_middleware"] = mode == "independent"
    app = App(**kwargs)
    app.add_route("/thing", Thing())
    app.add_route("/boom", Boom())
    return app


@pytest.mark.parametrize("mode", MODES)
def test_handle_exception_replaced_after_the_first_request_is_called(
    mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = _app(mode)
    client = testing.TestClient(app)
    assert client.simulate_get("/missing").status_code == 404
    assert client.simulate_get("/boom").status_code == 500
    seen: list[str] = []
    own = App._handle_exception

    def handle(self: App, req: Any, resp: Any, ex: Any, params: Any) -> bool:
        seen.append(type(ex).__name__)
        return own(self, req, resp, ex, params)

    monkeypatch.setattr(App, "_handle_exception", handle)
    assert client.simulate_get("/missing").status_code == 404
    assert client.simulate_get("/boom").status_code == 500
    assert client.simulate_get("/thing").status_code == 200
    assert seen == ["HTTPRouteNotFound", "ZeroDivisionError"]


def test_a_subclass_overriding_handle_exception_binds_no_route_miss_shortcut() -> None:
    class Traced(App):
        def _handle_exception(self, *args: Any) -> bool:
            return super()._handle_exception(*args)

    app = Traced()
    testing.TestClient(app).simulate_get("/missing")
    assert app._binding.config is not None
    assert app._binding.config.own_handle_exception is False
    assert app._binding.route_not_found_plain is False
    plain = App()
    testing.TestClient(plain).simulate_get("/missing")
    assert plain._binding.route_not_found_plain is True


@pytest.mark.parametrize("mode", MODES)
def test_serializer_set_directly_after_the_first_request_is_called(mode: str) -> None:
    app = _app(mode)
    client = testing.TestClient(app)
    client.simulate_get("/missing")

    def serializer(req: Any, resp: Any, error: Any) -> None:
        resp.text = "mine"

    app._serialize_error = serializer
    assert client.simulate_get("/missing").text == "mine"


def test_prepare_middleware_wrapped_before_the_app_adds_its_components(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    original = app_helpers.prepare_middleware

    def prepare(middleware: Any = None, independent_middleware: bool = False) -> Any:
        return original([Mark(), *(middleware or [])], independent_middleware)

    monkeypatch.setattr(app_helpers, "prepare_middleware", prepare)
    for app in (App(), App(independent_middleware=False)):
        app.add_route("/thing", Thing())
        result = testing.TestClient(app).simulate_get("/thing")
        assert result.headers.get("X-Mark") == "1"


def test_default_serializer_is_read_through_app_helpers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def serializer(req: Any, resp: Any, error: Any) -> None:
        resp.text = "wrapped"

    monkeypatch.setattr(app_helpers, "default_serialize_error", serializer)
    app = App()
    assert testing.TestClient(app).simulate_get("/missing").text == "wrapped"


@pytest.mark.parametrize("independent", [True, False])
def test_middleware_set_directly_after_the_first_request_runs(
    independent: bool,
) -> None:
    app = App(independent_middleware=independent)
    app.add_route("/thing", Thing())
    client = testing.TestClient(app)
    assert client.simulate_get("/thing").headers.get("X-Mark") is None
    prepared = app._prepare_middleware([Mark()], independent_middleware=independent)
    app._middleware = prepared
    assert app._middleware is prepared
    assert client.simulate_get("/thing").headers.get("X-Mark") == "1"
    app._middleware = app._prepare_middleware([], independent_middleware=independent)
    assert client.simulate_get("/thing").headers.get("X-Mark") is None
