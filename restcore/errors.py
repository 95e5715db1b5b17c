"""HTTP errors, and the other exceptions the framework raises.

Raise an :class:`HTTPError` (or one of its subclasses) from a responder, hook or
middleware and the app turns it into a response: the status line, the error's
headers, and a JSON or XML body built from :meth:`HTTPError.to_dict`.

Construction is on the hot path (a route miss builds ``HTTPRouteNotFound()`` for
every such request), so each subclass with a fixed status keeps its status, title
and empty members as class attributes. An instance stores only what the caller
passed; a call without arguments sets nothing.

Exception tree (statuses on the right)::

    Exception
     +-- HTTPError                               any status
     |    +-- HTTPBadRequest                     400
     |    |    +-- HTTPInvalidHeader
     |    |    +-- HTTPMissingHeader
     |    |    +-- HTTPInvalidParam
     |    |    +-- HTTPMissingParam
     |    |    +-- MediaNotFoundError
     |    |    +-- MediaMalformedError
     |    |    |    +-- MultipartParseError
     |    |    +-- MediaValidationError
     |    +-- HTTPUnauthorized                   401  WWW-Authenticate
     |    +-- HTTPForbidden                      403
     |    +-- HTTPNotFound                       404
     |    |    +-- HTTPRouteNotFound
     |    +-- HTTPMethodNotAllowed               405  Allow
     |    +-- HTTPNotAcceptable                  406
     |    +-- HTTPConflict                       409
     |    +-- HTTPGone                           410
     |    +-- HTTPLengthRequired                 411
     |    +-- HTTPPreconditionFailed             412
     |    +-- HTTPContentTooLarge                413  Retry-After
     |    |    +-- HTTPPayloadTooLarge           (deprecated alias)
     |    +-- HTTPUriTooLong                     414
     |    +-- HTTPUnsupportedMediaType           415
     |    +-- HTTPRangeNotSatisfiable            416  Content-Range
     |    +-- HTTPUnprocessableEntity            422
     |    +-- HTTPLocked                         423
     |    +-- HTTPFailedDependency               424
     |    +-- HTTPPreconditionRequired           428
     |    +-- HTTPTooManyRequests                429  Retry-After
     |    +-- HTTPRequestHeaderFieldsTooLarge    431
     |    +-- HTTPUnavailableForLegalReasons     451
     |    +-- HTTPInternalServerError            500
     |    +-- HTTPNotImplemented                 501
     |    +-- HTTPBadGateway                     502
     |    +-- HTTPServiceUnavailable             503  Retry-After
     |    +-- HTTPGatewayTimeout                 504
     |    +-- HTTPVersionNotSupported            505
     |    +-- HTTPInsufficientStorage            507
     |    +-- HTTPLoopDetected                   508
     |    +-- HTTPNetworkAuthenticationRequired  511
     +-- ValueError
     |    +-- CompatibilityError
     |    +-- HeaderNotSupported
     |    +-- InvalidMediaType
     |    |    +-- InvalidMediaRange
     |    +-- OperationNotAllowed
     +-- RuntimeError
     |    +-- UnsupportedError
     |    +-- UnsupportedScopeError
     +-- TypeError
     |    +-- PayloadTypeError
     +-- OSError
          +-- DelimiterError
          +-- ConnectionError
               +-- WebSocketDisconnected
                    +-- WebSocketHandlerNotFound
                    +-- WebSocketPathNotFound
                    +-- WebSocketServerError

Redirects and other non-error statuses are :class:`restcore.http_status.HTTPStatus`,
which is not an ``HTTPError``.
"""

from __future__ import annotations

import http
import warnings
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable, Mapping, MutableMapping
from datetime import datetime
from typing import Protocol

import orjson

from restcore.constants import MEDIA_JSON
from restcore.status import (
    HTTP_400,
    HTTP_401,
    HTTP_403,
    HTTP_404,
    HTTP_405,
    HTTP_406,
    HTTP_409,
    HTTP_410,
    HTTP_411,
    HTTP_412,
    HTTP_413,
    HTTP_414,
    HTTP_415,
    HTTP_416,
    HTTP_422,
    HTTP_423,
    HTTP_424,
    HTTP_428,
    HTTP_429,
    HTTP_431,
    HTTP_451,
    HTTP_500,
    HTTP_501,
    HTTP_502,
    HTTP_503,
    HTTP_504,
    HTTP_505,
    HTTP_507,
    HTTP_508,
    HTTP_511,
    code_to_http_status,
    http_status_to_code,
)
from restcore.util.deprecation import DeprecatedWarning
from restcore.util.http_date import dt_to_http
from restcore.util.uri import encode

