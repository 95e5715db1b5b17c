"""HTTP method lists, media-type constants and other framework-wide values."""

from __future__ import annotations

import os
import sys

__all__ = [
    "COMBINED_METHODS",
    "DEFAULT_MEDIA_TYPE",
    "FALSE_STRINGS",
    "HTTP_METHODS",
    "HTTP_WG_DRAFT_METHODS",
    "MEDIA_BMP",
    "MEDIA_CSV",
    "MEDIA_GIF",
    "MEDIA_HTML",
    "MEDIA_JPEG",
    "MEDIA_JS",
    "MEDIA_JSON",
    "MEDIA_MSGPACK",
    "MEDIA_MULTIPART",
    "MEDIA_PARQUET",
    "MEDIA_PNG",
    "MEDIA_TEXT",
    "MEDIA_URLENCODED",
    "MEDIA_XML",
    "MEDIA_YAML",
    "SINGLETON_HEADERS",
    "TRUE_STRINGS",
    "WEBDAV_METHODS",
    "WebSocketPayloadType",
]

PYTHON_VERSION = tuple(sys.version_info[:3])
PYPY = sys.implementation.name == "pypy"
ASGI_SUPPORTED = True  # importable placeholders only; see restcore.asgi
FALCON_SUPPORTED = True

HTTP_METHODS = [
    "CONNECT",
    "DELETE",
    "GET",
    "HEAD",
    "OPTIONS",
    "PATCH",
    "POST",
    "PUT",
    "TRACE",
]
WEBDAV_METHODS = [
    "CHECKIN",
    "CHECKOUT",
    "COPY",
    "LOCK",
    "MKCOL",
    "MOVE",
    "PROPFIND",
    "PROPPATCH",
    "REPORT",
    "UNCHECKIN",
    "UNLOCK",
    "UPDATE",
    "VERSION-CONTROL",
]
HTTP_WG_DRAFT_METHODS = ["QUERY"]


def _custom_methods_from_environ() -> list[str]:
    """Read extra methods from FALCON_/RESTCORE_CUSTOM_HTTP_METHODS (comma lists)."""
    methods: list[str] = []
    for variable in ("FALCON_CUSTOM_HTTP_METHODS", "RESTCORE_CUSTOM_HTTP_METHODS"):
        for name in os.environ.get(variable, "").split(","):
            name = name.strip().upper()
            if name and name not in methods:
                methods.append(name)
    return methods


FALCON_CUSTOM_HTTP_METHODS = _custom_methods_from_environ()
_META_METHODS = ["WEBSOCKET"]

COMBINED_METHODS = (
    HTTP_METHODS
    + WEBDAV_METHODS
    + HTTP_WG_DRAFT_METHODS
    + FALCON_CUSTOM_HTTP_METHODS
    + _META_METHODS
)

TRUE_STRINGS = frozenset({"true", "True", "t", "yes", "y", "1", "on"})
FALSE_STRINGS = frozenset({"false", "False", "f", "no", "n", "0", "off"})

DEFAULT_MEDIA_TYPE = "application/json"
MEDIA_JSON = "application/json"
MEDIA_MSGPACK = "application/msgpack"
MEDIA_MULTIPART = "multipart/form-data"
MEDIA_URLENCODED = "application/x-www-form-urlencoded"
MEDIA_YAML = "application/yaml"
MEDIA_XML = "application/xml"
MEDIA_HTML = "text/html; charset=utf-8"
MEDIA_JS = "text/javascript"
MEDIA_TEXT = "text/plain; charset=utf-8"
MEDIA_CSV = "text/csv; charset=utf-8"
MEDIA_JPEG = "image/jpeg"
MEDIA_PNG = "image/png"
MEDIA_GIF = "image/gif"
MEDIA_BMP = "image/bmp"
MEDIA_PARQUET = "application/vnd.apache.parquet"

_DEFAULT_STATIC_MEDIA_TYPES = (
    (".bmp", MEDIA_BMP),
    (".csv", "text/csv"),
    (".gif", MEDIA_GIF),
    (".htm", "text/html"),
    (".html", "text/html"),
    (".jpeg", MEDIA_JPEG),
    (".jpg", MEDIA_JPEG),
    (".js", MEDIA_JS),
    (".json", MEDIA_JSON),
    (".mjs", MEDIA_JS),
    (".parquet", MEDIA_PARQUET),
    (".png", MEDIA_PNG),
    (".txt", "text/plain"),
    (".xml", MEDIA_XML),
    (".yaml", MEDIA_YAML),
    (".yml", MEDIA_YAML),
)

# Request headers that may appear only once (RFC 9110); kept for compatibility.
SINGLETON_HEADERS = frozenset(
    {
        "content-length",
        "content-type",
        "cookie",
        "expect",
        "from",
        "host",
        "max-forwards",
        "referer",
        "user-agent",
    }
)


class WebSocketPayloadType:
    """WebSocket payload kinds (ASGI only; kept so that imports resolve)."""

    TEXT = 1
    BINARY = 2
