"""Auto-reload: a supervisor that restarts the dev server when code changes.

The supervisor binds the listening socket once and runs ``restcore serve``
in a child process that inherits it, so the port (even ``--port 0``) stays
the same across restarts and connections made during a restart wait in the
backlog instead of being refused. On a change to a ``.py`` file under the
watched directories, the child gets SIGTERM (SIGKILL after 5 s) and a new
one starts; an app that fails to import is the child's problem (it logs the
traceback and answers 500), so the supervisor never dies of user code.

Changes come from ``watchfiles`` when it is installed (``restcore[dev]``),
else from a scan of modification times every half second; set
``RESTCORE_RELOAD_POLLING=1`` to force the scan. SIGINT and SIGTERM stop the
child, then the supervisor. A child whose supervisor dies exits too: it
watches a pipe whose write end only the supervisor holds.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import Protocol

from restcore.cli.process import ServingChild, bind_socket, log

__all__ = ("PollingWatcher", "WatchfilesWatcher", "choose_watcher", "run_supervisor")

POLL_INTERVAL = 0.5
_SKIPPED_DIRS = frozenset({"__pycache__", "node_modules", "site-packages"})

Snapshot = dict[str, tuple[int, int]]


class Watcher(Protocol):
    """Yields the set of changed paths (empty on a quiet tick) until stopped."""

    def changes(self, stop: threading.Event) -> Iterator[set[str]]:
        """Yield changed ``.py`` paths, or an empty set about every 0.5 s."""
        ...


class PollingWatcher:
    """Scan ``.py`` files' modification times and sizes every ``interval`` s.

    Hidden directories, ``__pycache__``, ``node_modules`` and
    ``site-packages`` are skipped.

    Args:
        directories: The directories to watch, recursively.
        interval: Seconds between scans.
    """

    name = "polling"

    def __init__(self, directories: Sequence[Path], interval: float = POLL_INTERVAL):
        self.directories = directories
        self.interval = interval

    def changes(self, stop: threading.Event) -> Iterator[set[str]]:
        """Yield the paths added, removed or modified since the last scan."""
        previous = self.snapshot()
        while not stop.wait(self.interval):
            current = self.snapshot()
            yield {
                path
                for path in previous.keys() | current.keys()
                if previous.get(path) != current.get(path)
            }
            previous = current

    def snapshot(self) -> Snapshot:
        """Map every watched ``.py`` file to ``(mtime_ns, size)``."""
        found: Snapshot = {}
        for directory in self.directories:
            for root, dirs, files in os.walk(directory):
                dirs[:] = [
                    name
                    for name in dirs
                    if not name.startswith(".") and name not in _SKIPPED_DIRS
                ]
                for name in files:
                    if name.endswith(".py"):
                        path = os.path.join(root, name)
                        try:
                            stat = os.stat(path)
                        except OSError:
                            continue  # removed between listing and stat
                        found[path] = (stat.st_mtime_ns, stat.st_size)
        return found


class WatchfilesWatcher:
    """Take change notifications from ``watchfiles`` (inotify on Linux).

    Args:
        directories: The directories to watch, recursively.
    """

    name = "watchfiles"

    def __init__(self, directories: Sequence[Path]):
        self.directories = directories

    def changes(self, stop: threading.Event) -> Iterator[set[str]]:
        """Yield the ``.py`` paths watchfiles reports, or ``set()`` on a timeout."""
        import watchfiles

        for batch in watchfiles.watch(
            *self.directories,
            watch_filter=watchfiles.PythonFilter(),
            stop_event=stop,
            rust_timeout=int(POLL_INTERVAL * 1000),
            yield_on_timeout=True,
            raise_interrupt=False,
        ):
            yield {path for _, path in batch}


def choose_watcher(directories: Sequence[Path]) -> PollingWatcher | WatchfilesWatcher:
    """Use watchfiles when importable and polling is not forced by the environment.

    Args:
        directories: The directories to watch.
    """
    if not os.environ.get("RESTCORE_RELOAD_POLLING"):
        try:
            import watchfiles  # noqa: F401 - probing whether it is installed
        except ImportError:
            pass
        else:
            return WatchfilesWatcher(directories)
    return PollingWatcher(directories)


def run_supervisor(app: str, host: str, port: int, reload_dirs: Sequence[str]) -> int:
    """Serve ``app`` from a child process, restarting it on each change.

    Args:
        app: The ``MODULE:APP`` text, passed to the child.
        host: The address to bind.
        port: The port to bind (0: a free one, kept across restarts).
        reload_dirs: Directories to watch; empty means the current directory.

    Returns:
        The exit status (0 after SIGINT or SIGTERM).
    """
    directories = [Path(d).resolve() for d in reload_dirs or [os.getcwd()]]
    watcher = choose_watcher(directories)
    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    with bind_socket(host, port) as sock:
        where = ", ".join(str(d) for d in directories)
        log(f"watching {where} for changes ({watcher.name})")
        child = ServingChild(app, host, sock.getsockname()[1], sock.fileno())
        try:
            for changed in watcher.changes(stop):
                if changed:
                    log(f"{_describe(changed)} changed; restarting")
                    child.restart()
                else:
                    child.report_exit()
        finally:
            child.stop()
    log("stopped")
    return 0


def _describe(paths: set[str]) -> str:
    names = sorted(paths)
    return ", ".join(names[:3]) + (
        f" and {len(names) - 3} more" if len(names) > 3 else ""
    )
