"""The API reference's catch-all: every public module not on a curated page.

The pages of ``docs/api/`` group modules by topic, each with an
``automodule`` directive. A public module added later (any ``restcore.*``
name with no part starting with ``_``) appears on the "Other modules" page
until someone gives it a place, so the reference always covers the package.
``restcore.asgi``'s placeholder submodules are left out: they mirror Falcon's
ASGI tree and are described once on the compatibility page.
"""

from __future__ import annotations

import pkgutil
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

_AUTOMODULE = re.compile(r"^\.\. automodule:: (\S+)", re.MULTILINE)
LEFT_OUT = re.compile(r"^restcore\.asgi\.")


def public_modules() -> list[str]:
    """Return the names of restcore's public modules, sorted."""
    import restcore

    names = {"restcore"}
    for module in pkgutil.walk_packages(restcore.__path__, "restcore."):
        parts = module.name.split(".")
        if not any(part.startswith("_") for part in parts):
            names.add(module.name)
    return sorted(name for name in names if not LEFT_OUT.match(name))


def curated_modules(api: Path) -> set[str]:
    """Return the modules the Markdown pages of ``api`` document."""
    return {
        name
        for page in api.glob("*.md")
        for name in _AUTOMODULE.findall(page.read_text(encoding="utf-8"))
    }


def other_modules(api: Path) -> list[str]:
    """Return the public modules no curated page documents."""
    curated = curated_modules(api)
    return [name for name in public_modules() if name not in curated]


class OtherModules(SphinxDirective):
    """``.. restcore-other-modules::``: automodule each uncurated module."""

    def run(self) -> list[nodes.Node]:
        """Return the uncurated modules' documentation (or a sentence)."""
        api = Path(self.env.srcdir) / "api"
        for page in sorted(api.glob("*.md")):
            self.env.note_dependency(str(page))
        names = other_modules(api)
        if not names:
            text = "Every public module is documented on one of the pages above."
            return [nodes.paragraph(text=text)]
        lines = StringList()
        for name in names:
            lines.append(f".. automodule:: {name}", "<restcore-other-modules>")
            lines.append("", "<restcore-other-modules>")
        container = nodes.section()
        container.document = self.state.document
        self.state.nested_parse(lines, self.content_offset, container)
        return list(container.children)


def setup(app: Any) -> dict[str, Any]:
    """Register the directive."""
    app.add_directive("restcore-other-modules", OtherModules)
    return {"parallel_read_safe": True}
