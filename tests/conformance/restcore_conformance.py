"""pytest plugin for Falcon's own test suite, run by ``run.py``.

Loaded with ``-p restcore_conformance`` before Falcon's conftest imports
``falcon``: with ``RESTCORE_CONFORMANCE_TARGET=restcore`` it installs the
``falcon`` alias, so the suite exercises restcore. It keeps WSGI tests only
(cases parametrized for ASGI, and tests whose name says ASGI, async or
websocket, are deselected under both frameworks) and writes every test's outcome to
the JSON file named by ``RESTCORE_CONFORMANCE_OUT``.
"""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

if os.environ.get("RESTCORE_CONFORMANCE_TARGET") == "restcore":
    import restcore.compat

    restcore.compat.install_falcon_alias()

_outcomes: dict[str, str] = {}


def is_asgi_case(item: pytest.Item) -> bool:
    """Tell whether a collected test is an ASGI variant."""
    callspec = getattr(item, "callspec", None)
    params = callspec.params if callspec is not None else {}
    if params.get("asgi") is True or params.get("app_kind") == "asgi":
        return True
    # test_..._asgi, [asgi.Response], test_parser_async, test_report_websocket...
    name = item.name.lower()
    return any(word in name for word in ("asgi", "async", "websocket"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[Any]) -> None:
    """Deselect the ASGI variants."""
    asgi = [item for item in items if is_asgi_case(item)]
    items[:] = [item for item in items if not is_asgi_case(item)]
    config.hook.pytest_deselected(items=asgi)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Record one outcome per test: an error in setup/teardown counts."""
    if _outcomes.get(report.nodeid) in ("failed", "error"):
        return
    if report.when == "call":
        _outcomes[report.nodeid] = report.outcome
    elif report.failed:
        _outcomes[report.nodeid] = "error"
    elif report.skipped:
        _outcomes[report.nodeid] = "skipped"


def pytest_collectreport(report: pytest.CollectReport) -> None:
    """Record a module that fails to import."""
    if report.failed:
        _outcomes[report.nodeid] = "error"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Write the outcomes."""
    out = os.environ.get("RESTCORE_CONFORMANCE_OUT")
    if out:
        with open(out, "w", encoding="utf-8") as file:
            json.dump(_outcomes, file, indent=0, sort_keys=True)
