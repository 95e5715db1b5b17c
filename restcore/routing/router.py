"""``CompiledRouter``: add routes to a tree, find them with generated code.

``add_route`` builds the method map (with 405 and OPTIONS responders) and
inserts the parsed template into the route tree; nothing is compiled until
the first ``find()`` (under a lock) or ``add_route(..., compile=True)``.
See ``restcore.routing.compiler`` for how the tree becomes source.
"""

from __future__ import annotations

import inspect
import itertools
import threading
import weakref
from collections import UserDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from restcore.routing import converters as converters_module
from restcore.routing.compiler import (
    Finder,
    Route,
    RouteNode,
    compile_dispatcher,
    compile_finder,
    compile_lookup,
)
from restcore.routing.table import method_table
from restcore.routing.template import (
    IDENTIFIER_PATTERN,
    LITERAL,
    Segment,
    UnacceptableRouteError,
    parse_template,
)
from restcore.routing.util import Responder, map_http_methods, set_default_responders

if TYPE_CHECKING:
    from restcore.request import Request

__all__ = ("CompiledRouter", "CompiledRouterOptions", "ConverterDict")

_CONFLICT_MESSAGE = (
    "The URI template for this route is inconsistent or conflicts with another "
    "route's template. This is usually caused by configuring a field converter "
    "differently for the same field in two different routes, or by using "
    "different field names at the same level in the path (e.g.,'/parents/{id}' "
    "and '/parents/{parent_id}/children')"
)

RouteMatch = tuple[object, dict[str, Responder], dict[str, Any], str | None]
# Builds a route's method table from its method map (App._method_table).
TableBuilder = Callable[[str, object, dict[str, Responder], Any], dict[str, Responder]]

_serials = itertools.count(1)


class ConverterDict(UserDict[str, type[converters_module.BaseConverter]]):
    """Converter classes by identifier; names must be identifiers."""

    def __setitem__(
        self, name: str, converter: type[converters_module.BaseConverter]
    ) -> None:
        if not IDENTIFIER_PATTERN.fullmatch(name):
            raise ValueError(
                "Invalid converter name. Names may not be blank, and may only use "
                "ASCII letters, digits, and underscores. Names must begin with a "
                "letter or underscore."
            )
        super().__setitem__(name, converter)


class CompiledRouterOptions:
    """Router settings exposed as ``App.router_options``.

    Attributes:
        converters: Converter classes by identifier; update it in place.
        default_to_on_request: Route unmapped methods (except OPTIONS and
            WEBSOCKET) to ``on_request[_suffix]``; set it before ``add_route``.
    """

    __slots__ = ("_converters", "default_to_on_request")

    def __init__(self) -> None:
        self._converters = ConverterDict(converters_module.BUILTIN)
        self.default_to_on_request = False

    @property
    def converters(self) -> ConverterDict:
        """The converter registry (read-only attribute; mutate the mapping)."""
        return self._converters

    @converters.setter
    def converters(self, value: object) -> None:
        # Falcon refuses the assignment with an AttributeError too.
        raise AttributeError(
            "Cannot set 'converters': update the existing mapping in place."
        )


