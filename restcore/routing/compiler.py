"""Compile the route tree into the Python source of a ``find(uri, req=None)``.

Approach
    The router keeps a tree of ``RouteNode`` (one per template segment).
    ``compile_finder`` walks it and builds the node objects of
    ``restcore.codegen`` (``Line``, ``If``, ``Try``, ``Function``, ``Table``),
    each rendering its own lines; the text is compiled once by
    ``codegen.compile_source`` (registered in ``linecache`` under a
    descriptive name, replacing the router's previous finder) and exposed as
    ``CompiledRouter.finder_src``. Locals are named after the field they hold
    (``thing_id_3``).

Matching rules (the same results as Falcon's compiled router)
    * The URI is ``lstrip('/')``-ed and split on ``/``.
    * At each level children are tried in order: literal segments, then
      complex segments (insertion order), then the one simple field. When a
      branch fails deeper down, the search backtracks to the next candidate.
    * A route matches only when all segments are consumed, except for a
      path-consuming converter (``path``), which takes the rest.

Fast paths (invariants that keep them correct)
    * Templates made only of literals are found by one dict lookup on the
      stripped path before any split: a depth-first search that prefers
      literals would reach such a route first anyway, so their leaves are
      left out of the generated tree.
    * Two or more literals at a level dispatch through a dict of per-branch
      functions (``table_N``), so lookup cost does not grow with route count.
    * Converters are instantiated at ``add_route`` and their bound ``convert``
      methods are constants of the generated module.

The dispatcher (``compile_dispatcher``)
    The same tree also compiles to ``dispatch(uri, req, resp)``, which the App
    uses when it has no middleware: each leaf sets ``req.uri_template`` and
    calls the responder with explicit keyword arguments, so a request needs
    no route tuple and no ``**params`` call. The responder comes from the
    route's method table (one lookup; see ``routing.util.method_table``);
    what the dispatcher cannot finish (no route, a responder's exception,
    as ``Raised``) goes back to the App. The matching code is shared, so both
    functions find the same routes. Its source is ``dispatcher_src``.

Anything that changes the try order above changes which route wins.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from restcore.codegen import Block, Function, If, Line, Node, Table, Try, render
from restcore.codegen import compile_source as compile_source
from restcore.responders import bad_request
from restcore.routing.converters import BaseConverter, IntConverter
from restcore.routing.template import COMPLEX, LITERAL, SIMPLE, Segment
from restcore.util.decimals import DECIMAL_VALUES

__all__ = (
    "ROUTED",
    "Finder",
    "Raised",
    "Route",
    "RouteNode",
    "compile_dispatcher",
    "compile_finder",
    "compile_lookup",
)

Finder = Callable[..., Any]


class _Routed:
    """The type of ``ROUTED``."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<ROUTED>"


# What a dispatcher returns once the responder ran without raising. PERF: not
# the params dict, which nobody reads then (0.03 µs for a one-field route);
# the App asks ``find`` for it in the rare case it needs it.
ROUTED = _Routed()

# The split path keeps the empty text before the leading slash at index 0, so
# the segment of level N is path[N + 1] (see _static_lookup).
_FIRST_SEGMENT = 1


class Raised:
    """What a dispatcher returns when the responder raised: error and params.

    Args:
        error: The responder's exception.
        params: The route's params, for the error handlers.
    """

    __slots__ = ("error", "params")

    def __init__(self, error: Exception, params: dict[str, Any]) -> None:
        self.error = error
        self.params = params


class Route:
    """What a matched template leads to: resource, method map, table, template.

    Args:
        resource: The resource object.
        method_map: HTTP method -> responder, as Falcon's router builds it
            (what ``find`` returns and ``restcore.inspect`` shows).
        uri_template: The template as added.
        table: The route's method table: what the App runs for each method
            (``routing.util.method_table``); default: built from the map.
    """

    __slots__ = ("method_map", "resource", "table", "uri_template")

    def __init__(
        self,
        resource: object,
        method_map: dict[str, Any],
        uri_template: str,
        table: dict[str, Any] | None = None,
    ) -> None:
        self.resource = resource
        self.method_map = method_map
        self.uri_template = uri_template
        self.table = dict(method_map) if table is None else table


