"""restcore (typed, msgspec) vs FastAPI (pydantic), both under granian, wrk locally.

Setup (kept out of the test extra; a separate virtualenv)::

    python3 -m venv /tmp/benchvenv
    /tmp/benchvenv/bin/pip install fastapi granian uvloop -e .
    /tmp/benchvenv/bin/python tests/bench/bench_vs_fastapi.py [--seconds 5] [--rounds 3]

(or, without installing restcore there, any venv with fastapi, granian,
msgspec and orjson: the servers get this checkout first on PYTHONPATH.)

Needs ``wrk`` (apt-get install -y wrk). One granian worker per framework
(WSGI for restcore, ASGI for FastAPI), both started by this script and
stopped by PID. Before timing, every endpoint's JSON is compared between the
two. Rounds alternate the frameworks per endpoint; the figure is the median
round. Bounded: at most 150 s of wrk (default 90 s), refused above.
Not collected by pytest.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from typing import Any

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench.bench_typed import ORDER_BYTES  # noqa: E402

ENDPOINTS = [
    ("GET /items/{id}?q=", "GET", "/items/42?q=chair", None),
    ("POST /orders (1 KiB)", "POST", "/orders", ORDER_BYTES),
    ("GET /items?limit=20", "GET", "/items?limit=20&offset=40", None),
]
# The whole run stays under 3 minutes: wrk time plus ~15 s of starts and checks.
_MAX_TIMED_SECONDS = 150
SERVERS = [
    ("restcore", "wsgi", "tests.bench.vs_fastapi_apps:restcore_app"),
    ("fastapi", "asgi", "tests.bench.vs_fastapi_apps:fastapi_app"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _start(interface: str, target: str, port: int) -> subprocess.Popen[bytes]:
    granian = shutil.which("granian", path=os.path.dirname(sys.executable))
    if granian is None:
        raise SystemExit("granian is not installed in this environment")
    command = [
        granian,
        "--interface",
        interface,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        "1",
        "--no-ws",
        "--log-level",
        "warning",
        target,
    ]
    process = subprocess.Popen(
        command, cwd=ROOT, env=_child_env(), start_new_session=True
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process
        except OSError:
            time.sleep(0.1)
    _stop(process)
    raise SystemExit(f"{target} did not start")


def _child_env() -> dict[str, str]:
    """This checkout first on the path: the venv may hold another restcore."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT), *filter(None, [env.get("PYTHONPATH")])]
    )
    return env


def _check_restcore_is_this_checkout() -> None:
    found = subprocess.run(
        [sys.executable, "-c", "import restcore; print(restcore.__file__)"],
        cwd=ROOT,
        env=_child_env(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not pathlib.Path(found).is_relative_to(ROOT):
        raise SystemExit(f"the servers would import restcore from {found}, not {ROOT}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _fetch(port: int, method: str, path: str, body: bytes | None) -> tuple[int, Any]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=body,
        method=method,
        headers={"Content-Type": "application/json"} if body else {},
    )
    with urllib.request.urlopen(request) as response:
        return response.status, json.loads(response.read())


def _lua(method: str, body: bytes | None, directory: str) -> str:
    script = pathlib.Path(directory) / f"{method.lower()}.lua"
    lines = [f'wrk.method = "{method}"']
    if body:
        lines.append(f"wrk.body = {json.dumps(body.decode())}")
        lines.append('wrk.headers["Content-Type"] = "application/json"')
    script.write_text("\n".join(lines) + "\n")
    return str(script)


def _wrk(port: int, path: str, script: str, seconds: int) -> tuple[float, float]:
    command = [
        "wrk",
        "-t1",
        "-c16",
        f"-d{seconds}s",
        "--latency",
        "-s",
        script,
        f"http://127.0.0.1:{port}{path}",
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", output)
    assert p99 is not None, output
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99[2]]
    return rate, float(p99[1]) * scale


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    budget = len(ENDPOINTS) * len(SERVERS) * args.rounds * args.seconds
    if budget > _MAX_TIMED_SECONDS:
        parser.error(
            f"{args.rounds} rounds of {args.seconds} s time {budget} s; "
            f"keep it under {_MAX_TIMED_SECONDS} s (the whole run under 3 minutes)"
        )
    started = time.monotonic()
    print(f"load average before: {_load()}; {budget} s of wrk", flush=True)
    _check_restcore_is_this_checkout()
    ports = {name: _free_port() for name, _, _ in SERVERS}
    processes = []
    try:
        for name, interface, target in SERVERS:
            processes.append(_start(interface, target, ports[name]))
        with tempfile.TemporaryDirectory() as directory:
            for label, method, path, body in ENDPOINTS:
                answers = {
                    name: _fetch(port, method, path, body)
                    for name, port in ports.items()
                }
                assert answers["restcore"] == answers["fastapi"], (label, answers)
                script = _lua(method, body, directory)
                results: dict[str, list[tuple[float, float]]] = {n: [] for n in ports}
                for round_index in range(args.rounds):
                    order = list(ports) if round_index % 2 == 0 else list(ports)[::-1]
                    for name in order:
                        results[name].append(
                            _wrk(ports[name], path, script, args.seconds)
                        )
                summary = {
                    name: (
                        statistics.median(rate for rate, _ in runs),
                        statistics.median(p99 for _, p99 in runs),
                    )
                    for name, runs in results.items()
                }
                ours, theirs = summary["restcore"], summary["fastapi"]
                print(
                    f"{label:22} restcore {ours[0]:8.0f} req/s p99 {ours[1]:6.2f} ms | "
                    f"fastapi {theirs[0]:8.0f} req/s p99 {theirs[1]:6.2f} ms | "
                    f"ratio {ours[0] / theirs[0]:4.1f}x",
                    flush=True,
                )
    finally:
        for process in processes:
            _stop(process)
    print(
        f"load average after: {_load()}; whole run {time.monotonic() - started:.0f} s"
    )


def _load() -> str:
    return " ".join(pathlib.Path("/proc/loadavg").read_text().split()[:3])


if __name__ == "__main__":
    main()
