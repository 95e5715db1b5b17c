"""Choosing a server: req/s and p99 of restcore under each WSGI server.

Usage: python tests/bench/bench_servers.py [--seconds 5] [--connections 16]
           [--shared ../shared/bench] [--servers NAME ...] [--apps hello ...]

For each server that is installed and each app (the scoreboard's ``hello``
and ``json_get``, built by its ``apps.py``), start the server on 127.0.0.1
and a free port, check one response with the scoreboard's ``verify``, warm
up for 1 s, run ``wrk -t1 -c<connections> -d<seconds>s --latency`` (wrapped
in ``timeout``), record req/s and p99, and stop the server by its process
group. Prints a Markdown table for docs/deployment.md.

Loopback only, bounded in time. The load generator shares the machine's
cores with the server, so the figures compare servers on this machine, not
absolute capacity; say how loaded the machine was next to them.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"  # never anything else

# name -> (module that must be importable, argv template, what it runs)
SERVERS: dict[str, tuple[str, list[str], str]] = {
    "gunicorn sync": (
        "gunicorn",
        ["{python}", "-m", "gunicorn", "-b", "{host}:{port}", "--workers", "2",
         "--worker-class", "sync", "serve_app:app"],
        "2 processes",
    ),
    "gunicorn gthread": (
        "gunicorn",
        ["{python}", "-m", "gunicorn", "-b", "{host}:{port}", "--workers", "2",
         "--worker-class", "gthread", "--threads", "4", "serve_app:app"],
        "2 processes x 4 threads",
    ),
    "uWSGI": (
        "pyuwsgi",
        ["{bin}/uwsgi", "--http11-socket", "{host}:{port}", "--module", "serve_app:app",
         "--master", "--processes", "2", "--disable-logging", "--die-on-term"],
        "2 processes",
    ),
    "waitress": (
        "waitress",
        ["{python}", "serve_app.py", "waitress", "{port}"],
        "1 process x 4 threads",
    ),
    "granian": (
        "granian",
        ["{bin}/granian", "--interface", "wsgi", "--host", "{host}", "--port",
         "{port}", "--workers", "2", "--no-ws", "--log-level", "warning",
         "serve_app:app"],
        "2 processes",
    ),
    "bjoern": ("bjoern", ["{python}", "serve_app.py", "bjoern", "{port}"], "1 process"),
    "meinheld": (
        "meinheld",
        ["{python}", "serve_app.py", "meinheld", "{port}"],
        "1 process",
    ),
}  # fmt: skip


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def get(port: int, target: str) -> tuple[str, list[tuple[str, str]], bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=5)
    try:
        connection.request("GET", target)
        response = connection.getresponse()
        status = f"{response.status} {response.reason}"
        return status, response.getheaders(), response.read()
    finally:
        connection.close()


@contextlib.contextmanager
def serving(argv: list[str], shared: Path, env: dict[str, str]):
    process = subprocess.Popen(
        argv,
        cwd=shared,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_ready(port: int, target: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        with contextlib.suppress(OSError, http.client.HTTPException):
            get(port, target)
            return
        time.sleep(0.1)
    raise RuntimeError("server did not answer within 30 s")


def wrk(url: str, seconds: int, connections: int) -> tuple[float, float, int]:
    """Run wrk; return (req/s, p99 in ms, errors + non-2xx)."""
    argv = ["timeout", str(seconds + 15), "wrk", "-t1", f"-c{connections}",
            f"-d{seconds}s", "--latency", url]  # fmt: skip
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])
    match = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
    assert match is not None, out
    p99 = float(match[1]) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[match[2]]
    errors = sum(
        int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out)
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, p99, errors + (int(non_2xx[1]) if non_2xx else 0)


def measure(
    name: str, scenario: str, shared: Path, seconds: int, connections: int
) -> tuple[float, float, int]:
    import apps  # from --shared

    _, template, _ = SERVERS[name]
    port = free_port()
    values = {"python": sys.executable, "bin": str(BIN), "host": HOST, "port": port}
    argv = [part.format(**values) for part in template]
    env = {
        **os.environ,
        "BENCH_FW": "restcore",
        "BENCH_SCENARIO": scenario,
        "RESTCORE_PATH": str(ROOT),
        "PYTHONPATH": os.pathsep.join([str(shared), str(ROOT)]),
    }
    method, target, _, _ = apps.http_request_line(scenario)
    assert method == "GET", scenario
    with serving(argv, shared, env) as process:
        wait_ready(port, target, process)
        apps.verify(scenario, *get(port, target))
        url = f"http://{HOST}:{port}{target}"
        wrk(url, 1, connections)  # warm-up
        return wrk(url, seconds, connections)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--servers", nargs="*", default=list(SERVERS))
    parser.add_argument("--apps", nargs="*", default=["hello", "json_get"])
    parser.add_argument(
        "--shared",
        type=Path,
        default=ROOT.parent / "shared" / "bench",
        help="the scoreboard's folder (apps.py, serve_app.py)",
    )
    args = parser.parse_args()
    if not 1 <= args.seconds <= 60:
        parser.error("--seconds must be 1..60")
    if shutil.which("wrk") is None:
        parser.error("needs wrk (apt-get install -y wrk)")
    shared = args.shared.resolve()
    sys.path.insert(0, str(shared))
    print(f"# {os.cpu_count()} cores, load average before: {os.getloadavg()[0]:.1f}")
    print("| server | runs as | " + " | ".join(
        f"{app} req/s | {app} p99 ms" for app in args.apps) + " |")  # fmt: skip
    print("|---|---|" + "---|---|" * len(args.apps))
    for name in args.servers:
        module, _, shape = SERVERS[name]
        if importlib_find(module) is None:
            print(f"| {name} | not installed |" + " |" * (2 * len(args.apps)))
            continue
        cells = []
        for scenario in args.apps:
            try:
                rps, p99, failed = measure(
                    name, scenario, shared, args.seconds, args.connections
                )
            except (RuntimeError, AssertionError, subprocess.CalledProcessError) as ex:
                cells += [f"failed: {str(ex)[:40]}", ""]
                continue
            note = f" ({failed} failed)" if failed else ""
            cells += [f"{rps:,.0f}{note}", f"{p99:.1f}"]
        print(f"| {name} | {shape} | " + " | ".join(cells) + " |", flush=True)
    print(f"# load average after: {os.getloadavg()[0]:.1f}")
    return 0


def importlib_find(module: str) -> object:
    import importlib.util

    return importlib.util.find_spec(module)


if __name__ == "__main__":
    raise SystemExit(main())
