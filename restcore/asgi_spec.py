"""Falcon's ``falcon.asgi_spec``: the ASGI specification's constants.

restcore serves WSGI; these name the event types, scope types and close codes
for code that imports them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["AsgiEvent", "AsgiSendMsg", "EventType", "ScopeType", "WSCloseCode"]


class EventType:
    """ASGI event ``type`` strings."""

    HTTP_REQUEST = "http.request"
    HTTP_RESPONSE_START = "http.response.start"
    HTTP_RESPONSE_BODY = "http.response.body"
    HTTP_DISCONNECT = "http.disconnect"

    LIFESPAN_STARTUP = "lifespan.startup"
    LIFESPAN_STARTUP_COMPLETE = "lifespan.startup.complete"
    LIFESPAN_STARTUP_FAILED = "lifespan.startup.failed"
    LIFESPAN_SHUTDOWN = "lifespan.shutdown"
    LIFESPAN_SHUTDOWN_COMPLETE = "lifespan.shutdown.complete"
    LIFESPAN_SHUTDOWN_FAILED = "lifespan.shutdown.failed"

    WS_CONNECT = "websocket.connect"
    WS_ACCEPT = "websocket.accept"
    WS_RECEIVE = "websocket.receive"
    WS_SEND = "websocket.send"
    WS_DISCONNECT = "websocket.disconnect"
    WS_CLOSE = "websocket.close"


class ScopeType:
    """ASGI scope ``type`` strings."""

    HTTP = "http"
    WS = "websocket"
    LIFESPAN = "lifespan"


class WSCloseCode:
    """WebSocket close codes (RFC 6455 section 7.4, and Falcon's 34xx)."""

    NORMAL = 1000
    SERVER_ERROR = 1011
    FORBIDDEN = 3403
    PATH_NOT_FOUND = 3404
    HANDLER_NOT_FOUND = 3405


AsgiEvent = Mapping[str, Any]
AsgiSendMsg = dict[str, Any]
