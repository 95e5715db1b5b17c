"""Falcon-compatible alias: what ``falcon.util.misc`` exposes, re-exported."""

from restcore.status import code_to_http_status as code_to_http_status
from restcore.status import http_status_to_code as http_status_to_code
from restcore.util.deprecation import deprecated as deprecated
from restcore.util.filename import secure_filename as secure_filename
from restcore.util.http_date import dt_to_http as dt_to_http
from restcore.util.http_date import http_date_to_dt as http_date_to_dt
from restcore.util.http_date import http_now as http_now
from restcore.util.introspect import get_argnames as get_argnames
from restcore.util.introspect import get_bound_method as get_bound_method
from restcore.util.introspect import is_python_func as is_python_func
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
