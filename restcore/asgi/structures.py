"""Placeholder for ``falcon.asgi.structures``."""

from __future__ import annotations

from restcore.asgi._placeholder import Placeholder

__all__ = ("SSEvent",)


class SSEvent(Placeholder):
    """Placeholder for Falcon's server-sent event."""
