"""Falcon's ``falcon.app_helpers`` names, kept where instrumentation looks for them."""

from __future__ import annotations

from restcore.error_response import default_serialize_error
from restcore.middleware import PreparedMiddleware, prepare_middleware
from restcore.response import CloseableStreamIterator

__all__ = [
    "CloseableStreamIterator",
    "PreparedMiddleware",
    "default_serialize_error",
    "prepare_middleware",
]
