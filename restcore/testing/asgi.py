"""Importable stand-ins for Falcon's ASGI testing tools.

restcore is WSGI-only. These names exist so that ``from falcon.testing
import *``-style code imports cleanly; using any of them raises
`restcore.errors.CompatibilityError`.
"""

from __future__ import annotations

from typing import Any, NoReturn

__all__ = (
    "ASGIConductor",
    "ASGILifespanEventEmitter",
    "ASGIRequestEventEmitter",
    "ASGIResponseEventCollector",
    "ASGIWebSocketSimulator",
    "ResultBodyStream",
    "SimpleTestResourceAsync",
    "StreamedResult",
    "capture_responder_args_async",
    "create_asgi_req",
    "create_scope",
    "create_scope_ws",
    "set_resp_defaults_async",
)


def _refuse(name: str) -> NoReturn:
    from restcore.errors import CompatibilityError

    raise CompatibilityError(
        f"{name} is part of Falcon's ASGI support, which restcore does not provide"
    )


class _ASGIOnly:
    """Base of the placeholder classes: refuses to be instantiated."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        _refuse(type(self).__name__)


class ASGIConductor(_ASGIOnly):
    """Placeholder for Falcon's ASGI test conductor (unsupported)."""


class ASGILifespanEventEmitter(_ASGIOnly):
    """Placeholder for Falcon's ASGI lifespan emitter (unsupported)."""


class ASGIRequestEventEmitter(_ASGIOnly):
    """Placeholder for Falcon's ASGI request emitter (unsupported)."""


class ASGIResponseEventCollector(_ASGIOnly):
    """Placeholder for Falcon's ASGI response collector (unsupported)."""


class ASGIWebSocketSimulator(_ASGIOnly):
    """Placeholder for Falcon's WebSocket simulator (unsupported)."""


class ResultBodyStream(_ASGIOnly):
    """Placeholder for Falcon's streamed ASGI body (unsupported)."""


class StreamedResult(_ASGIOnly):
    """Placeholder for Falcon's streamed ASGI result (unsupported)."""


class SimpleTestResourceAsync(_ASGIOnly):
    """Placeholder for Falcon's async test resource (unsupported)."""


def create_scope(*args: Any, **kwargs: Any) -> NoReturn:
    """Refuse: ASGI scopes are not supported."""
    _refuse("create_scope")


def create_scope_ws(*args: Any, **kwargs: Any) -> NoReturn:
    """Refuse: ASGI WebSocket scopes are not supported."""
    _refuse("create_scope_ws")


def create_asgi_req(*args: Any, **kwargs: Any) -> NoReturn:
    """Refuse: ASGI requests are not supported."""
    _refuse("create_asgi_req")


def capture_responder_args_async(*args: Any, **kwargs: Any) -> NoReturn:
    """Refuse: async responders are not supported."""
    _refuse("capture_responder_args_async")


def set_resp_defaults_async(*args: Any, **kwargs: Any) -> NoReturn:
    """Refuse: async responders are not supported."""
    _refuse("set_resp_defaults_async")
