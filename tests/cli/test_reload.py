"""restcore.cli.reload's watchers, in this process (serving is test_serve.py's)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from restcore.cli import reload


def test_snapshot_skips_a_file_removed_while_scanning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "kept.py").write_text("")
    (tmp_path / "gone.py").write_text("")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "skipped.py").write_text("")
    real_stat = os.stat

    def stat(path: str) -> os.stat_result:
        if path.endswith("gone.py"):
            raise FileNotFoundError(path)
        return real_stat(path)

    monkeypatch.setattr(reload.os, "stat", stat)
    assert list(reload.PollingWatcher([tmp_path]).snapshot()) == [
        str(tmp_path / "kept.py")
    ]


def test_polling_is_chosen_when_watchfiles_cannot_be_imported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RESTCORE_RELOAD_POLLING", raising=False)
    monkeypatch.setitem(sys.modules, "watchfiles", None)
    assert isinstance(reload.choose_watcher([tmp_path]), reload.PollingWatcher)