class RouteNode:
    """One segment in the route tree.

    Args:
        segment: The parsed template segment.
        is_static: Whether this node and all its ancestors are literals.
    """

    __slots__ = ("children", "is_static", "route", "segment")

    def __init__(self, segment: Segment, is_static: bool) -> None:
        self.segment = segment
        self.is_static = is_static
        self.children: list[RouteNode] = []
        self.route: Route | None = None

    # Falcon's CompiledRouterNode attributes, read by plugins that walk
    # ``app._router._roots`` (OpenAPI generators, route listers).

    @property
    def method_map(self) -> dict[str, Any] | None:
        """The route's method map, or None when no route ends here."""
        return self.route.method_map if self.route else None

    @property
    def resource(self) -> object:
        """The route's resource, or None when no route ends here."""
        return self.route.resource if self.route else None

    @property
    def uri_template(self) -> str | None:
        """The route's template as added, or None when no route ends here."""
        return self.route.uri_template if self.route else None

    @property
    def raw_segment(self) -> str:
        """The template segment's text."""
        return self.segment.raw

    @property
    def is_var(self) -> bool:
        """Whether the segment has fields."""
        return self.segment.kind != LITERAL

    @property
    def is_complex(self) -> bool:
        """Whether the segment mixes fields and text (or has several fields)."""
        return self.segment.kind == COMPLEX

    @property
    def num_fields(self) -> int:
        """How many fields the segment has."""
        return len(self.segment.fields)

    @property
    def var_name(self) -> str | None:
        """The field name of a one-field segment, else None."""
        return self.segment.fields[0].name if self.segment.kind == SIMPLE else None

    @property
    def var_pattern(self) -> Any:
        """The compiled pattern of a complex segment, else None."""
        return self.segment.pattern

    @property
    def var_converter_map(self) -> list[tuple[str, str, str | None]]:
        """``(field, converter name, arguments or None)`` of converted fields."""
        return [
            (field.name, field.converter_name, field.argstr)
            for field in self.segment.fields
            if field.converter_name
        ]


# --- tree -> code objects -----------------------------------------------------


class _Scope:
    """Fields captured on the way down: (name, expression) and local names."""

    __slots__ = ("fields", "locals")

    def __init__(
        self, fields: tuple[tuple[str, str], ...], local_names: tuple[str, ...]
    ) -> None:
        self.fields = fields
        self.locals = local_names

    def with_field(self, name: str, expression: str, local: str | None) -> _Scope:
        """Return a scope extended with one captured field."""
        local_names = self.locals if local is None else (*self.locals, local)
        return _Scope((*self.fields, (name, expression)), local_names)


