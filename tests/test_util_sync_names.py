"""restcore.util and the package name the sync helpers without importing asyncio."""

from __future__ import annotations

import dis
import subprocess
import sys

import pytest

import restcore
import restcore.util
import restcore.util.sync


def test_util_names_every_sync_helper() -> None:
    for name in restcore.util.sync.__all__:
        assert getattr(restcore.util, name) is getattr(restcore.util.sync, name)
        assert getattr(restcore, name) is getattr(restcore.util.sync, name)


def test_importing_util_does_not_import_asyncio() -> None:
    code = (
        "import sys, restcore.util; "
        "print('asyncio' in sys.modules, 'concurrent.futures' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["False", "False"]


def test_no_module_import_restcore_loads_has_a_module_getattr() -> None:
    # A module-level __getattr__ keeps CPython from specializing attribute
    # lookups on the module (every restcore.NAME in an app's code).
    code = (
        "import sys, restcore\n"
        "names = [n for n in list(sys.modules) if n.startswith('restcore')]\n"
        "print(len(names), [n for n in names if '__getattr__' in vars(sys.modules[n])])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    count, with_getattr = done.stdout.split(" ", 1)
    assert int(count) > 20  # the probe saw the package's modules
    assert with_getattr.strip() == "[]"


@pytest.mark.skipif(
    sys.gettrace() is not None, reason="a tracer (coverage) stops specialization"
)
def test_attribute_lookups_on_the_package_are_specialized() -> None:
    def responder_body() -> object:
        return restcore.HTTP_201

    for _ in range(64):
        responder_body()
    names = [
        instruction.opname
        for instruction in dis.get_instructions(responder_body, adaptive=True)
    ]
    assert "LOAD_ATTR_MODULE" in names
