"""A 1 GiB upload streamed through nginx to the app, with and without a length."""

from __future__ import annotations

import hashlib
import json
import subprocess

import pytest

from deploy.stack import Stack
from tests.deploy.conftest import FIGURES, status_kib

SIZE = 1 << 30


def zeros_sha256() -> str:
    digest = hashlib.sha256()
    block = bytes(1 << 20)
    for _ in range(SIZE >> 20):
        digest.update(block)
    return digest.hexdigest()


@pytest.mark.parametrize("framing", ["content-length", "chunked"])
def test_one_gib_upload(stack: Stack, framing: str) -> None:
    workers = [pid for name in stack.masters for pid in stack.workers(name)]
    nginx_workers = stack.nginx_workers()
    before = {pid: status_kib(pid, "VmHWM") for pid in workers + nginx_workers}
    url = stack.url + "/upload"
    curl = ["curl", "-sS", "--noproxy", "*", "--max-time", "180", "-X", "POST"]
    curl += ["-H", "Content-Type: application/octet-stream"]
    if framing == "content-length":
        big = stack.base / "big.bin"
        subprocess.run(["truncate", "-s", str(SIZE), str(big)], check=True)
        result = subprocess.run(
            [*curl, "-T", str(big), url], capture_output=True, text=True, timeout=200
        )
        big.unlink()
    else:
        source = subprocess.Popen(
            ["head", "-c", str(SIZE), "/dev/zero"], stdout=subprocess.PIPE
        )
        result = subprocess.run(
            [*curl, "-T", "-", url],
            stdin=source.stdout,
            capture_output=True,
            text=True,
            timeout=200,
        )
        assert source.stdout is not None
        source.stdout.close()
        source.wait()
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    after = {pid: status_kib(pid, "VmHWM") for pid in before}
    worker_growth = max(after[pid] - before[pid] for pid in workers)
    nginx_growth = max(after[pid] - before[pid] for pid in nginx_workers)
    temp_dir = stack.base / "nginx" / "client_body"
    temp_files = (
        [p for p in temp_dir.rglob("*") if p.is_file()] if temp_dir.exists() else []
    )
    error_log = (stack.base / "nginx" / "error.log").read_text()
    FIGURES[f"upload_{framing}"] = {
        "size": answer["size"],
        "worker_hwm_growth_kib": worker_growth,
        "nginx_hwm_growth_kib": nginx_growth,
        "temp_files": len(temp_files),
    }
    assert answer["size"] == SIZE
    assert answer["sha256"] == zeros_sha256()
    assert worker_growth <= 16 * 1024
    assert nginx_growth <= 2 * 1024
    assert temp_files == []
    assert "buffered to a temporary file" not in error_log
