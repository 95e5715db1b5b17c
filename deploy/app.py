"""What each host serves: the notes example, plus /whoami and /upload.

Configured from the environment the runner sets: ``NOTES_DATABASE_URL``
(the store), ``RESTCORE_TRUSTED_PROXIES`` (comma-separated, the balancer),
``STACK_HOST`` (a name /whoami reports) and ``STACK_ACCESS_LOG`` (a file for
the JSON access log; none when unset). The request-ID and access-log
middleware run on every request, as they would in production.
"""

from __future__ import annotations

import hashlib
import logging
import os
from typing import Any

import restcore
from examples.notes.app import create_app
from restcore.middleware.access_log import AccessLogMiddleware
from restcore.middleware.request_id import RequestIDMiddleware

CHUNK = 65536


class WhoAmI:
    """Report how the app sees the request (client, scheme, host, route)."""

    def on_get(self, req: restcore.Request, resp: restcore.Response) -> None:
        """Answer with this worker's view of the request."""
        resp.media = {
            "host": os.environ.get("STACK_HOST", ""),
            "pid": os.getpid(),
            "remote_addr": req.remote_addr,
            "scheme": req.scheme,
            "forwarded_host": req.forwarded_host,
            "access_route": req.access_route,
            "request_id": req.context.request_id,
        }


class Upload:
    """Hash a streamed body without holding it: memory stays flat."""

    def on_post(self, req: restcore.Request, resp: restcore.Response) -> None:
        """Answer with the body's size and SHA-256."""
        # Chunked bodies have no length: the server de-chunks and ends stream.
        stream: Any = (
            req.bounded_stream if req.content_length is not None else req.stream
        )
        digest = hashlib.sha256()
        size = 0
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
        resp.media = {"size": size, "sha256": digest.hexdigest()}


def _access_logger() -> logging.Logger:
    logger = logging.getLogger("restcore.access")
    path = os.environ.get("STACK_ACCESS_LOG")
    if path:
        handler = logging.FileHandler(path)
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    return logger


def build() -> restcore.App:
    """The notes app with the stack's extras."""
    app = create_app()
    trusted = os.environ.get("RESTCORE_TRUSTED_PROXIES")
    app.req_options.trusted_proxies = trusted.split(",") if trusted else None
    app.add_middleware([RequestIDMiddleware(), AccessLogMiddleware(_access_logger())])
    app.add_route("/whoami", WhoAmI())
    app.add_route("/upload", Upload())
    return app


app = build()
