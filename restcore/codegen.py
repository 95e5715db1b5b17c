"""The one code generator: nodes that render their own lines, ``compile_source``.

restcore writes Python source for the work it can decide once: the router's
finder and dispatcher (``restcore.routing.compiler``) and an App's middleware
pipeline (``restcore.pipeline``). Both build their code from the nodes here
(``Line``, ``Block``, ``If``, ``Try``, ``Function``, ``Table``), each of which
renders its own, indented lines, and both compile through ``compile_source``.

Invariants
    * Generated source is readable: locals are named after what they hold
      (``thing_id_3`` for the field ``thing_id``), constants after their kind
      (``convert_2``, ``table_5``), and every generator exposes its source
      (``CompiledRouter.finder_src``, ``dispatcher_src``, ``pipeline_src``).
    * ``compile_source`` registers the source in ``linecache`` under a
      descriptive name (``<restcore ...>``), so tracebacks and pdb show it.
      One label names one generated function of one owner: compiling it again
      replaces the entry, and an owner that goes away takes its entries with
      it, so recompiling (a route added after each request) keeps memory flat.

Never ``eval`` text that came from a request: only source built here is
compiled, from templates the app registered.
"""

from __future__ import annotations

import linecache
import weakref
from collections.abc import Iterator
from typing import Any

__all__ = (
    "Block",
    "Function",
    "If",
    "Line",
    "Node",
    "Table",
    "Try",
    "compile_source",
    "source_filename",
)

INDENT = "    "


class Line:
    """One statement (or comment)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def render(self, depth: int) -> Iterator[str]:
        """Yield the indented statement."""
        yield INDENT * depth + self.text


class Block:
    """A sequence of nodes at one indentation."""

    __slots__ = ("body",)

    def __init__(self, body: list[Node] | None = None) -> None:
        self.body: list[Node] = body if body is not None else []

    def render(self, depth: int) -> Iterator[str]:
        """Yield the lines of every statement in order."""
        for statement in self.body:
            yield from statement.render(depth)


Node = Line | Block


class If(Block):
    """``if <condition>:`` over a body, with an optional ``else:``."""

    __slots__ = ("condition", "orelse")

    def __init__(
        self, condition: str, body: list[Node], orelse: list[Node] | None = None
    ) -> None:
        super().__init__(body)
        self.condition = condition
        self.orelse = orelse

    def render(self, depth: int) -> Iterator[str]:
        """Yield the ``if`` line, the indented body, then any ``else``."""
        yield f"{INDENT * depth}if {self.condition}:"
        yield from super().render(depth + 1)
        if self.orelse:
            yield f"{INDENT * depth}else:"
            for statement in self.orelse:
                yield from statement.render(depth + 1)


class Try(Block):
    """``try:`` over a body, ``except <caught>:`` over a handler."""

    __slots__ = ("caught", "handler")

    def __init__(
        self, body: list[Node], handler: list[Node], caught: str = "Exception as ex"
    ) -> None:
        super().__init__(body)
        self.handler = handler
        self.caught = caught

    def render(self, depth: int) -> Iterator[str]:
        """Yield the ``try`` and ``except`` clauses with their bodies."""
        yield f"{INDENT * depth}try:"
        yield from super().render(depth + 1)
        yield f"{INDENT * depth}except {self.caught}:"
        for statement in self.handler:
            yield from statement.render(depth + 1)


class Function(Block):
    """``def <name>(<args>):`` over a body, preceded by a comment."""

    __slots__ = ("args", "comment", "name")

    def __init__(
        self, name: str, args: list[str], comment: str, body: list[Node]
    ) -> None:
        super().__init__(body)
        self.name = name
        self.args = args
        self.comment = comment

    def render(self, depth: int) -> Iterator[str]:
        """Yield the comment, signature and indented body."""
        yield f"{INDENT * depth}# {self.comment}"
        yield f"{INDENT * depth}def {self.name}({', '.join(self.args)}):"
        yield from super().render(depth + 1)
        yield ""


class Table(Line):
    """A module-level dict of names: ``table_N = {'literal': find_M, ...}``."""

    __slots__ = ()

    def __init__(self, name: str, entries: list[str]) -> None:
        inner = "".join(f"\n{INDENT}{entry}," for entry in entries)
        super().__init__(f"{name} = {{{inner}\n}}\n")


def render(nodes: list[Node]) -> str:
    """Return the source text of module-level nodes."""
    return "\n".join(line for node in nodes for line in node.render(0))


def source_filename(label: str) -> str:
    """The ``linecache`` name of the source compiled under ``label``."""
    return f"<restcore {label}>"


# Owners whose generated sources are in linecache: an entry goes with its owner.
_finalizers: dict[str, weakref.finalize[Any, Any]] = {}


def compile_source(
    source: str, label: str, namespace: dict[str, Any], owner: object = None
) -> dict[str, Any]:
    """Compile ``source`` into ``namespace`` and register it in ``linecache``.

    Args:
        source: Python source text built from the nodes above.
        label: What it is and whose, e.g. ``"finder of router #3"``; the
            same label replaces (evicts) the entry compiled before it.
        namespace: The module globals of the generated code; filled in place.
        owner: The object the code belongs to; its entry leaves ``linecache``
            when the owner is collected (default: kept until replaced).

    Returns:
        ``namespace``, with the definitions of ``source``.
    """
    filename = source_filename(label)
    # A None mtime keeps linecache.checkcache() from dropping the entry.
    linecache.cache[filename] = (
        len(source),
        None,
        source.splitlines(keepends=True),
        filename,
    )
    if owner is not None and filename not in _finalizers:
        _finalizers[filename] = weakref.finalize(owner, _evict, filename)
    exec(compile(source, filename, "exec"), namespace)
    return namespace


def _evict(filename: str) -> None:
    linecache.cache.pop(filename, None)
    _finalizers.pop(filename, None)
