"""Placeholder for ``falcon.asgi.response``."""

from __future__ import annotations

from restcore.asgi._placeholder import Placeholder

__all__ = ("Response",)


class Response(Placeholder):
    """Placeholder for Falcon's ASGI Response."""
