"""``restcore serve`` in subprocesses: serving, reloading, stopping cleanly.

Waits are polls with a deadline (never sleeps asserted as timings).
"""

from __future__ import annotations

import http.client
import importlib.util
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEADLINE = 20.0
HELLO = """
import restcore

class Hello:
    def on_get(self, req, resp):
        resp.content_type = restcore.MEDIA_TEXT
        resp.text = "version 1"

def create_app():
    app = restcore.App()
    app.add_route("/", Hello())
    return app

app = create_app()
"""

# `python -m restcore ARGS...`, started the way a shell starts `cmd &`.
IGNORING_SIGINT = (
    "import runpy, signal, sys; signal.signal(signal.SIGINT, signal.SIG_IGN); "
    "sys.argv[0] = 'restcore'; runpy.run_module('restcore', run_name='__main__')"
)

BACKENDS = [
    pytest.param({"RESTCORE_RELOAD_POLLING": "1"}, id="polling"),
    pytest.param(
        {},
        id="watchfiles",
        marks=pytest.mark.skipif(
            importlib.util.find_spec("watchfiles") is None,
            reason="watchfiles is not installed",
        ),
    ),
]


class ServeProcess:
    def __init__(
        self,
        cwd: Path,
        args: list[str],
        env: dict[str, str],
        ignore_sigint: bool = False,
    ) -> None:
        self.out = cwd / "serve.out"
        self.err = cwd / "serve.err"
        command = ["-m", "restcore", "serve", *args, "--port", "0"]
        if ignore_sigint:
            command = ["-c", IGNORING_SIGINT, *command[2:]]
        with self.out.open("wb") as out, self.err.open("wb") as err:
            self.process = subprocess.Popen(
                [sys.executable, *command],
                cwd=cwd,
                env={**os.environ, **env, "PYTHONPATH": str(ROOT)},
                stdout=out,
                stderr=err,
                start_new_session=True,
            )
        self.port = int(self.wait_for(lambda: self._port()))

    def _port(self) -> str | None:
        match = re.search(r"http://127\.0\.0\.1:(\d+)", self.out.read_text())
        return match.group(1) if match else None

    def wait_for(self, condition: Callable[[], object]) -> object:
        deadline = time.monotonic() + DEADLINE
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"restcore serve exited: {self.err.read_text()}")
            result = condition()
            if result:
                return result
            time.sleep(0.1)
        pytest.fail(f"timed out; stderr:\n{self.err.read_text()}")

    def get(self, path: str = "/") -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            return response.status, response.read().decode()
        except OSError:
            return 0, ""
        finally:
            connection.close()

    def wait_for_body(self, expected: str) -> None:
        self.wait_for(lambda: self.get() == (200, expected))

    def children(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()]

    def stop(self, signum: int) -> int:
        self.process.send_signal(signum)
        try:
            return self.process.wait(DEADLINE)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
            pytest.fail("restcore serve did not stop")


def is_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    # A zombie still answers kill(0); it is gone for our purposes once reaped.
    status = Path(f"/proc/{pid}/status")
    return not status.exists() or "\nState:\tZ" in status.read_text()


def wait_gone(pids: list[int]) -> None:
    deadline = time.monotonic() + DEADLINE
    while not all(is_gone(pid) for pid in pids):
        assert time.monotonic() < deadline, f"left behind: {pids}"
        time.sleep(0.1)


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    # A new size as well as a new mtime, so even coarse clocks see the change.
    path.write_text(text.replace(old, new))


@pytest.fixture
def app_dir(tmp_path: Path) -> Path:
    (tmp_path / "hello.py").write_text(HELLO)
    return tmp_path


@pytest.fixture
def cleanup() -> Iterator[list[ServeProcess]]:
    started: list[ServeProcess] = []
    yield started
    for server in started:
        if server.process.poll() is None:
            os.killpg(server.process.pid, signal.SIGKILL)
            server.process.wait()


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
@pytest.mark.parametrize("spec", ["hello:app", "hello:create_app()"])
def test_serve_without_reload(
    app_dir: Path, cleanup: list[ServeProcess], spec: str, signum: int
) -> None:
    server = ServeProcess(app_dir, [spec], {})
    cleanup.append(server)
    assert server.get() == (200, "version 1")
    assert server.get("/missing")[0] == 404
    output = server.out.read_text()
    assert "Routes (1):\n  /  GET  Hello\n" in output
    assert f"Serving {spec} on http://127.0.0.1:{server.port}" in output
    assert server.stop(signum) == 0
    assert '"GET / HTTP/1.1" 200' in server.err.read_text()


