"""Sphinx configuration for the restcore documentation site.

Build (from the repository root, warnings are errors):
    .venv/bin/python -m sphinx -W --keep-going -b html docs docs/_build/html
"""

from __future__ import annotations

import importlib
import inspect
import re
import sys
import types
from pathlib import Path
from typing import Any

TOP = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(TOP))  # document the checkout, not an installed copy
sys.path.insert(0, str(Path(__file__).resolve().parent / "_ext"))

from sphinx.ext.napoleon.docstring import GoogleDocstring  # noqa: E402

from restcore.version import __version__  # noqa: E402 - needs the path above

project = "restcore"
author = "the restcore developers"
copyright = "the restcore developers"
release = __version__
version = __version__

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.intersphinx",
    "scoreboard",  # _ext/scoreboard.py: the performance chart, from the JSON
    "apimodules",  # _ext/apimodules.py: API pages for uncurated modules
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build", "_generated", "_ext", "README.md"]

# Every cross-reference must resolve: a broken one is a warning, and -W makes
# it an error.
nitpicky = True

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# Google-style docstrings; the annotations carry the types.
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False
autodoc_typehints = "description"
autodoc_typehints_description_target = "documented"
autodoc_member_order = "bysource"
# Each object is documented once, in the module that defines it (a module's
# __all__ may re-export names from another).
autodoc_default_options = {
    "members": True,
    "show-inheritance": True,
    "ignore-module-all": True,
}

# No network while building: Python's inventory is not fetched, so references
# to the standard library are plain text (see nitpick_ignore_regex below).
intersphinx_mapping: dict[str, tuple[str, str | None]] = {}

html_theme = "alabaster"
html_title = f"restcore {release}"
html_static_path: list[str] = []
html_theme_options = {
    "description": "A fast, Falcon-4-compatible REST framework for WSGI",
    "fixed_sidebar": False,
    "show_relbars": True,
}
html_sidebars = {
    "**": ["about.html", "navigation.html", "relations.html", "searchbox.html"]
}


def _inline_attribute_without_type(self: Any) -> tuple[str, list[str]]:
    """Read a property's or attribute's docstring as prose, never as "type: text".

    Napoleon reads the first line of such a docstring as ``type: description``,
    so "Deprecated: use X." would name a type "Deprecated". The house style
    keeps types in annotations, out of docstrings: no docstring here has an
    inline type, and the split only misreads prose. (This replaces
    ``GoogleDocstring._consume_inline_attribute``; a Sphinx that changes it
    shows up as a build warning, which fails the build.)
    """
    lines = [self._lines.next(), *self._dedent(self._consume_to_end())]
    return "", self.__class__(lines, self._config).lines()


GoogleDocstring._consume_inline_attribute = _inline_attribute_without_type

# Attributes sections become :ivar: fields, so an attribute that autodoc also
# documents as a member (slots, annotations) is not described twice.
napoleon_use_ivar = True

# What may stay unresolved, and why. Everything else must resolve.
nitpick_ignore_regex = [
    # The standard library and third-party packages: their inventories live on
    # the network, which the build does not use.
    (
        r"py:.*",
        r"(collections|datetime|http|argparse|unittest|contextlib|typing|json"
        r"|orjson|pathlib|types|socket|socketserver|wsgiref|re|io|asyncio"
        r"|uuid|decimal|logging|importlib|enum|threading|email|urllib|sqlite3|msgspec|psycopg|jsonschema"
        r"|msgpack|webtest|pytest|_pytest|builtins)(\..*)?",
    ),
    (r"py:(class|obj|data|exc|func)", r"(Path|Morsel|BinaryIO|TextIO|IO)"),
    # Private names (a leading underscore) are not documented by design; they
    # appear as base classes and in annotations.
    (r"py:.*", r"(restcore\.)?([\w.]+\.)?_\w+(\.\w+)*"),
]


