"""Options and guards shared by the whole suite.

Guard: a test run leaves nothing in the checkout. The notes example opens
``$NOTES_DB`` (default ``./notes.sqlite3``) when imported, and test modules
import it at collection (tests/openapi/notes_apps.py), so ``NOTES_DB`` points
at a temporary folder while tests are collected (tests themselves see the
environment as it was); and the session fails if the checkout gained
untracked files (caches aside) while it ran.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

TOP = Path(__file__).resolve().parent.parent
# What a run may leave: interpreter and tool caches, coverage data.
CACHES = frozenset(
    {"__pycache__", ".pytest_cache", ".hypothesis", ".mypy_cache", ".ruff_cache"}
)

# Where .ci/steps put what a run is meant to leave behind.
ARTIFACTS = ".ci/artifacts"

_state: dict[str, object] = {}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--run-deploy",
        action="store_true",
        default=False,
        help="run tests/deploy: the nginx + gunicorn + PostgreSQL stack (root)",
    )


def untracked(top: Path) -> frozenset[str] | None:
    """Return the untracked paths of the git checkout ``top``, caches aside.

    Ignored files count too (``notes.sqlite3`` is in .gitignore); an
    untracked folder is one entry. None when ``top`` is not a git checkout.
    """
    try:
        done = subprocess.run(
            [
                "git",
                *("-C", str(top), "ls-files", "-z", "--others"),
                *("--directory", "--no-empty-directory"),
                *(f"--exclude={name}/" for name in sorted(CACHES)),
                "--exclude=.coverage*",
                # CI's declared output (the browser step's screenshot).
                f"--exclude=/{ARTIFACTS}/",
            ],
            capture_output=True,
            timeout=120,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    return frozenset(
        path
        for path in done.stdout.decode("utf-8", "surrogateescape").split("\0")
        if path
    )


def pytest_configure(config: pytest.Config) -> None:
    folder = tempfile.mkdtemp(prefix="restcore-tests-")
    _state["folder"] = folder
    _state["saved_notes_db"] = os.environ.get("NOTES_DB")
    os.environ["NOTES_DB"] = os.path.join(folder, "notes.sqlite3")


def pytest_collection_finish(session: pytest.Session) -> None:
    if "saved_notes_db" not in _state:
        return
    saved = _state.pop("saved_notes_db")
    if saved is None:
        os.environ.pop("NOTES_DB", None)
    else:
        os.environ["NOTES_DB"] = str(saved)


def pytest_unconfigure(config: pytest.Config) -> None:
    folder = _state.pop("folder", None)
    if folder is not None:
        shutil.rmtree(str(folder), ignore_errors=True)


def pytest_sessionstart(session: pytest.Session) -> None:
    _state["before"] = untracked(TOP)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    before = _state.get("before")
    after = untracked(TOP)
    if not isinstance(before, frozenset) or after is None:
        return
    gained = sorted(after - before)
    if not gained:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    message = "the test run left files in the checkout: " + ", ".join(gained)
    if reporter is not None:
        reporter.write_line(f"ERROR: {message}", red=True, bold=True)
    if session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
