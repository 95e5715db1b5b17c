"""Response: status, headers and body (text, data, media or stream).

Header names are stored lower-case in one dict. Every header value is
validated where the app sets it (``_check_header_value``): a value with CR, LF
or NUL, or text that latin-1 cannot carry, raises ``ValueError`` at once, so a
malformed header never reaches ``start_response``. Cookies are kept as
``name -> _Cookie`` and rendered into Set-Cookie lines only when the response
starts; their names, values and attributes are checked in ``set_cookie``.
"""

from __future__ import annotations

import datetime
import http.cookies
import warnings
from collections.abc import Callable, Iterable, Mapping
from typing import Any, ClassVar, NoReturn

import orjson

from restcore import cookies
from restcore.constants import _DEFAULT_STATIC_MEDIA_TYPES, DEFAULT_MEDIA_TYPE
from restcore.cookies import SetCookie
from restcore.errors import HeaderNotSupported, HTTPUnsupportedMediaType
from restcore.media.handlers import Handlers
from restcore.media.multipart import MultipartFormHandler
from restcore.status import _STATUS_LINES, code_to_http_status, http_status_to_code
from restcore.util.deprecation import AttributeRemovedError, DeprecatedWarning
from restcore.util.filename import secure_filename
from restcore.util.headers import refuse_header_name, refuse_header_value
from restcore.util.http_date import dt_to_http
from restcore.util.structures import Context, LazyContext
from restcore.util.uri import (
    encode_check_escaped,
    encode_value,
    encode_value_check_escaped,
)

__all__ = ["CloseableStreamIterator", "Response", "ResponseOptions"]


# Header names already checked against the RFC 9110 token grammar, mapped to
# their lower-case form. Bounded: names come from app code, but may be dynamic.
_VALID_NAMES: dict[str, str] = {}
_VALID_NAMES_SIZE = 1024
_TOKEN_CHARS = frozenset(
    "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
)
_RESERVED_CROSSORIGIN_VALUES = frozenset(("anonymous", "use-credentials"))
_SET_COOKIE = "set-cookie"
_NO_SET_COOKIE = "This method cannot be used to set cookies"


# Every response starts with this very object, so App.__call__ can tell the
# default status by identity (no dict lookup).
_DEFAULT_STATUS = "200 OK"


def _check_header_name(name: str) -> str:
    """Return the lower-cased name, refusing anything that is not a token."""
    lowered = _VALID_NAMES.get(name)
    if lowered is not None:
        return lowered
    if name.__class__ is not str or not name or not _TOKEN_CHARS.issuperset(name):
        refuse_header_name(name)  # raises, naming the header and why
    lowered = name.lower()
    # Set-Cookie is left out: set_header() and set_headers() refuse it on a miss.
    if len(_VALID_NAMES) < _VALID_NAMES_SIZE and lowered != _SET_COOKIE:
        _VALID_NAMES[name] = lowered
    return lowered


# Header values already found valid, so that setting one again (most are the
# app's constants) costs a set lookup instead of two method calls (0.06 µs a
# header). Bounded in count and length, since values may echo request data.
_VALID_VALUES: set[str] = set()
_VALID_VALUES_SIZE = 1024
_VALID_VALUE_LENGTH = 128


def _check_header_value(name: str, value: str) -> str:
    """Return ``value`` if it may be sent as a header value, else raise.

    No control character (HTAB included, as PEP 3333 says), latin-1 text
    only: see ``restcore.util.headers``.
    """
    # PERF: the common value is short printable ASCII: two C-level checks
    # (tests/bench/perf_notes.py header-value-check: 72 vs 151 ns).
    if value.isascii() and value.isprintable():
        if (
            len(value) <= _VALID_VALUE_LENGTH
            and len(_VALID_VALUES) < _VALID_VALUES_SIZE
            and value.__class__ is str
        ):
            _VALID_VALUES.add(value)
        return value
    return refuse_header_value(name, value)


def _check_cookie_attribute(name: str, value: str) -> str:
    """Refuse a cookie attribute value that cannot be sent (``;``, CR, LF...)."""
    return _check_header_value("Set-Cookie", cookies.check_attribute(name, value))


