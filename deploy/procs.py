"""Starting, watching and stopping processes by PID (never by name)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path

# The processes we started, until they are reaped: a Popen collected while
# its process runs warns ResourceWarning, and our children must be waited for.
_STARTED: dict[int, subprocess.Popen[bytes]] = {}


def spawn(
    argv: Sequence[str],
    log: Path,
    env: dict[str, str] | None = None,
    cwd: str | None = None,
) -> subprocess.Popen[bytes]:
    """Start ``argv`` in its own process group, output to ``log``."""
    with log.open("ab") as out:
        process = subprocess.Popen(
            list(argv),
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            cwd=cwd,
            start_new_session=True,
        )
    _STARTED[process.pid] = process
    return process


def is_alive(pid: int) -> bool:
    """Tell whether ``pid`` is a live process (a zombie counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state not in ("Z", "X")


def children(pid: int) -> list[int]:
    """The direct children of ``pid``."""
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except FileNotFoundError:
        return []
    return [int(part) for part in text.split()]


def signal_pid(pid: int, sig: int) -> None:
    """Send ``sig`` to ``pid`` if it still exists."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, sig)


def reap(pid: int) -> None:
    """Collect ``pid`` if it is our child (so it does not stay a zombie)."""
    process = _STARTED.get(pid)
    if process is None:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
    elif process.poll() is not None:
        del _STARTED[pid]


def wait_gone(pids: Sequence[int], timeout: float) -> list[int]:
    """Wait until every PID is gone; return those still alive at the end."""
    deadline = time.monotonic() + timeout
    alive = list(pids)
    while alive and time.monotonic() < deadline:
        for pid in alive:
            reap(pid)
        alive = [pid for pid in alive if is_alive(pid)]
        if alive:
            time.sleep(0.05)
    return alive


def stop(pids: Sequence[int], sig: int = signal.SIGTERM, timeout: float = 10.0) -> None:
    """Send ``sig``, wait up to ``timeout``, then SIGKILL what is left."""
    for pid in pids:
        signal_pid(pid, sig)
    for pid in wait_gone(pids, timeout):
        signal_pid(pid, signal.SIGKILL)
    wait_gone(pids, 5.0)


def wait_until(
    predicate: Callable[[], bool], timeout: float, what: str, pid: int | None = None
) -> float:
    """Poll every 50 ms until ``predicate()``; return the seconds it took.

    Raises:
        TimeoutError: Not true within ``timeout``, or ``pid`` exited.
    """
    start = time.monotonic()
    while not predicate():
        if pid is not None and not is_alive(pid):
            reap(pid)
            raise TimeoutError(f"{what}: process {pid} exited (see its log)")
        if time.monotonic() - start > timeout:
            raise TimeoutError(f"{what}: not ready after {timeout} s")
        time.sleep(0.05)
    return time.monotonic() - start


def http_ok(url: str, timeout: float = 1.0) -> bool:
    """Tell whether ``url`` answers 2xx (no proxy is ever used)."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=timeout) as response:
            return 200 <= int(response.status) < 300
    except (OSError, urllib.error.URLError):
        return False


def run(
    argv: Sequence[str], env: dict[str, str] | None = None, timeout: float = 60.0
) -> str:
    """Run a short command and return its output; raise if it fails."""
    result = subprocess.run(
        list(argv), capture_output=True, text=True, env=env, timeout=timeout
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"{' '.join(argv)} exited {result.returncode}: {result.stderr.strip()}"
        )
    return result.stdout


def listening_ports() -> set[tuple[str, int]]:
    """(address, port) of every TCP socket listening in this namespace."""
    found: set[tuple[str, int]] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except FileNotFoundError:
            continue
        for line in lines:
            fields = line.split()
            if fields[3] != "0A":  # TCP_LISTEN
                continue
            address, port = fields[1].split(":")
            found.add((_hex_address(address), int(port, 16)))
    return found


def _hex_address(text: str) -> str:
    if len(text) == 8:
        return ".".join(str(int(text[i : i + 2], 16)) for i in (6, 4, 2, 0))
    return text  # IPv6: compared by port only