def _public_target(node: Any) -> str | None:
    """Name the documented object a short reference means, or None.

    Docstrings name public objects as applications know them: ``HTTPError``
    (``restcore.HTTPError``, defined in ``restcore.errors``), and an attribute
    of the class being described (``:attr:`status``` in ``HTTPError``), which
    the class's Attributes section describes.
    """
    target = node["reftarget"]
    if "." in target:
        return None
    import restcore

    obj = getattr(restcore, target, None)
    if isinstance(obj, type):
        return f"{obj.__module__}.{obj.__qualname__}"
    module, cls = node.get("py:module"), node.get("py:class")
    if node["reftype"] in {"meth", "attr"} and module and not cls:
        return _member_of_one_class(module, target)
    if node["reftype"] == "attr" and module and cls:
        owner = getattr(importlib.import_module(module), cls.split(".")[0], None)
        if not isinstance(owner, type):
            return None
        names = set(dir(owner)) | set(getattr(owner, "__annotations__", {}))
        names |= set(inspect.signature(owner).parameters)  # kept as given
        if target in names:
            return f"{module}.{cls.split('.')[0]}"
    return None


def _is_type_alias(node: Any) -> bool:
    """Tell whether a short reference names a type alias of its own module.

    Modules write annotations with their own aliases (``HeaderArg =
    Mapping[str, str] | ...``); an alias has no docstring, so autodoc does not
    document it and there is nothing to link to: it stays plain text.
    """
    target, module = node["reftarget"], node.get("py:module")
    if "." in target or not module:
        return False
    value = getattr(importlib.import_module(module), target, None)
    alias_types = (types.GenericAlias, types.UnionType)
    return isinstance(value, alias_types) or type(value).__module__ == "typing"


def _member_of_one_class(module: str, member: str) -> str | None:
    """Name ``Class.member`` when exactly one class of the module defines it.

    A module docstring says :meth:`read_until` for the method of the one class
    the module is about.
    """
    owners = [
        value
        for value in vars(importlib.import_module(module)).values()
        if isinstance(value, type)
        and value.__module__ == module
        and member in vars(value)
    ]
    if len(owners) != 1:
        return None
    return f"{module}.{owners[0].__qualname__}.{member}"


# Every inline literal of a line, left to right (so the text between two,
# "``A``/``B``", is never taken for one), and the letter after it, if any.
_LITERAL_THEN_LETTER = re.compile(r"``([^`]+)``(?=(\w)?)")


def _join_literal_suffix(
    app: Any, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    """Let "``HTTPError``s" through docutils, as the docstring's author meant.

    reStructuredText ends an inline literal only before a space or a
    punctuation mark; an escaped space joins the suffix on, rendering
    "HTTPErrors" with the name in code. (Plain text and the other roles are
    left as they are.)
    """
    lines[:] = [_LITERAL_THEN_LETTER.sub(_escaped_suffix, line) for line in lines]


def _escaped_suffix(match: re.Match[str]) -> str:
    """Return the literal, with an escaped space when a letter follows it."""
    return match[0] + "\\ " if match[2] else match[0]


def _resolve_public_name(app: Any, env: Any, node: Any, contnode: Any) -> Any:
    if node.get("refdomain") != "py":
        return None
    if _is_type_alias(node):
        return contnode
    name = _public_target(node)
    if name is None or name not in env.get_domain("py").objects:
        return None
    return env.get_domain("py").resolve_xref(
        env, node["refdoc"], app.builder, "obj", name, node, contnode
    )


# Guides other branches are writing: each joins the Guides toctree, after the
# entry named here, as soon as its file exists.
LATER_GUIDES = {"typed-openapi": "migrating", "errors": "testing"}


def _complete_index(app: Any, docname: str, source: list[str]) -> None:
    """Put every page of docs/ in the home page's toctrees.

    The guides of ``LATER_GUIDES`` go to their places; any other top-level
    page not named in index.md goes under "More", so a new page never fails
    the build for being outside every toctree.
    """
    if docname != "index":
        return
    text = source[0]
    for page, after in LATER_GUIDES.items():
        if (Path(app.srcdir) / f"{page}.md").exists() and f"\n{page}\n" not in text:
            text = text.replace(f"\n{after}\n", f"\n{after}\n{page}\n", 1)
    named = set(re.findall(r"^([\w/-]+)$", text, re.MULTILINE))
    others = sorted(
        path.stem
        for path in Path(app.srcdir).glob("*.md")
        if path.stem not in named and path.stem != "index"
    )
    if others:
        text += "\n```{toctree}\n:caption: More\n\n" + "\n".join(others) + "\n```\n"
    source[0] = text


def setup(app: Any) -> None:
    """Resolve the short names docstrings use; complete the home page."""
    app.connect("missing-reference", _resolve_public_name)
    # Before napoleon (priority 500) turns the docstring into fields.
    app.connect("autodoc-process-docstring", _join_literal_suffix, priority=400)
    app.connect("source-read", _complete_index)
