"""restcore: a fast, Falcon-4-compatible, class-based REST framework for WSGI.

``import restcore as falcon`` gives a Falcon 4.4 WSGI application the names it
uses. See README.md and docs/.
"""

from __future__ import annotations

import os as _os
import sys as _sys

from restcore import constants, status
from restcore import errors as errors
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
from restcore.util import *  # noqa: F403 - Falcon's top-level utilities
from restcore.util import (
    IS_64_BITS,
    mediatypes,
    misc,
    reader,
    structures,
    sync,
    time,
    uri,
)
from restcore.util import __all__ as _util_all
from restcore.util.reader import BufferedReader
from restcore.version import __version__ as __version__

ASGI_SUPPORTED = constants.ASGI_SUPPORTED
PYTHON_VERSION = constants.PYTHON_VERSION

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
