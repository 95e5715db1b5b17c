"""Placeholder for ``falcon.asgi.request``."""

from __future__ import annotations

from restcore.asgi._placeholder import Placeholder

__all__ = ("Request",)


class Request(Placeholder):
    """Placeholder for Falcon's ASGI Request."""
