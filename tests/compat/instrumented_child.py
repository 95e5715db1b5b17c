"""Run one app under one framework and one instrumentation; print what it saw.

Usage: python instrumented_child.py FRAMEWORK TOOL, FRAMEWORK ``falcon`` or
``restcore`` (through the ``falcon`` alias), TOOL ``sentry``, ``sentry_late``
(initialized after the apps' first requests), ``otel`` or ``late`` (every
seam replaced by hand after the first request). Prints one JSON
document, normalized (no timestamps, ids, durations, file paths), for
tests/compat/test_instrumentation.py to compare.
"""

from __future__ import annotations

import json
import sys
from typing import Any

framework, tool = sys.argv[1], sys.argv[2]
if framework == "restcore":
    import restcore.compat

    restcore.compat.install_falcon_alias()

import falcon  # noqa: E402
import falcon.app_helpers  # noqa: E402
import falcon.testing  # noqa: E402

if framework == "restcore":
    assert getattr(falcon, "__restcore_alias__", False)

envelopes: list[Any] = []
exporter: Any = None


def _setup_sentry() -> None:
    import sentry_sdk
    from sentry_sdk.integrations.falcon import FalconIntegration
    from sentry_sdk.transport import Transport

    class Memory(Transport):
        def capture_envelope(self, envelope: Any) -> None:
            envelopes.append(envelope)

    sentry_sdk.init(
        dsn="http://key@127.0.0.1/1",
        transport=Memory,
        integrations=[FalconIntegration()],
        default_integrations=False,
        traces_sample_rate=1.0,
    )


def _setup_otel() -> None:
    global exporter
    from opentelemetry import trace
    from opentelemetry.instrumentation.falcon import FalconInstrumentor
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import (
        InMemorySpanExporter,
    )

    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    FalconInstrumentor().instrument()


class Items:
    def on_get(self, req: Any, resp: Any, item_id: int) -> None:
        resp.media = {"id": item_id}


class Boom:
    def on_get(self, req: Any, resp: Any) -> None:
        raise ZeroDivisionError("boom")


class Unavailable:
    def on_get(self, req: Any, resp: Any) -> None:
        raise falcon.HTTPServiceUnavailable(title="down")


class Teapot:
    def on_get(self, req: Any, resp: Any) -> None:
        raise falcon.HTTPError(418, title="teapot")


class Header:
    def process_request(self, req: Any, resp: Any) -> None:
        resp.set_header("X-Seen", "yes")

    def process_resource(self, req: Any, resp: Any, resource: Any, params: Any) -> None:
        pass

    def process_response(self, req: Any, resp: Any, resource: Any, ok: bool) -> None:
        pass


class PlainRouter:
    """A custom router (not the compiled one): exact paths only."""

    def __init__(self) -> None:
        self.routes: dict[str, Any] = {}

    def add_route(self, uri_template: str, resource: Any, **kwargs: Any) -> None:
        from falcon.routing import map_http_methods, set_default_responders

        method_map = map_http_methods(resource)
        set_default_responders(method_map)
        self.routes[uri_template] = (resource, method_map, {}, uri_template)

    def find(self, uri: str, req: Any = None) -> Any:
        return self.routes.get(uri)


MODES = ("plain", "custom_router", "independent", "dependent")
PATHS = ("/items/7", "/boom", "/unavailable", "/teapot", "/missing")


def build(mode: str) -> Any:
    kwargs: dict[str, Any] = {}
    if mode == "custom_router":
        kwargs["router"] = PlainRouter()
    if mode in ("independent", "dependent"):
        kwargs["middleware"] = [Header()]
        kwargs["independent_middleware"] = mode == "independent"
    app = falcon.App(**kwargs)
    app.add_route(
        "/items/7" if mode == "custom_router" else "/items/{item_id:int}",
        Items() if mode != "custom_router" else _Fixed(),
    )
    app.add_route("/boom", Boom())
    app.add_route("/unavailable", Unavailable())
    app.add_route("/teapot", Teapot())
    return app


class _Fixed:
    def on_get(self, req: Any, resp: Any) -> None:
        resp.media = {"id": 7}


def _response(result: Any) -> dict[str, Any]:
    return {
        "status": result.status_code,
        "x_seen": result.headers.get("X-Seen"),
        "json": result.json if result.text.startswith("{") else result.text,
    }


def _get(client: Any, path: str) -> Any:
    # (the test clients' default User-Agents name the framework)
    return client.simulate_get(path, headers={"User-Agent": "probe/1"})


def _sentry_item(item: Any) -> dict[str, Any]:
    payload = item.payload.json or {}
    out: dict[str, Any] = {"type": item.type}
    out["transaction"] = payload.get("transaction")
    out["transaction_info"] = payload.get("transaction_info")
    out["level"] = payload.get("level")
    exceptions = (payload.get("exception") or {}).get("values") or []
    out["exceptions"] = [
        {
            "type": e.get("type"),
            "value": e.get("value"),
            "mechanism": e.get("mechanism"),
        }
        for e in exceptions
    ]
    request = payload.get("request") or {}
    out["request"] = {"method": request.get("method"), "url": request.get("url")}
    trace = (payload.get("contexts") or {}).get("trace") or {}
    out["trace"] = {k: trace.get(k) for k in ("op", "status", "origin")}
    out["response"] = (payload.get("contexts") or {}).get("response")
    out["tags"] = payload.get("tags")
    return out


