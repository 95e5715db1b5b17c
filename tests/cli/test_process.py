"""restcore.cli.process, the reload protocol, exercised in this process.

Every child started here is stopped here, by its ``ServingChild``.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from restcore.cli import process

DEADLINE = 20.0


def wait_for(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + DEADLINE
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_bind_socket_closes_its_socket_when_bind_fails() -> None:
    before = len(os.listdir("/proc/self/fd"))
    # TEST-NET-1 (RFC 5737) is no address of this machine: bind() fails.
    with pytest.raises(OSError, match="assign requested address"):
        process.bind_socket("192.0.2.1", 0)
    assert len(os.listdir("/proc/self/fd")) == before


def test_exit_with_parent_without_a_pipe_does_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(process.PARENT_FD_VARIABLE, raising=False)
    threads = threading.active_count()
    process.exit_with_parent()
    assert threading.active_count() == threads


def test_exit_with_parent_signals_itself_when_the_pipe_closes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    read_end, write_end = os.pipe()
    signalled = threading.Event()
    sent: list[tuple[int, int]] = []

    def fake_kill(pid: int, signum: int) -> None:
        sent.append((pid, signum))
        signalled.set()

    monkeypatch.setenv(process.PARENT_FD_VARIABLE, str(read_end))
    monkeypatch.setattr(process.os, "kill", fake_kill)
    try:
        process.exit_with_parent()
        os.write(write_end, b"x")  # alive: keeps waiting
        assert not signalled.wait(0.1)
        os.close(write_end)
        assert signalled.wait(DEADLINE)
    finally:
        os.close(read_end)
    assert sent == [(os.getpid(), process.signal.SIGTERM)]


def _child(command: list[str]) -> process.ServingChild:
    """A ServingChild running ``command`` instead of ``restcore serve``."""
    child = process.ServingChild.__new__(process.ServingChild)
    with process.bind_socket("127.0.0.1", 0) as sock:
        child.command = command
        child.server_fd = os.dup(sock.fileno())
    child.process = None
    child.exit_reported = False
    return child


def test_stop_kills_a_child_that_ignores_sigterm(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    ready = tmp_path / "ready"
    code = (
        "import signal, sys, time, pathlib; "
        "signal.signal(signal.SIGTERM, signal.SIG_IGN); "
        f"pathlib.Path({str(ready)!r}).touch(); time.sleep(60)"
    )
    monkeypatch.setattr(process, "STOP_TIMEOUT", 0.2)
    child = _child([sys.executable, "-c", code])
    try:
        child.start()
        wait_for(ready.exists)
        running = child.process
        assert running is not None
        child.stop()
        assert running.returncode == -process.signal.SIGKILL
        assert child.process is None
        child.stop()  # stopping twice is harmless
    finally:
        if child.process is not None:
            child.process.kill()
            child.process.wait()
        os.close(child.server_fd)
    assert "did not stop in 0.2 s; killing" in capsys.readouterr().err


def test_report_exit_logs_once_when_the_child_exits(
    capsys: pytest.CaptureFixture[str],
) -> None:
    child = _child([sys.executable, "-c", "raise SystemExit(3)"])
    try:
        child.report_exit()  # no child yet
        child.start()
        running = child.process
        assert running is not None
        running.wait()
        child.report_exit()
        child.report_exit()
        child.restart()
        assert child.process is not running
    finally:
        child.stop()
        os.close(child.server_fd)
    assert capsys.readouterr().err.count("exited with status 3") == 1