__all__ = (
    "CompatibilityError",
    "DelimiterError",
    "HTTPBadGateway",
    "HTTPBadRequest",
    "HTTPConflict",
    "HTTPContentTooLarge",
    "HTTPError",
    "HTTPFailedDependency",
    "HTTPForbidden",
    "HTTPGatewayTimeout",
    "HTTPGone",
    "HTTPInsufficientStorage",
    "HTTPInternalServerError",
    "HTTPInvalidHeader",
    "HTTPInvalidParam",
    "HTTPLengthRequired",
    "HTTPLocked",
    "HTTPLoopDetected",
    "HTTPMethodNotAllowed",
    "HTTPMissingHeader",
    "HTTPMissingParam",
    "HTTPNetworkAuthenticationRequired",
    "HTTPNotAcceptable",
    "HTTPNotFound",
    "HTTPNotImplemented",
    "HTTPPreconditionFailed",
    "HTTPPreconditionRequired",
    "HTTPRangeNotSatisfiable",
    "HTTPRequestHeaderFieldsTooLarge",
    "HTTPRouteNotFound",
    "HTTPServiceUnavailable",
    "HTTPTooManyRequests",
    "HTTPUnauthorized",
    "HTTPUnavailableForLegalReasons",
    "HTTPUnprocessableEntity",
    "HTTPUnsupportedMediaType",
    "HTTPUriTooLong",
    "HTTPVersionNotSupported",
    "HeaderNotSupported",
    "InvalidMediaRange",
    "InvalidMediaType",
    "MediaMalformedError",
    "MediaNotFoundError",
    "MediaValidationError",
    "MultipartParseError",
    "OperationNotAllowed",
    "PayloadTypeError",
    "UnsupportedError",
    "UnsupportedScopeError",
    "WebSocketDisconnected",
    "WebSocketHandlerNotFound",
    "WebSocketPathNotFound",
    "WebSocketServerError",
)

ResponseStatus = http.HTTPStatus | str | int
HeaderArg = Mapping[str, str] | Iterable[tuple[str, str]]
Link = dict[str, str]
ErrorDictValue = str | int | Link | None
RetryAfter = int | datetime | None
HTTPErrorKeywordArguments = str | int | None


class _JSONSerializer(Protocol):
    def serialize(self, media: object, content_type: str) -> bytes: ...


_DEFAULT_LINK_TEXT = "Documentation related to this error"
_XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>'


# ---------------------------------------------------------------------------------
# Non-HTTP exceptions
# ---------------------------------------------------------------------------------


class HeaderNotSupported(ValueError):
    """The header cannot be set or read through this API."""


class CompatibilityError(ValueError):
    """The object cannot be used with this kind of app (e.g. a coroutine on WSGI)."""


class InvalidMediaType(ValueError):
    """A media type string could not be parsed."""


class InvalidMediaRange(InvalidMediaType):
    """A media range (an Accept entry) could not be parsed."""


class UnsupportedScopeError(RuntimeError):
    """The ASGI scope type is not supported."""


class UnsupportedError(RuntimeError):
    """The operation is not supported by the server or transport."""


class OperationNotAllowed(ValueError):
    """The operation is not allowed in the object's current state."""


class DelimiterError(OSError):
    """A stream ended before the expected delimiter was found."""


class PayloadTypeError(TypeError):
    """A payload was of the wrong type for the requested operation."""


class WebSocketDisconnected(ConnectionError):
    """The WebSocket connection is closed.

    Args:
        code: The WebSocket close code; 1000 (normal closure) when not given.
    """

    code: int

    def __init__(self, code: int | None = None) -> None:
        self.code = code or 1000


class WebSocketPathNotFound(WebSocketDisconnected):
    """No route matched the WebSocket path."""


class WebSocketHandlerNotFound(WebSocketDisconnected):
    """The matched resource has no WebSocket responder."""


class WebSocketServerError(WebSocketDisconnected):
    """The WebSocket handler raised an unhandled error."""


# ---------------------------------------------------------------------------------
# HTTPError
# ---------------------------------------------------------------------------------


