"""Instrumentation seams against Falcon 4.4: sentry-sdk, OpenTelemetry, by hand.

Each framework runs in its own subprocess (the tools patch ``falcon``'s
module-level state), restcore through the ``falcon`` alias; the child
(``instrumented_child.py``) prints what the tool saw, normalized, and the two
must be equal. See docs/compat.md, "Instrumentation seams".
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

_CHILD = Path(__file__).with_name("instrumented_child.py")
_MODES = ("plain", "custom_router", "independent", "dependent")
_results: dict[tuple[str, str], Any] = {}


def _run(framework: str, tool: str) -> Any:
    key = (framework, tool)
    if key not in _results:
        done = subprocess.run(
            [sys.executable, str(_CHILD), framework, tool],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        _results[key] = json.loads(done.stdout)
    return _results[key]


def _both(tool: str) -> Any:
    restcore = _run("restcore", tool)
    assert restcore == _run("falcon", tool)
    return restcore


def _sentry_items(results: Any, mode: str, path: str) -> list[dict[str, Any]]:
    for entry in results:
        if entry["mode"] == mode and entry["path"] == path:
            return entry["seen"]
    raise AssertionError((mode, path))


def test_sentry_sees_the_same_events_as_under_falcon() -> None:
    results = _both("sentry")
    for mode in _MODES:
        boom = _sentry_items(results, mode, "/boom")
        events = [item for item in boom if item["type"] == "event"]
        assert [e["exceptions"][0]["type"] for e in events] == ["ZeroDivisionError"]
        assert events[0]["exceptions"][0]["mechanism"]["handled"] is False
        assert events[0]["transaction"] == "/boom"
        ok = _sentry_items(results, mode, "/items/7")
        template = "/items/7" if mode == "custom_router" else "/items/{item_id:int}"
        transactions = [item for item in ok if item["type"] == "transaction"]
        assert [item["transaction"] for item in transactions] == [template]


def test_sentry_set_up_after_the_first_request_matches_falcon() -> None:
    results = _both("sentry_late")
    for mode in _MODES:
        # _handle_exception was patched after the App bound: still called.
        boom = _sentry_items(results, mode, "/boom")
        assert [item["type"] for item in boom].count("event") == 1


def test_opentelemetry_spans_match_falcon() -> None:
    results = _both("otel")
    names = {
        (entry["mode"], entry["path"]): [span["name"] for span in entry["seen"]]
        for entry in results
    }
    assert names[("plain", "/items/7")] == ["GET /items/{item_id:int}"]
    assert names[("independent", "/missing")] == ["GET"]
    boom = next(e for e in results if e["mode"] == "dependent" and e["path"] == "/boom")
    (span,) = boom["seen"]
    assert span["attributes"]["falcon.resource"] == "Boom"
    assert span["attributes"]["http.status_code"] == 500
    assert span["status"] == "StatusCode.ERROR"


@pytest.fixture(scope="module")
def late() -> Any:
    return _both("late")


def _log(late: Any, mode: str) -> list[str]:
    return next(
        entry["log"] for entry in late if entry.get("mode") == mode and "log" in entry
    )


@pytest.mark.parametrize("mode", _MODES)
def test_replaced_call_is_called(late: Any, mode: str) -> None:
    log = _log(late, mode)
    assert log.count("__call__ /items/7") == 4


@pytest.mark.parametrize("mode", _MODES)
def test_replaced_handle_exception_is_called_on_every_error(
    late: Any, mode: str
) -> None:
    log = _log(late, mode)
    # Route misses too: restcore's shortcut for them steps aside.
    assert log.count("_handle_exception HTTPRouteNotFound /missing") == 3
    assert log.count("_handle_exception ZeroDivisionError /boom") == 4


@pytest.mark.parametrize("mode", _MODES)
def test_serializer_set_directly_is_called(late: Any, mode: str) -> None:
    log = _log(late, mode)
    assert "serializer 404 Not Found /missing" in log
    assert "serializer 418 /teapot" in log


@pytest.mark.parametrize("mode", _MODES)
def test_replaced_prepare_middleware_is_called_and_what_it_returns_runs(
    late: Any, mode: str
) -> None:
    log = _log(late, mode)
    # add_middleware, then the reset below: each through both seams.
    assert log.count("_prepare_middleware") == 2
    assert log.count("prepare_middleware") == 2
    seen = [e["x"] for e in late if e.get("mode") == mode and "x" in e]
    assert seen == ["yes"] * 5
    # App._middleware set directly (OpenTelemetry's uninstrument): honoured.
    assert [e["reset"] for e in late if e.get("mode") == mode and "reset" in e] == [
        None
    ]