# Bound once: a method call on a name from ``from ... import`` makes a bound
# method per call (tests/test_hot_path_calls.py).
_status_line_of = _STATUS_LINES.get


class ResponseOptions:
    """Response-handling options shared by every response of an App.

    Attributes:
        secure_cookies_by_default: Set the Secure attribute on cookies unless
            told otherwise.
        default_media_type: Content-Type used when the app sets none.
        media_handlers: The registry used to render ``resp.media``.
        static_media_types: File extension to media type, for static routes.
        xml_error_serialization: Offer XML to clients that prefer it for errors.
    """

    __slots__ = (
        "default_media_type",
        "media_handlers",
        "secure_cookies_by_default",
        "static_media_types",
        "xml_error_serialization",
    )

    secure_cookies_by_default: bool
    default_media_type: str
    media_handlers: Handlers
    static_media_types: dict[str, str]
    xml_error_serialization: bool

    def __init__(self) -> None:
        self.secure_cookies_by_default = True
        self.default_media_type = DEFAULT_MEDIA_TYPE
        self.media_handlers = Handlers()
        self.static_media_types = _static_media_types()
        self.xml_error_serialization = True


def _static_media_types() -> dict[str, str]:
    import mimetypes

    if not mimetypes.inited:
        mimetypes.init()
    types = dict(mimetypes.types_map)
    types.update(_DEFAULT_STATIC_MEDIA_TYPES)
    return types


def _header_property(
    name: str, doc: str, transform: Callable[[Any], str] | None = None
) -> Any:
    """Build a property over one header: set (validated), get, or delete."""
    key = name.lower()

    def fget(self: Response) -> str | None:
        return self._headers.get(key)

    def fset(self: Response, value: Any) -> None:
        if value is None:
            self._headers.pop(key, None)
            return
        text = str(value) if transform is None else transform(value)
        self._headers[key] = _check_header_value(name, text)

    def fdel(self: Response) -> None:
        del self._headers[key]

    return property(fget, fset, fdel, doc)


def _encode_text(text: Any) -> bytes:
    """Encode a ``text`` that is not a ``str`` (Falcon tolerates bytes)."""
    encode = getattr(text, "encode", None)
    data: bytes = text if encode is None else encode()
    return data


