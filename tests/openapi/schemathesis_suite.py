"""Run by test_schemathesis.py in a subprocess: schemathesis against one app.

``ST_APP`` names the app (``module:attribute``); ``ST_EXAMPLES`` bounds the
examples per operation. Not collected by the main suite (no ``test_`` prefix).
"""

from __future__ import annotations

import importlib
import os
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings

module_name, _, attribute = os.environ["ST_APP"].partition(":")
app = getattr(importlib.import_module(module_name), attribute)()
schema = schemathesis.openapi.from_wsgi("/openapi.json", app)
EXAMPLES = int(os.environ.get("ST_EXAMPLES", "20"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)


@schema.parametrize()
@SETTINGS
def test_api(case: Any) -> None:
    case.call_and_validate()


TestStateful = schema.as_state_machine().TestCase
TestStateful.settings = settings(
    SETTINGS, max_examples=max(EXAMPLES // 2, 5), stateful_step_count=4
)
