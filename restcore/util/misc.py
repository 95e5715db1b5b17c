"""Falcon-compatible alias: what ``falcon.util.misc`` exposes, re-exported.

The private names are the ones Falcon's own tests and extensions reach for
(``_utcnow``, ``_has_arg_name``, ``_encode_items_to_latin1``...).
"""

import datetime
import functools
import os  # noqa: F401 - Falcon's misc.os, which tests patch (os.name)
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from restcore.status import code_to_http_status as code_to_http_status
from restcore.status import http_status_to_code as http_status_to_code
from restcore.util.deprecation import deprecated as deprecated
from restcore.util.filename import _UNSAFE_CHARACTER
from restcore.util.filename import secure_filename as secure_filename
from restcore.util.http_date import dt_to_http as dt_to_http
from restcore.util.http_date import http_date_to_dt as http_date_to_dt
from restcore.util.http_date import http_now as http_now
from restcore.util.introspect import get_argnames as get_argnames
from restcore.util.introspect import get_bound_method as get_bound_method
from restcore.util.introspect import is_python_func as is_python_func
from restcore.util.uri import encode_value as encode_value
from restcore.util.uri import to_query_str as to_query_str

__all__ = [
    "code_to_http_status",
    "deprecated",
    "dt_to_http",
    "get_argnames",
    "get_bound_method",
    "http_date_to_dt",
    "http_now",
    "http_status_to_code",
    "is_python_func",
    "secure_filename",
    "to_query_str",
]

PYPY = sys.implementation.name == "pypy"
_UNSAFE_CHARS = _UNSAFE_CHARACTER
_DEFAULT_HTTP_REASON = "Unknown"
_UTC_TIMEZONE = datetime.UTC
_utcnow: Callable[[], datetime.datetime] = functools.partial(
    datetime.datetime.now, datetime.UTC
)
_strptime = datetime.datetime.strptime
_lru_cache_for_simple_logic = functools.lru_cache

isascii = deprecated("This will be removed in Falcon 5.0; use str.isascii().")(
    str.isascii
)
strptime = deprecated("This will be removed in Falcon 5.0; use datetime.strptime().")(
    datetime.datetime.strptime
)
utcnow = deprecated(
    "This will be removed in Falcon 5.0; use datetime.now(timezone.utc)."
)(datetime.datetime.utcnow)


def _lru_cache_nop(maxsize: int) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Return a decorator that caches nothing (Falcon's PyPy stand-in)."""
    return lambda func: func


def _has_arg_name(func: Callable[..., Any], name: str) -> bool:
    """Tell whether `func` takes an argument called `name`."""
    return name in get_argnames(func)


_has_arg_name_cached = functools.lru_cache(maxsize=64)(_has_arg_name)


def _encode_items_to_latin1(
    data: Mapping[str, str] | Iterable[tuple[str, str]],
) -> list[tuple[bytes, bytes]]:
    """Encode header names and values (a dict or pairs) to latin-1 bytes."""
    items = data.items() if isinstance(data, Mapping) else data
    return [(name.encode("latin1"), value.encode("latin1")) for name, value in items]


_cy_encode_items_to_latin1 = None