class HTTPError(Exception):
    """An HTTP error response, raised to end request processing.

    Args:
        status: The status as an int, a status line (str or bytes) or an
            ``http.HTTPStatus``; kept as given in :attr:`status`.
        title: Short human-readable title; defaults to the status line.
        description: Longer explanation, ideally with a suggestion.
        headers: Extra response headers, a mapping or (name, value) pairs.
        href: URL with more information; non-ASCII and unsafe characters are
            percent-encoded.
        href_text: Text for the ``href`` link.
        code: Application-specific error code.
    """

    status: ResponseStatus
    title: str
    description: str | None = None
    headers: HeaderArg | None = None
    link: Link | None = None
    code: int | None = None

    def __init__(
        self,
        status: ResponseStatus,
        *,
        title: str | None = None,
        description: str | None = None,
        headers: HeaderArg | None = None,
        href: str | None = None,
        href_text: str | None = None,
        code: int | None = None,
    ) -> None:
        self.status = status
        self.title = title or code_to_http_status(status)
        # PERF: skip the keyword call when only status and title are given
        # (tests/bench/perf_notes.py httperror-no-kwargs: 484 vs 684 ns).
        if description is None and headers is None and not href and code is None:
            return
        _init_with_class_status(
            self,
            description=description,
            headers=headers,
            href=href,
            href_text=href_text,
            code=code,
        )

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self.status!s}>"

    __str__ = __repr__

    @property
    def status_code(self) -> int:
        """The numeric status code of :attr:`status`."""
        return http_status_to_code(self.status)

    def to_dict(
        self, obj_type: type[MutableMapping[str, ErrorDictValue]] = dict
    ) -> MutableMapping[str, ErrorDictValue]:
        """Return the error as a mapping of its title and its non-None members.

        Args:
            obj_type: The mapping type to build.

        Returns:
            A mapping with ``title`` and, when set, ``description``, ``code`` and
            ``link``.
        """
        obj = obj_type()
        obj["title"] = self.title
        description = self.description
        if description is not None:
            obj["description"] = description
        if self.code is not None:
            obj["code"] = self.code
        if self.link is not None:
            obj["link"] = self.link
        return obj

    def to_json(self, handler: _JSONSerializer | None = None) -> bytes:
        """Return the error as a JSON document.

        Args:
            handler: A media handler whose ``serialize(obj, content_type)`` is used;
                compact orjson output when not given.

        Returns:
            The UTF-8 encoded JSON document.
        """
        obj = self.to_dict()
        if handler is None:
            return orjson.dumps(obj)
        return handler.serialize(obj, MEDIA_JSON)

    def to_xml(self) -> bytes:
        """Return the error as an XML document (deprecated, as in Falcon 4).

        Returns:
            The UTF-8 encoded XML document.
        """
        warnings.warn(
            "Call to deprecated function to_xml(...). The internal error "
            "serialization to XML is deprecated. Please serialize the output of "
            "to_dict() to XML instead.",
            DeprecatedWarning,
            stacklevel=2,
        )
        return self._to_xml()

    def _to_xml(self) -> bytes:
        """Return the error as XML without the deprecation warning (for the app)."""
        error = ElementTree.Element("error")
        ElementTree.SubElement(error, "title").text = self.title
        description = self.description
        if description is not None:
            ElementTree.SubElement(error, "description").text = description
        if self.code is not None:
            ElementTree.SubElement(error, "code").text = str(self.code)
        if self.link is not None:
            link = ElementTree.SubElement(error, "link")
            for key in ("text", "href", "rel"):
                ElementTree.SubElement(link, key).text = self.link[key]
        body: bytes = ElementTree.tostring(error, encoding="utf-8")
        return _XML_DECLARATION + body


