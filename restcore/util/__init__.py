"""Utilities shared by the framework and useful to apps (Falcon's ``falcon.util``).

The real code lives in modules named for what they hold (``http_date``,
``filename``, ``introspect``, ...); ``misc`` and ``time`` are Falcon-path aliases.
"""

import sys
from http import cookies as http_cookies

from restcore.constants import PYTHON_VERSION
from restcore.status import code_to_http_status, http_status_to_code
from restcore.util import (
    deprecation,
    mediatypes,
    misc,
    reader,
    structures,
    time,
    uri,
)
from restcore.util.deprecation import (
    AttributeRemovedError,
    DeprecatedWarning,
    deprecated,
    deprecated_args,
)
from restcore.util.filename import secure_filename
from restcore.util.http_date import TimezoneGMT, dt_to_http, http_date_to_dt, http_now
from restcore.util.introspect import get_argnames, get_bound_method, is_python_func
from restcore.util.mediatypes import parse_header
from restcore.util.reader import BufferedReader
from restcore.util.structures import CaseInsensitiveDict, Context, ETag
from restcore.util.sync import (
    async_to_sync,
    create_task,
    get_running_loop,
    runs_sync,
    sync_to_async,
    wrap_sync_to_async,
    wrap_sync_to_async_unsafe,
)
from restcore.util.uri import to_query_str

__all__ = [
    "PYTHON_VERSION",
    "AttributeRemovedError",
    "CaseInsensitiveDict",
    "Context",
    "DeprecatedWarning",
    "ETag",
    "TimezoneGMT",
    "async_to_sync",
    "code_to_http_status",
    "create_task",
    "deprecated",
    "deprecated_args",
    "dt_to_http",
    "get_argnames",
    "get_bound_method",
    "get_running_loop",
    "http_cookies",
    "http_date_to_dt",
    "http_now",
    "http_status_to_code",
    "is_python_func",
    "parse_header",
    "runs_sync",
    "secure_filename",
    "sync_to_async",
    "to_query_str",
    "wrap_sync_to_async",
    "wrap_sync_to_async_unsafe",
]

IS_64_BITS = sys.maxsize > 2**32
"""Whether this is a 64-bit interpreter."""

# Submodules and extras reachable as attributes, as in Falcon, but outside __all__.
_SUBMODULES = (deprecation, mediatypes, misc, reader, structures, time, uri)
_EXTRAS = (BufferedReader, IS_64_BITS)
_PyBufferedReader = BufferedReader
_CyBufferedReader = None  # no compiled extensions