class CompiledRouter:
    """Route URIs through a tree compiled to Python source.

    Literal templates are a dict lookup; the rest runs through a generated
    ``find`` that is readable via ``finder_src``.
    """

    def __init__(self) -> None:
        self._options = CompiledRouterOptions()
        self._roots: list[RouteNode] = []
        # Path -> (resource, method_map, template, table) of literal-only routes.
        self._static_routes: dict[str, tuple[object, Any, str, Any]] = {}
        self._compile_lock = threading.Lock()
        self._finder: Finder | None = None
        self._finder_src = ""
        self._dispatcher: Finder | None = None
        self._dispatcher_src = ""
        self._lookup: Finder | None = None
        # Names the generated sources in linecache (codegen.compile_source).
        self._label = f"router #{next(_serials)}"
        # Told when the routes change (see subscribe); weak, so an App that
        # shared a router with others can still be collected.
        self._subscribers: list[weakref.WeakMethod[Callable[[], None]]] = []

    @property
    def options(self) -> CompiledRouterOptions:
        """The router's options (``App.router_options``)."""
        return self._options

    @property
    def finder_src(self) -> str:
        """The source of the generated finder (compiling it if needed).

        Compiles through ``find`` (as Falcon does), so a ``find`` replaced on
        the class sees it.
        """
        self.find("/")
        self._ensure_compiled()
        return self._finder_src

    @property
    def _find(self) -> Finder:
        """Falcon's name for the finder: ``_compile_and_find`` until compiled."""
        finder = self._finder
        return self._compile_and_find if finder is None else finder

    def _compile_and_find(self, path: str, req: Request | None = None) -> Any:
        """Compile the finder (if no other thread did), then find `path` with it."""
        return self._ensure_compiled()(path, req)

    def _compile(self) -> Finder:
        """Generate and compile the finder from the route tree (Falcon's name).

        Called under the compile lock by the first ``find`` after a change;
        sets ``finder_src`` and returns the finder.
        """
        finder, self._finder_src = compile_finder(
            self._roots,
            self._static_routes,
            f"generated finder of {self._label}",
            self,
        )
        return finder

    @property
    def dispatcher_src(self) -> str:
        """The source of the generated dispatcher (restcore extension).

        ``dispatch(uri, req, resp)`` routes and runs the responder for an App
        without middleware (see ``routing.compiler.compile_dispatcher``).
        """
        self._compiled_dispatcher()
        return self._dispatcher_src

    def map_http_methods(self, resource: object, **kwargs: Any) -> dict[str, Responder]:
        """Map HTTP methods to the resource's ``on_*`` responders.

        Args:
            resource: The resource object.
            **kwargs: ``suffix`` selects ``on_<method>_<suffix>`` responders.
        """
        return map_http_methods(
            resource,
            suffix=kwargs.get("suffix"),
            default_to_on_request=self._options.default_to_on_request,
        )

    def add_route(self, uri_template: str, resource: object, **kwargs: Any) -> None:
        """Route ``uri_template`` to ``resource``; re-adding a template replaces it.

        Args:
            uri_template: The URI template, e.g. ``/items/{id:int}``.
            resource: The resource whose ``on_*`` methods respond.
            **kwargs: ``suffix`` (responder name suffix), ``compile``
                (compile the finder now rather than on first ``find``) and,
                from an App, ``method_table``: ``builder(uri_template,
                resource, method_map, suffix)`` returning the route's method
                table (default: ``routing.table.method_table(method_map)``).

        Raises:
            SuffixedMethodNotFoundError: ``suffix`` matches no responder.
            TypeError: A responder is a coroutine function.
            UnacceptableRouteError: The template is malformed or conflicts
                with an existing route (a ``ValueError``).
        """
        method_map = self.map_http_methods(resource, **kwargs)
        set_default_responders(
            method_map,
            default_responder=self._default_responder(resource, kwargs.get("suffix")),
        )
        _require_synchronous(method_map)
        segments = parse_template(uri_template, self._options.converters)
        build_table: TableBuilder | None = kwargs.get("method_table")
        if build_table is None:
            table = method_table(method_map)
        else:
            table = build_table(
                uri_template, resource, method_map, kwargs.get("suffix")
            )
        route = Route(resource, method_map, uri_template, table)
        with self._compile_lock:
            self._insert(segments, route)
            self._reset_finder()
        if kwargs.get("compile", False):
            self._ensure_compiled()

    def find(self, uri: str, req: Request | None = None) -> RouteMatch | None:
        """Find the route for a path.

        Args:
            uri: The request path.
            req: Ignored; routing depends on the path only.

        Returns:
            ``(resource, method_map, params, uri_template)``, where ``params``
            is a new dict each call, or ``None`` when nothing matches.
        """
        finder = self._ensure_compiled()
        found: RouteMatch | None = finder(uri, req)
        return found

    def _default_responder(self, resource: object, suffix: str | None) -> Any:
        """Return ``on_request[_suffix]`` when enabled by the options, else None."""
        if not self._options.default_to_on_request:
            return None
        name = "on_request_" + suffix if suffix else "on_request"
        return getattr(resource, name, None)

    def _ensure_compiled(self) -> Finder:
        """Compile the tree once (double-checked under the lock)."""
        finder = self._finder
        if finder is None:
            with self._compile_lock:
                finder = self._finder
                if finder is None:
                    finder = self._finder = self._compile()
                    if type(self).find is CompiledRouter.find:
                        # PERF: an instance attribute skips the delegating
                        # method call on every request (~0.07 µs measured).
                        self.__dict__["find"] = finder
        return finder

    def subscribe(self, on_change: Callable[[], None]) -> None:
        """Call ``on_change()`` whenever a route is added (restcore extension).

        An App keeps the functions it bound from this router (``find``, the
        dispatcher) until told that they are stale, so routes added through
        the router itself are served as in Falcon, at no cost per request.

        Args:
            on_change: A bound method; held weakly.
        """
        self._subscribers.append(weakref.WeakMethod(on_change))

    def _reset_finder(self) -> None:
        """Forget the compiled finder so the next ``find`` recompiles."""
        self._finder = None
        self._dispatcher = None
        self._lookup = None
        self.__dict__.pop("find", None)
        live = []
        for reference in self._subscribers:
            on_change = reference()
            if on_change is not None:
                live.append(reference)
                on_change()
        self._subscribers = live

    def _compiled_dispatcher(self) -> Finder:
        """Return the fused route-and-call function (see ``compile_dispatcher``)."""
        dispatcher = self._dispatcher
        if dispatcher is None:
            with self._compile_lock:
                dispatcher = self._dispatcher
                if dispatcher is None:
                    dispatcher, self._dispatcher_src = compile_dispatcher(
                        self._roots,
                        self._static_routes,
                        f"generated dispatcher of {self._label}",
                        self,
                    )
                    self._dispatcher = dispatcher
        return dispatcher

    def _compiled_lookup(self) -> Finder:
        """Return the App's finder: ``find`` with the route's table for its map.

        ``lookup(uri, req)`` returns ``(resource, table, params, template)``;
        an App with middleware routes with it (see ``compile_lookup``).
        """
        lookup = self._lookup
        if lookup is None:
            with self._compile_lock:
                lookup = self._lookup
                if lookup is None:
                    lookup = self._lookup = compile_lookup(
                        self._roots,
                        self._static_routes,
                        f"generated lookup of {self._label}",
                        self,
                    )[0]
        return lookup

    def _insert(self, segments: list[Segment], route: Route) -> None:
        """Add a route to the tree, checking every level before changing it."""
        nodes = self._roots
        path: list[RouteNode] = []
        index = 0
        # Walk the existing nodes as far as the template's segments match.
        while index < len(segments):
            segment = segments[index]
            existing = _matching_node(nodes, segment)
            if existing is None:
                break
            path.append(existing)
            nodes = existing.children
            index += 1
        is_static = all(node.segment.kind == LITERAL for node in path)
        for segment in segments[index:]:
            is_static = is_static and segment.kind == LITERAL
            node = RouteNode(segment, is_static)
            nodes.append(node)
            nodes = node.children
            path.append(node)
        leaf = path[-1]
        leaf.route = route
        if leaf.is_static:
            # The whole path, with one leading slash (see compiler._static_lookup).
            key = "/" + route.uri_template.lstrip("/")
            self._static_routes[key] = (
                route.resource,
                route.method_map,
                route.uri_template,
                route.table,
            )


def _matching_node(nodes: list[RouteNode], segment: Segment) -> RouteNode | None:
    """Return the node for the same segment text, or raise on a conflict."""
    for node in nodes:
        if node.segment.raw == segment.raw:
            return node
        if node.segment.conflicts_with(segment):
            raise UnacceptableRouteError(_CONFLICT_MESSAGE)
    return None


def _require_synchronous(method_map: dict[str, Responder]) -> None:
    """Reject coroutine responders: restcore serves WSGI."""
    for responder in method_map.values():
        if inspect.iscoroutinefunction(responder):
            raise TypeError(
                f"The {responder} responder must be a regular synchronous "
                "method to be used with a WSGI app."
            )