class _Generator:
    """Turn the route tree into code objects and a namespace of constants."""

    def __init__(self, kind: str = "find") -> None:
        self.namespace: dict[str, Any] = {"decimal_values": DECIMAL_VALUES}
        self.functions: list[Node] = []
        self._counter = itertools.count()
        # What the leaves do: return find's tuple ("find"), the same with the
        # method table ("lookup"), or run the responder ("dispatch").
        self.kind = kind
        dispatching = kind == "dispatch"
        # What every generated function passes on: the request and response
        # too when the leaves call responders.
        self.context_args = ["req", "resp"] if dispatching else []

    def local(self, name: str) -> str:
        """Name a local after what it holds (a field), unique in the module."""
        return f"{name}_{next(self._counter)}"

    def constant(self, prefix: str, value: object) -> str:
        """Name ``value`` in the generated module's globals."""
        name = f"{prefix}_{next(self._counter)}"
        self.namespace[name] = value
        return name

    def children(self, nodes: list[RouteNode], level: int, scope: _Scope) -> list[Node]:
        """Code trying ``nodes`` at ``level`` (the caller checked path_len)."""
        live = [node for node in nodes if _has_code(node)]
        literals = [node for node in live if node.segment.kind == LITERAL]
        others = [node for node in live if node.segment.kind == COMPLEX]
        others += [node for node in live if node.segment.kind == SIMPLE]
        code: list[Node] = []
        if len(literals) == 1:
            node = literals[0]
            condition = f"path[{level + _FIRST_SEGMENT}] == {node.segment.raw!r}"
            code.append(If(condition, self.node(node, level, scope)))
        elif literals:
            code.extend(self.dispatch(literals, level, scope, is_last=not others))
        for node in others:
            code.extend(self.node(node, level, scope))
        return code

    def dispatch(
        self, literals: list[RouteNode], level: int, scope: _Scope, is_last: bool
    ) -> list[Node]:
        """Code looking up the segment in a dict of per-branch functions."""
        args = ["path", "path_len", *self.context_args, *scope.locals]
        entries: list[str] = []
        for node in literals:
            name = f"find_{next(self._counter)}"
            body = [*self.node(node, level, scope), Line("return None")]
            comment = f"level {level}: {node.segment.raw!r}"
            self.functions.append(Function(name, args, comment, body))
            entries.append(f"{node.segment.raw!r}: {name}")
        table = f"table_{next(self._counter)}"
        self.functions.append(Table(table, entries))
        call = f"branch({', '.join(args)})"
        lookup = Line(f"branch = {table}.get(path[{level + _FIRST_SEGMENT}])")
        if is_last:
            return [lookup, If("branch is not None", [Line(f"return {call}")])]
        found = If("found is not None", [Line("return found")])
        return [lookup, If("branch is not None", [Line(f"found = {call}"), found])]

    def node(self, node: RouteNode, level: int, scope: _Scope) -> list[Node]:
        """Code for one node: capture/convert its fields, then leaf and children."""
        segment = node.segment
        if segment.kind == LITERAL:
            return self.rest(node, level, scope)
        if segment.kind == SIMPLE:
            return self.simple(node, level, scope)
        return self.complex(node, level, scope)

    def simple(self, node: RouteNode, level: int, scope: _Scope) -> list[Node]:
        """Code for a segment that is exactly one field."""
        field = node.segment.fields[0]
        if field.converter is None:
            inner = scope.with_field(
                field.name, f"path[{level + _FIRST_SEGMENT}]", None
            )
            return self.rest(node, level, inner)
        convert = self.constant("convert", field.converter.convert)
        value = self.local(field.name)
        inner = scope.with_field(field.name, value, value)
        if _is_unbounded_int(field.converter):
            # PERF: plain digits skip the converter call (0.11 vs 0.21 µs).
            segment = self.local(field.name + "_text")
            # Longer digit runs go to the converter, which bounds them (a
            # 404, never int()'s ValueError: restcore.util.numbers).
            fast = (
                f"{segment}.isdigit() and {segment}.isascii() and len({segment}) < 20"
            )
            slow = f"int({segment}) if {fast} else {convert}({segment})"
            return [
                Line(f"# {node.segment.raw!r}"),
                Line(f"{segment} = path[{level + _FIRST_SEGMENT}]"),
                # PERF: small canonical numbers from a table (util.decimals): int('25')
                # costs about 1,000 instructions (tests/bench/instructions.py).
                Line(
                    f"{value} = decimal_values[{segment}]"
                    f" if {segment} in decimal_values else {slow}"
                ),
                If(f"{value} is not None", self.rest(node, level, inner)),
            ]
        if field.is_consuming:
            # Takes the rest of the path, so no length check and no children.
            return [
                Line(f"# {node.segment.raw!r}"),
                Line(f"{value} = {convert}(path[{level + _FIRST_SEGMENT}:])"),
                If(f"{value} is not None", [self.leaf(node, inner)]),
            ]
        return [
            Line(f"# {node.segment.raw!r}"),
            Line(f"{value} = {convert}(path[{level + _FIRST_SEGMENT}])"),
            If(f"{value} is not None", self.rest(node, level, inner)),
        ]

    def complex(self, node: RouteNode, level: int, scope: _Scope) -> list[Node]:
        """Code for a segment mixing fields and literals (a regex match)."""
        segment = node.segment
        assert segment.pattern is not None
        fullmatch = self.constant("fullmatch", segment.pattern.fullmatch)
        match = f"match_{next(self._counter)}"
        inner = _Scope(scope.fields, (*scope.locals, match))
        conversions: list[tuple[str, str, str]] = []
        for field in segment.fields:
            if field.converter is None:
                inner = inner.with_field(field.name, f"{match}[{field.name!r}]", None)
                continue
            convert = self.constant("convert", field.converter.convert)
            value = self.local(field.name)
            conversions.append((value, convert, field.name))
            inner = inner.with_field(field.name, value, value)
        body = self.rest(node, level, inner)
        for value, convert, name in reversed(conversions):
            body = [
                Line(f"{value} = {convert}({match}[{name!r}])"),
                If(f"{value} is not None", body),
            ]
        comment = Line(f"# {segment.raw!r}")
        match_line = Line(f"{match} = {fullmatch}(path[{level + _FIRST_SEGMENT}])")
        return [comment, match_line, If(f"{match} is not None", body)]

    def rest(self, node: RouteNode, level: int, scope: _Scope) -> list[Node]:
        """Code run once the node's segment matched: its leaf, then its children."""
        code: list[Node] = []
        if node.route is not None and not node.is_static:
            leaf: list[Node] = [self.leaf(node, scope)]
            code.append(_LengthCheck(f"path_len == {level + 1 + _FIRST_SEGMENT}", leaf))
        children = self.children(node.children, level + 1, scope)
        if children:
            code.append(_guard_length(level + 1, children))
        return code

    def leaf(self, node: RouteNode, scope: _Scope) -> Node:
        """The return statement of a matched route."""
        route = node.route
        assert route is not None
        params = ", ".join(f"{name!r}: {expr}" for name, expr in scope.fields)
        template = route.uri_template
        if self.kind == "find":
            resource = self.constant("resource", route.resource)
            method_map = self.constant("method_map", route.method_map)
            return Line(f"return {resource}, {method_map}, {{{params}}}, {template!r}")
        methods = self.constant("methods", route.table)
        if self.kind == "lookup":
            resource = self.constant("resource", route.resource)
            return Line(f"return {resource}, {methods}, {{{params}}}, {template!r}")
        # Field names are identifiers and not keywords (template.py refuses
        # others), so they can be keyword arguments.
        arguments = "".join(f", {name}={expr}" for name, expr in scope.fields)
        return Block(
            _call_responder(methods, repr(template), arguments, f"{{{params}}}")
        )


