"""Options shared by the whole suite."""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--run-deploy",
        action="store_true",
        default=False,
        help="run tests/deploy: the nginx + gunicorn + PostgreSQL stack (root)",
    )
