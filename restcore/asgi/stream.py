"""Placeholder for ``falcon.asgi.stream``."""

from __future__ import annotations

from restcore.asgi._placeholder import Placeholder

__all__ = ("BoundedStream",)


class BoundedStream(Placeholder):
    """Placeholder for Falcon's ASGI BoundedStream."""
