"""Describe an App: its routes, static routes, sinks, error handlers, middleware.

The API is that of ``falcon.inspect`` in Falcon 4.4: ``inspect_*`` functions
return small info objects (``RouteInfo``, ``AppInfo``, ...) that render
themselves through a visitor, ``StringVisitor`` by default, in the same text
layout as Falcon (so tools that parse ``falcon-inspect-app`` output keep
working). Routers other than ``CompiledRouter`` are inspected by functions
added with ``register_router``.

The functions read the App's registration state (``_router``, ``_sinks``,
``_static_routes``, ``_error_handlers``, ``_unprepared_middleware``) and never
change it. Something is "internal" when it is defined in a ``restcore``
module: default responders and the built-in error handlers.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar

from restcore.middleware import prepare_middleware
from restcore.routing.router import CompiledRouter

if TYPE_CHECKING:
    from restcore.app import App
    from restcore.routing.compiler import RouteNode

__all__ = (
    "AppInfo",
    "ErrorHandlerInfo",
    "InspectVisitor",
    "MiddlewareClassInfo",
    "MiddlewareInfo",
    "MiddlewareMethodInfo",
    "MiddlewareTreeInfo",
    "MiddlewareTreeItemInfo",
    "RouteInfo",
    "RouteMethodInfo",
    "SinkInfo",
    "StaticRouteInfo",
    "StringVisitor",
    "inspect_app",
    "inspect_compiled_router",
    "inspect_error_handlers",
    "inspect_middleware",
    "inspect_routes",
    "inspect_sinks",
    "inspect_static_routes",
    "register_router",
)

RouterInspector = Callable[[Any], list["RouteInfo"]]
_InspectorT = TypeVar("_InspectorT", bound=RouterInspector)
_UNKNOWN_FILE = "[unknown file]"
_STAGE_NAMES = ("process_request", "process_resource", "process_response")

_supported_routers: dict[type, RouterInspector] = {}


# --- inspecting an App ----------------------------------------------------------


def inspect_app(app: App) -> AppInfo:
    """Describe everything registered on an App.

    Args:
        app: The application.

    Returns:
        An ``AppInfo``; call ``to_string()`` on it for a readable summary.
    """
    return AppInfo(
        inspect_routes(app),
        inspect_middleware(app),
        inspect_static_routes(app),
        inspect_sinks(app),
        inspect_error_handlers(app),
        asgi=False,
    )


def inspect_routes(app: App) -> list[RouteInfo]:
    """Describe the routes of an App through its router's inspector.

    Args:
        app: The application.

    Returns:
        One ``RouteInfo`` per URI template.

    Raises:
        TypeError: No inspector is registered for the App's router class.
    """
    router = app._router
    inspector = _supported_routers.get(type(router))
    if inspector is None:
        raise TypeError(
            f'Unsupported router class {type(router)}. Use "register_router" '
            "to register a function that can inspect the router used by the "
            "provided application"
        )
    return inspector(router)


def register_router(router_class: type) -> Callable[[_InspectorT], _InspectorT]:
    """Register a function that lists the routes of a custom router class.

    Use it as a decorator: the function takes the router and returns a list
    of ``RouteInfo``.

    Args:
        router_class: The router class the function inspects.

    Raises:
        ValueError: (when decorating) The class already has an inspector.
    """

    def register(inspector: _InspectorT) -> _InspectorT:
        if router_class in _supported_routers:
            raise ValueError(
                f"Another function is already registered for the router {router_class}"
            )
        _supported_routers[router_class] = inspector
        return inspector

    return register


def inspect_static_routes(app: App) -> list[StaticRouteInfo]:
    """Describe the static routes of an App, most recently added first.

    Args:
        app: The application.
    """
    return [
        StaticRouteInfo(route._prefix, route._directory, route._fallback_filename)
        for route, _, _ in app._static_routes
    ]


def inspect_sinks(app: App) -> list[SinkInfo]:
    """Describe the sinks of an App, most recently added first.

    Args:
        app: The application.
    """
    sinks = []
    for pattern, sink, _ in app._sinks:
        source_info, name = _source_info_and_name(sink)
        sinks.append(SinkInfo(pattern.pattern, name, source_info))
    return sinks


def inspect_error_handlers(app: App) -> list[ErrorHandlerInfo]:
    """Describe the error handlers of an App, built-in ones included.

    Args:
        app: The application.
    """
    handlers = []
    for exception_class, handler in app._error_handlers.items():
        source_info, name = _source_info_and_name(handler)
        handlers.append(
            ErrorHandlerInfo(
                exception_class.__name__, name, source_info, _is_internal(handler)
            )
        )
    return handlers


def inspect_middleware(app: App) -> MiddlewareInfo:
    """Describe the middleware of an App: run order and classes.

    The run order is shown as if the middleware were independent, whatever
    the App's setting (as in Falcon); ``MiddlewareInfo.independent`` tells
    the real one.

    Args:
        app: The application.
    """
    stacks = prepare_middleware(app._unprepared_middleware, independent_middleware=True)
    request, resource, response = (
        [_tree_item(method) for method in stack] for stack in stacks
    )
    classes = [_middleware_class(component) for component in app._unprepared_middleware]
    return MiddlewareInfo(
        MiddlewareTreeInfo(request, resource, response),
        classes,
        app._independent_middleware,
    )


def _tree_item(method: Any) -> MiddlewareTreeItemInfo:
    class_name = _source_info_and_name(type(method.__self__))[1]
    return MiddlewareTreeItemInfo(_source_info_and_name(method)[1], class_name)


def _middleware_class(component: object) -> MiddlewareClassInfo:
    methods = []
    for stage in prepare_middleware([component], independent_middleware=True):
        if stage:
            method = stage[0]
            methods.append(MiddlewareMethodInfo(method.__name__, _source_info(method)))
    source_info, name = _source_info_and_name(type(component))
    return MiddlewareClassInfo(name, source_info, methods)


@register_router(CompiledRouter)
def inspect_compiled_router(router: CompiledRouter) -> list[RouteInfo]:
    """List the routes of a ``CompiledRouter`` (depth first, insertion order).

    Args:
        router: The router.
    """
    routes: list[RouteInfo] = []
    _collect_routes(router._roots, "", routes)
    return routes


def _collect_routes(
    nodes: list[RouteNode], parent: str, routes: list[RouteInfo]
) -> None:
    for node in nodes:
        path = f"{parent}/{node.segment.raw}"
        if node.route is not None:
            methods = [
                _route_method(method, responder)
                for method, responder in node.route.method_map.items()
            ]
            source_info, class_name = _source_info_and_name(node.route.resource)
            routes.append(RouteInfo(path, class_name, source_info, methods))
        _collect_routes(node.children, path, routes)


def _route_method(method: str, responder: Any) -> RouteMethodInfo:
    if isinstance(responder, functools.partial):
        responder = responder.func
    return RouteMethodInfo(
        method, _source_info(responder), responder.__name__, _is_internal(responder)
    )


# --- info classes ------------------------------------------------------------------


class _Traversable:
    """An info object a visitor can render."""

    __visit_name__: ClassVar[str] = "N/A"

    def to_string(self, verbose: bool = False, internal: bool = False) -> str:
        """Render as text.

        Args:
            verbose: Add source locations.
            internal: Include default responders and built-in error handlers.
        """
        return StringVisitor(verbose, internal).process(self)

    def __repr__(self) -> str:
        return self.to_string()


class RouteMethodInfo(_Traversable):
    """One responder of a route.

    Args:
        method: The HTTP method.
        source_info: ``file:line`` of the responder.
        function_name: The responder's name.
        internal: Whether restcore supplied it (405, OPTIONS, ...).

    Attributes:
        suffix: The responder suffix (``on_get_item`` -> ``item``), or ``''``.
    """

    __visit_name__ = "route_method"

    def __init__(
        self, method: str, source_info: str, function_name: str, internal: bool
    ) -> None:
        self.method = method
        self.source_info = source_info
        self.function_name = function_name
        self.internal = internal
        # Framework responders are not named on_*, so they have no suffix.
        if function_name.startswith("on"):
            self.suffix = "_".join(function_name.split("_")[2:])
        else:
            self.suffix = ""


class RouteInfo(_Traversable):
    """One URI template and its resource.

    Args:
        path: The URI template.
        class_name: The resource's class name.
        source_info: ``file:line`` of the resource's class.
        methods: Its responders.
    """

    __visit_name__ = "route"

    def __init__(
        self,
        path: str,
        class_name: str,
        source_info: str,
        methods: list[RouteMethodInfo],
    ) -> None:
        self.path = path
        self.class_name = class_name
        self.source_info = source_info
        self.methods = methods


class StaticRouteInfo(_Traversable):
    """A static route.

    Args:
        prefix: The URL prefix.
        directory: The directory served.
        fallback_filename: The file served when one is missing, or None.
    """

    __visit_name__ = "static_route"

    def __init__(
        self, prefix: str, directory: str, fallback_filename: str | None
    ) -> None:
        self.prefix = prefix
        self.directory = directory
        self.fallback_filename = fallback_filename


class SinkInfo(_Traversable):
    """A sink.

    Args:
        prefix: The sink's path regex.
        name: The sink's function or class name.
        source_info: ``file:line`` where it is defined.
    """

    __visit_name__ = "sink"

    def __init__(self, prefix: str, name: str, source_info: str) -> None:
        self.prefix = prefix
        self.name = name
        self.source_info = source_info


class ErrorHandlerInfo(_Traversable):
    """An error handler.

    Args:
        error: The exception class name.
        name: The handler's name.
        source_info: ``file:line`` where it is defined.
        internal: Whether it is one of restcore's default handlers.
    """

    __visit_name__ = "error_handler"

    def __init__(self, error: str, name: str, source_info: str, internal: bool) -> None:
        self.error = error
        self.name = name
        self.source_info = source_info
        self.internal = internal


class MiddlewareMethodInfo(_Traversable):
    """A ``process_*`` method of a middleware class.

    Args:
        function_name: The method name.
        source_info: ``file:line`` where it is defined.
    """

    __visit_name__ = "middleware_method"

    def __init__(self, function_name: str, source_info: str) -> None:
        self.function_name = function_name
        self.source_info = source_info
        self.internal = False  # so it filters like a RouteMethodInfo


class MiddlewareClassInfo(_Traversable):
    """A middleware class and the ``process_*`` methods it has.

    Args:
        name: The class name.
        source_info: ``file:line`` of the class.
        methods: Its middleware methods.
    """

    __visit_name__ = "middleware_class"

    def __init__(
        self, name: str, source_info: str, methods: list[MiddlewareMethodInfo]
    ) -> None:
        self.name = name
        self.source_info = source_info
        self.methods = methods


class MiddlewareTreeItemInfo(_Traversable):
    """One step of the middleware run order.

    Args:
        name: The method name (``process_request``, ...).
        class_name: The middleware class name.
    """

    __visit_name__ = "middleware_tree_item"
    _symbols: ClassVar[dict[str, str]] = {
        "process_request": "→",
        "process_resource": "↣",
        "process_response": "↢",
    }

    def __init__(self, name: str, class_name: str) -> None:
        self.name = name
        self.class_name = class_name


class MiddlewareTreeInfo(_Traversable):
    """The middleware run order, one list per stage.

    Args:
        request: The ``process_request`` steps, in run order.
        resource: The ``process_resource`` steps, in run order.
        response: The ``process_response`` steps, in run order.
    """

    __visit_name__ = "middleware_tree"

    def __init__(
        self,
        request: list[MiddlewareTreeItemInfo],
        resource: list[MiddlewareTreeItemInfo],
        response: list[MiddlewareTreeItemInfo],
    ) -> None:
        self.request = request
        self.resource = resource
        self.response = response


class MiddlewareInfo(_Traversable):
    """The middleware of an App.

    Args:
        middleware_tree: The run order.
        middleware_classes: The components, in the order added.
        independent: Whether the App runs them independently.

    Attributes:
        independent_text: ``independent`` as a sentence.
    """

    __visit_name__ = "middleware"

    def __init__(
        self,
        middleware_tree: MiddlewareTreeInfo,
        middleware_classes: list[MiddlewareClassInfo],
        independent: bool,
    ) -> None:
        self.middleware_tree = middleware_tree
        self.middleware_classes = middleware_classes
        self.independent = independent
        self.independent_text = (
            "Middleware are independent" if independent else "Middleware are dependent"
        )


class AppInfo(_Traversable):
    """Everything registered on an App.

    Args:
        routes: The routes.
        middleware: The middleware.
        static_routes: The static routes.
        sinks: The sinks.
        error_handlers: The error handlers.
        asgi: Always False for restcore (kept for Falcon's signature).
    """

    __visit_name__ = "app"

    def __init__(
        self,
        routes: list[RouteInfo],
        middleware: MiddlewareInfo,
        static_routes: list[StaticRouteInfo],
        sinks: list[SinkInfo],
        error_handlers: list[ErrorHandlerInfo],
        asgi: bool,
    ) -> None:
        self.routes = routes
        self.middleware = middleware
        self.static_routes = static_routes
        self.sinks = sinks
        self.error_handlers = error_handlers
        self.asgi = asgi

    def to_string(
        self, verbose: bool = False, internal: bool = False, name: str = ""
    ) -> str:
        """Render as text.

        Args:
            verbose: Add source locations and middleware classes.
            internal: Include default responders and built-in error handlers.
            name: The title line's name (default ``Falcon App``, as in Falcon).
        """
        return StringVisitor(verbose, internal, name).process(self)


# --- visitors ----------------------------------------------------------------------


class InspectVisitor:
    """Base visitor: ``process`` calls ``visit_<__visit_name__>``."""

    def process(self, instance: _Traversable) -> str:
        """Render ``instance`` with the matching ``visit_*`` method.

        Args:
            instance: An info object.

        Raises:
            RuntimeError: This visitor has no method for the instance's type.
        """
        name = getattr(instance, "__visit_name__", None)  # anything may be passed
        visit = getattr(self, f"visit_{name}", None) if name else None
        if visit is None:
            raise RuntimeError(f"This visitor does not support {type(instance)}")
        text: str = visit(instance)
        return text


class StringVisitor(InspectVisitor):
    """Render info objects as indented text (what ``to_string`` uses).

    Args:
        verbose: Add source locations and middleware classes.
        internal: Include default responders and built-in error handlers.
        name: The title of an App summary (default ``Falcon App``).
    """

    def __init__(
        self, verbose: bool = False, internal: bool = False, name: str = ""
    ) -> None:
        self.verbose = verbose
        self.internal = internal
        self.name = name
        self.indent = 0

    @property
    def tab(self) -> str:
        """The current indentation."""
        return " " * self.indent

    def _with_source(self, text: str, source_info: str) -> str:
        return f"{text} ({source_info})" if self.verbose else text

    def _methods_to_string(
        self, methods: Sequence[RouteMethodInfo | MiddlewareMethodInfo]
    ) -> str:
        lines = [self.process(method) for method in _visible(methods, self.internal)]
        tab = self.tab + "   "
        last = len(lines) - 1
        return "\n".join(
            f"{tab}{'└──' if index == last else '├──'} {line}"
            for index, line in enumerate(lines)
        )

    def _with_children(self, text: str, children: str) -> str:
        return f"{text}:\n{children}" if children else text

    def visit_route_method(self, route_method: RouteMethodInfo) -> str:
        """Render a ``RouteMethodInfo``."""
        text = f"{route_method.method} - {route_method.function_name}"
        return self._with_source(text, route_method.source_info)

    def visit_route(self, route: RouteInfo) -> str:
        """Render a ``RouteInfo`` and its responders."""
        text = self._with_source(
            f"{self.tab}⇒ {route.path} - {route.class_name}", route.source_info
        )
        return self._with_children(text, self._methods_to_string(route.methods))

    def visit_static_route(self, static_route: StaticRouteInfo) -> str:
        """Render a ``StaticRouteInfo``."""
        text = f"{self.tab}↦ {static_route.prefix} {static_route.directory}"
        if static_route.fallback_filename:
            text += f" [{static_route.fallback_filename}]"
        return text

    def visit_sink(self, sink: SinkInfo) -> str:
        """Render a ``SinkInfo``."""
        text = f"{self.tab}⇥ {sink.prefix} {sink.name}"
        return self._with_source(text, sink.source_info)

    def visit_error_handler(self, error_handler: ErrorHandlerInfo) -> str:
        """Render an ``ErrorHandlerInfo``."""
        text = f"{self.tab}⇜ {error_handler.error} {error_handler.name}"
        return self._with_source(text, error_handler.source_info)

    def visit_middleware_method(self, middleware_method: MiddlewareMethodInfo) -> str:
        """Render a ``MiddlewareMethodInfo``."""
        return self._with_source(
            middleware_method.function_name, middleware_method.source_info
        )

    def visit_middleware_class(self, middleware_class: MiddlewareClassInfo) -> str:
        """Render a ``MiddlewareClassInfo`` and its methods."""
        text = self._with_source(
            f"{self.tab}↣ {middleware_class.name}", middleware_class.source_info
        )
        return self._with_children(
            text, self._methods_to_string(middleware_class.methods)
        )

    def visit_middleware_tree_item(self, mti: MiddlewareTreeItemInfo) -> str:
        """Render a ``MiddlewareTreeItemInfo``."""
        symbol = mti._symbols.get(mti.name, "→")
        return f"{self.tab}{symbol} {mti.class_name}.{mti.name}"

    def visit_middleware_tree(self, m_tree: MiddlewareTreeInfo) -> str:
        """Render the run order as a staircase: in, responder, back out."""
        before = len(m_tree.request) + len(m_tree.resource)
        after = len(m_tree.response)
        if before + after == 0:
            return ""
        start = self.indent
        # Steps going in indent by 2 each; responses step back out, so the
        # staircase is shifted right when there are more steps out than in.
        self.indent += 2 * max(after - before, 0)
        lines = self._descend(m_tree.request)
        if lines:
            lines.append("")
        lines += self._descend(m_tree.resource)
        if m_tree.resource or not lines:
            lines.append("")
        lines.append(f"{self.tab}  ├── Process route responder")
        if m_tree.response:
            lines.append("")
        for item in m_tree.response:
            self.indent -= 2
            lines.append(self.process(item))
        self.indent = start
        return "\n".join(lines)

    def _descend(self, items: list[MiddlewareTreeItemInfo]) -> list[str]:
        lines = []
        for item in items:
            lines.append(self.process(item))
            self.indent += 2
        return lines

    def visit_middleware(self, middleware: MiddlewareInfo) -> str:
        """Render ``MiddlewareInfo`` (classes too when verbose)."""
        text = self.process(middleware.middleware_tree)
        if self.verbose:
            self.indent += 4
            classes = "\n".join(
                self.process(cls) for cls in middleware.middleware_classes
            )
            self.indent -= 4
            if classes:
                text += f"\n{self.tab}- Middleware classes:\n{classes}"
        return text

    def visit_app(self, app: AppInfo) -> str:
        """Render an ``AppInfo`` section by section."""
        self.indent = 4
        text = f"{self.name or 'Falcon App'} ({'ASGI' if app.asgi else 'WSGI'})"
        text += self._section("Routes", app.routes)
        middleware = self.process(app.middleware)
        if middleware:
            text += f"\n• Middleware ({app.middleware.independent_text}):\n{middleware}"
        text += self._section("Static routes", app.static_routes)
        text += self._section("Sinks", app.sinks)
        text += self._section(
            "Error handlers", _visible(app.error_handlers, self.internal)
        )
        return text

    def _section(self, title: str, items: Sequence[_Traversable]) -> str:
        if not items:
            return ""
        return f"\n• {title}:\n" + "\n".join(self.process(item) for item in items)


# --- source locations -------------------------------------------------------------


class _MaybeInternal(Protocol):
    internal: bool


_InfoT = TypeVar("_InfoT", bound=_MaybeInternal)


def _visible(items: Iterable[_InfoT], internal: bool) -> list[_InfoT]:
    return [item for item in items if internal or not item.internal]


def _source_info(obj: Any) -> str:
    """Return ``file:line`` where ``obj`` is defined, or ``[unknown file]``."""
    return _find_source(obj) or _UNKNOWN_FILE


def _find_source(obj: Any) -> str | None:
    try:
        source_file = inspect.getsourcefile(obj)
        line = inspect.findsource(obj)[1]
    except (OSError, TypeError):
        return None
    return f"{source_file}:{line}"


def _source_info_and_name(obj: Any) -> tuple[str, str]:
    """Return where ``obj`` is defined (for an instance: its class) and its name."""
    source_info = _find_source(obj) or _source_info(type(obj))
    name = getattr(obj, "__name__", None)
    if not isinstance(name, str):
        name = type(obj).__name__
    return source_info, name


def _is_internal(obj: Any) -> bool:
    """Tell whether ``obj`` comes from a restcore module."""
    module = inspect.getmodule(obj)
    return module is not None and module.__name__.startswith("restcore.")
