"""The deploy tests: one stack for the whole run, load, and what to check after.

Skipped unless ``--run-deploy`` is given; with it, a missing piece (root,
nginx, wrk, PostgreSQL, namespaces tools) fails the run instead. Every load
is wrk with ``-d`` under ``timeout``, against 127.0.0.1 only (nginx). The
figures each test measures are printed in a "deploy figures" section at the
end of the run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from deploy import procs
from deploy import stack as stack_module

HERE = Path(__file__).parent
LUA = HERE.parent.parent / "deploy" / "notes.lua"
FIGURES: dict[str, Any] = {}


def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    if config.getoption("--run-deploy"):
        return
    skip = pytest.mark.skip(reason="the deploy stack runs only with --run-deploy")
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if FIGURES:
        terminalreporter.section("deploy figures")
        for name, figures in FIGURES.items():
            terminalreporter.write_line(f"{name}: {json.dumps(figures)}")


@pytest.fixture(scope="session")
def stack() -> Iterator[stack_module.Stack]:
    missing = stack_module.missing_pieces()
    if missing:
        pytest.fail("the deploy stack needs: " + "; ".join(missing))
    base = Path(f"/tmp/restcore-deploy-{os.getpid()}")
    started = time.monotonic()
    running = stack_module.up(base, loopback=bool(os.environ.get("DEPLOY_LOOPBACK")))
    FIGURES["stack"] = {
        "mode": running.net.mode,
        "note": running.net.note,
        "up_s": round(time.monotonic() - started, 2),
    }
    try:
        yield running
    finally:
        started = time.monotonic()
        stack_module.down(running, keep=bool(os.environ.get("DEPLOY_KEEP")))
        FIGURES["stack"]["down_s"] = round(time.monotonic() - started, 2)
        FIGURES["stack"]["left_behind"] = stack_module.leftovers(running)


# -- load -----------------------------------------------------------------


@dataclass
class LoadRun:
    """What one wrk run saw."""

    wrk: dict[str, Any]
    acked: list[str]
    nginx_lines: list[list[str]]
    ended_at: float
    rss: dict[int, list[int]] = field(default_factory=dict)

    @property
    def requests(self) -> int:
        return int(self.wrk["requests"])

    @property
    def rps(self) -> float:
        return self.requests / (self.wrk["duration_us"] / 1e6)

    @property
    def socket_errors(self) -> int:
        return sum(self.wrk[name] for name in ("connect", "read", "write", "timeout"))

    @property
    def non_2xx(self) -> int:
        return sum(
            count
            for code, count in self.wrk["codes"].items()
            if not 200 <= int(code) < 300
        )

    @property
    def failed(self) -> int:
        """Requests the client saw fail: non-2xx plus socket errors."""
        return self.non_2xx + self.socket_errors

    def failed_by_method(self, method: str) -> int:
        """Failures nginx logged for ``method`` while the load ran.

        5xx at any time; 499 (client gave up) only before wrk's end, when it
        is a real timeout rather than wrk closing its connections.
        """
        count = 0
        for line in self.nginx_lines:
            stamp, line_method, status = float(line[0]), line[1], int(line[2])
            if line_method != method:
                continue
            if status >= 500 or (status == 499 and stamp < self.ended_at - 0.5):
                count += 1
        return count

    def summary(self) -> dict[str, Any]:
        return {
            "requests": self.requests,
            "rps": round(self.rps, 1),
            "p50_ms": round(self.wrk["p50_us"] / 1000, 1),
            "p99_ms": round(self.wrk["p99_us"] / 1000, 1),
            "codes": self.wrk["codes"],
            "socket_errors": {
                name: self.wrk[name] for name in ("connect", "read", "write", "timeout")
            },
            "acked_writes": len(self.acked),
            "failed_get": self.failed_by_method("GET"),
            "failed_post": self.failed_by_method("POST"),
        }


def _sample_rss(
    pids: Callable[[], list[int]], into: dict[int, list[int]], stop: threading.Event
) -> None:
    while not stop.wait(0.5):
        for pid in pids():
            rss = _status_kib(pid, "VmRSS")
            if rss is not None:
                into.setdefault(pid, []).append(rss)


def _status_kib(pid: int, name: str) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(name + ":"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        return None
    return None


def status_kib(pid: int, name: str) -> int:
    """A ``/proc/<pid>/status`` figure in KiB (VmRSS, VmHWM)."""
    value = _status_kib(pid, name)
    assert value is not None, f"process {pid} is gone"
    return value


def run_load(
    stack: stack_module.Stack,
    seconds: int,
    events: Sequence[tuple[float, Callable[[], None]]] = (),
    sample_rss: bool = False,
) -> LoadRun:
    """Run wrk (2 threads, 16 connections) for ``seconds``, firing ``events``.

    Each event is (seconds after the start, callable), run in this thread
    while wrk runs.
    """
    run_dir = stack.base / f"load-{time.monotonic_ns()}"
    run_dir.mkdir()
    access_log = stack.base / "nginx" / "access.log"
    offset = access_log.stat().st_size if access_log.exists() else 0
    env = {**os.environ, "ACKED_DIR": str(run_dir), "RUN_ID": run_dir.name[5:]}
    argv = [
        "timeout", str(seconds + 20), "wrk", "-t2", "-c16", f"-d{seconds}s",
        "--timeout", "5s", "-s", str(LUA), stack.url + "/",
    ]  # fmt: skip
    rss: dict[int, list[int]] = {}
    stop = threading.Event()
    sampler = threading.Thread(
        target=_sample_rss,
        args=(lambda: [p for h in stack.masters for p in stack.workers(h)], rss, stop),
    )
    if sample_rss:
        sampler.start()
    started = time.monotonic()
    wrk = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True, env=env)
    try:
        for at, action in sorted(events, key=lambda event: event[0]):
            time.sleep(max(0.0, started + at - time.monotonic()))
            action()
        out, _ = wrk.communicate(timeout=seconds + 30)
    finally:
        if wrk.poll() is None:
            wrk.kill()
            wrk.wait()
        stop.set()
        if sample_rss:
            sampler.join()
    ended_at = time.time()
    result = next(
        (line for line in out.splitlines() if line.startswith("WRKJSON ")), None
    )
    assert result is not None, f"wrk printed no summary:\n{out}"
    time.sleep(0.5)  # let nginx write its last lines
    with access_log.open() as log:
        log.seek(offset)
        nginx_lines = [line.split() for line in log if line.strip()]
    acked = [
        line.strip()
        for path in sorted(run_dir.glob("acked-*.txt"))
        for line in path.read_text().splitlines()
        if line.strip()
    ]
    shutil.rmtree(run_dir)
    return LoadRun(json.loads(result[8:]), acked, nginx_lines, ended_at, rss)


# -- checks after a run -----------------------------------------------------


def truncate_notes(stack: stack_module.Stack) -> None:
    assert stack.pg is not None
    stack.pg.psql("TRUNCATE notes", "notes")


def verify_writes(stack: stack_module.Stack, run: LoadRun) -> dict[str, int]:
    """Acknowledged writes against the database: missing and duplicates."""
    assert stack.pg is not None
    rows = stack.pg.psql("SELECT id, title FROM notes", "notes").splitlines()
    ids = {int(row.split("|")[0]) for row in rows}
    titles = [row.split("|", 1)[1] for row in rows]
    acked_ids = [int(location.rsplit("/", 1)[1]) for location in run.acked]
    return {
        "acked": len(acked_ids),
        "stored": len(ids),
        "missing": len(set(acked_ids) - ids),
        "acked_twice": len(acked_ids) - len(set(acked_ids)),
        "duplicate_titles": len(titles) - len(set(titles)),
    }


def rss_growth_kib(run: LoadRun) -> dict[int, int]:
    """Per worker: last sample minus first after the first 20% (warm-up)."""
    growth = {}
    for pid, samples in run.rss.items():
        kept = samples[len(samples) // 5 :]
        if len(kept) >= 2:
            growth[pid] = kept[-1] - kept[0]
    return growth


def whoami(url: str, *curl: str, headers: dict[str, str] | None = None) -> Any:
    """GET /whoami with curl (optionally from another host); the JSON."""
    argv = list(curl) or ["curl"]
    argv += ["-sS", "--max-time", "5", "--noproxy", "*"]
    for name, value in (headers or {}).items():
        argv += ["-H", f"{name}: {value}"]
    return json.loads(procs.run([*argv, url + "/whoami"]))
