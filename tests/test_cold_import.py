"""What ``import restcore`` loads: nothing it does not need to serve WSGI.

asyncio, the ASGI placeholders, the CLI, the testing package and the optional
dependencies load on first use only (cold-import time: docs/benchmarks.md).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

PROBE = """
import json, sys
before = set(sys.modules)
import {module}
print(json.dumps(sorted(set(sys.modules) - before)))
"""

NEVER_AT_IMPORT = (
    "asyncio",
    "concurrent.futures",
    "restcore.asgi",
    "restcore.cli",
    "restcore.cmd",
    "restcore.testing",
    "restcore.inspect",
    "restcore.compat",
    "msgpack",
    "jsonschema",
    "watchfiles",
    "falcon",
)


def loaded_by(module: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(module=module)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return list(json.loads(result.stdout))


@pytest.mark.parametrize("module", ["restcore"])
def test_import_loads_none_of_the_lazy_parts(module):
    loaded = loaded_by(module)
    assert "restcore.app" in loaded  # the probe sees what the import loads
    unexpected = [
        name
        for name in loaded
        if any(name == lazy or name.startswith(lazy + ".") for lazy in NEVER_AT_IMPORT)
    ]
    assert unexpected == []


def test_asyncio_loads_on_the_first_call_of_a_sync_helper():
    code = (
        "import sys, restcore\n"
        "named = 'asyncio' in sys.modules\n"
        "async def answer(): return 42\n"
        "print(named, restcore.async_to_sync(answer), 'asyncio' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "42", "True"]
