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
