"""Response: status, headers and body (text, data, media or stream).

Header names are stored lower-case in one dict. Every header value is
validated where the app sets it (``_check_header_value``): a value with CR, LF
or NUL, or text that latin-1 cannot carry, raises ``ValueError`` at once, so a
malformed header never reaches ``start_response``.
"""

from __future__ import annotations

import datetime
import http.cookies
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar
from urllib.parse import quote

from restcore.constants import DEFAULT_MEDIA_TYPE, _DEFAULT_STATIC_MEDIA_TYPES
from restcore.media.handlers import Handlers
from restcore.status import code_to_http_status
from restcore.util.http_date import dt_to_http
from restcore.util.structures import Context, LazyContext

__all__ = ["CloseableStreamIterator", "Response", "ResponseOptions"]


class _UnsetType:
    __slots__ = ()

    def __repr__(self) -> str:
        return "<UNSET>"


_UNSET: Any = _UnsetType()

# Header names already checked against the RFC 9110 token grammar, mapped to
# their lower-case form. Bounded: names come from app code, but may be dynamic.
_VALID_NAMES: dict[str, str] = {}
_VALID_NAMES_SIZE = 1024
_TOKEN_CHARS = frozenset(
    "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
)


def _check_header_name(name: str) -> str:
    """Return the lower-cased name, refusing anything that is not a token."""
    lowered = _VALID_NAMES.get(name)
    if lowered is not None:
        return lowered
    if not name.__class__ is str or not name or not _TOKEN_CHARS.issuperset(name):
        raise ValueError(f"invalid header name: {name!r}")
    lowered = name.lower()
    if len(_VALID_NAMES) < _VALID_NAMES_SIZE:
        _VALID_NAMES[name] = lowered
    return lowered


def _check_header_value(name: str, value: str) -> str:
    """Return ``value`` if it may be sent as a header value, else raise.

    RFC 9110 §5.5: "Field values containing CR, LF, or NUL characters are
    invalid and dangerous". PEP 3333 requires latin-1 text.
    """
    # PERF: the common value is short printable ASCII: two C-level checks.
    if value.isascii() and value.isprintable():
        return value
    if "\r" in value or "\n" in value or "\0" in value:
        raise ValueError(f"header {name!r} value contains CR, LF or NUL: {value!r}")
    try:
        value.encode("iso-8859-1")
    except UnicodeEncodeError:
        raise ValueError(
            f"header {name!r} value is not latin-1 text: {value!r}"
        ) from None
    return value


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