def _call_responder(
    methods: str, template: str, arguments: str, params: str
) -> list[Node]:
    """Leaf code of a dispatcher: look the method up and run the responder.

    The route's method table has every known method (meta methods map to
    their refusal); any other method gets ``bad_request`` (400), as in Falcon.
    A responder's exception goes back to the App as ``Raised``.

    Args:
        methods: The name of the route's method table.
        template: An expression giving the URI template.
        arguments: The keyword arguments, each preceded by ``", "``.
        params: An expression building the params dict.

    Returns:
        The statements.
    """
    return [
        Line(f"req.uri_template = {template}"),
        Try(
            [Line(f"responder = {methods}[req.method]")],
            [Line("responder = bad_request")],
            caught="KeyError",
        ),
        Try(
            [Line(f"responder(req, resp{arguments})")],
            [Line(f"return Raised(ex, {params})")],
        ),
        Line("return ROUTED"),
    ]


def _guard_length(length: int, body: list[Node]) -> Block:
    """Guard ``body`` by ``length`` segments after the slash, unless it checks more."""
    if len(body) == 1 and isinstance(body[0], _LengthCheck):
        return body[0]
    return _LengthCheck(f"path_len > {length + _FIRST_SEGMENT}", body)


class _LengthCheck(If):
    """An ``if path_len > N`` or ``== N`` check: an outer ``>`` guard is redundant."""

    __slots__ = ()


def _is_unbounded_int(converter: BaseConverter) -> bool:
    """Tell whether a converter is exactly an ``IntConverter`` without options."""
    return type(converter) is IntConverter and converter.is_unbounded


def _has_code(node: RouteNode) -> bool:
    """Tell whether a node can produce a match outside the static table."""
    if node.route is not None and not node.is_static:
        return True
    return any(_has_code(child) for child in node.children)


def compile_finder(
    roots: list[RouteNode],
    static_routes: dict[str, tuple[object, Any, str, Any]],
    label: str = "finder",
    owner: object = None,
) -> tuple[Finder, str]:
    """Generate, compile and register the finder for a route tree.

    Args:
        roots: The first-level nodes of the route tree.
        static_routes: Path -> (resource, method_map, template, table) for
            templates made only of literals.
        label: The ``linecache`` label (``codegen.compile_source``).
        owner: Whose code it is (its entry goes when the owner does).

    Returns:
        The ``find(uri, req=None)`` function and its source text.
    """
    generator = _Generator()
    body = _static_lookup(
        static_routes, [Line("return route[0], route[1], {}, route[2]")]
    )
    entry = Function("find", ["uri", "req=None"], "entry point", body)
    return _compile(generator, roots, static_routes, entry, label, owner)


