"""restcore/ keeps at most 10 ``type: ignore`` comments, each with code and reason."""

from __future__ import annotations

import pathlib
import re

PACKAGE = pathlib.Path(__file__).resolve().parent.parent / "restcore"
# "# type: ignore[code]  # why", the form every remaining ignore must take.
REASONED = re.compile(r"# type: ignore\[[a-z-]+(?:, *[a-z-]+)*\]  # \S")


def ignores() -> list[str]:
    return [
        f"{path.relative_to(PACKAGE.parent)}:{number}: {line.strip()}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if "type: ignore" in line
    ]


def test_at_most_ten_ignores() -> None:
    found = ignores()
    assert found  # the scan reads the package
    assert len(found) <= 10, "\n".join(found)


def test_every_ignore_names_its_code_and_reason() -> None:
    assert [line for line in ignores() if not REASONED.search(line)] == []
