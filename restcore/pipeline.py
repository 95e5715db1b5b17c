"""The middleware pipeline of an App, generated as straight-line Python.

An App with independent middleware (the default) runs its components through a
function written for its exact stack when it binds (``restcore.binder``): one
call per method, no loops, no per-request lists, and routing inlined. The
source is readable (``pipeline_src`` on the function) and compiled by
``restcore.codegen`` (registered in ``linecache``, so tracebacks show it).

Semantics are those of ``App._dispatch_with_middleware`` (Falcon 4.4's order):
meta methods are refused before any component; ``process_request`` methods
run in order, stopping once ``resp.complete`` is set; then routing,
``process_resource`` methods (routes only: not sinks or 404s) and the
responder, unless the response is complete; then every ``process_response``
in reverse order, each failure handled on its own. An exception anywhere goes
to the App's error handlers. The responder comes from the route's method
table (``restcore.routing.table``), looked up once, as on every path.

PERF: three no-op components cost 0.70 µs with the loops, about 0.4 µs here.
With the compiled router, literal-only routes are looked up in its dict before
the router's lookup is called; with the default Request, ``req.context`` is
made up front (as in Falcon) rather than on its first read. Dependent
middleware (``independent_middleware=False``) keeps the loop in App.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from restcore.codegen import Function, If, Line, Node, Try, compile_source, render
from restcore.errors import HTTPBadRequest
from restcore.middleware import PreparedMiddleware
from restcore.request import Request
from restcore.responders import bad_request
from restcore.routing import CompiledRouter
from restcore.util.structures import Context

if TYPE_CHECKING:
    from restcore.app import App

__all__ = ["compile_pipeline", "makes_context_up_front"]

# Handed to error handlers when routing failed before producing params.
_NO_PARAMS: dict[str, Any] = {}


def _chain(calls: list[str], then: list[Node] | None = None) -> list[Node]:
    """Nest calls (then ``then``), each run only while the response is not complete."""
    code: list[Node] = then or []
    for call in reversed(calls):
        code = [Line(call), If("not resp.complete", code)] if code else [Line(call)]
    return code


def _method_lookup() -> Try:
    """The one lookup of a route's method table (see ``routing.table``)."""
    return Try(
        [Line("responder = methods[req.method]")],
        [Line("responder = bad_request")],
        caught="KeyError",
    )


def _routing(has_literal_routes: bool, has_resource_stack: bool) -> list[Node]:
    """Find the route and its responder: resource, params, req.uri_template."""
    routed: list[Node] = [
        Line("resource, methods, params, req.uri_template = route"),
        _method_lookup(),
    ]
    lookup: list[Node] = [
        Line("route = lookup(req.path, req)"),
        If(
            "route is None",
            [
                Line("responder, params = unrouted(req)"),
                Line("req.uri_template = None"),
            ],
            routed,
        ),
    ]
    if not has_literal_routes:
        return lookup
    # PERF: with the compiled router, a literal-only route is looked up in its
    # dict first, as its lookup does, without the call and result tuple
    # (0.1 µs); anything else goes through the lookup.
    literal: list[Node] = [Line("resource, _, req.uri_template, methods = route")]
    if has_resource_stack:
        literal.append(Line("params = {}  # (components may change it: a new dict)"))
    literal.append(_method_lookup())
    return [
        Line("route = static_routes.get(req.path)"),
        If("route is not None", literal, lookup),
    ]


def _calls(prepared: PreparedMiddleware, has_literal_routes: bool) -> list[Node]:
    """Request components, routing, resource components and the responder."""
    request_stack, resource_stack, _ = prepared
    code = _routing(has_literal_routes, bool(resource_stack))
    call = If(
        "params",
        [Line("responder(req, resp, **params)")],
        [Line("responder(req, resp)")],
    )
    if resource_stack:
        calls = [
            f"process_resource_{i}(req, resp, resource, params)"
            for i in range(len(resource_stack))
        ]
        code.append(Line("# Falcon tests the resource's truthiness"))
        code.append(If("resource", _chain(calls)))
        # (routing itself cannot complete the response)
        code.append(If("not resp.complete", [call]))
    else:
        code.append(call)
    if request_stack:
        calls = [f"process_request_{i}(req, resp)" for i in range(len(request_stack))]
        code = _chain(calls, code)
    return code


def _source(
    prepared: PreparedMiddleware, has_literal_routes: bool, creates_context: bool
) -> str:
    body: list[Node] = []
    if creates_context:
        # PERF: made up front, as Falcon does, since middleware is what
        # req.context is for: the lazy first read costs 0.1 µs more.
        body.append(Line("req.context = Context()"))
    body += [
        Line("resource = None"),
        Line("params = NO_PARAMS"),
        Line("succeeded = False"),
    ]
    refuse = If(
        "req.method in META_METHODS",
        [Line("raise HTTPBadRequest()  # before any middleware, as in Falcon")],
    )
    handle: list[Node] = [
        If("params is NO_PARAMS", [Line("params = {}  # handlers may change it")]),
        If("not handle_exception(req, resp, ex, params)", [Line("raise")]),
    ]
    body.append(
        Try(
            [refuse, *_calls(prepared, has_literal_routes), Line("succeeded = True")],
            handle,
        )
    )
    for i in range(len(prepared[2])):
        body.append(
            Try(
                [Line(f"process_response_{i}(req, resp, resource, succeeded)")],
                [
                    If("not handle_exception(req, resp, ex, params)", [Line("raise")]),
                    Line("succeeded = False"),
                ],
            )
        )
    body.append(Line("return params"))
    comment = "the middleware pipeline (restcore.pipeline)"
    return render([Function("dispatch", ["req", "resp"], comment, body)]) + "\n"


def makes_context_up_front(app: App) -> bool:
    """Tell whether ``app``'s pipeline makes ``req.context`` before any component.

    Only for the default Request: a subclass may define context its own way.
    """
    return app._request_type is Request and Request.context_type is Context


def compile_pipeline(
    app: App, prepared: PreparedMiddleware, lookup: Callable[..., Any]
) -> Callable[[Any, Any], dict[str, Any]]:
    """Return the dispatch function for ``app``'s (independent) middleware.

    Args:
        app: The App.
        prepared: Its middleware, prepared for independent middleware.
        lookup: ``lookup(path, req)``: the route as ``(resource, methods,
            params, template)`` or None (the compiled router's lookup, whose
            ``methods`` is the route's table, or a custom router's ``find``).

    Returns:
        ``dispatch(req, resp) -> params``, with its source as ``pipeline_src``.
    """
    namespace: dict[str, Any] = {
        "lookup": lookup,
        "unrouted": app._unrouted_responder,
        "handle_exception": app._handle_exception,
        "bad_request": bad_request,
        "HTTPBadRequest": HTTPBadRequest,
        "META_METHODS": app._META_METHODS,
        "NO_PARAMS": _NO_PARAMS,
        "Context": Context,
    }
    for kind, stack in zip(("request", "resource", "response"), prepared, strict=True):
        for index, method in enumerate(stack):
            namespace[f"process_{kind}_{index}"] = method
    router = app._router
    has_literal_routes = (
        isinstance(router, CompiledRouter) and type(router).find is CompiledRouter.find
    )
    if has_literal_routes:
        namespace["static_routes"] = router._static_routes
    source = _source(prepared, has_literal_routes, makes_context_up_front(app))
    label = f"middleware pipeline of App at {id(app):#x}"
    dispatch: Callable[[Any, Any], dict[str, Any]] = compile_source(
        source, label, namespace, owner=app
    )["dispatch"]
    dispatch.__dict__["pipeline_src"] = source
    return dispatch
