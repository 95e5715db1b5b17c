"""The request-ID component: one identifier per request, end to end.

A well-formed incoming ``X-Request-ID`` (set by a proxy or a calling service)
is kept, so one ID follows a request through every hop; without one, a new
random ID is made. Either way it goes on ``req.context`` and on the response.
A malformed value (empty, too long, or with characters outside a safe set
that can never break a log line or a header) is refused with 400: echoing it
would let a client inject text into logs and responses.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from typing import Any

from restcore.errors import HTTPInvalidHeader

__all__ = ["RequestIDMiddleware"]

# Letters, digits and a few URL-safe punctuation marks; covers UUIDs, hex,
# base64 and the IDs of common proxies and tracing systems.
_WELL_FORMED = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~:+/=@-]{0,127}")


def _new_id() -> str:
    return secrets.token_hex(16)


class RequestIDMiddleware:
    """Give every request an ID, on ``req.context`` and on the response.

    Args:
        header: The request and response header carrying the ID.
        context_name: The ``req.context`` attribute that receives it.
        make_id: Makes a new ID (default: 32 random hex digits).
    """

    __slots__ = ("context_name", "header", "make_id")

    def __init__(
        self,
        header: str = "X-Request-ID",
        context_name: str = "request_id",
        make_id: Callable[[], str] = _new_id,
    ) -> None:
        self.header = header
        self.context_name = context_name
        self.make_id = make_id

    def process_request(self, req: Any, resp: Any) -> None:
        """Keep the incoming ID or make one; refuse a malformed one with 400.

        Raises:
            HTTPInvalidHeader: The incoming ID is malformed (the response
                still carries a fresh ID).
        """
        incoming: str | None = req.get_header(self.header)
        malformed = incoming is not None and not _WELL_FORMED.fullmatch(incoming)
        request_id = self.make_id() if incoming is None or malformed else incoming
        setattr(req.context, self.context_name, request_id)
        resp.set_header(self.header, request_id)
        if malformed:
            raise HTTPInvalidHeader(
                "The request ID must be 1 to 128 letters, digits or ._~:+/=@- "
                "characters, starting with a letter or digit.",
                self.header,
            )

    def process_response(
        self, req: Any, resp: Any, resource: object, req_succeeded: bool
    ) -> None:
        """Put the ID back on the response if an error handler replaced it."""
        request_id = getattr(req.context, self.context_name, None)
        if request_id is not None and resp.get_header(self.header) is None:
            resp.set_header(self.header, request_id)
