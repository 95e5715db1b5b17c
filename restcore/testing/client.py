"""Simulate requests against any WSGI callable, as a WSGI server would.

Each simulated request builds an environ with `create_environ`, calls the app
through `wsgiref.validate.validator` (so PEP 3333 violations fail loudly),
then drains the body iterable and closes it before returning a `Result`.
"""

from __future__ import annotations

import inspect
import json as json_module
import warnings
import wsgiref.validate
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import chain
from typing import Any, TextIO

from restcore.constants import COMBINED_METHODS, MEDIA_JSON, MEDIA_MSGPACK
from restcore.testing.asgi import ASGIConductor, ResultBodyStream, StreamedResult
from restcore.testing.environ import DEFAULT_HOST, CookieArg, HeaderArg, create_environ
from restcore.testing.result import Cookie, Result
from restcore.testing.srmock import StartResponseMock
from restcore.util.uri import to_query_str

__all__ = (
    "ASGIConductor",
    "Cookie",
    "Result",
    "ResultBodyStream",
    "StreamedResult",
    "TestClient",
    "closed_wsgi_iterable",
    "simulate_delete",
    "simulate_get",
    "simulate_head",
    "simulate_options",
    "simulate_patch",
    "simulate_post",
    "simulate_put",
    "simulate_request",
)

# Like Falcon's client: wsgiref's validator only knows the RFC 9110 methods;
# its warning for the other methods the framework routes is made an error.
warnings.filterwarnings(
    "error",
    "Unknown REQUEST_METHOD: '({})'".format("|".join(COMBINED_METHODS)),
    wsgiref.validate.WSGIWarning,
    "",
    0,
)

WSGIApp = Callable[..., Any]
"""Any PEP 3333 application callable."""


def simulate_request(
    app: WSGIApp,
    method: str = "GET",
    path: str = "/",
    query_string: str | None = None,
    headers: HeaderArg | None = None,
    content_type: str | None = None,
    body: str | bytes | None = None,
    json: Any = None,
    file_wrapper: Callable[..., Any] | None = None,
    wsgierrors: TextIO | None = None,
    params: Mapping[str, Any] | None = None,
    params_csv: bool = False,
    protocol: str = "http",
    host: str = DEFAULT_HOST,
    remote_addr: str | None = None,
    extras: Mapping[str, Any] | None = None,
    http_version: str = "1.1",
    port: int | None = None,
    root_path: str | None = None,
    cookies: CookieArg | None = None,
    asgi_chunk_size: int = 4096,
    asgi_disconnect_ttl: int = 300,
    msgpack: Any = None,
) -> Result:
    """Simulate a request to a WSGI app and collect its response.

    Args:
        app: The WSGI application.
        method: HTTP method.
        path: Request path, optionally with a ``?query``.
        query_string: Raw query string (without ``'?'``).
        headers: Request headers as a mapping or ``(name, value)`` pairs.
        content_type: Shortcut for the Content-Type header.
        body: Request body; a ``str`` is encoded as UTF-8.
        json: Object to send as a JSON body (overrides `body`).
        file_wrapper: Callable for ``wsgi.file_wrapper``.
        wsgierrors: Stream for ``wsgi.errors``.
        params: Query parameters, used when no query string is given.
        params_csv: Send list values comma-separated instead of repeated.
        protocol: ``'http'`` or ``'https'``.
        host: Host name.
        remote_addr: Client address (REMOTE_ADDR).
        extras: Extra environ entries (may not change REQUEST_METHOD).
        http_version: HTTP version, e.g. ``'1.1'``.
        port: Server port; defaults to the protocol's standard port.
        root_path: SCRIPT_NAME of the application.
        cookies: Cookies to send.
        asgi_chunk_size: Accepted for Falcon compatibility (ASGI only).
        asgi_disconnect_ttl: Accepted for Falcon compatibility (ASGI only).
        msgpack: Object to send as a MessagePack body (overrides `json`).

    Returns:
        The collected response.

    Raises:
        ValueError: The arguments contradict each other.
        restcore.errors.CompatibilityError: `app` looks like an ASGI app.
    """
    if _is_asgi_app(app):
        from restcore.errors import CompatibilityError

        raise CompatibilityError("restcore.testing only simulates WSGI apps")

    path, query_string = _split_query(path, query_string, params, params_csv)

    if content_type is not None:
        headers = {**dict(headers or {}), "Content-Type": content_type}
    if json is not None:
        body = json_module.dumps(json, ensure_ascii=False)
        headers = {**dict(headers or {}), "Content-Type": MEDIA_JSON}
    if msgpack is not None:
        body = _pack_msgpack(msgpack)
        headers = {**dict(headers or {}), "Content-Type": MEDIA_MSGPACK}

    env = create_environ(
        method=method,
        scheme=protocol,
        path=path,
        query_string=query_string,
        headers=headers,
        body=body or b"",
        file_wrapper=file_wrapper,
        host=host,
        remote_addr=remote_addr,
        wsgierrors=wsgierrors,
        http_version=http_version,
        port=port,
        root_path=root_path,
        cookies=cookies,
    )
    if extras:
        if extras.get("REQUEST_METHOD", method) != method:
            raise ValueError(
                "WSGI environ extras may not override the request method. "
                "Please use the method parameter."
            )
        env.update(extras)
    return _run_wsgi(app, env)