class Response:
    """The response being built for a request.

    Args:
        options: The App's response options (defaults apply if omitted).
    """

    __slots__ = (
        "__dict__",
        "_headers",
        "data",
        "options",
        "status",
        "text",
    )

    context_type: ClassVar[type[Any]] = Context
    # PERF: created on first read (most requests never touch it).
    context: Any = LazyContext()

    status: str | int | Any
    text: str | None
    data: bytes | None
    options: ResponseOptions

    # PERF: class-level defaults for what most responses never set; the first
    # assignment stores the value in the instance __dict__.
    _extra_headers: list[tuple[str, str]] | None = None
    _cookies: dict[str, str] | None = None
    _media: Any = _UNSET
    _media_rendered: Any = _UNSET
    stream: Any = None
    complete: bool = False

    def __init__(self, options: ResponseOptions | None = None) -> None:
        self.status = "200 OK"
        self._headers: dict[str, str] = {}
        self.text = None
        self.data = None
        self.options = options if options is not None else ResponseOptions()

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self.status_line}>"

    # -- status ---------------------------------------------------------------

    @property
    def status_code(self) -> int:
        """The numeric status code."""
        return int(self.status_line[:3])

    @status_code.setter
    def status_code(self, value: int) -> None:
        self.status = value

    @property
    def status_line(self) -> str:
        """The status as a full status line (``'200 OK'``)."""
        status = self.status
        line = _STATUS_LINES.get(status)
        return line if line is not None else code_to_http_status(status)

    # -- body -----------------------------------------------------------------

    @property
    def media(self) -> Any:
        """A value to serialize with the handler for ``content_type``."""
        return None if self._media is _UNSET else self._media

    @media.setter
    def media(self, value: Any) -> None:
        self._media = value
        self._media_rendered = _UNSET

    @property
    def body(self) -> None:  # pragma: no cover - removed in Falcon 4
        """Removed in Falcon 4: use ``text``."""
        raise AttributeError("resp.body was removed: use resp.text")

    def render_body(self) -> bytes | None:
        """Return the body bytes from ``text``, ``data`` or ``media``, if any."""
        text = self.text
        if text is not None:
            return text.encode()
        data = self.data
        if data is None:
            media = self._media
            if media is None or media is _UNSET:
                return None
            data = self._media_rendered
            if data is _UNSET:
                data = self._media_rendered = self._render_media(media)
        return data

    def _render_media(self, media: Any) -> bytes:
        options = self.options
        content_type = self._headers.get("content-type")
        if not content_type:
            content_type = self._headers["content-type"] = options.default_media_type
        handler, serialize_sync, _ = options.media_handlers._resolve(
            content_type, options.default_media_type
        )
        if serialize_sync is not None:
            return serialize_sync(media)  # type: ignore[no-any-return]
        return handler.serialize(media, content_type)  # type: ignore[no-any-return]

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
        """
        if value.__class__ is not str:
            value = str(value)
        key = _VALID_NAMES.get(name) or _check_header_name(name)
        # PERF: inline the common case of _check_header_value.
        if not (value.isascii() and value.isprintable()):
            _check_header_value(name, value)
        self._headers[key] = value

    def append_header(self, name: str, value: str) -> None:
        """Add a value to a header, comma-separated after any existing one.

        Args:
            name: The header name.
            value: The value to add.
        """
        if value.__class__ is not str:
            value = str(value)
        key = _check_header_name(name)
        value = _check_header_value(name, value)
        if key == "set-cookie":
            if self._extra_headers is None:
                self._extra_headers = []
            self._extra_headers.append((key, value))
            return
        existing = self._headers.get(key)
        self._headers[key] = f"{existing}, {value}" if existing else value

    def set_headers(
        self, headers: Mapping[str, str] | Iterable[tuple[str, str]]
    ) -> None:
        """Set several headers at once.

        Args:
            headers: A mapping or an iterable of (name, value) pairs.
        """
        if headers.__class__ is dict or isinstance(headers, Mapping):
            headers = headers.items()  # type: ignore[union-attr]
        own = self._headers
        for name, value in headers:
            if value.__class__ is not str:
                value = str(value)
            key = _VALID_NAMES.get(name) or _check_header_name(name)
            if not (value.isascii() and value.isprintable()):
                _check_header_value(name, value)
            own[key] = value

    def get_header(self, name: str, default: str | None = None) -> str | None:
        """Return a header's value, or ``default``.

        Args:
            name: The header name.
            default: Returned when it is not set.

        Returns:
            The value or the default.
        """
        return self._headers.get(name.lower(), default)

    def delete_header(self, name: str) -> None:
        """Remove a header if it is set.

        Args:
            name: The header name.
        """
        self._headers.pop(name.lower(), None)

    def _wsgi_headers(self, media_type: str | None = None) -> list[tuple[str, str]]:
        """Return the header list for ``start_response``."""
        headers = self._headers
        if media_type is not None and "content-type" not in headers:
            headers["content-type"] = media_type
        items = list(headers.items())
        if self._extra_headers is not None:
            items += self._extra_headers
        if self._cookies is not None:
            items += [("set-cookie", cookie) for cookie in self._cookies.values()]
        return items

    # -- common headers ------------------------------------------------------------

    @property
    def content_type(self) -> str | None:
        """The Content-Type header."""
        return self._headers.get("content-type")

    @content_type.setter
    def content_type(self, value: str | None) -> None:
        self._set_or_delete("content-type", value)

    @property
    def location(self) -> str | None:
        """The Location header (percent-encoded when set)."""
        return self._headers.get("location")

    @location.setter
    def location(self, value: str | None) -> None:
        self._set_or_delete("location", None if value is None else _encode_uri(value))

    @property
    def content_location(self) -> str | None:
        """The Content-Location header (percent-encoded when set)."""
        return self._headers.get("content-location")

    @content_location.setter
    def content_location(self, value: str | None) -> None:
        self._set_or_delete(
            "content-location", None if value is None else _encode_uri(value)
        )

    @property
    def content_length(self) -> str | None:
        """The Content-Length header (recomputed from the body when sent)."""
        return self._headers.get("content-length")

    @content_length.setter
    def content_length(self, value: int | str | None) -> None:
        self._set_or_delete("content-length", None if value is None else str(value))

    @property
    def vary(self) -> str | None:
        """The Vary header; set it from a string or a list of names."""
        return self._headers.get("vary")

    @vary.setter
    def vary(self, value: str | Iterable[str] | None) -> None:
        self._set_or_delete("vary", _join_list(value))

    @property
    def cache_control(self) -> str | None:
        """The Cache-Control header; set it from a list of directives."""
        return self._headers.get("cache-control")

    @cache_control.setter
    def cache_control(self, value: str | Iterable[str] | None) -> None:
        self._set_or_delete("cache-control", _join_list(value))

    @property
    def etag(self) -> str | None:
        """The ETag header; a bare value is quoted when set."""
        return self._headers.get("etag")

    @etag.setter
    def etag(self, value: str | None) -> None:
        if value is not None and not (
            value.startswith('"') or value.startswith('W/"')
        ):
            value = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
        self._set_or_delete("etag", value)

    @property
    def last_modified(self) -> str | None:
        """The Last-Modified header; set it from a datetime."""
        return self._headers.get("last-modified")

    @last_modified.setter
    def last_modified(self, value: datetime.datetime | str | None) -> None:
        self._set_or_delete("last-modified", _http_date(value))

    @property
    def expires(self) -> str | None:
        """The Expires header; set it from a datetime."""
        return self._headers.get("expires")

    @expires.setter
    def expires(self, value: datetime.datetime | str | None) -> None:
        self._set_or_delete("expires", _http_date(value))

    @property
    def retry_after(self) -> str | None:
        """The Retry-After header, in seconds."""
        return self._headers.get("retry-after")

    @retry_after.setter
    def retry_after(self, value: int | str | None) -> None:
        self._set_or_delete("retry-after", None if value is None else str(value))

    @property
    def accept_ranges(self) -> str | None:
        """The Accept-Ranges header."""
        return self._headers.get("accept-ranges")

    @accept_ranges.setter
    def accept_ranges(self, value: str | None) -> None:
        self._set_or_delete("accept-ranges", value)

    @property
    def content_range(self) -> str | None:
        """The Content-Range header; set it from (start, end, length[, unit])."""
        return self._headers.get("content-range")

    @content_range.setter
    def content_range(self, value: tuple[Any, ...] | str | None) -> None:
        if value is not None and not isinstance(value, str):
            unit = value[3] if len(value) > 3 else "bytes"
            start, end, length = value[:3]
            value = f"{unit} {start}-{end}/{length}"
        self._set_or_delete("content-range", value)

    @property
    def downloadable_as(self) -> str | None:
        """Content-Disposition ``attachment`` with the given file name."""
        return self._headers.get("content-disposition")

    @downloadable_as.setter
    def downloadable_as(self, filename: str | None) -> None:
        self._set_disposition("attachment", filename)

    @property
    def viewable_as(self) -> str | None:
        """Content-Disposition ``inline`` with the given file name."""
        return self._headers.get("content-disposition")

    @viewable_as.setter
    def viewable_as(self, filename: str | None) -> None:
        self._set_disposition("inline", filename)

    def _set_disposition(self, kind: str, filename: str | None) -> None:
        if filename is None:
            self._headers.pop("content-disposition", None)
            return
        if filename.isascii():
            quoted = filename.replace("\\", "\\\\").replace('"', '\\"')
            value = f'{kind}; filename="{quoted}"'
        else:
            # RFC 6266 §4.3: an ASCII fallback plus the RFC 8187 filename*.
            fallback = "".join(
                char if char.isascii() and char not in ' ";\\' else "_"
                for char in filename
            )
            value = (
                f"{kind}; filename={fallback}; "
                f"filename*=UTF-8''{quote(filename, safe='')}"
            )
        self.set_header("Content-Disposition", value)

    def _set_or_delete(self, name: str, value: str | None) -> None:
        if value is None:
            self._headers.pop(name, None)
        else:
            self._headers[name] = _check_header_value(name, value)

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
        """
        parts = [f"<{_encode_uri(target)}>; rel={_quote_if_needed(rel)}"]
        if title is not None:
            parts.append(f'title="{_escape_quoted(title)}"')
        if title_star is not None:
            language, text = title_star
            parts.append(f"title*=UTF-8'{language}'{quote(text, safe='')}")
        if type_hint is not None:
            parts.append(f'type="{_escape_quoted(type_hint)}"')
        if hreflang is not None:
            langs = [hreflang] if isinstance(hreflang, str) else list(hreflang)
            parts.extend(f"hreflang={lang}" for lang in langs)
        if anchor is not None:
            parts.append(f'anchor="{_encode_uri(anchor)}"')
        if crossorigin is not None:
            mode = crossorigin.lower()
            if mode not in ("anonymous", "use-credentials"):
                raise ValueError("crossorigin must be anonymous or use-credentials")
            parts.append("crossorigin" if mode == "anonymous" else f'crossorigin="{mode}"')
        if link_extension is not None:
            parts.extend(f"{name}={value}" for name, value in link_extension)
        self.append_header("Link", "; ".join(parts))

    add_link = append_link

    # -- cookies ----------------------------------------------------------------

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
            expires: When it expires.
            max_age: Its lifetime in seconds.
            domain: The Domain attribute.
            path: The Path attribute.
            secure: The Secure attribute (default from the options).
            http_only: The HttpOnly attribute.
            same_site: ``Lax``, ``Strict`` or ``None``.
            partitioned: The Partitioned attribute (CHIPS).

        Raises:
            KeyError: The name is not a valid cookie name.
            ValueError: ``same_site`` is not one of the allowed values.
        """
        if not name or not _TOKEN_CHARS.issuperset(name):
            raise KeyError(f"Illegal key {name!r}")
        coded_value = _COOKIE_CODER.value_encode(str(value))[1]
        parts = [f"{name}={coded_value}"]
        if domain is not None:
            parts.append(f"Domain={_check_header_value('Set-Cookie', domain)}")
        if expires is not None:
            parts.append(f"expires={dt_to_http(expires)}")
        if max_age is not None:
            parts.append(f"Max-Age={int(max_age)}")
        if partitioned:
            parts.append("Partitioned")
        if path is not None:
            parts.append(f"Path={_check_header_value('Set-Cookie', path)}")
        if same_site is not None:
            mode = same_site.lower()
            if mode not in ("lax", "strict", "none"):
                raise ValueError(
                    "same_site must be set to either 'lax', 'strict', or 'none'"
                )
            parts.append(f"SameSite={mode.capitalize()}")
        if secure if secure is not None else self.options.secure_cookies_by_default:
            parts.append("Secure")
        if http_only:
            parts.append("HttpOnly")
        if self._cookies is None:
            self._cookies = {}
        self._cookies[name] = "; ".join(parts)

    def unset_cookie(
        self,
        name: str,
        domain: str | None = None,
        path: str | None = None,
        same_site: str = "Lax",
        samesite: str | None = None,
    ) -> None:
        """Ask the client to delete a cookie (an expired, empty one).

        Args:
            name: The cookie name.
            domain: The Domain it was set with.
            path: The Path it was set with.
            same_site: The SameSite attribute to send.
            samesite: Alias of ``same_site``.
        """
        self.set_cookie(
            name,
            "",
            expires=datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC),
            domain=domain,
            path=path,
            secure=False,
            http_only=False,
            same_site=samesite or same_site,
        )


class CloseableStreamIterator:
    """Iterate a file-like body in blocks and close it when done."""

    __slots__ = ("_block_size", "_stream")

    def __init__(self, stream: Any, block_size: int) -> None:
        self._stream = stream
        self._block_size = block_size

    def __iter__(self) -> CloseableStreamIterator:
        return self

    def __next__(self) -> bytes:
        data = self._stream.read(self._block_size)
        if not data:
            raise StopIteration
        return data  # type: ignore[no-any-return]

    def close(self) -> None:
        close = getattr(self._stream, "close", None)
        if close is not None:
            close()


_COOKIE_CODER = http.cookies.SimpleCookie()

# Every status value an app commonly sets, mapped to its line: ints, enums
# (they hash like ints) and the lines themselves.
_STATUS_LINES: dict[Any, str] = {}


def _fill_status_lines() -> None:
    from restcore import status as status_module

    for name in dir(status_module):
        if name.startswith("HTTP_") and name[5:].isdigit():
            line = getattr(status_module, name)
            _STATUS_LINES[int(name[5:])] = line
            _STATUS_LINES[line] = line


_fill_status_lines()


def _join_list(value: str | Iterable[str] | None) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return ", ".join(value)


def _http_date(value: datetime.datetime | str | None) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return dt_to_http(value)


def _encode_uri(uri: str) -> str:
    return quote(uri, safe="!#$&'()*+,/:;=?@[]~%")


def _escape_quoted(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _quote_if_needed(text: str) -> str:
    return f'"{_escape_quoted(text)}"' if " " in text or '"' in text else text
