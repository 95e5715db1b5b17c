"""Run the ```python blocks of Markdown files: the docs-sample collector's engine.

Every ```python block of one file runs in order, in one namespace, with the
repository root (or the folder given) as the working directory and first on
``sys.path``, warnings as errors. Other fence languages are not run. As a script::

    python tests/docs/samples.py FILE.md [ROOT]

exits 0 when every block ran, 1 (with the block's file:line and traceback on
stderr) when one raised.
"""

from __future__ import annotations

import os
import re
import sys
import traceback
import types
import warnings
from dataclasses import dataclass
from pathlib import Path

TOP = Path(__file__).resolve().parents[2]
_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


@dataclass(frozen=True)
class Block:
    """One fenced block: its language, first line number (1-based) and text."""

    language: str
    line: int
    text: str
    before: str  # the last non-blank line above the fence


def blocks(markdown: str) -> list[Block]:
    """Return the fenced code blocks of a Markdown text, in order."""
    found: list[Block] = []
    lines = markdown.splitlines()
    index = 0
    while index < len(lines):
        match = _FENCE.match(lines[index])
        if match is None:
            index += 1
            continue
        fence, indent = match["fence"], len(match["indent"])
        words = match["info"].strip().split()
        start, body = index + 1, []
        index += 1
        while index < len(lines):
            line = lines[index]
            stripped = line.lstrip(" ")
            if stripped.startswith(fence[0] * len(fence)) and not stripped.strip(
                fence[0]
            ):
                break
            body.append(line[indent:] if line[:indent].isspace() else line)
            index += 1
        above = [text for text in lines[: start - 1] if text.strip()]
        found.append(
            Block(
                language=words[0] if words else "",
                line=start + 1,
                text="\n".join(body) + "\n",
                before=above[-1].strip() if above else "",
            )
        )
        index += 1
    return found


def python_blocks(markdown: str) -> list[Block]:
    """Return the ```python blocks of a Markdown text."""
    return [block for block in blocks(markdown) if block.language == "python"]


def markdown_files(root: Path) -> list[Path]:
    """Return README.md and every docs/**/*.md under ``root`` (build output aside)."""
    docs = sorted(
        path
        for path in (root / "docs").rglob("*.md")
        if "_build" not in path.relative_to(root).parts
    )
    return [root / "README.md", *docs]


def run_file(path: Path, root: Path) -> int:
    """Run the python blocks of ``path`` in one namespace; return 0 or 1."""
    os.chdir(root)
    sys.path.insert(0, str(root))
    warnings.simplefilter("error")  # as in the test suite: a warning is a failure
    # As in pyproject's filterwarnings: webob (under webtest) imports cgi.
    warnings.filterwarnings("ignore", "'cgi' is deprecated", DeprecationWarning)
    # A real module, as a sample saved to a file would have: libraries that
    # resolve annotations through sys.modules[cls.__module__] (msgspec) need it.
    module = types.ModuleType("__doc_sample__")
    sys.modules[module.__name__] = module
    namespace = module.__dict__
    for block in python_blocks(path.read_text(encoding="utf-8")):
        where = f"{path}:{block.line}"
        try:
            code = compile(block.text, where, "exec")
            exec(code, namespace)  # running the samples is the point
        except BaseException:  # any failure of a sample is reported
            print(f"{where}: this python block failed", file=sys.stderr)
            traceback.print_exc()
            return 1
    return 0


if __name__ == "__main__":
    target = Path(sys.argv[1]).resolve()
    sys.exit(
        run_file(target, Path(sys.argv[2]).resolve() if len(sys.argv) > 2 else TOP)
    )
