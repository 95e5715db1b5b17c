"""No request-path module calls a method on an object it imported by name.

CPython 3.11-3.13 compile ``NAME.method(...)`` as an attribute load and a call
when ``NAME`` was bound by ``from ... import`` (the compiler takes it for a
module), so each call builds and frees a bound method. On the request path that
is about 190 instructions a call (``restcore/app.py``, ``_line_with_content``):
bind the method once at import instead.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import types

import pytest

REQUEST_PATH_MODULES = (
    "restcore.app",
    "restcore.binder",
    "restcore.body_limit",
    "restcore.cookies",
    "restcore.error_response",
    "restcore.media.handlers",
    "restcore.media.json",
    "restcore.pipeline",
    "restcore.problem_details",
    "restcore.query",
    "restcore.request",
    "restcore.response",
    "restcore.routing.compiler",
    "restcore.stream",
    "restcore.util.mediatypes",
)


def imported_instances(module: types.ModuleType, tree: ast.Module) -> set[str]:
    """Names the module binds by ``from ... import`` to plain objects."""
    names = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                name = alias.asname or alias.name
                value = getattr(module, name, None)
                if not (
                    value is None
                    or isinstance(value, types.ModuleType | type)
                    or inspect.isroutine(value)
                ):
                    names.add(name)
    return names


def method_calls_on(tree: ast.Module, names: set[str]) -> list[str]:
    return [
        f"line {node.lineno}: {node.func.value.id}.{node.func.attr}(...)"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id in names
    ]


@pytest.mark.parametrize("name", REQUEST_PATH_MODULES)
def test_no_method_call_on_an_imported_instance(name: str) -> None:
    module = importlib.import_module(name)
    tree = ast.parse(inspect.getsource(module))
    assert method_calls_on(tree, imported_instances(module, tree)) == []


def test_the_check_sees_such_a_call() -> None:
    source = "from restcore.status import _LINES_WITH_CONTENT\n"
    source += "def line(status):\n    return _LINES_WITH_CONTENT.get(status)\n"
    module = types.ModuleType("probe")
    exec(compile(source, "<probe>", "exec"), module.__dict__)
    tree = ast.parse(source)
    assert method_calls_on(tree, imported_instances(module, tree)) == [
        "line 3: _LINES_WITH_CONTENT.get(...)"
    ]


# The Binding's slots that hold functions (restcore.binder.Binding).
BINDING_FUNCTIONS = frozenset({"dispatch", "route", "route_and_call", "route_miss"})


def binding_slot_calls(tree: ast.Module) -> list[str]:
    """Calls like ``binding.dispatch(...)`` or ``self._binding.route_miss(...)``.

    A method call on a slot that holds a function is never specialized in
    CPython 3.11 (``LOAD_METHOD`` takes the generic lookup, about 100
    instructions): read the slot into a local, then call the local.
    """
    found = []
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in BINDING_FUNCTIONS
        ):
            continue
        owner = node.func.value
        if (isinstance(owner, ast.Name) and owner.id == "binding") or (
            isinstance(owner, ast.Attribute) and owner.attr == "_binding"
        ):
            found.append(f"line {node.lineno}: {ast.unparse(node.func)}(...)")
    return found


@pytest.mark.parametrize("name", REQUEST_PATH_MODULES)
def test_no_method_call_on_a_binding_slot(name: str) -> None:
    module = importlib.import_module(name)
    assert binding_slot_calls(ast.parse(inspect.getsource(module))) == []


def test_the_check_sees_a_binding_slot_call() -> None:
    source = (
        "def call(self, binding, req, resp):\n"
        "    binding.dispatch(req, resp)\n"
        "    self._binding.route_miss(req, resp)\n"
        "    route_miss = self._binding.route_miss\n"
        "    return route_miss(req, resp)\n"
    )
    assert binding_slot_calls(ast.parse(source)) == [
        "line 2: binding.dispatch(...)",
        "line 3: self._binding.route_miss(...)",
    ]
