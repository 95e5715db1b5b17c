"""Importable stand-ins for Falcon's ASGI names: restcore serves WSGI.

Extensions often ``import falcon.asgi`` (or ``falcon.asgi.reader``...) at module
level even when they only serve WSGI. The submodules mirror ``falcon.asgi``;
importing them, subclassing their classes and naming them in ``isinstance``
checks all work; creating one raises ``CompatibilityError``.
"""

from __future__ import annotations

from restcore.asgi import (
    _asgi_helpers,
    _request_helpers,
    app,
    multipart,
    reader,
    request,
    response,
    stream,
    structures,
    ws,
)
from restcore.asgi.app import App
from restcore.asgi.request import Request
from restcore.asgi.response import Response
from restcore.asgi.stream import BoundedStream
from restcore.asgi.structures import SSEvent
from restcore.asgi.ws import WebSocket, WebSocketOptions

__all__ = (
    "App",
    "BoundedStream",
    "Request",
    "Response",
    "SSEvent",
    "WebSocket",
    "WebSocketOptions",
)

_SUBMODULES = (
    _asgi_helpers,
    _request_helpers,
    app,
    multipart,
    reader,
    request,
    response,
    stream,
    structures,
    ws,
)