def _init_with_class_status(
    self: HTTPError,
    *,
    title: str | None = None,
    description: str | None = None,
    headers: HeaderArg | None = None,
    href: str | None = None,
    href_text: str | None = None,
    code: int | None = None,
) -> None:
    """Initialise an error whose status and default title are class attributes.

    Args:
        self: The error being initialised.
        title: Short human-readable title; defaults to the status line.
        description: Longer explanation, ideally with a suggestion.
        headers: Extra response headers, a mapping or (name, value) pairs.
        href: URL with more information.
        href_text: Text for the ``href`` link.
        code: Application-specific error code.
    """
    # PERF: members left out keep their class-level defaults, so a call without
    # arguments stores nothing (not even an instance dict). HTTPRouteNotFound()
    # measured 170-250 ns against Falcon 4.4's 640 ns (CPython 3.11, timeit).
    if title:
        self.title = title
    if description is not None:
        self.description = description
    if headers is not None:
        self.headers = headers
    if href:
        self.link = {
            "text": href_text or _DEFAULT_LINK_TEXT,
            "href": encode(href),
            "rel": "help",
        }
    if code is not None:
        self.code = code


def _with_header(headers: HeaderArg | None, name: str, value: str) -> dict[str, str]:
    # Unlike Falcon, never add to the caller's dict: a module-level headers dict
    # reused across raises would otherwise keep the first error's values.
    merged = {} if headers is None else dict(headers)
    merged[name] = value
    return merged


def _with_retry_after(
    headers: HeaderArg | None, retry_after: RetryAfter
) -> HeaderArg | None:
    if retry_after is None:
        return headers
    if isinstance(retry_after, datetime):
        return _with_header(headers, "Retry-After", dt_to_http(retry_after))
    return _with_header(headers, "Retry-After", str(retry_after))


# ---------------------------------------------------------------------------------
# 4xx
# ---------------------------------------------------------------------------------


class HTTPBadRequest(HTTPError):
    """400 Bad Request: the request is malformed and will not be processed."""

    status = title = HTTP_400
    __init__ = _init_with_class_status


class HTTPUnauthorized(HTTPError):
    """401 Unauthorized: the request lacks valid authentication credentials.

    Keyword arguments are those of :class:`HTTPError` except ``status``.

    Args:
        challenges: Authentication challenges, joined into ``WWW-Authenticate``.
    """

    status = title = HTTP_401

    def __init__(
        self,
        *,
        title: str | None = None,
        description: str | None = None,
        headers: HeaderArg | None = None,
        challenges: Iterable[str] | None = None,
        href: str | None = None,
        href_text: str | None = None,
        code: int | None = None,
    ) -> None:
        if challenges:
            headers = _with_header(headers, "WWW-Authenticate", ", ".join(challenges))
        _init_with_class_status(
            self,
            title=title,
            description=description,
            headers=headers,
            href=href,
            href_text=href_text,
            code=code,
        )


class HTTPForbidden(HTTPError):
    """403 Forbidden: the client is known but may not access the resource."""

    status = title = HTTP_403
    __init__ = _init_with_class_status


class HTTPNotFound(HTTPError):
    """404 Not Found: no representation exists for the target resource."""

    status = title = HTTP_404
    __init__ = _init_with_class_status


class HTTPRouteNotFound(HTTPNotFound):
    """404 Not Found, raised when no route matches the request path."""


class HTTPMethodNotAllowed(HTTPError):
    """405 Method Not Allowed: the resource does not support the method.

    Keyword arguments are those of :class:`HTTPError` except ``status``.

    Args:
        allowed_methods: Methods the resource supports, sent in ``Allow``.
    """

    status = title = HTTP_405

    def __init__(
        self,
        allowed_methods: Iterable[str],
        *,
        title: str | None = None,
        description: str | None = None,
        headers: HeaderArg | None = None,
        href: str | None = None,
        href_text: str | None = None,
        code: int | None = None,
    ) -> None:
        headers = _with_header(headers, "Allow", ", ".join(allowed_methods))
        _init_with_class_status(
            self,
            title=title,
            description=description,
            headers=headers,
            href=href,
            href_text=href_text,
            code=code,
        )


class HTTPNotAcceptable(HTTPError):
    """406 Not Acceptable: no representation matches the Accept headers."""

    status = title = HTTP_406
    __init__ = _init_with_class_status


class HTTPConflict(HTTPError):
    """409 Conflict: the request conflicts with the resource's current state."""

    status = title = HTTP_409
    __init__ = _init_with_class_status


class HTTPGone(HTTPError):
    """410 Gone: the resource is no longer available, and likely permanently."""

    status = title = HTTP_410
    __init__ = _init_with_class_status


class HTTPLengthRequired(HTTPError):
    """411 Length Required: the request needs a Content-Length."""

    status = title = HTTP_411
    __init__ = _init_with_class_status


