"""Falcon 4.4's module tree, module by module, against restcore's.

Every module of the installed Falcon 4.4 imports at the same dotted path under
``restcore``; each Falcon module-level name exists in restcore's counterpart,
is covered by one of the rules of docs/differences.md ("Falcon's module tree"),
or is listed there with a reason. Submodules that are attributes of their
parent after ``import falcon`` are attributes after ``import restcore``.
"""

from __future__ import annotations
import __future__

import importlib
import json
import pkgutil
import re
import subprocess
import sys
import types
import typing
from inspect import signature
from pathlib import Path
from typing import Any

import falcon
import pytest

import restcore

DIFFERENCES = Path(__file__).resolve().parent.parent / "docs" / "differences.md"
SECTION = "## Falcon's module tree"


def listed_gaps() -> dict[str, dict[str, str]]:
    """Falcon module -> {name or '*': reason}, from docs/differences.md."""
    text = DIFFERENCES.read_text(encoding="utf-8")
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    gaps: dict[str, dict[str, str]] = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[0].startswith("`falcon"):
            continue
        module, names, reason = cells
        assert reason, line
        for name in re.findall(r"`([^`]+)`", names) or ["*"]:
            gaps.setdefault(module.strip("`"), {})[name] = reason
    return gaps


GAPS = listed_gaps()


def falcon_modules() -> list[str]:
    walk = pkgutil.walk_packages(falcon.__path__, "falcon.", onerror=lambda _: None)
    return sorted(["falcon", *(info.name for info in walk)])


def is_gap_module(name: str) -> bool:
    parts = name.split(".")
    return any(
        GAPS.get(".".join(parts[:i]), {}).get("*") for i in range(1, len(parts) + 1)
    )


MODULES = [name for name in falcon_modules() if not is_gap_module(name)]
GAP_MODULES = [name for name in falcon_modules() if is_gap_module(name)]


def counterpart(name: str) -> str:
    return "restcore" + name[len("falcon") :]


def is_typing_construct(value: Any) -> bool:
    if isinstance(value, typing.TypeVar):
        return True
    if isinstance(value, type) and getattr(value, "_is_protocol", False):
        return True
    return type(value).__module__ in {"typing", "types"} and not isinstance(
        value, types.FunctionType | types.ModuleType | type
    )


def home_of(value: Any, name: str, module: str) -> str | None:
    """The Falcon module that defines ``name`` when ``module`` imported it."""
    for other in MODULES:
        if other == module:
            continue
        source = sys.modules.get(other)
        if source is not None and vars(source).get(name) is value:
            defined_in = getattr(value, "__module__", None)
            if defined_in in (None, other) or not isinstance(defined_in, str):
                return other
    defined_in = getattr(value, "__module__", None)
    named_so = getattr(value, "__name__", None) == name
    if isinstance(defined_in, str) and defined_in.startswith("falcon") and named_so:
        return defined_in if defined_in not in (module, *GAP_MODULES) else None
    return None


def rule_covers(module: str, name: str, value: Any) -> bool:
    """The rules of docs/differences.md, each checked against restcore."""
    if name == "TYPE_CHECKING" or isinstance(value, __future__._Feature):
        return True  # rule 1: incidental imports
    if isinstance(value, types.ModuleType):
        if not value.__name__.startswith("falcon"):
            return True  # rule 1
        if is_gap_module(value.__name__):
            return True  # a listed module
        return importlib.util.find_spec(counterpart(value.__name__)) is not None
    defined_in = getattr(value, "__module__", None)
    foreign = isinstance(defined_in, str) and not defined_in.startswith("falcon")
    if foreign and getattr(value, "__name__", None) == name:
        return True  # rule 1: a standard-library or third-party import
    if is_typing_construct(value):  # rule 2: annotation-only names
        return any(
            hasattr(importlib.import_module(home), name)
            for home in ("restcore._typing", "restcore.typing", "restcore.asgi_spec")
        )
    home = home_of(value, name, module)  # rule 3: re-exports
    return home is not None and hasattr(
        importlib.import_module(counterpart(home)), name
    )


@pytest.mark.parametrize("module", MODULES)
def test_every_falcon_module_has_a_counterpart_with_its_names(module):
    theirs = importlib.import_module(module)
    ours = importlib.import_module(counterpart(module))
    listed = GAPS.get(module, {})
    missing = [
        name
        for name, value in vars(theirs).items()
        if not (name.startswith("__") and name.endswith("__"))
        and not hasattr(ours, name)
        and name not in listed
        and not rule_covers(module, name, value)
    ]
    assert missing == []


