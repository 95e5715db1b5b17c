"""Every ```python block of README.md and docs/**/*.md runs (issue 18, item 4).

Each Markdown file runs in its own interpreter (a sample may install the
``falcon`` alias or change global state), its blocks in order in one
namespace, from the repository root. ``RESTCORE_DOCS_ROOT`` points the
collector at another tree (the broken-copy test below uses it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.docs import samples

ROOT = Path(os.environ.get("RESTCORE_DOCS_ROOT", samples.TOP)).resolve()
FILES = [path for path in samples.markdown_files(ROOT) if path.exists()]
WITH_PYTHON = [
    path for path in FILES if samples.python_blocks(path.read_text(encoding="utf-8"))
]


def run_samples(path: Path, root: Path) -> subprocess.CompletedProcess[str]:
    # The notes example opens $NOTES_DB (default ./notes.sqlite3) when imported:
    # a sample's database goes to a temporary folder, never into the checkout.
    database = Path(tempfile.mkdtemp()) / "notes.sqlite3"
    return subprocess.run(
        [sys.executable, str(Path(samples.__file__)), str(path), str(root)],
        env={**os.environ, "NOTES_DB": str(database)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    "path", WITH_PYTHON, ids=[str(path.relative_to(ROOT)) for path in WITH_PYTHON]
)
def test_python_blocks_run(path: Path) -> None:
    before = set(os.listdir(ROOT))
    done = run_samples(path, ROOT)
    assert done.returncode == 0, done.stderr
    # A sample leaves nothing behind in the checkout (a database, a file);
    # coverage's data file of the sample's process is CI's, not the sample's.
    new = set(os.listdir(ROOT)) - before - {"__pycache__"}
    assert {name for name in new if not name.startswith(".coverage.")} == set()


def test_collector_sees_the_docs() -> None:
    # README.md's first block and the docs' samples are collected: an empty
    # collection would pass vacuously.
    count = sum(
        len(samples.python_blocks(path.read_text(encoding="utf-8"))) for path in FILES
    )
    assert ROOT / "README.md" in WITH_PYTHON
    assert count >= 5


def test_fence_parsing() -> None:
    text = (
        "Intro\n\n```python\nx = 1\n```\n\n````md\n```python\nnot = run\n```\n````\n"
        "~~~python\ny = x + 1\n~~~\n\n```pycon\n>>> 1\n```\n"
        "  ```python\n  z = y\n  ```\n"
    )
    found = samples.python_blocks(text)
    assert [block.text for block in found] == ["x = 1\n", "y = x + 1\n", "z = y\n"]
    assert [block.line for block in found] == [4, 13, 20]


def test_a_broken_sample_fails_the_collector(tmp_path: Path) -> None:
    # A copy of README.md and docs/ whose quickstart sample raises: the
    # collector, run by pytest on that copy, must fail and name the block.
    shutil.copy(samples.TOP / "README.md", tmp_path / "README.md")
    shutil.copytree(
        samples.TOP / "docs", tmp_path / "docs", ignore=shutil.ignore_patterns("_build")
    )
    # The samples import examples/ from the copy, and restcore as installed
    # (a copy of restcore/ would be measured by coverage as another package).
    shutil.copytree(samples.TOP / "examples", tmp_path / "examples")
    quickstart = tmp_path / "docs" / "quickstart.md"
    text = quickstart.read_text(encoding="utf-8")
    broken = text.replace("```python\n", "```python\nraise RuntimeError('broken')\n", 1)
    assert broken != text
    quickstart.write_text(broken, encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--no-cov",
            str(Path(__file__)),
            "-k",
            "test_python_blocks_run",
        ],
        cwd=samples.TOP,
        env={**os.environ, "RESTCORE_DOCS_ROOT": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "1 failed" in done.stdout
    assert "quickstart.md" in done.stdout
    assert "RuntimeError: broken" in done.stdout
