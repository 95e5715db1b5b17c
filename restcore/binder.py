"""The dispatch binder: how an App runs requests, decided in one place.

An App can dispatch a request four ways:

=====================  ==========================================================
mode                   when
=====================  ==========================================================
fused dispatcher       no middleware, ``CompiledRouter`` (its own ``find``): the
                       router's generated ``dispatch`` routes and runs the
                       responder; ``App.__call__`` inlines the call
custom router          no middleware, any other router: ``App._dispatch_plain``
generated pipeline     independent middleware: ``restcore.pipeline``
dependent loop         ``independent_middleware=False``:
                       ``App._dispatch_with_middleware``
=====================  ==========================================================

``describe`` reads the App's configuration into one value, ``DispatchConfig``;
``bind`` turns it into a ``Binding``: the dispatch function, the request type
``__call__`` builds inline, and the fast-path flags. The App keeps one
``Binding`` in one attribute, which the request path reads once.

When it is decided
    Lazily, at the first request after anything that changes the answer:
    ``add_route`` (or a route added to the router itself, which tells its
    Apps through ``CompiledRouter.subscribe``), ``add_middleware``, the error
    handler, serializer and reporter setters all put the *unbound* binding
    back (``App._unbind``): ``config`` None, no request type, and a dispatch
    function that binds, then dispatches. ``__call__`` binds before building
    the request when it meets it (one ``is None`` test a request), so even
    the first request is built as the binding says. Registration thus
    costs no compilation per call (300 routes added, one compile at the
    first request).

Instrumentation seams (docs/compat.md)
    Libraries replace ``App.__call__``, ``App._handle_exception``,
    ``App._prepare_middleware``, ``app_helpers.prepare_middleware`` or the
    error serializer, on the class, a subclass, the module or the App.
    Every dispatch mode calls ``_handle_exception`` through the App on each
    error (the pipeline too: never a copy bound early), so a replacement
    made at any time is called. What ``prepare_middleware`` returns is what
    runs: ``describe`` reads ``has_middleware`` from the prepared stacks
    (instrumentation adds components there), and setting ``App._middleware``
    unbinds. The one shortcut that skips ``_handle_exception``, the plain
    route miss, is bound (``Binding.route_miss``: ``App._answer_route_miss``)
    only while the class's ``_handle_exception`` is restcore's own
    (``own_handle_exception``), and checked again by identity where it is
    taken (a route miss only), so a replacement made after the first
    request is honoured too. Nothing on a
    routed request's path changes: it still reads the one binding.
    Typed responders change what a route's methods run, not how the App
    dispatches: they plug into the route's method table at ``add_route``
    (``App._method_table``, ``restcore.routing.table``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from restcore import routing
from restcore.middleware import PreparedMiddleware
from restcore.pipeline import compile_pipeline, makes_context_up_front
from restcore.request import ContextSlotRequest, Request
from restcore.response import Response

if TYPE_CHECKING:
    from restcore.app import App

__all__ = ["Binding", "DispatchConfig", "bind", "describe", "unbound"]

Dispatch = Callable[[Any, Any], Any]
RouteMiss = Callable[[Any, Any], dict[str, Any]]
Find = Callable[..., Any]


class DispatchConfig(NamedTuple):
    """What decides how an App dispatches (read by ``bind`` only).

    Attributes:
        plain_types: The App uses the default ``Request`` and ``Response``,
            so ``__call__`` may build them inline.
        compiled_router: The router is a ``CompiledRouter`` with its own
            ``find``: its generated dispatcher and lookup can be used.
        middleware: The prepared middleware stacks.
        has_middleware: Whether the prepared stacks hold any method.
        independent_middleware: The App's ``independent_middleware``.
        route_not_found_plain: A route miss meets only the default handler,
            serializer and no reporter, so it may skip the raise.
        own_handle_exception: The App's class has restcore's own
            ``_handle_exception`` (no instrumentation replaced it), so the
            route miss may skip calling it.
        sinks_or_static: The App has sinks or static routes (a route miss
            tries them).
    """

    plain_types: bool
    compiled_router: bool
    middleware: PreparedMiddleware
    has_middleware: bool
    independent_middleware: bool
    route_not_found_plain: bool
    own_handle_exception: bool
    sinks_or_static: bool


class Binding:
    """How an App runs requests now; replaced whole, never changed.

    Args:
        config: What it was derived from (None: not bound yet).
        request_type: The class ``__call__`` builds requests from inline;
            None: call the App's request and response types.
        route_and_call: The fused dispatcher ``__call__`` calls inline, or
            None: call ``dispatch``.
        dispatch: ``dispatch(req, resp) -> params`` (for the fused mode, its
            readable twin ``App._dispatch_fused``).
        route: The finder dispatch functions route with (``find``, or the
            compiled router's ``lookup``, which gives method tables).
        route_not_found_plain: A route miss may be answered without the
            raise: ``DispatchConfig``'s ``route_not_found_plain`` and
            ``own_handle_exception``, and no sinks or static routes.
        route_miss: ``route_miss(req, resp) -> params``, what dispatch calls
            when no route matched: ``App._answer_route_miss`` when
            ``route_not_found_plain``, else ``App._dispatch_unrouted``.
    """

    __slots__ = (
        "config",
        "dispatch",
        "request_type",
        "route",
        "route_and_call",
        "route_miss",
        "route_not_found_plain",
    )

    def __init__(
        self,
        config: DispatchConfig | None,
        request_type: type[Request] | None,
        route_and_call: Find | None,
        dispatch: Dispatch,
        route: Find,
        route_not_found_plain: bool,
        route_miss: RouteMiss,
    ) -> None:
        self.config = config
        self.request_type = request_type
        self.route_and_call = route_and_call
        self.dispatch = dispatch
        self.route = route
        self.route_not_found_plain = route_not_found_plain
        self.route_miss = route_miss


def unbound(app: App) -> Binding:
    """The binding of an App before its next request: it binds, then dispatches."""
    return Binding(
        None,
        None,
        None,
        app._bind_and_dispatch,
        app._router.find,
        False,
        app._dispatch_unrouted,
    )


def describe(app: App) -> DispatchConfig:
    """Read what decides ``app``'s dispatch (see ``DispatchConfig``)."""
    router = app._router
    return DispatchConfig(
        plain_types=(app._request_type is Request and app._response_type is Response),
        compiled_router=(
            isinstance(router, routing.CompiledRouter)
            and type(router).find is routing.CompiledRouter.find
        ),
        middleware=app._prepared_middleware,
        # The prepared stacks, not the App's list: an instrumented
        # prepare_middleware may add components of its own.
        has_middleware=any(app._prepared_middleware),
        independent_middleware=app._independent_middleware,
        route_not_found_plain=app._is_route_not_found_plain(),
        own_handle_exception=app._has_own_handle_exception(),
        sinks_or_static=bool(app._sink_and_static_routes),
    )


def bind(app: App, config: DispatchConfig) -> Binding:
    """Derive ``app``'s binding from its configuration.

    Args:
        app: The App (its router compiles what the binding needs).
        config: From ``describe(app)``.

    Returns:
        The binding; the caller stores it.
    """
    router = app._router
    route: Find = router.find
    if config.compiled_router and config.has_middleware:
        # Middleware routes through the lookup: find with method tables.
        route = router._compiled_lookup()
    request_type: type[Request] | None = Request if config.plain_types else None
    route_and_call = None
    if not config.has_middleware:
        dispatch: Dispatch = app._dispatch_plain
        if config.compiled_router:
            route_and_call = router._compiled_dispatcher()
            dispatch = app._dispatch_fused
    elif config.independent_middleware:
        dispatch = compile_pipeline(app, config.middleware, route)
        if config.plain_types and makes_context_up_front(app):
            request_type = ContextSlotRequest
    else:
        dispatch = app._dispatch_with_middleware
    # Decided once: what a route miss runs (App._answer_route_miss).
    plain_miss = (
        config.route_not_found_plain
        and config.own_handle_exception
        and not config.sinks_or_static
    )
    return Binding(
        config,
        request_type,
        route_and_call,
        dispatch,
        route,
        plain_miss,
        app._answer_route_miss if plain_miss else app._dispatch_unrouted,
    )
