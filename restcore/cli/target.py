"""Load the application a command names as ``MODULE:APP`` or ``MODULE:FACTORY()``."""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable
from typing import Any

__all__ = ("TargetError", "add_cwd_to_path", "load_target")

WSGIApp = Callable[..., Any]


class TargetError(Exception):
    """The ``MODULE:APP`` text is malformed or names nothing usable."""


def add_cwd_to_path() -> None:
    """Put the current directory first on ``sys.path`` (as ``python -m`` does)."""
    cwd = os.getcwd()
    if cwd not in sys.path:
        sys.path.insert(0, cwd)


def load_target(spec: str) -> WSGIApp:
    """Import ``MODULE`` and return its ``APP`` (calling it when it ends in ``()``).

    Errors raised while importing the module (``SyntaxError``, ``ImportError``
    from inside it, ...) propagate unchanged so their traceback can be shown.

    Args:
        spec: ``package.module:name`` or ``package.module:factory()``.

    Raises:
        TargetError: Malformed ``spec``, missing module or attribute, or the
            result is not callable.
    """
    module_name, _, attribute = spec.partition(":")
    is_factory = attribute.endswith("()")
    name = attribute.removesuffix("()")
    if not module_name or not name.isidentifier():
        raise TargetError(
            f"expected MODULE:APP or MODULE:FACTORY(), e.g. 'myapp:app', got {spec!r}"
        )
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as ex:
        missing = ex.name or ""
        if module_name == missing or module_name.startswith(missing + "."):
            raise TargetError(f"no module named {module_name!r}") from ex
        raise
    try:
        target = getattr(module, name)
    except AttributeError:
        raise TargetError(f"{name!r} not found in module {module_name!r}") from None
    if is_factory:
        target = target()
    if not callable(target):
        raise TargetError(f"{spec!r} is not a WSGI application (not callable)")
    app: WSGIApp = target
    return app


def load_app(spec: str, command: str) -> Any:
    """Load the restcore App ``spec`` names for ``restcore COMMAND``.

    Args:
        spec: ``MODULE:NAME`` or ``MODULE:FACTORY()``.
        command: The subcommand, named in error messages.

    Returns:
        The App, or None after printing why it could not be loaded.
    """
    from restcore.app import App

    add_cwd_to_path()
    try:
        app = load_target(spec)
    except TargetError as ex:
        print(f"restcore {command}: {ex}", file=sys.stderr)
        return None
    if not isinstance(app, App):
        print(
            f"restcore {command}: {spec!r} is not a restcore App "
            "(name a factory as MODULE:FACTORY())",
            file=sys.stderr,
        )
        return None
    return app