def _spans() -> list[dict[str, Any]]:
    spans = exporter.get_finished_spans()
    exporter.clear()
    return [
        {
            "name": span.name,
            "kind": str(span.kind),
            "status": str(span.status.status_code),
            "attributes": {
                key: value
                for key, value in sorted(span.attributes.items())
                if key not in ("net.host.port", "net.peer.port", "user_agent.original")
            },
            "events": [event.name for event in span.events],
        }
        for span in spans
    ]


def run_tool(late: bool) -> list[Any]:
    """Run every mode and path; with ``late``, set the tool up after a request."""
    setup = _setup_sentry if tool.startswith("sentry") else _setup_otel
    if not late:
        setup()
    clients = {mode: falcon.testing.TestClient(build(mode)) for mode in MODES}
    if late:
        for client in clients.values():
            _get(client, "/items/7")
            _get(client, "/missing")
        setup()
    out = []
    for mode in MODES:
        client = clients[mode]
        for path in PATHS:
            result = _get(client, path)
            seen: Any
            if tool.startswith("sentry"):
                # Spans are batched in a background thread: flush, so each
                # request's items are read with it, whatever the timing.
                import sentry_sdk

                sentry_sdk.flush()
                items = [_sentry_item(i) for env in envelopes for i in env.items]
                # (the order of one flush's envelopes is the SDK's business)
                seen = sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
                envelopes.clear()
            else:
                seen = _spans()
            out.append(
                {"mode": mode, "path": path, "resp": _response(result), "seen": seen}
            )
    return out


def run_late() -> list[Any]:
    """Replace every seam after the app made its first request; log the calls."""
    out: list[Any] = []
    for mode in MODES:
        _late_mode(mode, out)
    return out


def _late_mode(mode: str, out: list[Any]) -> None:
    """One dispatch mode of ``run_late``."""
    App: Any = falcon.App  # (patched by hand, as instrumentation does)
    log: list[str] = []
    app = build(mode)
    client = falcon.testing.TestClient(app)
    _get(client, "/items/7")
    _get(client, "/missing")
    original_call = App.__call__
    original_handle = App._handle_exception
    original_prepare = App._prepare_middleware
    helpers: Any = falcon.app_helpers
    original_helper = helpers.prepare_middleware

    def call(self: Any, env: Any, start_response: Any) -> Any:
        log.append("__call__ " + env["PATH_INFO"])
        return original_call(self, env, start_response)

    def handle(self: Any, req: Any, resp: Any, ex: Any, params: Any) -> Any:
        log.append(f"_handle_exception {type(ex).__name__} {req.path}")
        return original_handle(self, req, resp, ex, params)

    def prepare(self: Any, *args: Any, **kwargs: Any) -> Any:
        log.append("_prepare_middleware")
        return original_prepare(self, *args, **kwargs)

    def helper(*args: Any, **kwargs: Any) -> Any:
        log.append("prepare_middleware")
        return original_helper(*args, **kwargs)

    def serializer(req: Any, resp: Any, error: Any) -> None:
        log.append(f"serializer {error.status} {req.path}")
        resp.text = "serialized"

    def handler(req: Any, resp: Any, ex: Any, params: Any) -> None:
        log.append(f"handler {req.path}")
        resp.status = 599

    App.__call__ = call
    App._handle_exception = handle
    try:
        for path in PATHS:
            result = _get(client, path)
            out.append({"mode": mode, "path": path, "status": result.status_code})
        app._serialize_error = serializer  # set directly, no setter
        for path in PATHS:
            result = _get(client, path)
            out.append({"mode": mode, "path": path, "resp": _response(result)})
        app.add_error_handler(ZeroDivisionError, handler)
        out.append({"boom": _get(client, "/boom").status_code})
        App._prepare_middleware = prepare
        helpers.prepare_middleware = helper
        recorder: Any = Header()
        app.add_middleware(recorder)
        recorder.process_request = lambda req, resp: log.append("late process_request")
        for path in PATHS:
            result = _get(client, path)
            out.append({"mode": mode, "path": path, "x": result.headers.get("X-Seen")})
        # Prepared again and set directly, as OpenTelemetry's uninstrument does.
        app._middleware = app._prepare_middleware(
            [], independent_middleware=mode != "dependent"
        )
        result = _get(client, "/items/7")
        out.append({"mode": mode, "reset": result.headers.get("X-Seen")})
    finally:
        App.__call__ = original_call
        App._handle_exception = original_handle
        App._prepare_middleware = original_prepare
        helpers.prepare_middleware = original_helper
    out.append({"mode": mode, "log": log})


# sentry_late: set up after the apps' first requests
results = run_late() if tool == "late" else run_tool(late=tool == "sentry_late")
print(json.dumps(results, indent=1, sort_keys=True, default=repr))
