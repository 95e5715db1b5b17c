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

Where later floors plug in
    Instrumentation that replaces ``App.__call__``, ``App._handle_exception``,
    ``App._prepare_middleware`` or ``app_helpers.prepare_middleware`` on the
    class or module after the App was made (issue 14) is detected in
    ``describe`` -- add a field to ``DispatchConfig`` (say, whether those are
    still restcore's own, by an identity check) -- and honoured in ``bind``,
    which then picks the non-inlined paths. Nothing on the request path
    changes: it still reads the one binding.
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
Find = Callable[..., Any]


class DispatchConfig(NamedTuple):
    """What decides how an App dispatches (read by ``bind`` only).

    Attributes:
        plain_types: The App uses the default ``Request`` and ``Response``,
            so ``__call__`` may build them inline.
        compiled_router: The router is a ``CompiledRouter`` with its own
            ``find``: its generated dispatcher and lookup can be used.
        middleware: The prepared middleware stacks.
        has_middleware: Whether any component was added.
        independent_middleware: The App's ``independent_middleware``.
        route_not_found_plain: A route miss meets only the default handler,
            serializer and no reporter, so it may skip the raise.
    """

    plain_types: bool
    compiled_router: bool
    middleware: PreparedMiddleware
    has_middleware: bool
    independent_middleware: bool
    route_not_found_plain: bool


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
        route_not_found_plain: As in ``DispatchConfig``.
    """

    __slots__ = (
        "config",
        "dispatch",
        "request_type",
        "route",
        "route_and_call",
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
    ) -> None:
        self.config = config
        self.request_type = request_type
        self.route_and_call = route_and_call
        self.dispatch = dispatch
        self.route = route
        self.route_not_found_plain = route_not_found_plain


def unbound(app: App) -> Binding:
    """The binding of an App before its next request: it binds, then dispatches."""
    return Binding(None, None, None, app._bind_and_dispatch, app._router.find, False)


def describe(app: App) -> DispatchConfig:
    """Read what decides ``app``'s dispatch (see ``DispatchConfig``)."""
    router = app._router
    return DispatchConfig(
        plain_types=(app._request_type is Request and app._response_type is Response),
        compiled_router=(
            isinstance(router, routing.CompiledRouter)
            and type(router).find is routing.CompiledRouter.find
        ),
        middleware=app._middleware,
        has_middleware=bool(app._unprepared_middleware),
        independent_middleware=app._independent_middleware,
        route_not_found_plain=app._is_route_not_found_plain(),
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
    return Binding(
        config,
        request_type,
        route_and_call,
        dispatch,
        route,
        config.route_not_found_plain,
    )
