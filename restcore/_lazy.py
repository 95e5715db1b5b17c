"""Lazy module attributes: submodules and names loaded on first access.

A package lists what it exposes lazily and binds the returned ``__getattr__``
and ``__dir__`` at module level (PEP 562), so that ``import restcore`` loads
none of it (asyncio, ASGI placeholders, the testing package...).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any


def attach(
    package: str,
    globals_: dict[str, Any],
    submodules: Iterable[str] = (),
    names: Mapping[str, str] | None = None,
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Build a module's ``__getattr__`` and ``__dir__``.

    Args:
        package: The module's dotted name.
        globals_: The module's namespace; a loaded value is cached there.
        submodules: Names of submodules of `package` to import on access.
        names: Attribute name -> dotted module holding the same name.

    Returns:
        The ``__getattr__`` and ``__dir__`` functions.
    """
    table = {name: f"{package}.{name}" for name in submodules}
    sources = dict(names or {})

    def __getattr__(name: str) -> Any:
        import importlib

        if name in table:
            value: Any = importlib.import_module(table[name])
        elif name in sources:
            value = getattr(importlib.import_module(sources[name]), name)
        else:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        globals_[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*globals_, *table, *sources})

    return __getattr__, __dir__
