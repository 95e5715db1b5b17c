"""The API reference covers every public module (docs/_ext/apimodules.py)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

from tests.docs import samples

pytest.importorskip("sphinx", reason="the docs extra is not installed")
sys.path.insert(0, str(samples.TOP / "docs" / "_ext"))
apimodules = importlib.import_module("apimodules")


def test_public_modules_are_found() -> None:
    names = apimodules.public_modules()
    assert {"restcore", "restcore.app", "restcore.testing.client"} <= set(names)
    assert not [name for name in names if "._" in name]
    assert not [name for name in names if name.startswith("restcore.asgi.")]


def test_uncurated_modules_go_to_the_catch_all(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(
        "```{eval-rst}\n.. automodule:: restcore.app\n```\n"
        "```{eval-rst}\n.. automodule:: restcore.request\n   :no-members:\n```\n"
    )
    others = apimodules.other_modules(tmp_path)
    assert "restcore.app" not in others
    assert "restcore.request" not in others
    assert set(others) == set(apimodules.public_modules()) - {
        "restcore.app",
        "restcore.request",
    }


def test_every_public_module_has_a_topic_page() -> None:
    # The catch-all is for modules added later; today each module, including
    # the floors above Falcon (typed, openapi, problem details, the CLI), has
    # its place on a curated page.
    api = samples.TOP / "docs" / "api"
    assert apimodules.other_modules(api) == []
    curated = apimodules.curated_modules(api)
    assert {
        "restcore.typed",
        "restcore.openapi",
        "restcore.problem_details",
        "restcore.cli.openapi",
    } <= curated