def test_listed_gaps_are_real_gaps():
    """A name listed in docs/differences.md that restcore now has is stale."""
    stale = []
    for module, names in GAPS.items():
        spec = importlib.util.find_spec(counterpart(module).rsplit(".", 1)[0])
        if "*" in names or spec is None:
            continue
        ours = importlib.import_module(counterpart(module))
        stale += [f"{module}.{name}" for name in names if hasattr(ours, name)]
    assert stale == []


SUBMODULE_ATTRIBUTES = """
import json, sys, types
import {pkg}
found = []
for name, module in list(sys.modules.items()):
    parent, _, leaf = name.rpartition(".")
    if name.startswith("{pkg}.") and parent in sys.modules:
        if isinstance(vars(sys.modules[parent]).get(leaf), types.ModuleType):
            found.append(name.split(".", 1)[1])
print(json.dumps(sorted(found)))
"""


def submodule_attributes(pkg: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", SUBMODULE_ATTRIBUTES.format(pkg=pkg)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return list(json.loads(result.stdout))


def test_submodules_that_are_attributes_after_import_falcon_are_after_import_restcore():
    for path in submodule_attributes("falcon"):
        if is_gap_module(f"falcon.{path}"):
            continue
        parent = restcore
        for part in path.split("."):
            parent = getattr(parent, part)
        assert isinstance(parent, types.ModuleType)
        assert parent.__name__ == f"restcore.{path}"


def test_submodule_attributes_are_listed_by_dir():
    assert {"_typing", "cyutil", "status_codes", "sync"} <= set(dir(restcore))
    assert "compiled" in dir(restcore.routing)
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = restcore.nope


def test_class_attributes_extensions_read():
    assert restcore.App._ASGI is falcon.App._ASGI is False
    assert restcore.asgi.App.__name__ == "App"
    for name in (
        "_router",
        "_middleware",
        "_error_handlers",
        "_sinks",
        "_static_routes",
    ):
        assert hasattr(restcore.App(), name), name


@pytest.mark.parametrize(
    ("module", "owner", "name"),
    [
        ("response", "Response", "_set_media_type"),
        ("media.json", "JSONHandler", "_loads"),
        ("util.mediatypes", "_MediaType", "parse"),
        ("util.mediatypes", "_MediaRange", "parse"),
        ("util.mediatypes", "_MediaRange", "match_score"),
        ("routing.compiled", "CompiledRouter", "_compile"),
        ("routing.compiled", "CompiledRouter", "_compile_and_find"),
        ("routing.compiled", "CompiledRouter", "_find"),
    ],
)
def test_private_class_members_falcons_tests_use(module, owner, name):
    """Members Falcon's own suite reads (behaviour: each module's tests)."""
    theirs = getattr(importlib.import_module(f"falcon.{module}"), owner)
    ours = getattr(importlib.import_module(f"restcore.{module}"), owner)
    # An instance attribute in Falcon, or (the finder's) arguments that differ
    # (docs/differences.md, Routing).
    instance_only = name in ("_loads", "_find", "_compile_and_find")
    if instance_only:
        theirs, ours = theirs(), ours()
    assert hasattr(theirs, name)
    assert hasattr(ours, name)
    if callable(getattr(theirs, name)) and not instance_only:
        assert parameters(getattr(ours, name)) == parameters(getattr(theirs, name))


def parameters(function: Any) -> list[tuple[str, Any, Any]]:
    return [
        (parameter.name, parameter.kind, parameter.default)
        for parameter in signature(function).parameters.values()
    ]


class Things:
    def on_get(self, req, resp, **kwargs):
        resp.media = kwargs

    def on_post(self, req, resp, **kwargs):
        pass


def walk(node: Any, depth: int = 0) -> list[tuple[Any, ...]]:
    """What plugins such as spectree read from the router's node tree."""
    rows = [
        (
            depth,
            node.raw_segment,
            node.is_var,
            node.is_complex,
            node.var_name,
            node.num_fields,
            node.uri_template,
            sorted(node.method_map or ()),
            type(node.resource).__name__,
            sorted(node.var_converter_map),
            sorted(node.var_pattern.groupindex) if node.var_pattern else None,
        )
    ]
    for child in sorted(node.children, key=lambda child: child.raw_segment):
        rows += walk(child, depth + 1)
    return rows


@pytest.mark.parametrize(
    "templates",
    [
        ["/things", "/things/{id}", "/things/{id}/parts/{part:int}"],
        ["/a/{x}.{y}", "/a/b", "/files/{rest:path}", "/v1/{n:int(2)}"],
    ],
)
def test_router_nodes_look_as_in_falcon(templates):
    trees = []
    for framework in (falcon, restcore):
        app = framework.App()
        for template in templates:
            app.add_route(template, Things())
        roots = sorted(app._router._roots, key=lambda node: node.raw_segment)
        trees.append([row for root in roots for row in walk(root)])
    assert trees[0] == trees[1]