class Response:
    """The response being built for a request.

    Args:
        options: The App's response options (defaults apply if omitted).
    """

    __slots__ = (
        "__dict__",
        "_extra_headers",
        "_headers",
        "_media_rendered",
        "complete",
        "data",
        "media",
        "options",
        "status",
        "text",
    )

    context_type: ClassVar[Any] = Context
    # PERF: created on first read, stored in the instance __dict__ (most
    # requests never touch it; tests/bench/perf_notes.py lazy-context: 77 ns).
    context: Any = LazyContext()

    status: str | int | Any
    text: str | None
    data: bytes | None
    media: Any
    """A value to serialize with the handler for ``content_type``."""
    options: ResponseOptions

    # PERF: class-level defaults for what most responses never set; the first
    # assignment stores the value in the instance __dict__ (perf_notes.py
    # class-defaults: 74 ns for 8 stores).
    _cookies: dict[str, SetCookie] | None = None
    stream: Any = None

    def __init__(self, options: ResponseOptions | None = None) -> None:
        self.status = _DEFAULT_STATUS
        self._headers: dict[str, str] = {}
        self.text = None
        self.data = None
        # Slots, not class defaults: an instance __dict__ costs more than the
        # two stores (json responses set media). PERF: media is a plain slot
        # (a property setter costs 0.05 µs, timeit); the rendering is cached with the
        # object it came from.
        self.media: Any = None
        self._media_rendered: tuple[Any, bytes] | None = None
        # Slots: read on every request (complete after every middleware).
        self._extra_headers: list[tuple[str, str]] | None = None
        self.complete = False
        self.options = options if options is not None else ResponseOptions()

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self.status}>"

    # -- status ---------------------------------------------------------------

    @property
    def status_code(self) -> int:
        """The numeric status code."""
        return http_status_to_code(self.status)

    @status_code.setter
    def status_code(self, value: int) -> None:
        self.status = value

    @property
    def status_line(self) -> str:
        """The status as a full status line (``'200 OK'``)."""
        status = self.status
        line = _status_line_of(status)
        return line if line is not None else code_to_http_status(status)

    # -- body -----------------------------------------------------------------

    @property
    def body(self) -> NoReturn:
        """Removed in Falcon 4: use ``text``."""
        raise AttributeRemovedError(_BODY_REMOVED)

    @body.setter
    def body(self, value: str) -> NoReturn:
        raise AttributeRemovedError(_BODY_REMOVED)

    def render_body(self) -> bytes | None:
        """Return the body bytes from ``text``, ``data`` or ``media``, if any."""
        text = self.text
        if text is not None:
            return text.encode() if text.__class__ is str else _encode_text(text)
        data = self.data
        if data is not None:
            return data
        media = self.media
        if media is None:
            return None
        rendered = self._media_rendered
        if rendered is not None and rendered[0] is media:
            return rendered[1]
        data = self._render_media(media)
        self._media_rendered = (media, data)
        return data

    def _render_media(self, media: Any) -> bytes:
        options = self.options
        content_type = self._headers.get("content-type")
        if not content_type:
            content_type = self._headers["content-type"] = options.default_media_type
        handlers = options.media_handlers
        # PERF: read _resolve's cache directly; _resolve fills it (and raises 415).
        # tests/bench/perf_notes.py resolve-cache-read: 27 vs 105 ns.
        resolved = handlers._resolved.get(content_type)
        if resolved is None or resolved[0] is None:
            resolved = handlers._resolve(content_type, options.default_media_type)
        handler, serialize_sync, _ = resolved
        if serialize_sync is not None:
            try:
                return serialize_sync(media)
            except TypeError:
                if serialize_sync is not orjson.dumps:
                    raise
                # orjson refused the value: the handler knows what else to try.
        try:
            return handler.serialize(media, content_type)
        except NotImplementedError:
            if not isinstance(handler, MultipartFormHandler):
                raise  # an app's handler without serialize: its bug, a 500
            # The multipart handler parses forms and never serializes: for a
            # response it is no handler, so the 415 of a media type with none
            # (the type may be the client's text; docs/differences.md).
            raise HTTPUnsupportedMediaType(
                description=f"{content_type} is an unsupported media type."
            ) from None

    def set_stream(self, stream: Any, content_length: int) -> None:
        """Send a file-like object or an iterable of bytes as the body.

        Args:
            stream: The body source.
            content_length: Its length in bytes.
        """
        self.stream = stream
        self._headers["content-length"] = str(content_length)

    # -- headers ----------------------------------------------------------------

    @property
    def headers(self) -> dict[str, str]:
        """A copy of the headers set so far (lower-case names)."""
        return self._headers.copy()

    def set_header(self, name: str, value: str) -> None:
        """Set a header, replacing any previous value.

        Args:
            name: The header name (case-insensitive).
            value: The value; converted with ``str()``.

        Raises:
            ValueError: The name is not a token, or the value has CR, LF, NUL or
                non-latin-1 text.
            HeaderNotSupported: The name is Set-Cookie (use ``set_cookie``).
        """
        if value.__class__ is not str:
            value = str(value)
        # PERF: operators, not method calls, for names and values seen before
        # (perf_notes.py header-name-lookup: 20 vs 31 ns); _VALID_NAMES never
        # holds Set-Cookie: only a miss needs the test.
        try:
            key = _VALID_NAMES[name]
        except KeyError:
            key = _check_header_name(name)
            if key == _SET_COOKIE:
                raise HeaderNotSupported(_NO_SET_COOKIE) from None
        if value not in _VALID_VALUES:
            _check_header_value(name, value)
        self._headers[key] = value

    def append_header(self, name: str, value: str) -> None:
        """Add a value to a header, comma-separated after any existing one.

        Set-Cookie values are sent as separate header lines instead.

        Args:
            name: The header name.
            value: The value to add.
        """
        if value.__class__ is not str:
            value = str(value)
        key = _check_header_name(name)
        value = _check_header_value(name, value)
        if key == _SET_COOKIE:
            if self._extra_headers is None:
                self._extra_headers = []
            self._extra_headers.append((key, value))
            return
        existing = self._headers.get(key)
        self._headers[key] = value if existing is None else f"{existing}, {value}"

    def set_headers(
        self, headers: Mapping[str, str] | Iterable[tuple[str, str]]
    ) -> None:
        """Set several headers at once.

        Args:
            headers: A mapping or an iterable of (name, value) pairs.
        """
        if headers.__class__ is not dict:
            # Like Falcon: anything with a callable items() is a mapping. Later
            # pairs replace earlier ones, as set_header() would.
            items = getattr(headers, "items", None)
            headers = dict(items() if callable(items) else headers)
        own = self._headers
        # PERF: iterating keys skips a tuple per header (0.06 µs on one header;
        # timeit, its bench not kept).
        for name in headers:
            value = headers[name]
            if value.__class__ is not str:
                value = str(value)
            try:
                key = _VALID_NAMES[name]
            except KeyError:
                key = _check_header_name(name)
                if key == _SET_COOKIE:
                    raise HeaderNotSupported(_NO_SET_COOKIE) from None
            if value not in _VALID_VALUES:
                _check_header_value(name, value)
            own[key] = value

    def get_header(self, name: str, default: str | None = None) -> str | None:
        """Return a header's value, or ``default``.

        Args:
            name: The header name.
            default: Returned when it is not set.

        Returns:
            The value or the default.

        Raises:
            HeaderNotSupported: The name is Set-Cookie.
        """
        key = name.lower()
        if key == _SET_COOKIE:
            raise HeaderNotSupported("Getting Set-Cookie is not currently supported.")
        return self._headers.get(key, default)

    def delete_header(self, name: str) -> None:
        """Remove a header if it is set.

        Args:
            name: The header name.

        Raises:
            HeaderNotSupported: The name is Set-Cookie (use ``unset_cookie``).
        """
        key = name.lower()
        if key == _SET_COOKIE:
            raise HeaderNotSupported("This method cannot be used to remove cookies")
        self._headers.pop(key, None)

    def _set_media_type(self, media_type: str | None = None) -> None:
        """Set Content-Type to `media_type` unless one is set (Falcon's name)."""
        if media_type is not None and "content-type" not in self._headers:
            self._headers["content-type"] = media_type

    def _wsgi_headers(self, media_type: str | None = None) -> list[tuple[str, str]]:
        """Return the header list for ``start_response``."""
        headers = self._headers
        if media_type is not None and "content-type" not in headers:
            headers["content-type"] = media_type
        items = [*headers.items()]
        if self._extra_headers is not None:
            items += self._extra_headers
        if self._cookies is not None:
            items += [
                ("set-cookie", cookie.render(name))
                for name, cookie in self._cookies.items()
            ]
        return items

    # -- common headers ------------------------------------------------------------

    accept_ranges = _header_property("Accept-Ranges", "The Accept-Ranges header.")
    cache_control = _header_property(
        "Cache-Control",
        "The Cache-Control header; set it from a list of directives.",
        lambda value: _join_list(value),
    )
    content_length = _header_property(
        "Content-Length", "The Content-Length header (recomputed when sent)."
    )
    content_location = _header_property(
        "Content-Location",
        "The Content-Location header (percent-encoded when set).",
        lambda value: encode_check_escaped(value),
    )
    content_range = _header_property(
        "Content-Range",
        "The Content-Range header; set it from (start, end, length[, unit]).",
        lambda value: _format_range(value),
    )
    content_type = _header_property("Content-Type", "The Content-Type header.")
    downloadable_as = _header_property(
        "Content-Disposition",
        "Content-Disposition ``attachment`` with the given file name.",
        lambda value: _format_disposition(value, "attachment"),
    )
    viewable_as = _header_property(
        "Content-Disposition",
        "Content-Disposition ``inline`` with the given file name.",
        lambda value: _format_disposition(value, "inline"),
    )
    etag = _header_property(
        "ETag",
        "The ETag header; a bare value is quoted when set.",
        lambda value: _format_etag(value),
    )
    expires = _header_property(
        "Expires",
        "The Expires header; set it from a datetime.",
        lambda value: _format_http_date(value),
    )
    last_modified = _header_property(
        "Last-Modified",
        "The Last-Modified header; set it from a datetime.",
        lambda value: _format_http_date(value),
    )
    location = _header_property(
        "Location",
        "The Location header (percent-encoded when set).",
        lambda value: encode_check_escaped(value),
    )
    retry_after = _header_property("Retry-After", "The Retry-After header, in seconds.")
    vary = _header_property(
        "Vary",
        "The Vary header; set it from a list of header names.",
        lambda value: _join_list(value),
    )

    def append_link(
        self,
        target: str,
        rel: str,
        title: str | None = None,
        title_star: tuple[str, str] | None = None,
        anchor: str | None = None,
        hreflang: str | Iterable[str] | None = None,
        type_hint: str | None = None,
        crossorigin: str | None = None,
        link_extension: Iterable[tuple[str, str]] | None = None,
    ) -> None:
        """Append a Link header value (RFC 8288).

        Args:
            target: The target URI (percent-encoded here).
            rel: The relation type(s).
            title: A human-readable title.
            title_star: (language, title) for an RFC 8187 ``title*``.
            anchor: The context URI.
            hreflang: Language(s) of the target.
            type_hint: The target's media type.
            crossorigin: ``anonymous`` or ``use-credentials``.
            link_extension: Extra (name, value) parameters.

        Raises:
            ValueError: ``crossorigin`` is not allowed, or the result is not a
                valid header value.
        """
        if "//" in rel:
            rel = f'"{" ".join(encode_check_escaped(part) for part in rel.split())}"'
        parts = [f"<{encode_check_escaped(target)}>", f"rel={rel}"]
        if title is not None:
            parts.append(f'title="{_escape_quoted(title)}"')
        if title_star is not None:
            language, text = title_star
            parts.append(f"title*=UTF-8'{language}'{encode_value_check_escaped(text)}")
        if type_hint is not None:
            parts.append(f'type="{_escape_quoted(type_hint)}"')
        if hreflang is not None:
            langs = [hreflang] if isinstance(hreflang, str) else hreflang
            parts.extend(f"hreflang={lang}" for lang in langs)
        if anchor is not None:
            parts.append(f'anchor="{encode_check_escaped(anchor)}"')
        if crossorigin is not None:
            mode = crossorigin.lower()
            if mode not in _RESERVED_CROSSORIGIN_VALUES:
                raise ValueError(
                    "crossorigin must be set to either 'anonymous' or 'use-credentials'"
                )
            parts.append(
                "crossorigin" if mode == "anonymous" else f'crossorigin="{mode}"'
            )
        if link_extension is not None:
            parts.extend(f"{name}={value}" for name, value in link_extension)
        self.append_header("Link", "; ".join(parts))

    @property
    def add_link(self) -> NoReturn:
        """Removed in Falcon 4: use ``append_link``."""
        raise AttributeRemovedError(
            "The add_link() method is no longer supported. "
            "Please use append_link() instead."
        )

    # -- cookies ----------------------------------------------------------------

    def _get_cookie(
        self, name: str, value: str, error: type[Exception] = KeyError
    ) -> SetCookie:
        cookies.check_name_and_value(name, value, error)
        jar = self._cookies
        if jar is None:
            jar = self._cookies = {}
            if self._extra_headers is None:
                # A response with cookies has extra header lines: App.__call__
                # tests only _extra_headers.
                self._extra_headers = []
        cookie = jar.get(name)
        if cookie is None:
            cookie = jar[name] = SetCookie()
        cookie.value = cookies.quote_value(value)
        return cookie

    def set_cookie(
        self,
        name: str,
        value: str,
        expires: datetime.datetime | None = None,
        max_age: int | None = None,
        domain: str | None = None,
        path: str | None = None,
        secure: bool | None = None,
        http_only: bool = True,
        same_site: str | None = None,
        partitioned: bool = False,
    ) -> None:
        """Set a cookie (one Set-Cookie header per cookie name).

        Args:
            name: The cookie name.
            value: The cookie value (quoted as needed).
            expires: When it expires (naive datetimes are taken as UTC).
            max_age: Its lifetime in seconds.
            domain: The Domain attribute.
            path: The Path attribute.
            secure: The Secure attribute (default from the options).
            http_only: The HttpOnly attribute.
            same_site: ``Lax``, ``Strict`` or ``None``.
            partitioned: The Partitioned attribute (CHIPS).

        Raises:
            KeyError: The name is not a valid cookie name.
            ValueError: The value is not ASCII, ``same_site`` is not allowed,
                or an attribute has ``;``, CR, LF or NUL in it.
        """
        cookies.check_same_site(same_site)
        if domain:
            _check_cookie_attribute("Domain", domain)
        if path:
            _check_cookie_attribute("Path", path)
        if secure is None:
            secure = self.options.secure_cookies_by_default
        self._get_cookie(name, value).set_attributes(
            expires, max_age, domain, path, secure, http_only, same_site, partitioned
        )

    def unset_cookie(
        self,
        name: str,
        domain: str | None = None,
        path: str | None = None,
        same_site: str = "Lax",
        samesite: str | None = None,
    ) -> None:
        """Ask the client to delete a cookie (an empty one, already expired).

        Args:
            name: The cookie name.
            domain: The Domain it was set with.
            path: The Path it was set with.
            same_site: The SameSite attribute to send.
            samesite: Deprecated alias of ``same_site``.

        Raises:
            http.cookies.CookieError: The name is not a valid cookie name.
            ValueError: An attribute has ``;``, CR, LF or NUL in it.
        """
        if samesite is not None:
            warnings.warn(
                'The "samesite" parameter is deprecated. '
                'Please use "same_site" instead.',
                DeprecatedWarning,
                stacklevel=2,
            )
            same_site = samesite
        for label, attribute in (("SameSite", same_site), ("Domain", domain)):
            if attribute:
                _check_cookie_attribute(label, str(attribute))
        if path:
            _check_cookie_attribute("Path", path)
        # Falcon lets http.cookies' own error through here.
        attributes = self._get_cookie(name, "", http.cookies.CookieError).attributes
        # Rendered when the response starts, as one second ago.
        attributes["expires"] = -1
        attributes["samesite"] = same_site
        if domain:
            attributes["domain"] = domain
        if path:
            attributes["path"] = path


