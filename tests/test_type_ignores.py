"""At most 10 type-checker ignores in the repository, each with code and reason.

mypy --strict checks restcore/ and tests/typing/ only; an ignore anywhere else
silences nothing, so none is kept there.
"""

from __future__ import annotations

import os
import pathlib
import re

TOP = pathlib.Path(__file__).resolve().parent.parent
CHECKED = (TOP / "restcore", TOP / "tests" / "typing")
MARK = "type: " + "ignore"  # spelled apart so this file holds none
# "# <MARK>[code]  # why", the form every remaining ignore must take.
REASONED = re.compile(r"# " + MARK + r"\[[a-z-]+(?:, *[a-z-]+)*\]  # \S")
SKIPPED = {".git", ".venv", "build", "dist", "_build", "node_modules"}


def python_files() -> list[pathlib.Path]:
    files = []
    for folder, subfolders, names in os.walk(TOP):
        # Pruned, not filtered: a virtualenv holds thousands of files.
        subfolders[:] = [
            name
            for name in subfolders
            if name not in SKIPPED and not name.startswith(".")
        ]
        files += [pathlib.Path(folder, name) for name in names if name.endswith(".py")]
    return sorted(files)


def ignores(paths: list[pathlib.Path]) -> list[str]:
    return [
        f"{path.relative_to(TOP)}:{number}: {line.strip()}"
        for path in paths
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if MARK in line
    ]


def checked(path: pathlib.Path) -> bool:
    return any(path.is_relative_to(folder) for folder in CHECKED)


def test_at_most_ten_ignores() -> None:
    found = ignores([path for path in python_files() if checked(path)])
    assert found  # the scan reads the package
    assert len(found) <= 10, "\n".join(found)


def test_every_ignore_names_its_code_and_reason() -> None:
    found = ignores([path for path in python_files() if checked(path)])
    assert [line for line in found if not REASONED.search(line)] == []


def test_no_ignore_where_mypy_does_not_look() -> None:
    files = [path for path in python_files() if not checked(path)]
    assert any(path.name == "conf.py" for path in files)  # docs/ is scanned
    assert ignores(files) == []