class HTTPPreconditionFailed(HTTPError):
    """412 Precondition Failed: a conditional request header evaluated false."""

    status = title = HTTP_412
    __init__ = _init_with_class_status


class HTTPContentTooLarge(HTTPError):
    """413 Content Too Large: the request body exceeds what the server accepts.

    Keyword arguments are those of :class:`HTTPError` except ``status``.

    Args:
        retry_after: Seconds (int) or a UTC datetime, sent in ``Retry-After``.
    """

    status = title = HTTP_413

    def __init__(
        self,
        *,
        title: str | None = None,
        description: str | None = None,
        retry_after: RetryAfter = None,
        headers: HeaderArg | None = None,
        href: str | None = None,
        href_text: str | None = None,
        code: int | None = None,
    ) -> None:
        headers = _with_retry_after(headers, retry_after)
        _init_with_class_status(
            self,
            title=title,
            description=description,
            headers=headers,
            href=href,
            href_text=href_text,
            code=code,
        )


class HTTPPayloadTooLarge(HTTPContentTooLarge):
    """413, the deprecated name of :class:`HTTPContentTooLarge`; warns on use."""

    def __init__(
        self,
        *,
        title: str | None = None,
        description: str | None = None,
        retry_after: RetryAfter = None,
        headers: HeaderArg | None = None,
        href: str | None = None,
        href_text: str | None = None,
        code: int | None = None,
    ) -> None:
        warnings.warn(
            "Call to deprecated function __init__(...). HTTPPayloadTooLarge is "
            "deprecated; use HTTPContentTooLarge instead.",
            DeprecatedWarning,
            stacklevel=2,
        )
        super().__init__(
            title=title,
            description=description,
            retry_after=retry_after,
            headers=headers,
            href=href,
            href_text=href_text,
            code=code,
        )


class HTTPUriTooLong(HTTPError):
    """414 URI Too Long: the target URI is longer than the server will handle."""

    status = title = HTTP_414
    __init__ = _init_with_class_status


class HTTPUnsupportedMediaType(HTTPError):
    """415 Unsupported Media Type: the body's media type is not supported."""

    status = title = HTTP_415
    __init__ = _init_with_class_status


class HTTPRangeNotSatisfiable(HTTPError):
    """416 Range Not Satisfiable: no requested range overlaps the resource.

    Keyword arguments are those of :class:`HTTPError` except ``status``.

    Args:
        resource_length: Current length of the resource in bytes, sent as
            ``Content-Range: bytes */<length>``.
    """

    status = title = HTTP_416

    def __init__(
        self,
        resource_length: int,
        *,
        title: str | None = None,
        description: str | None = None,
        headers: HeaderArg | None = None,
        href: str | None = None,
        href_text: str | None = None,
        code: int | None = None,
    ) -> None:
        headers = _with_header(headers, "Content-Range", f"bytes */{resource_length}")
        _init_with_class_status(
            self,
            title=title,
            description=description,
            headers=headers,
            href=href,
            href_text=href_text,
            code=code,
        )


class HTTPUnprocessableEntity(HTTPError):
    """422 Unprocessable Content: the body is well-formed but semantically wrong."""

    status = title = HTTP_422
    __init__ = _init_with_class_status


class HTTPLocked(HTTPError):
    """423 Locked: the resource is locked (WebDAV)."""

    status = title = HTTP_423
    __init__ = _init_with_class_status


class HTTPFailedDependency(HTTPError):
    """424 Failed Dependency: a request this one depends on failed (WebDAV)."""

    status = title = HTTP_424
    __init__ = _init_with_class_status


class HTTPPreconditionRequired(HTTPError):
    """428 Precondition Required: the request must be conditional."""

    status = title = HTTP_428
    __init__ = _init_with_class_status


class HTTPTooManyRequests(HTTPError):
    """429 Too Many Requests: the client is being rate limited.

    Keyword arguments are those of :class:`HTTPError` except ``status``.

    Args:
        retry_after: Seconds (int) or a UTC datetime, sent in ``Retry-After``.
    """

    status = title = HTTP_429

    def __init__(
        self,
        *,
        title: str | None = None,
        description: str | None = None,
        headers: HeaderArg | None = None,
        retry_after: RetryAfter = None,
        href: str | None = None,
        href_text: str | None = None,
        code: int | None = None,
    ) -> None:
        headers = _with_retry_after(headers, retry_after)
        _init_with_class_status(
            self,
            title=title,
            description=description,
            headers=headers,
            href=href,
            href_text=href_text,
            code=code,
        )