class CloseableStreamIterator:
    """Iterate a file-like body in blocks and close it when done."""

    __slots__ = ("_block_size", "_stream")

    def __init__(self, stream: Any, block_size: int) -> None:
        self._stream = stream
        self._block_size = block_size

    def __iter__(self) -> CloseableStreamIterator:
        return self

    def __next__(self) -> bytes:
        data: bytes = self._stream.read(self._block_size)
        if not data:
            raise StopIteration
        return data

    def close(self) -> None:
        """Close the underlying stream, if it can be closed."""
        close = getattr(self._stream, "close", None)
        if callable(close):  # a plain attribute named close is not a method
            close()


_BODY_REMOVED = (
    "The body attribute is no longer supported. Please use the text attribute instead."
)


def _join_list(value: str | Iterable[str]) -> str:
    # A lone string is one item (Falcon would join its characters).
    if isinstance(value, str):
        return value
    return ", ".join(value)


def _format_http_date(value: datetime.datetime | str) -> str:
    if isinstance(value, str):
        return value
    return dt_to_http(value)


def _format_range(value: tuple[Any, ...] | str) -> str:
    if isinstance(value, str):
        return value
    unit = value[3] if len(value) == 4 else "bytes"
    return f"{unit} {value[0]}-{value[1]}/{value[2]}"


def _format_etag(value: str) -> str:
    # RFC 9110 §8.8.3: entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE.
    if value[-1:] == '"' and _is_quoted(value[2:] if value[:2] in _WEAK else value):
        return value
    return f'"{_escape_quoted(value)}"'


_WEAK = ("W/", "w/")


def _is_quoted(text: str) -> bool:
    return len(text) >= 2 and text[0] == '"' and '"' not in text[1:-1]


def _format_disposition(filename: str, kind: str) -> str:
    if filename.isascii():
        return f'{kind}; filename="{_escape_quoted(filename)}"'
    # RFC 6266 §4.3: an ASCII fallback, plus the RFC 8187 filename*.
    return (
        f"{kind}; filename={secure_filename(filename)}; "
        f"filename*=UTF-8''{encode_value(filename)}"
    )


def _escape_quoted(text: str) -> str:
    if '"' not in text and "\\" not in text:
        return text
    return text.replace("\\", "\\\\").replace('"', '\\"')
