"""How to start each real WSGI server on the probe app, and stop it.

A ``Server`` knows its command line; ``running()`` starts it on 127.0.0.1
and a free port, waits until it answers, and on exit stops it with SIGTERM,
failing if it does not stop within ``STOP_TIMEOUT`` seconds.
"""

from __future__ import annotations

import contextlib
import http.client
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP = "tests.integration.probe_app:app"
BIN = Path(sys.executable).parent
START_TIMEOUT = 30.0
STOP_TIMEOUT = 15.0

WSGIREF_RUNNER = """
import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIServer, make_server
from tests.integration.probe_app import app

class Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True

make_server("127.0.0.1", int(sys.argv[1]), app, server_class=Server).serve_forever()
"""

BJOERN_RUNNER = """
import sys, bjoern
from tests.integration.probe_app import app
bjoern.run(app, "127.0.0.1", int(sys.argv[1]))
"""

MEINHELD_RUNNER = """
import sys
from meinheld import server
from tests.integration.probe_app import app
server.listen(("127.0.0.1", int(sys.argv[1])))
server.run(app)
"""


class ServerError(AssertionError):
    """The server did not start, or did not stop in time."""


@dataclass(frozen=True)
class Server:
    """A WSGI server and what it supports."""

    name: str
    module: str
    command: tuple[str, ...]
    chunked_requests: bool = True
    chunked_responses: bool = True
    # What reaches the app of Forwarded/X-Forwarded-* from 127.0.0.1:
    # "passed" as sent, "stripped" (untrusted peer), or "applied" (the
    # server rewrote REMOTE_ADDR and the scheme from them).
    proxy_headers: str = "passed"
    extra_env: dict[str, str] = field(default_factory=dict)

    def is_installed(self) -> bool:
        return importlib.util.find_spec(self.module) is not None

    def argv(self, port: int) -> list[str]:
        return [
            part.format(python=sys.executable, bin=BIN, port=port, app=APP, root=ROOT)
            for part in self.command
        ]

    @contextlib.contextmanager
    def running(self, tmp_dir: Path) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
        port = free_port()
        log = (tmp_dir / f"{self.name}.log").open("wb")
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(
                [str(ROOT), os.environ.get("PYTHONPATH", "")]
            ),
            "NOTES_DB": str(tmp_dir / f"{self.name}.sqlite3"),
            **self.extra_env,
        }
        process = subprocess.Popen(
            self.argv(port),
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_until_ready(process, port, tmp_dir / f"{self.name}.log")
            yield port, process
        finally:
            try:
                stop(process, self.name)
            finally:
                log.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until_ready(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(
                f"server exited with {process.returncode}:\n{log.read_text()}"
            )
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            connection.request("GET", "/text")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            connection.close()
        time.sleep(0.1)
    raise ServerError(
        f"server did not answer within {START_TIMEOUT} s:\n{log.read_text()}"
    )


def stop(process: subprocess.Popen[bytes], name: str) -> None:
    """SIGTERM the server; kill its whole session and fail if it hangs."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise ServerError(
            f"{name} did not stop within {STOP_TIMEOUT} s of SIGTERM"
        ) from None
    # Workers must not outlive their master.
    deadline = time.monotonic() + STOP_TIMEOUT
    while _session_alive(process.pid):
        if time.monotonic() > deadline:
            os.killpg(process.pid, signal.SIGKILL)
            raise ServerError(f"{name} left processes behind after stopping")
        time.sleep(0.1)


def _session_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


GUNICORN = (
    "{python}",
    "-m",
    "gunicorn",
    "--bind",
    "127.0.0.1:{port}",
    "--workers",
    "2",
    "--graceful-timeout",
    "5",
    "--access-logfile",
    "-",
)
SERVERS = [
    Server("gunicorn-sync", "gunicorn", (*GUNICORN, "--worker-class", "sync", "{app}")),
    Server(
        "gunicorn-gthread",
        "gunicorn",
        (*GUNICORN, "--worker-class", "gthread", "--threads", "4", "{app}"),
    ),
    Server(
        "waitress",
        "waitress",
        ("{python}", "-m", "waitress", "--listen=127.0.0.1:{port}", "{app}"),
        proxy_headers="stripped",
    ),
    Server(
        "waitress-trusted-proxy",
        "waitress",
        (
            "{python}",
            "-m",
            "waitress",
            "--listen=127.0.0.1:{port}",
            "--trusted-proxy=127.0.0.1",
            "--trusted-proxy-count=1",
            "--trusted-proxy-headers=forwarded",
            "{app}",
        ),
        proxy_headers="applied",
    ),
    Server(
        "cheroot",
        "cheroot",
        ("{python}", "-m", "cheroot", "--bind", "127.0.0.1:{port}", "{app}"),
    ),
    Server(
        "uwsgi",
        "pyuwsgi",
        (
            "{bin}/uwsgi",
            "--http-socket",
            "127.0.0.1:{port}",
            "--module",
            "{app}",
            "--pythonpath",
            "{root}",
            "--master",
            # One worker: the readiness request then proves every worker has
            # loaded the app. A worker still loading when SIGTERM arrives
            # ignores it until the mercy period ends (seen hanging CI for 15 s).
            "--processes",
            "1",
            "--threads",
            "4",
            "--die-on-term",
            "--worker-reload-mercy",
            "3",
            "--need-app",
            "--strict",
            "--disable-logging",
        ),
        chunked_requests=False,
        chunked_responses=False,
    ),
    # granian (Rust, WSGI on a pool of blocking threads) passes every check.
    # Known limits (docs/deployment.md): it copies the whole process
    # environment into each request's environ, as CGI did; it gives no
    # wsgi.file_wrapper; one worker here so readiness proves the app loaded.
    Server(
        "granian",
        "granian",
        (
            "{bin}/granian",
            "--interface",
            "wsgi",
            "--host",
            "127.0.0.1",
            "--port",
            "{port}",
            "--workers",
            "1",
            "--no-ws",
            "--log-level",
            "warning",
            "{app}",
        ),
    ),
    Server(
        "wsgiref",
        "wsgiref",
        ("{python}", "-c", WSGIREF_RUNNER, "{port}"),
        chunked_requests=False,
    ),
    Server(
        "restcore-serve",
        "restcore",
        ("{python}", "-m", "restcore", "serve", "{app}", "--port", "{port}"),
        chunked_requests=False,
    ),
]
OPTIONAL_SERVERS = [
    Server("bjoern", "bjoern", ("{python}", "-c", BJOERN_RUNNER, "{port}")),
    Server("meinheld", "meinheld", ("{python}", "-c", MEINHELD_RUNNER, "{port}")),
]
