"""Middleware: method resolution, and components one module each.

Falcon's ``falcon.middleware`` names stay importable from here
(``CORSMiddleware``, plus restcore's ``prepare_middleware``). restcore's own
opt-in components are imported from their modules, so an app that does not
use them never loads them:

- :mod:`restcore.middleware.cors`: ``CORSMiddleware`` (Falcon's);
- :mod:`restcore.middleware.request_id`: ``RequestIDMiddleware``;
- :mod:`restcore.middleware.access_log`: ``AccessLogMiddleware``.
"""

from restcore.middleware.cors import CORSMiddleware
from restcore.middleware.prepare import (
    AsyncMiddlewareError,
    PreparedMiddleware,
    prepare_middleware,
)

__all__ = [
    "AsyncMiddlewareError",
    "CORSMiddleware",
    "PreparedMiddleware",
    "prepare_middleware",
]