def test_sigint_stops_a_server_started_with_sigint_ignored(
    app_dir: Path, cleanup: list[ServeProcess]
) -> None:
    # A shell starts `restcore serve ... &` with SIGINT ignored; Ctrl-C (or the
    # SIGINT a supervisor sends) must still stop it.
    server = ServeProcess(app_dir, ["hello:app"], {}, ignore_sigint=True)
    cleanup.append(server)
    assert server.get() == (200, "version 1")
    assert server.stop(signal.SIGINT) == 0


def test_serve_reports_bad_target(app_dir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "restcore", "serve", "hello:nothing", "--port", "0"],
        cwd=app_dir,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "'nothing' not found in module 'hello'" in result.stderr


@pytest.mark.parametrize("env", BACKENDS)
def test_reload_cycle(
    app_dir: Path, cleanup: list[ServeProcess], env: dict[str, str]
) -> None:
    server = ServeProcess(app_dir, ["hello:app", "--reload"], env)
    cleanup.append(server)
    backend = "polling" if env else "watchfiles"
    assert f"for changes ({backend})" in server.err.read_text()
    assert server.get() == (200, "version 1")
    source = app_dir / "hello.py"

    rewrite(source, "version 1", "version 2")
    server.wait_for_body("version 2")

    rewrite(source, "def create_app():", "def create_app(:")
    server.wait_for(lambda: "SyntaxError" in server.err.read_text())
    status, body = server.get()
    assert status == 500
    assert "SyntaxError" in body
    assert server.process.poll() is None

    rewrite(source, "def create_app(:", "def create_app():")
    rewrite(source, "version 2", "version 3")
    server.wait_for_body("version 3")
    assert server.err.read_text().count("changed; restarting") >= 3

    children = server.children()
    assert len(children) == 1
    assert server.stop(signal.SIGINT) == 0
    wait_gone([server.process.pid, *children])


def test_reload_example_copy(tmp_path: Path, cleanup: list[ServeProcess]) -> None:
    shutil.copy(ROOT / "examples" / "things.py", tmp_path / "things.py")
    server = ServeProcess(
        tmp_path, ["things:app", "--reload", "--reload-dir", str(tmp_path)], {}
    )
    cleanup.append(server)
    assert server.get("/health") == (200, "ok")
    assert server.get("/things")[0] == 200
    rewrite(tmp_path / "things.py", 'resp.text = "ok"', 'resp.text = "still ok"')
    server.wait_for(lambda: server.get("/health") == (200, "still ok"))
    children = server.children()
    assert server.stop(signal.SIGTERM) == 0
    wait_gone(children)


def test_child_exits_when_supervisor_is_killed(
    app_dir: Path, cleanup: list[ServeProcess]
) -> None:
    server = ServeProcess(app_dir, ["hello:app", "--reload"], {})
    cleanup.append(server)
    assert server.get() == (200, "version 1")
    children = server.children()
    server.process.kill()
    server.process.wait()
    wait_gone(children)


def test_reload_ignores_other_files(app_dir: Path, cleanup: list[ServeProcess]) -> None:
    server = ServeProcess(
        app_dir, ["hello:app", "--reload"], {"RESTCORE_RELOAD_POLLING": "1"}
    )
    cleanup.append(server)
    children = server.children()
    (app_dir / "notes.txt").write_text("not python")
    (app_dir / "sub").mkdir()
    (app_dir / "sub" / "extra.py").write_text("x = 1\n")
    server.wait_for(lambda: "extra.py changed" in server.err.read_text())
    assert "notes.txt" not in server.err.read_text()
    # The log line comes before the old child is replaced: wait for the new one.
    server.wait_for(lambda: server.children() not in ([], children))
    assert server.get() == (200, "version 1")
    assert server.stop(signal.SIGINT) == 0