class HTTPRequestHeaderFieldsTooLarge(HTTPError):
    """431 Request Header Fields Too Large."""

    status = title = HTTP_431
    __init__ = _init_with_class_status


class HTTPUnavailableForLegalReasons(HTTPError):
    """451 Unavailable For Legal Reasons."""

    status = title = HTTP_451
    __init__ = _init_with_class_status


# ---------------------------------------------------------------------------------
# 400 subclasses with fixed titles and descriptions
# ---------------------------------------------------------------------------------


class HTTPInvalidHeader(HTTPBadRequest):
    """400: a request header has an invalid value.

    Keyword arguments: ``headers``, ``href``, ``href_text`` and ``code``, as for
    :class:`HTTPError`.

    Args:
        msg: What is wrong with the value, appended to the description.
        header_name: Name of the header.
    """

    title = "Invalid header value"

    def __init__(
        self,
        msg: str,
        header_name: str,
        *,
        headers: HeaderArg | None = None,
        href: str | None = None,
        href_text: str | None = None,
        code: int | None = None,
    ) -> None:
        self.description = (
            f'The value provided for the "{header_name}" header is invalid. {msg}'
        )
        _init_with_class_status(
            self, headers=headers, href=href, href_text=href_text, code=code
        )


class HTTPMissingHeader(HTTPBadRequest):
    """400: a required request header is missing.

    Keyword arguments: ``headers``, ``href``, ``href_text`` and ``code``, as for
    :class:`HTTPError`.

    Args:
        header_name: Name of the header.
    """

    title = "Missing header value"

    def __init__(
        self,
        header_name: str,
        *,
        headers: HeaderArg | None = None,
        href: str | None = None,
        href_text: str | None = None,
        code: int | None = None,
    ) -> None:
        self.description = f'The "{header_name}" header is required.'
        _init_with_class_status(
            self, headers=headers, href=href, href_text=href_text, code=code
        )


class HTTPInvalidParam(HTTPBadRequest):
    """400: a query or form parameter has an invalid value.

    Keyword arguments: ``headers``, ``href``, ``href_text`` and ``code``, as for
    :class:`HTTPError`.

    Args:
        msg: What is wrong with the value, appended to the description.
        param_name: Name of the parameter.
    """

    title = "Invalid parameter"

    def __init__(
        self,
        msg: str,
        param_name: str,
        *,
        headers: HeaderArg | None = None,
        href: str | None = None,
        href_text: str | None = None,
        code: int | None = None,
    ) -> None:
        self.description = f'The "{param_name}" parameter is invalid. {msg}'
        _init_with_class_status(
            self, headers=headers, href=href, href_text=href_text, code=code
        )


class HTTPMissingParam(HTTPBadRequest):
    """400: a required query or form parameter is missing.

    Keyword arguments: ``headers``, ``href``, ``href_text`` and ``code``, as for
    :class:`HTTPError`.

    Args:
        param_name: Name of the parameter.
    """

    title = "Missing parameter"

    def __init__(
        self,
        param_name: str,
        *,
        headers: HeaderArg | None = None,
        href: str | None = None,
        href_text: str | None = None,
        code: int | None = None,
    ) -> None:
        self.description = f'The "{param_name}" parameter is required.'
        _init_with_class_status(
            self, headers=headers, href=href, href_text=href_text, code=code
        )


class MediaNotFoundError(HTTPBadRequest):
    """400: the request body is empty where media was expected.

    Keyword arguments: ``headers``, ``href``, ``href_text`` and ``code``, as for
    :class:`HTTPError`.

    Args:
        media_type: Short name of the media type, e.g. ``'JSON'``.
    """

    def __init__(
        self,
        media_type: str,
        *,
        headers: HeaderArg | None = None,
        href: str | None = None,
        href_text: str | None = None,
        code: int | None = None,
    ) -> None:
        self.title = f"Invalid {media_type}"
        self.description = f"Could not parse an empty {media_type} body"
        _init_with_class_status(
            self, headers=headers, href=href, href_text=href_text, code=code
        )


