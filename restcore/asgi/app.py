"""Placeholder for ``falcon.asgi.app``."""

from __future__ import annotations

from restcore.asgi._placeholder import Placeholder

__all__ = ("App",)


class App(Placeholder):
    """Placeholder for Falcon's ASGI App."""
