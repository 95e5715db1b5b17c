"""Placeholder for ``falcon.asgi.ws``."""

from __future__ import annotations

from restcore.asgi._placeholder import Placeholder, placeholder_function

__all__ = ("WebSocket",)


class WebSocket(Placeholder):
    """Placeholder for Falcon's WebSocket."""


class WebSocketOptions(Placeholder):
    """Placeholder for Falcon's WebSocket options."""


http_status_to_ws_code = placeholder_function("http_status_to_ws_code")
