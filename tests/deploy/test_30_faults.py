"""Faults under load: a worker killed, a host killed, a planned stop, a partition.

Each run is 20 s of load with the fault at 8 s (the host crash: 40 s, since
its failures are bounded by the requests in flight, not by time, and the
0.1% bound needs enough requests on a slow machine); each restores what it
broke.
"""

from __future__ import annotations

import signal
import time
from typing import Any

import pytest

from deploy import procs
from deploy.stack import Stack
from tests.deploy.conftest import (
    FIGURES,
    LoadRun,
    run_load,
    truncate_notes,
    verify_writes,
)

RUN_SECONDS = 20
HOST_CRASH_SECONDS = 40
FAULT_AT = 8.0
RESTORE_AT = 14.0


def record(name: str, run: LoadRun, writes: dict[str, int], **extra: Any) -> None:
    FIGURES[name] = {**run.summary(), **writes, **extra}


def test_kill_one_worker(stack: Stack) -> None:
    truncate_notes(stack)
    found: dict[str, Any] = {}

    def kill() -> None:
        victim = stack.workers("host1")[0]
        procs.signal_pid(victim, signal.SIGKILL)
        found["victim"] = victim
        found["replaced_s"] = procs.wait_until(
            lambda: len(set(stack.workers("host1")) - {victim}) == 2, 10, "replacement"
        )

    run = run_load(stack, RUN_SECONDS, [(FAULT_AT, kill)])
    writes = verify_writes(stack, run)
    record("fault_kill_worker", run, writes, replaced_s=round(found["replaced_s"], 2))
    assert writes["missing"] == 0
    assert writes["acked_twice"] == writes["duplicate_titles"] == 0
    assert run.failed <= 1
    assert run.failed_by_method("GET") == 0
    assert found["replaced_s"] <= 2.0


def test_kill_a_host_and_restart_it(stack: Stack) -> None:
    truncate_notes(stack)
    found: dict[str, Any] = {}

    def crash() -> None:
        found["killed"] = len(stack.kill_host("host1"))

    def restart() -> None:
        found["serving_s"] = stack.start_host("host1")

    run = run_load(
        stack, HOST_CRASH_SECONDS, [(FAULT_AT, crash), (RESTORE_AT, restart)]
    )
    writes = verify_writes(stack, run)
    served_by_host1_after = sum(
        1
        for line in run.nginx_lines[-200:]
        if line[3].startswith(stack.host("host1").addr) and line[2].startswith("2")
    )
    record(
        "fault_kill_host",
        run,
        writes,
        killed_processes=found["killed"],
        serving_again_s=round(found["serving_s"], 2),
        host1_2xx_in_last_200=served_by_host1_after,
    )
    assert found["killed"] >= 3  # master and two workers
    assert writes["missing"] == 0
    assert writes["acked_twice"] == writes["duplicate_titles"] == 0
    assert run.failed <= 16
    assert run.failed <= 0.001 * run.requests
    assert run.failed_by_method("GET") == 0
    assert found["serving_s"] <= 5.0
    assert served_by_host1_after > 0


def test_planned_stop(stack: Stack) -> None:
    truncate_notes(stack)

    def drain_and_stop() -> None:
        stack.drain("host1")
        time.sleep(1.0)
        stack.stop_host("host1")

    def restore() -> None:
        stack.start_host("host1")
        stack.drain("host1", drained=False)

    run = run_load(stack, RUN_SECONDS, [(6.0, drain_and_stop), (RESTORE_AT, restore)])
    writes = verify_writes(stack, run)
    # A reload closes idle keep-alive connections: wrk counts a read error
    # where a real client would re-send. Counted apart, not failures.
    record("fault_planned_stop", run, writes)
    assert run.non_2xx == 0
    assert writes["missing"] == 0
    assert writes["acked_twice"] == writes["duplicate_titles"] == 0
    assert run.failed_by_method("GET") == 0


def test_partition(stack: Stack) -> None:
    if stack.net.mode != "netns":
        # The documented cost of the loopback fallback: no link to take down.
        pytest.skip(f"a partition needs network namespaces: {stack.net.note}")
    truncate_notes(stack)
    host = stack.host("host1")

    def cut() -> None:
        stack.net.partition(host, cut=True)

    def heal() -> None:
        stack.net.partition(host, cut=False)

    try:
        run = run_load(stack, RUN_SECONDS, [(FAULT_AT, cut), (RESTORE_AT, heal)])
    finally:
        heal()
    time.sleep(1.0)  # let writes stalled on the cut host finish
    writes = verify_writes(stack, run)
    record("fault_partition", run, writes)
    assert writes["missing"] == 0
    assert writes["acked_twice"] == writes["duplicate_titles"] == 0
    assert run.failed_by_method("GET") == 0
