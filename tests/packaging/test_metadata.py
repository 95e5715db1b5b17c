"""Packaging metadata: SPDX license, one version source, a changelog entry."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from restcore.version import __version__

TOP = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((TOP / "pyproject.toml").read_text(encoding="utf-8"))


def test_license_is_an_spdx_expression() -> None:
    assert PROJECT["project"]["license"] == "Apache-2.0"
    requires = PROJECT["build-system"]["requires"]
    setuptools = next(r for r in requires if r.startswith("setuptools"))
    floor = re.fullmatch(r"setuptools>=(\d+)(\.\d+)*", setuptools)
    assert floor, setuptools
    assert int(floor[1]) >= 77  # the first setuptools to read PEP 639 licenses


def test_the_version_has_one_source() -> None:
    assert "version" in PROJECT["project"]["dynamic"]
    assert "version" not in PROJECT["project"]
    dynamic = PROJECT["tool"]["setuptools"]["dynamic"]["version"]
    assert dynamic == {"attr": "restcore.version.__version__"}
    copies = [
        path
        for path in (TOP / "restcore").rglob("*.py")
        if path.name != "version.py"
        and f'"{__version__}"' in path.read_text(encoding="utf-8")
    ]
    assert copies == []
    assert "from restcore.version import __version__" in (
        TOP / "docs" / "conf.py"
    ).read_text(encoding="utf-8")


def test_the_changelog_has_the_version() -> None:
    changelog = (TOP / "CHANGELOG.md").read_text(encoding="utf-8")
    assert changelog.startswith("# Changelog\n")
    assert re.search(rf"^## {re.escape(__version__)}\b", changelog, re.MULTILINE)
