"""Public type aliases and protocols (Falcon's ``falcon.typing`` names, and more).

Apps annotate with these; restcore's own modules use them for objects the app
supplies (media handlers, middleware, resources' responders).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any, Protocol

__all__ = (
    "AsyncReadableIO",
    "ErrorHandler",
    "Headers",
    "ProcessRequest",
    "ProcessResource",
    "ProcessResponse",
    "ReadableIO",
    "Responder",
    "SSEEmitter",
)

Headers = dict[str, str]
"""The mutable headers dict of a Response (lower-case names)."""


class ReadableIO(Protocol):
    """A file-like object with a ``read`` method (request bodies, streams)."""

    def read(self, n: int | None = ..., /) -> bytes:
        """Read up to ``n`` bytes (all when omitted or None)."""
        ...


class AsyncReadableIO(Protocol):
    """ASGI's async readable stream (a placeholder name: restcore is WSGI)."""

    async def read(self, n: int | None = ..., /) -> bytes:
        """Read up to ``n`` bytes."""
        ...

    def __aiter__(self) -> AsyncIterator[bytes]: ...


SSEEmitter = AsyncIterator[Any]
"""ASGI server-sent events (a placeholder name: restcore is WSGI)."""

Responder = Callable[..., None]
"""``on_<method>(req, resp, **params)``: a resource's bound responder."""

ErrorHandler = Callable[[Any, Any, Any, dict[str, Any]], None]
"""``handler(req, resp, ex, params)``, as given to ``App.add_error_handler``."""

ProcessRequest = Callable[[Any, Any], None]
"""A middleware ``process_request(req, resp)`` method."""

ProcessResource = Callable[[Any, Any, Any, dict[str, Any]], None]
"""A middleware ``process_resource(req, resp, resource, params)`` method."""

ProcessResponse = Callable[[Any, Any, Any, bool], None]
"""A middleware ``process_response(req, resp, resource, req_succeeded)`` method."""
