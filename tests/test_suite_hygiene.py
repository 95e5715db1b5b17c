"""The suite's own guard: a run that leaves files in the checkout fails."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests import conftest


def _git(top: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(top), *args], check=True, capture_output=True)


def test_untracked_sees_new_and_ignored_files_but_not_caches(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    (tmp_path / ".gitignore").write_text("*.sqlite3\n", encoding="utf-8")
    _git(tmp_path, "add", ".gitignore")
    before = conftest.untracked(tmp_path)
    assert before == frozenset()
    (tmp_path / "notes.sqlite3").write_bytes(b"")
    (tmp_path / "notes.sqlite3-wal").write_bytes(b"")
    (tmp_path / "pkg" / "__pycache__").mkdir(parents=True)
    (tmp_path / "pkg" / "__pycache__" / "m.pyc").write_bytes(b"")
    (tmp_path / ".pytest_cache").mkdir()
    (tmp_path / ".coverage.host.1").write_bytes(b"")
    assert conftest.untracked(tmp_path) == frozenset(
        {"notes.sqlite3", "notes.sqlite3-wal"}
    )


def test_ci_artifacts_are_a_declared_output(tmp_path: Path) -> None:
    # .ci/steps/50-browser writes its screenshot there; the guard failed it.
    _git(tmp_path, "init", "-q")
    shots = tmp_path / conftest.ARTIFACTS
    shots.mkdir(parents=True)
    (shots / "docs-page.png").write_bytes(b"")
    (tmp_path / "stray" / conftest.ARTIFACTS).mkdir(parents=True)
    (tmp_path / "stray" / conftest.ARTIFACTS / "x.png").write_bytes(b"")
    assert conftest.untracked(tmp_path) == frozenset({"stray/"})


def test_untracked_is_none_outside_a_checkout(tmp_path: Path) -> None:
    assert conftest.untracked(tmp_path / "missing") is None


def test_tests_run_with_the_environment_as_it_was() -> None:
    # NOTES_DB points at a temporary folder during collection only.
    folder = conftest._state.get("folder")
    assert isinstance(folder, str)
    assert not os.environ.get("NOTES_DB", "").startswith(folder)
