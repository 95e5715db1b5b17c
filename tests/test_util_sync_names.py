"""restcore.util names the sync helpers lazily: its list is sync's ``__all__``."""

from __future__ import annotations

import subprocess
import sys

import restcore.util
import restcore.util.sync


def test_the_lazy_names_are_the_sync_module_names() -> None:
    # (util keeps its own copy so that naming one does not import asyncio)
    assert sorted(restcore.util._SYNC_NAMES) == sorted(restcore.util.sync.__all__)
    for name in restcore.util._SYNC_NAMES:
        assert getattr(restcore.util, name) is getattr(restcore.util.sync, name)


def test_importing_util_does_not_import_asyncio() -> None:
    code = "import sys, restcore.util; print('asyncio' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "False"
