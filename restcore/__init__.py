"""restcore: a fast, Falcon-4-compatible, class-based REST framework for WSGI.

``import restcore as falcon`` gives a Falcon 4.4 WSGI application the names it
uses. See README.md and docs/.
"""

from __future__ import annotations

import os as _os
import sys as _sys

from restcore import (
    _typing as _typing,
)
from restcore import constants, status
from restcore import (
    cyutil as cyutil,
)
from restcore import errors as errors
from restcore import (
    request_helpers as request_helpers,
)
from restcore import (
    response_helpers as response_helpers,
)
from restcore import (
    status_codes as status_codes,
)
from restcore.app import API, App
from restcore.constants import *  # noqa: F403 - the MEDIA_* and method lists
from restcore.constants import __all__ as _constants_all
from restcore.errors import *  # noqa: F403 - every error class
from restcore.errors import HTTPPayloadTooLarge
from restcore.errors import __all__ as _errors_all
from restcore.forwarded import Forwarded
from restcore.hooks import after, before
from restcore.http_error import HTTPError
from restcore.http_status import HTTPStatus
from restcore.middleware import CORSMiddleware
from restcore.redirects import (
    HTTPFound,
    HTTPMovedPermanently,
    HTTPPermanentRedirect,
    HTTPSeeOther,
    HTTPTemporaryRedirect,
)
from restcore.request import Request, RequestOptions
from restcore.response import Response, ResponseOptions
from restcore.status import *  # noqa: F403 - the HTTP_* status lines
from restcore.stream import BoundedStream
from restcore.util import (
    IS_64_BITS as IS_64_BITS,
)
from restcore.util import (
    PYTHON_VERSION as PYTHON_VERSION,
)
from restcore.util import (
    AttributeRemovedError as AttributeRemovedError,
)
from restcore.util import (
    CaseInsensitiveDict as CaseInsensitiveDict,
)
from restcore.util import (
    Context as Context,
)
from restcore.util import (
    DeprecatedWarning as DeprecatedWarning,
)
from restcore.util import (
    ETag as ETag,
)
from restcore.util import (
    TimezoneGMT as TimezoneGMT,
)
from restcore.util import __all__ as _util_all
from restcore.util import (
    async_to_sync as async_to_sync,
)
from restcore.util import (
    code_to_http_status as code_to_http_status,
)
from restcore.util import (
    create_task as create_task,
)
from restcore.util import (
    deprecated as deprecated,
)
from restcore.util import (
    deprecated_args as deprecated_args,
)
from restcore.util import (
    dt_to_http as dt_to_http,
)
from restcore.util import (
    get_argnames as get_argnames,
)
from restcore.util import (
    get_bound_method as get_bound_method,
)
from restcore.util import (
    get_running_loop as get_running_loop,
)
from restcore.util import (
    http_cookies as http_cookies,
)
from restcore.util import (
    http_date_to_dt as http_date_to_dt,
)
from restcore.util import (
    http_now as http_now,
)
from restcore.util import (
    http_status_to_code as http_status_to_code,
)
from restcore.util import (
    is_python_func as is_python_func,
)
from restcore.util import (
    mediatypes as mediatypes,
)
from restcore.util import (
    misc as misc,
)
from restcore.util import (
    parse_header as parse_header,
)
from restcore.util import (
    reader as reader,
)
from restcore.util import (
    runs_sync as runs_sync,
)
from restcore.util import (
    secure_filename as secure_filename,
)
from restcore.util import (
    structures as structures,
)
from restcore.util import (
    sync as sync,
)
from restcore.util import (
    sync_to_async as sync_to_async,
)
from restcore.util import (
    time as time,
)
from restcore.util import (
    to_query_str as to_query_str,
)
from restcore.util import (
    uri as uri,
)
from restcore.util import (
    wrap_sync_to_async as wrap_sync_to_async,
)
from restcore.util import (
    wrap_sync_to_async_unsafe as wrap_sync_to_async_unsafe,
)
from restcore.util.reader import BufferedReader
from restcore.version import __version__ as __version__

# Falcon's other submodules (_typing, cyutil, status_codes...) and its sync
# helpers are imported eagerly above, as Falcon does. PERF: a module-level
# ``__getattr__`` (PEP 562) would keep them out of the import, but CPython
# 3.11-3.13 then never specializes an attribute lookup on the package: every
# ``restcore.HTTP_201`` in an app's responder would take the generic path (8.2 vs
# 5.5 ns a lookup on 3.11; 293 instructions of the scoreboard's json_post,
# tests/bench/instructions.py). asyncio, which the sync helpers need, is
# imported on their first call (restcore.util.sync).
ASGI_SUPPORTED = constants.ASGI_SUPPORTED

_status_all = [name for name in dir(status) if name.startswith("HTTP_")]

__all__ = [
    "API",
    "App",
    "BoundedStream",
    "CORSMiddleware",
    "Forwarded",
    "HTTPError",
    "HTTPFound",
    "HTTPMovedPermanently",
    "HTTPPermanentRedirect",
    "HTTPSeeOther",
    "HTTPStatus",
    "HTTPTemporaryRedirect",
    "Request",
    "RequestOptions",
    "Response",
    "ResponseOptions",
    "HTTPPayloadTooLarge",
    "after",
    "before",
    *_constants_all,
    *_util_all,
    *_errors_all,
    *_status_all,
]

_NOT_IN_FALCON_ALL = {
    "PYTHON_VERSION",
    "AttributeRemovedError",
    "DeprecatedWarning",
    "FALSE_STRINGS",
    "HTTP_WG_DRAFT_METHODS",
    "TRUE_STRINGS",
    "deprecated_args",
}
__all__ = [name for name in dict.fromkeys(__all__) if name not in _NOT_IN_FALCON_ALL]
__all__ += ["IS_64_BITS", "BufferedReader"]
__all__ += ["mediatypes", "misc", "reader", "structures", "sync", "time", "uri"]

if _os.environ.get("RESTCORE_AS_FALCON", "").strip() in constants.TRUE_STRINGS:
    from restcore.compat import install_falcon_alias as _install

    if "falcon" not in _sys.modules:
        _install()
