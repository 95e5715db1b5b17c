"""The shell blocks that start a server run, and the server answers (issue 18).

Every ``restcore serve`` command of a ```sh block in README.md or docs/ is run
as written except for where it listens: ``--port 0`` (a free port, read back
from the URL line) and ``--host 127.0.0.1``. Install steps before it (``python3
-m venv ... && pip install ...``) are what CI's setup step does; the test uses
the interpreter it runs under. The command runs in a temporary folder with the
repository on ``PYTHONPATH`` (so a database it creates does not land in the
checkout); a file a page introduces as ```` `hello.py`: ```` is written there
first. The first GET of port 8000 the page shows after the command (a curl
without -X/-d, or a link; else the first on the page) is sent; it must answer
200, with the JSON the page shows in a ``# {...}`` line under the curl. The
server is stopped by its PID (SIGTERM, exit status 0).
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.docs import samples

DEADLINE = 30.0
SHELL = {"sh", "bash", "shell", "console"}
_FILE_INTRO = re.compile(r"^`(?P<name>[\w./-]+\.py)`:$")
_ASSIGNMENT = re.compile(r"^(?P<name>[A-Z_][A-Z0-9_]*)=(?P<value>.*)$")


@dataclass(frozen=True)
class ServeCommand:
    page: Path
    line: int
    words: list[str]  # ``restcore serve ...`` with any VAR=value before it
    files: dict[str, str]  # files the page introduces by name
    probe: str  # the path to GET
    shown: str | None  # the JSON body the page shows for it


def shell_lines(block: samples.Block) -> list[str]:
    joined = block.text.replace("\\\n", " ")
    return [line.split(" #")[0].strip() for line in joined.splitlines()]


def serve_segment(line: str) -> list[str] | None:
    for segment in line.split("&&"):
        words = shlex.split(segment)
        names = [word.rsplit("/", 1)[-1] for word in words]
        if "restcore" in names and "serve" in names:
            return words
    return None


_URL = re.compile(r"(?:127\.0\.0\.1|localhost):8000(/[^\s'\"<>)]*)")


def first_get(text: str) -> tuple[str, str | None]:
    """Return the first path the text GETs on port 8000 (a curl or a link).

    With it comes the JSON the page shows as the answer (a ``# {...}`` line
    right after the curl), or None.
    """
    lines = text.replace("\\\n", " ").splitlines()
    for index, line in enumerate(lines):
        match = _URL.search(line)
        if match and not re.search(r"\s(-X|-d|--data)\s", line):
            after = lines[index + 1].strip() if index + 1 < len(lines) else ""
            return match[1], after[2:] if after.startswith("# {") else None
    return "/", None


def serve_commands() -> list[ServeCommand]:
    found = []
    for page in samples.markdown_files(samples.TOP):
        text = page.read_text(encoding="utf-8")
        every = samples.blocks(text)
        files = {
            match["name"]: block.text
            for block in every
            if (match := _FILE_INTRO.match(block.before)) and block.language == "python"
        }
        for block in every:
            if block.language not in SHELL:
                continue
            for line in shell_lines(block):
                words = serve_segment(line)
                if words is not None:
                    after = "\n".join(text.splitlines()[block.line :])
                    probe, shown = first_get(after if _URL.search(after) else text)
                    found.append(
                        ServeCommand(page, block.line, words, files, probe, shown)
                    )
    return found


COMMANDS = serve_commands()


def localised(words: list[str], tmp_path: Path) -> tuple[dict[str, str], list[str]]:
    """Split VAR=value words off; listen on 127.0.0.1 and a free port."""
    env: dict[str, str] = {}
    while words and (match := _ASSIGNMENT.match(words[0])):
        value = match["value"]
        env[match["name"]] = str(tmp_path / Path(value).name) if "/" in value else value
        words = words[1:]
    start = next(i for i, word in enumerate(words) if word.endswith("restcore"))
    args, rest = [], words[start + 1 :]
    skip = False
    for index, word in enumerate(rest):
        if skip:
            skip = False
            continue
        if word in {"--port", "--host"} and index + 1 < len(rest):
            skip = True
            continue
        args.append(word)
    script = Path(sys.executable).with_name("restcore")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "restcore"]
    return env, [*command, *args, "--host", "127.0.0.1", "--port", "0"]


def wait_for_port(
    process: subprocess.Popen[bytes], out: Path, err: Path, deadline: float = DEADLINE
) -> int:
    deadline += time.monotonic()
    while time.monotonic() < deadline:
        match = re.search(r"http://127\.0\.0\.1:(\d+)", out.read_text())
        if match:
            return int(match.group(1))
        if process.poll() is not None:
            pytest.fail(f"the server exited: {err.read_text()}")
        time.sleep(0.1)
    pytest.fail(f"no URL line; stderr:\n{err.read_text()}")


def get(port: int, path: str) -> tuple[int, bytes]:
    deadline = time.monotonic() + DEADLINE
    while True:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            return response.status, response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
        finally:
            connection.close()


def stop(process: subprocess.Popen[bytes]) -> int:
    process.send_signal(signal.SIGTERM)
    try:
        return process.wait(DEADLINE)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        pytest.fail("the server did not stop on SIGTERM")


def test_the_readme_command_is_collected() -> None:
    readme = [command for command in COMMANDS if command.page.name == "README.md"]
    assert readme, "README.md's first command starts a server"
    assert readme[0].words[-4:] == [
        "examples.notes.app:app",
        "--port",
        "8000",
        "--reload",
    ]


@pytest.mark.parametrize(
    "command",
    COMMANDS,
    ids=[f"{c.page.relative_to(samples.TOP)}:{c.line}" for c in COMMANDS],
)
def test_serve_command_answers(command: ServeCommand, tmp_path: Path) -> None:
    for name, text in command.files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    env, argv = localised(command.words, tmp_path)
    out, err = tmp_path / "serve.out", tmp_path / "serve.err"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen(
            argv,
            cwd=tmp_path,
            env={**os.environ, **env, "PYTHONPATH": str(samples.TOP)},
            stdout=stdout,
            stderr=stderr,
            start_new_session=True,
        )
    try:
        port = wait_for_port(process, out, err)
        status, body = get(port, command.probe)
        assert status == 200, err.read_text()
        if command.shown is not None:
            assert json.loads(body) == json.loads(command.shown)
    finally:
        status = stop(process)
    assert status == 0, err.read_text()


@pytest.mark.skipif(
    os.environ.get("RESTCORE_RUN_INSTALLS") != "1",
    reason="installs into a new venv: set RESTCORE_RUN_INSTALLS=1 (.ci/steps/70-docs)",
)
def test_the_readme_first_command_whole(tmp_path: Path) -> None:
    # The README's first command as written (venv, editable install, serve),
    # in a copy of the checkout, on a free port instead of 8000.
    readme = (samples.TOP / "README.md").read_text(encoding="utf-8")
    line = next(
        line
        for block in samples.blocks(readme)
        if block.language in SHELL
        for line in shell_lines(block)
        if serve_segment(line)
    )
    assert line.startswith("python3 -m venv .venv && ")
    assert "--port 8000" in line
    checkout = tmp_path / "checkout"
    shutil.copytree(
        samples.TOP,
        checkout,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "_build", "_generated", "dist", "build", "__pycache__"
        ),
    )
    out, err = tmp_path / "serve.out", tmp_path / "serve.err"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen(
            ["bash", "-c", line.replace("--port 8000", "--port 0")],
            cwd=checkout,
            env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
            stdout=stdout,
            stderr=stderr,
            start_new_session=True,
        )
    try:
        port = wait_for_port(process, out, err, deadline=600)
        status, body = get(port, "/notes")
        assert status == 200, err.read_text()
        assert json.loads(body)["total"] == 0
    finally:
        # bash runs the chain, restcore's supervisor and its child: the
        # session this test made for them is stopped by its leader's PID.
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(DEADLINE)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            pytest.fail("the README command did not stop on SIGTERM")
