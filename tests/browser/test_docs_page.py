"""The docs page as a person sees it: headless Chromium, nothing but loopback.

Skipped when Chromium is not installed, unless ``RESTCORE_REQUIRE_BROWSER=1``
(set by ``.ci/steps/50-browser``, which installs it): then a missing browser
fails. The screenshot goes to ``$RESTCORE_SCREENSHOT_DIR`` (default: the
test's temporary directory).
"""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
import threading
from collections.abc import Iterator
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest

from tests.openapi import notes_apps

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
REQUIRED = os.environ.get("RESTCORE_REQUIRE_BROWSER") == "1"


def _browser() -> str:
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    if REQUIRED:
        pytest.fail("RESTCORE_REQUIRE_BROWSER=1 but no Chromium is installed")
    pytest.skip("Chromium is not installed (apt-get install -y chromium)")


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    server = make_server(
        "127.0.0.1",
        0,
        notes_apps.good_app(),
        server_class=_ThreadingServer,
        handler_class=_QuietHandler,
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        assert not thread.is_alive()


def _chromium(
    browser: str, profile: pathlib.Path, *arguments: str
) -> subprocess.CompletedProcess[str]:
    command = [
        browser,
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--no-default-browser-check",
        f"--user-data-dir={profile}",
        "--window-size=1280,1000",
        "--virtual-time-budget=15000",
        *arguments,
    ]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=180, check=False
    )


def test_docs_page_renders_offline(base_url: str, tmp_path: pathlib.Path) -> None:
    browser = _browser()
    net_log = tmp_path / "net.json"
    dom = _chromium(
        browser,
        tmp_path / "profile-dom",
        f"--log-net-log={net_log}",
        "--dump-dom",
        f"{base_url}/docs",
    )
    assert dom.returncode == 0, dom.stderr[-2000:]
    html = dom.stdout
    # One operation block per operation of the notes API (2 + 4).
    assert html.count('class="opblock-summary-path"') == 6, html[-2000:]
    assert "OAS 3.1" in html
    assert "Unable to render" not in html
    urls = _page_requests(net_log)
    assert sorted(urls) == sorted(
        f"{base_url}{path}"
        for path in (
            "/docs",
            "/docs/swagger-ui.css",
            "/docs/swagger-ui-bundle.js",
            "/docs/init.js",
            "/openapi.json",
            "/docs/favicon.png",
        )
    )

    shots = pathlib.Path(os.environ.get("RESTCORE_SCREENSHOT_DIR", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    screenshot = shots / "docs.png"
    shot = _chromium(
        browser,
        tmp_path / "profile-shot",
        f"--screenshot={screenshot}",
        f"{base_url}/docs",
    )
    assert shot.returncode == 0, shot.stderr[-2000:]
    assert screenshot.read_bytes()[:4] == b"\x89PNG"


def _page_requests(net_log: pathlib.Path) -> list[str]:
    """Every URL the page asked for (the main frame and what it initiated).

    Chromium's own background requests (time sync, updates) carry the
    initiator ``not an origin`` and are refused by the resolver rule; they
    are not the page's.
    """
    text = net_log.read_text().rstrip()
    if not text.endswith("}"):
        # Chromium may stop before closing the events list.
        text = text.rstrip(",") + "]}"
    log = json.loads(text)
    start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    urls = []
    for event in log["events"]:
        params = event.get("params", {})
        if event["type"] != start_job or "url" not in params:
            continue
        is_page = params.get("request_type") == "main frame" or (
            params.get("initiator") != "not an origin"
        )
        if is_page:
            urls.append(params["url"])
    return urls
