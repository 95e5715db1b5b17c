"""The access-log component: one JSON line per request, through ``logging``.

Each request gives one INFO record on the ``restcore.access`` logger (or the
one passed in) whose message is a JSON object::

    {"method": "GET", "path": "/notes/{note_id:int}", "status": 200,
     "duration_ms": 1.234, "bytes": 87, "request_id": "4f...", "client": "..."}

``path`` is the route's URI template (so one endpoint is one key, whatever
the IDs in the URL), or the raw path when no route matched. ``client`` is
``req.remote_addr``, which follows ``RequestOptions.trusted_proxies``
(:mod:`restcore.proxies`) when that is set. ``request_id`` is read from the
context attribute :class:`~restcore.middleware.request_id.RequestIDMiddleware`
fills (add that component first). ``duration_ms`` runs from this component's
``process_request`` to its ``process_response``: it leaves out the time to send
the body. ``bytes`` is the body length, or None for a stream without
``Content-Length``. ``status`` is the status when the response phase runs: a
failure after it (media that cannot be serialized, an error while streaming)
is not seen here. The same fields are on the record as ``record.access``.

Nothing is measured or built when the logger is not enabled for INFO.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import orjson

from restcore.status import http_status_to_code

__all__ = ["AccessLogMiddleware"]


def _body_size(resp: Any) -> int | None:
    length = resp.get_header("Content-Length")
    if length is not None:
        return int(length) if length.isdigit() else None
    if resp.stream is not None:
        return None
    try:
        body = resp.render_body()
    except Exception:  # the app reports its own error; log no size
        return None
    return 0 if body is None else len(body)


class AccessLogMiddleware:
    """Log one structured (JSON) line per request.

    Args:
        logger: Where the lines go (default: the ``restcore.access`` logger).
        request_id_name: The ``req.context`` attribute holding the request ID.
    """

    __slots__ = ("logger", "request_id_name")

    def __init__(
        self,
        logger: logging.Logger | None = None,
        request_id_name: str = "request_id",
    ) -> None:
        self.logger = logger or logging.getLogger("restcore.access")
        self.request_id_name = request_id_name

    def process_request(self, req: Any, resp: Any) -> None:
        """Note when the request started (only if the line will be written)."""
        if self.logger.isEnabledFor(logging.INFO):
            req.context._access_log_start = time.perf_counter()

    def process_response(
        self, req: Any, resp: Any, resource: object, req_succeeded: bool
    ) -> None:
        """Write the request's line."""
        if not self.logger.isEnabledFor(logging.INFO):
            return
        context = req.context
        start = getattr(context, "_access_log_start", None)
        duration = None
        if start is not None:
            duration = round((time.perf_counter() - start) * 1000.0, 3)
        record = {
            "method": req.method,
            "path": req.uri_template or req.path,
            "status": http_status_to_code(resp.status),
            "duration_ms": duration,
            "bytes": _body_size(resp),
            "request_id": getattr(context, self.request_id_name, None),
            "client": req.remote_addr,
        }
        self.logger.info(orjson.dumps(record).decode(), extra={"access": record})