def _split_query(
    path: str,
    query_string: str | None,
    params: Mapping[str, Any] | None,
    params_csv: bool,
) -> tuple[str, str]:
    """Return the path and query string from the three ways of giving them."""
    if not path.startswith("/"):
        raise ValueError("path must start with '/'")
    if "?" in path:
        if query_string or params:
            raise ValueError(
                "path may not contain a query string in combination with the "
                "query_string or params parameters. Please use only one way of "
                "specifying the query string."
            )
        path, query_string = path.split("?", 1)
    elif query_string and query_string.startswith("?"):
        raise ValueError("query_string should not start with '?'")
    if query_string is None:
        query_string = to_query_str(
            params, comma_delimited_lists=params_csv, prefix=False
        )
    return path, query_string


def simulate_get(app: WSGIApp, path: str, **kwargs: Any) -> Result:
    """Simulate a GET request (see `simulate_request` for the arguments)."""
    return simulate_request(app, "GET", path, **kwargs)


def simulate_head(app: WSGIApp, path: str, **kwargs: Any) -> Result:
    """Simulate a HEAD request (see `simulate_request` for the arguments)."""
    return simulate_request(app, "HEAD", path, **kwargs)


def simulate_post(app: WSGIApp, path: str, **kwargs: Any) -> Result:
    """Simulate a POST request (see `simulate_request` for the arguments)."""
    return simulate_request(app, "POST", path, **kwargs)


def simulate_put(app: WSGIApp, path: str, **kwargs: Any) -> Result:
    """Simulate a PUT request (see `simulate_request` for the arguments)."""
    return simulate_request(app, "PUT", path, **kwargs)


def simulate_options(app: WSGIApp, path: str, **kwargs: Any) -> Result:
    """Simulate an OPTIONS request (see `simulate_request` for the arguments)."""
    return simulate_request(app, "OPTIONS", path, **kwargs)


def simulate_patch(app: WSGIApp, path: str, **kwargs: Any) -> Result:
    """Simulate a PATCH request (see `simulate_request` for the arguments)."""
    return simulate_request(app, "PATCH", path, **kwargs)


def simulate_delete(app: WSGIApp, path: str, **kwargs: Any) -> Result:
    """Simulate a DELETE request (see `simulate_request` for the arguments)."""
    return simulate_request(app, "DELETE", path, **kwargs)


