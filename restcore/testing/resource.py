"""A configurable resource that records what its responders receive."""

from __future__ import annotations

import json as json_module
from collections.abc import Mapping
from typing import Any

from restcore.testing.asgi import (
    SimpleTestResourceAsync,
    capture_responder_args_async,
    set_resp_defaults_async,
)
from restcore.testing.environ import HeaderArg

__all__ = (
    "SimpleTestResource",
    "SimpleTestResourceAsync",
    "capture_responder_args",
    "capture_responder_args_async",
    "set_resp_defaults",
    "set_resp_defaults_async",
)


def capture_responder_args(
    req: Any, resp: Any, resource: Any, params: Mapping[str, Any]
) -> None:
    """Store a responder's arguments on a `SimpleTestResource` (a before hook).

    With a ``Capture-Req-Body-Bytes: <n>`` request header, the first n body
    bytes are kept in ``captured_req_body``; with ``Capture-Req-Media`` the
    parsed media is kept in ``captured_req_media``.

    Args:
        req: The request.
        resp: The response.
        resource: The `SimpleTestResource` to record on.
        params: The URI template field values.
    """
    resource.captured_req = req
    resource.captured_resp = resp
    resource.captured_kwargs = params
    resource.captured_req_media = None
    resource.captured_req_body = None

    num_bytes = req.get_header("capture-req-body-bytes")
    if num_bytes:
        resource.captured_req_body = req.stream.read(int(num_bytes))
    elif req.get_header("capture-req-media"):
        resource.captured_req_media = req.get_media()


def set_resp_defaults(
    req: Any, resp: Any, resource: Any, params: Mapping[str, Any]
) -> None:
    """Apply a `SimpleTestResource`'s preset status, body and headers (a hook).

    Args:
        req: The request.
        resp: The response to fill in.
        resource: The `SimpleTestResource` holding the presets.
        params: The URI template field values.
    """
    if resource._default_status is not None:
        resp.status = resource._default_status
    if resource._default_body is not None:
        resp.text = resource._default_body
    if resource._default_headers is not None:
        resp.set_headers(resource._default_headers)


class SimpleTestResource:
    """A resource answering GET and POST with preset values, recording calls.

    Args:
        status: Status to respond with (the app's default if None).
        body: Text body to respond with.
        json: Object to respond with as JSON text (excludes `body`).
        headers: Headers to add to the response.

    Raises:
        ValueError: Both `body` and `json` were given.
    """

    captured_req: Any
    """The last request received, or None."""
    captured_resp: Any
    """The last response object, or None."""
    captured_kwargs: Any
    """The URI template fields of the last request, or None."""
    captured_req_media: Any
    """The request media, when asked for with ``Capture-Req-Media``."""
    captured_req_body: bytes | None
    """The request body, when asked for with ``Capture-Req-Body-Bytes``."""

    def __init__(
        self,
        status: str | None = None,
        body: str | None = None,
        json: Any = None,
        headers: HeaderArg | None = None,
    ) -> None:
        if json is not None:
            if body is not None:
                raise ValueError("Either json or body may be specified, but not both")
            body = json_module.dumps(json, ensure_ascii=False)
        self._default_status = status
        self._default_body = body
        self._default_headers = headers
        self.captured_req = None
        self.captured_resp = None
        self.captured_kwargs = None
        self.captured_req_media = None
        self.captured_req_body = None

    @property
    def called(self) -> bool:
        """Whether a responder has been called."""
        return self.captured_req is not None

    def on_get(self, req: Any, resp: Any, **kwargs: Any) -> None:
        """Record the request and apply the presets."""
        self._respond(req, resp, kwargs)

    def on_post(self, req: Any, resp: Any, **kwargs: Any) -> None:
        """Record the request and apply the presets."""
        self._respond(req, resp, kwargs)

    def _respond(self, req: Any, resp: Any, params: dict[str, Any]) -> None:
        # Same order as Falcon's two before-hooks: capture, then defaults.
        capture_responder_args(req, resp, self, params)
        set_resp_defaults(req, resp, self, params)
