"""Build WSGI environ dicts and requests the way a real WSGI server would.

`create_environ` mimics what gunicorn, uWSGI and wsgiref put in the environ:
PATH_INFO is percent-decoded and then tunnelled through latin-1 (PEP 3333
strings may only hold ISO-8859-1 code points), headers become ``HTTP_*``
keys, and the body is exposed as a ``BytesIO`` under ``wsgi.input``.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TextIO

from restcore.constants import SINGLETON_HEADERS
from restcore.util.uri import decode
from restcore.version import __version__

if TYPE_CHECKING:
    from restcore.request import Request

__all__ = ("DEFAULT_HOST", "DEFAULT_UA", "create_environ", "create_req")

DEFAULT_HOST = "falconframework.org"
"""Default value of the Host header (and SERVER_NAME) of simulated requests."""

DEFAULT_UA = "restcore-client/" + __version__
"""Default User-Agent of simulated requests."""

HeaderArg = Mapping[str, str | None] | Iterable[tuple[str, str | None]]
"""Headers given as a mapping or as an iterable of ``(name, value)`` pairs."""

CookieArg = Mapping[str, Any]
"""Cookies given as ``name -> value`` (or objects with a ``value`` attribute)."""

_HTTP_VERSIONS = {"1": "1.0", "1.0": "1.0", "1.1": "1.1", "2": "2", "2.0": "2"}
_DEFAULT_PORTS = {"http": "80", "https": "443"}


def create_environ(
    path: str = "/",
    query_string: str = "",
    http_version: str = "1.1",
    scheme: str = "http",
    host: str = DEFAULT_HOST,
    port: int | str | None = None,
    headers: HeaderArg | None = None,
    app: str | None = None,
    body: str | bytes = b"",
    method: str = "GET",
    wsgierrors: TextIO | None = None,
    file_wrapper: Callable[..., Any] | None = None,
    remote_addr: str | None = None,
    root_path: str | None = None,
    cookies: CookieArg | None = None,
) -> dict[str, Any]:
    """Create a WSGI environ dict for a simulated request.

    Args:
        path: Raw request path; percent-escapes are decoded into PATH_INFO.
        query_string: Query string without the leading ``'?'``.
        http_version: One of ``'1'``, ``'1.0'``, ``'1.1'``, ``'2'``, ``'2.0'``.
        scheme: URL scheme, ``'http'`` or ``'https'``.
        host: Server host name, also used for the Host header.
        port: Server port; defaults to the scheme's standard port.
        headers: Request headers as a mapping or ``(name, value)`` pairs.
        app: Deprecated alias of `root_path`.
        body: Request body; a ``str`` is encoded as UTF-8.
        method: HTTP method.
        wsgierrors: Stream for ``wsgi.errors`` (default ``sys.stderr``).
        file_wrapper: Callable for ``wsgi.file_wrapper``.
        remote_addr: Client address for REMOTE_ADDR (omitted when not given).
        root_path: SCRIPT_NAME of the application.
        cookies: Cookies to send in the Cookie header.

    Returns:
        The environ dict.

    Raises:
        ValueError: The HTTP version is unknown or the query string starts
            with ``'?'``.
    """
    version = _normalize_http_version(http_version)
    if query_string and query_string.startswith("?"):
        raise ValueError("query_string should not start with '?'")

    stream = io.BytesIO(body.encode() if isinstance(body, str) else body)
    scheme = scheme.lower()
    port_str = _DEFAULT_PORTS.get(scheme, "443") if port is None else str(int(port))
    script_name = root_path or app or ""
    if script_name and not script_name.startswith("/"):
        script_name = "/" + script_name

    env: dict[str, Any] = {
        "SERVER_PROTOCOL": "HTTP/" + version,
        "SERVER_SOFTWARE": "gunicorn/0.17.0",
        "SCRIPT_NAME": script_name,
        "REQUEST_METHOD": method,
        "PATH_INFO": _tunnel_path(path),
        "QUERY_STRING": query_string,
        "REMOTE_PORT": "65133",
        "RAW_URI": path,
        "SERVER_NAME": host,
        "SERVER_PORT": port_str,
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scheme,
        "wsgi.input": stream,
        "wsgi.errors": wsgierrors or sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    # Real servers do not always set REMOTE_ADDR; apps must cope without it.
    if remote_addr:
        env["REMOTE_ADDR"] = remote_addr
    if file_wrapper is not None:
        env["wsgi.file_wrapper"] = file_wrapper
    if version != "1.0":
        env["HTTP_HOST"] = _host_header(host, scheme, port_str)

    content_length = len(stream.getbuffer())
    if content_length:
        env["CONTENT_LENGTH"] = str(content_length)
    # Browsers do not send cookies with CORS preflight (OPTIONS) requests.
    if cookies is not None and method != "OPTIONS":
        env["HTTP_COOKIE"] = format_cookie_header(cookies)

    _add_headers(env, headers)
    return env


def create_req(options: Any = None, **kwargs: Any) -> Request:
    """Create a `restcore.request.Request` for a simulated request.

    Args:
        options: `RequestOptions` for the request (default options if None).
        **kwargs: Arguments for `create_environ`.

    Returns:
        The request object.
    """
    # Imported here: the request module is heavier and optional for callers
    # that only need environs.
    from restcore.request import Request

    return Request(create_environ(**kwargs), options=options)


def format_cookie_header(cookies: CookieArg) -> str:
    """Render cookies as the value of a Cookie request header.

    Args:
        cookies: ``name -> value``; a value may also be an object with a
            ``value`` attribute (such as a `Cookie` or a ``Morsel``).

    Returns:
        The header value, pairs joined with ``'; '``.
    """
    return "; ".join(
        f"{name}={getattr(cookie, 'value', cookie)}" for name, cookie in cookies.items()
    )


def _normalize_http_version(http_version: str) -> str:
    version = _HTTP_VERSIONS.get(http_version)
    if version is None:
        raise ValueError("Invalid http_version specified: " + http_version)
    return version


def _tunnel_path(path: str) -> str:
    # Servers percent-decode the path, then (PEP 3333) hand the UTF-8 bytes
    # over as a latin-1 str; Request reverses this. Malformed escapes stay.
    return decode(path, unquote_plus=False).encode().decode("iso-8859-1")


def _host_header(host: str, scheme: str, port: str) -> str:
    default_port = "443" if scheme == "https" else "80"
    return host if port == default_port else host + ":" + port


def _add_headers(env: dict[str, Any], headers: HeaderArg | None) -> None:
    if headers:
        # Anything with .items() is taken as a mapping, like Falcon does.
        items_method = getattr(headers, "items", None)
        items: Iterable[tuple[str, str | None]] = (
            headers if items_method is None else items_method()  # type: ignore[assignment]  # mappings were handled by .items()
        )
        for name, value in items:
            key = name.upper().replace("-", "_")
            if key not in ("CONTENT_TYPE", "CONTENT_LENGTH"):
                key = "HTTP_" + key
            text = "" if value is None else value.strip()
            # Repeated headers are folded into one comma-separated value,
            # except those that may appear only once (the last one wins).
            if key in env and name.lower() not in SINGLETON_HEADERS:
                env[key] += "," + text
            else:
                env[key] = text
    env.setdefault("HTTP_USER_AGENT", DEFAULT_UA)
