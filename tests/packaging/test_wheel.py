"""The wheel installs into a fresh venv with each extra and works (issue 18).

Skipped unless ``RESTCORE_WHEEL`` names a built wheel (``.ci/steps/80-wheel``
builds one and sets it). For the wheel alone and for each extra its metadata
declares, a new venv gets ``pip install 'WHEEL[extra]'`` (not editable), then
from a folder outside the checkout: the import comes from the venv, ``py.typed``
is installed, ``pip check`` passes, ``restcore routes`` prints a route,
``restcore openapi`` prints a document (when the command exists), and
``restcore serve`` answers one request on 127.0.0.1 and stops by its PID.
"""

from __future__ import annotations

import email.parser
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

WHEEL = os.environ.get("RESTCORE_WHEEL", "")
DEADLINE = 30.0
PIP = [sys.executable, "-m", "pip", "--disable-pip-version-check"]

pytestmark = pytest.mark.skipif(
    not WHEEL, reason="set RESTCORE_WHEEL to a built wheel (.ci/steps/80-wheel does)"
)

APP = """\
import restcore


class Things:
    def on_get(self, req, resp, thing_id):
        resp.media = {"id": thing_id}


app = restcore.App()
app.add_route("/things/{thing_id:int}", Things())
"""


def metadata() -> email.message.Message:
    with zipfile.ZipFile(WHEEL) as wheel:
        name = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
        return email.parser.Parser().parsestr(wheel.read(name).decode())


EXTRAS = [""] + (metadata().get_all("Provides-Extra") or [] if WHEEL else [])


@dataclass(frozen=True)
class Install:
    extra: str
    bin: Path
    work: Path  # a folder outside the checkout, holding smokeapp.py

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.bin / args[0]), *args[1:]],
            cwd=self.work,
            env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )


@pytest.fixture(scope="module", params=EXTRAS, ids=[e or "no-extra" for e in EXTRAS])
def install(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Install:
    extra: str = request.param
    base = tmp_path_factory.mktemp(f"venv-{extra or 'none'}")
    # No pip inside the venv: this interpreter's pip installs into it
    # (--python), which saves an ensurepip per extra.
    venv = base / "venv"
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True
    )
    bin_dir = venv / "bin"
    target = str(Path(WHEEL).resolve()) + (f"[{extra}]" if extra else "")
    done = subprocess.run(
        [*PIP, "--python", str(bin_dir / "python"), "install", "-q", target],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    work = base / "work"
    work.mkdir()
    (work / "smokeapp.py").write_text(APP)
    return Install(extra, bin_dir, work)


def test_import_comes_from_the_wheel(install: Install) -> None:
    done = install.run(
        "python",
        "-c",
        "import json, restcore, restcore.version as v;"
        "print(json.dumps([restcore.__file__, v.__version__]))",
    )
    assert done.returncode == 0, done.stderr
    location, version = json.loads(done.stdout)
    assert Path(location).is_relative_to(install.bin.parent), location
    assert version == metadata()["Version"]
    assert (Path(location).parent / "py.typed").is_file()


def test_pip_check(install: Install) -> None:
    done = subprocess.run(
        [*PIP, "--python", str(install.bin / "python"), "check"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_routes_command(install: Install) -> None:
    done = install.run("restcore", "routes", "smokeapp:app")
    assert done.returncode == 0, done.stderr
    assert re.search(r"/things/\{thing_id:int\}\s+GET\s+Things", done.stdout)


def test_openapi_command(install: Install) -> None:
    usage = install.run("restcore", "--help")
    if "openapi" not in usage.stdout + usage.stderr:
        pytest.skip("this wheel has no 'restcore openapi' command (issue 15)")
    done = install.run("restcore", "openapi", "smokeapp:app")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert "/things/{thing_id}" in document["paths"]


def test_serve_answers_one_request(install: Install) -> None:
    out, err = install.work / "serve.out", install.work / "serve.err"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen(
            [str(install.bin / "restcore"), "serve", "smokeapp:app", "--port", "0"],
            cwd=install.work,
            stdout=stdout,
            stderr=stderr,
            start_new_session=True,
        )
    try:
        port = wait_for_port(process, out, err)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/things/7")
        response = connection.getresponse()
        assert (response.status, json.loads(response.read())) == (200, {"id": 7})
        connection.close()
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            status = process.wait(DEADLINE)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            pytest.fail("restcore serve did not stop on SIGTERM")
    assert status == 0, err.read_text()


def wait_for_port(process: subprocess.Popen[bytes], out: Path, err: Path) -> int:
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        match = re.search(r"http://127\.0\.0\.1:(\d+)", out.read_text())
        if match:
            return int(match.group(1))
        if process.poll() is not None:
            pytest.fail(f"restcore serve exited: {err.read_text()}")
        time.sleep(0.1)
    pytest.fail(f"no URL line; stderr:\n{err.read_text()}")