class TestClient:
    """Simulate requests to one app, adding default headers to each.

    Args:
        app: The WSGI application.
        headers: Headers sent with every request; per-request headers win.
    """

    __test__ = False  # not a pytest test class despite its name

    def __init__(self, app: WSGIApp, headers: Mapping[str, str] | None = None) -> None:
        self.app = app
        self._default_headers = headers

    @property
    def headers(self) -> Mapping[str, str] | None:
        """The default headers sent with every request."""
        return self._default_headers

    @headers.setter
    def headers(self, value: Mapping[str, str] | None) -> None:
        self._default_headers = value

    async def __aenter__(self) -> Any:
        from restcore.errors import CompatibilityError

        raise CompatibilityError(
            "a conductor context manager may only be used with an ASGI app, "
            "which restcore does not support"
        )

    async def __aexit__(self, *exc_info: object) -> None:
        return None

    def simulate_get(self, path: str = "/", **kwargs: Any) -> Result:
        """Simulate a GET request (see `simulate_request`)."""
        return self.simulate_request("GET", path, **kwargs)

    def simulate_head(self, path: str = "/", **kwargs: Any) -> Result:
        """Simulate a HEAD request (see `simulate_request`)."""
        return self.simulate_request("HEAD", path, **kwargs)

    def simulate_post(self, path: str = "/", **kwargs: Any) -> Result:
        """Simulate a POST request (see `simulate_request`)."""
        return self.simulate_request("POST", path, **kwargs)

    def simulate_put(self, path: str = "/", **kwargs: Any) -> Result:
        """Simulate a PUT request (see `simulate_request`)."""
        return self.simulate_request("PUT", path, **kwargs)

    def simulate_options(self, path: str = "/", **kwargs: Any) -> Result:
        """Simulate an OPTIONS request (see `simulate_request`)."""
        return self.simulate_request("OPTIONS", path, **kwargs)

    def simulate_patch(self, path: str = "/", **kwargs: Any) -> Result:
        """Simulate a PATCH request (see `simulate_request`)."""
        return self.simulate_request("PATCH", path, **kwargs)

    def simulate_delete(self, path: str = "/", **kwargs: Any) -> Result:
        """Simulate a DELETE request (see `simulate_request`)."""
        return self.simulate_request("DELETE", path, **kwargs)

    def simulate_request(self, *args: Any, **kwargs: Any) -> Result:
        """Simulate a request, merging in the default headers.

        Args:
            *args: Positional arguments of `simulate_request` after ``app``.
            **kwargs: Keyword arguments of `simulate_request`.

        Returns:
            The collected response.
        """
        if self._default_headers:
            kwargs["headers"] = {
                **self._default_headers,
                **dict(kwargs.get("headers") or {}),
            }
        return simulate_request(self.app, *args, **kwargs)

    # Short aliases (Falcon 3.1+): client.get(...) is client.simulate_get(...).
    delete = simulate_delete
    get = simulate_get
    head = simulate_head
    options = simulate_options
    patch = simulate_patch
    post = simulate_post
    put = simulate_put
    request = simulate_request


def closed_wsgi_iterable(iterable: Iterable[bytes]) -> Iterable[bytes]:
    """Wrap a WSGI body iterable so it is closed once exhausted.

    The first chunk is fetched eagerly, so a generator app has called
    ``start_response`` by the time this returns (as a server would ensure).

    Args:
        iterable: The iterable returned by a WSGI app.

    Returns:
        An iterable of the same chunks; ``close()`` runs after the last one.
    """
    chunks = _iterate_then_close(iterable)
    first = next(chunks, None)
    return chunks if first is None else chain((first,), chunks)


def _pack_msgpack(media: Any) -> bytes:
    # Imported here: msgpack is an optional dependency.
    from restcore.media.msgpack import MessagePackHandler

    return MessagePackHandler().serialize(media=media, content_type=None)


def _iterate_then_close(iterable: Iterable[bytes]) -> Iterator[bytes]:
    try:
        yield from iterable
    finally:
        close = getattr(iterable, "close", None)
        if close is not None:
            close()


def _run_wsgi(app: WSGIApp, env: dict[str, Any]) -> Result:
    start_response = StartResponseMock()
    body = closed_wsgi_iterable(wsgiref.validate.validator(app)(env, start_response))
    if start_response.status is None or start_response.headers is None:
        # Falcon raises AssertionError here too (a bare assert there).
        raise AssertionError("the app returned without calling start_response")
    return Result(body, start_response.status, start_response.headers)


def _is_asgi_app(app: WSGIApp) -> bool:
    # An ASGI 3 app takes (scope, receive, send); a WSGI app takes two.
    try:
        parameters = inspect.signature(app).parameters.values()
    except (TypeError, ValueError):
        return False
    positional = [
        parameter
        for parameter in parameters
        if parameter.kind
        in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD)
    ]
    return len(positional) == 3