def compile_lookup(
    roots: list[RouteNode],
    static_routes: dict[str, tuple[object, Any, str, Any]],
    label: str = "lookup",
    owner: object = None,
) -> tuple[Finder, str]:
    """Generate ``lookup(uri, req=None)``: ``find`` with method tables.

    It returns ``(resource, table, params, template)``, the route's method
    table in place of its method map: an App with middleware routes with it,
    so that every dispatch path runs the same table.

    Args:
        roots: The first-level nodes of the route tree.
        static_routes: As for :func:`compile_finder`.
        label: The ``linecache`` label (``codegen.compile_source``).
        owner: Whose code it is (its entry goes when the owner does).

    Returns:
        The lookup function and its source text.
    """
    generator = _Generator("lookup")
    body = _static_lookup(
        static_routes, [Line("return route[0], route[3], {}, route[2]")]
    )
    entry = Function("lookup", ["uri", "req=None"], "entry point", body)
    return _compile(generator, roots, static_routes, entry, label, owner)


def compile_dispatcher(
    roots: list[RouteNode],
    static_routes: dict[str, tuple[object, Any, str, Any]],
    label: str = "dispatcher",
    owner: object = None,
) -> tuple[Finder, str]:
    """Generate a ``dispatch(uri, req, resp)`` that also runs the responder.

    The App calls it instead of ``find`` when it has no middleware: the
    responder is called with explicit keyword arguments at the matched leaf,
    sparing the route tuple and the ``**params`` call (about 0.15 µs a request).

    Returns of ``dispatch``: ``None`` (no route: sinks, static files or 404
    are the App's), ``ROUTED`` (the responder ran) or ``Raised`` (it raised).

    Args:
        roots: The first-level nodes of the route tree.
        static_routes: As for :func:`compile_finder`.
        label: The ``linecache`` label (``codegen.compile_source``).
        owner: Whose code it is (its entry goes when the owner does).

    Returns:
        The dispatch function and its source text.
    """
    generator = _Generator("dispatch")
    generator.namespace.update(ROUTED=ROUTED, Raised=Raised, bad_request=bad_request)
    body = _static_lookup(
        static_routes,
        [
            Line("template, methods = route[2], route[3]"),
            *_call_responder("methods", "template", "", "{}"),
        ],
    )
    entry = Function("dispatch", ["uri", "req", "resp"], "entry point", body)
    return _compile(generator, roots, static_routes, entry, label, owner)


def _static_lookup(
    static_routes: dict[str, tuple[object, Any, str, Any]], on_found: list[Node]
) -> list[Node]:
    """The entry's first lines: try literal-only routes, then split the path.

    Their keys are whole paths (``/items``), so a request path with one
    leading slash (every path a server passes) is looked up as it is: its
    hash is usually cached already (0.10 → 0.05 µs). It is then split as it
    is, so ``path[0]`` is the empty text before the slash and level N's
    segment is ``path[N + 1]``: PERF, no ``lstrip`` and no length test
    (about 250 instructions a request; tests/bench/instructions.py routing).
    Other forms (``//items``, ``items``, ``/``) are stripped and retried,
    since Falcon strips every leading slash. An app without literal-only
    routes skips the lookup.
    """
    split: list[Node] = [Line("path = (uri or '/').split('/')")]
    stripped: list[Node]
    if not static_routes:
        stripped = [Line("path = ('/' + uri.lstrip('/')).split('/')")]
        return [*split, If("path[0] or not path[1]", stripped)]
    stripped = [
        Line("path_text = uri.lstrip('/')"),
        Line("route = static_routes.get('/' + path_text)"),
        Line("path = ('/' + path_text).split('/')"),
    ]
    return [
        Line("route = static_routes.get(uri)"),
        If("route is None", [*split, If("path[0] or not path[1]", stripped)]),
        If("route is not None", on_found),
    ]


def _compile(
    generator: _Generator,
    roots: list[RouteNode],
    static_routes: dict[str, tuple[Any, ...]],
    entry: Function,
    label: str,
    owner: object,
) -> tuple[Finder, str]:
    entry.body += [
        Line("path_len = len(path)"),
        *generator.children(roots, 0, _Scope((), ())),
        Line("return None"),
    ]
    source = render([*generator.functions, entry])
    namespace = dict(generator.namespace, static_routes=static_routes)
    compile_source(source, label, namespace, owner)
    function: Finder = namespace[entry.name]
    return function, source