class MediaMalformedError(HTTPBadRequest):
    """400: the request body could not be parsed as its media type.

    The description names the media type and, when the error is raised
    ``from`` another exception, that cause; assigning to it has no effect.

    Keyword arguments: ``headers``, ``href``, ``href_text`` and ``code``, as for
    :class:`HTTPError`.

    Args:
        media_type: Short name of the media type, e.g. ``'JSON'``.
    """

    _media_type: str

    def __init__(
        self,
        media_type: str,
        *,
        headers: HeaderArg | None = None,
        href: str | None = None,
        href_text: str | None = None,
        code: int | None = None,
    ) -> None:
        self.title = f"Invalid {media_type}"
        self._media_type = media_type
        _init_with_class_status(
            self, headers=headers, href=href, href_text=href_text, code=code
        )

    @property
    def description(self) -> str | None:
        """Return the parse failure, with the underlying cause when there is one."""
        message = f"Could not parse {self._media_type} body"
        cause = self.__cause__
        return message if cause is None else f"{message} - {cause}"

    @description.setter
    def description(self, value: str | None) -> None:
        pass


class MediaValidationError(HTTPBadRequest):
    """400: the request media failed schema validation."""


class MultipartParseError(MediaMalformedError):
    """400: the multipart/form-data body is malformed.

    Keyword arguments: ``description``, ``headers``, ``href``, ``href_text`` and
    ``code``, as for :class:`HTTPError`.
    """

    title = "Malformed multipart/form-data request media"
    _description: str | None = None

    def __init__(
        self,
        *,
        description: str | None = None,
        headers: HeaderArg | None = None,
        href: str | None = None,
        href_text: str | None = None,
        code: int | None = None,
    ) -> None:
        _init_with_class_status(
            self,
            description=description,
            headers=headers,
            href=href,
            href_text=href_text,
            code=code,
        )

    @property
    def description(self) -> str | None:
        """Return the description given to the constructor or assigned later."""
        return self._description

    @description.setter
    def description(self, value: str | None) -> None:
        self._description = value


# ---------------------------------------------------------------------------------
# 5xx
# ---------------------------------------------------------------------------------


class HTTPInternalServerError(HTTPError):
    """500 Internal Server Error: an unexpected condition on the server."""

    status = title = HTTP_500
    __init__ = _init_with_class_status


class HTTPNotImplemented(HTTPError):
    """501 Not Implemented: the server does not support the functionality."""

    status = title = HTTP_501
    __init__ = _init_with_class_status


class HTTPBadGateway(HTTPError):
    """502 Bad Gateway: an upstream server sent an invalid response."""

    status = title = HTTP_502
    __init__ = _init_with_class_status


class HTTPServiceUnavailable(HTTPError):
    """503 Service Unavailable: the server is temporarily unable to respond.

    Keyword arguments: ``headers``, ``href``, ``href_text`` and ``code``, as for
    :class:`HTTPError`.

    Args:
        retry_after: Seconds (int) or a UTC datetime, sent in ``Retry-After``.
    """

    status = title = HTTP_503

    def __init__(
        self,
        *,
        title: str | None = None,
        description: str | None = None,
        headers: HeaderArg | None = None,
        retry_after: RetryAfter = None,
        href: str | None = None,
        href_text: str | None = None,
        code: int | None = None,
    ) -> None:
        headers = _with_retry_after(headers, retry_after)
        _init_with_class_status(
            self,
            title=title,
            description=description,
            headers=headers,
            href=href,
            href_text=href_text,
            code=code,
        )


class HTTPGatewayTimeout(HTTPError):
    """504 Gateway Timeout: an upstream server did not respond in time."""

    status = title = HTTP_504
    __init__ = _init_with_class_status


class HTTPVersionNotSupported(HTTPError):
    """505 HTTP Version Not Supported."""

    status = title = HTTP_505
    __init__ = _init_with_class_status


class HTTPInsufficientStorage(HTTPError):
    """507 Insufficient Storage: the server cannot store what is needed (WebDAV)."""

    status = title = HTTP_507
    __init__ = _init_with_class_status


class HTTPLoopDetected(HTTPError):
    """508 Loop Detected: the server met an infinite loop (WebDAV)."""

    status = title = HTTP_508
    __init__ = _init_with_class_status


class HTTPNetworkAuthenticationRequired(HTTPError):
    """511 Network Authentication Required: e.g. a captive portal."""

    status = title = HTTP_511
    __init__ = _init_with_class_status
