"""Request: a read-only view of the WSGI environ with lazily parsed attributes.

Only what every request needs is computed in ``__init__`` (method, path, query
string, context); everything else is parsed on first access and memoised.
Memoised state lives in class-level defaults (``_cached_<name> = None`` on the
class): the first assignment stores it in the instance ``__dict__``, so a
request that never reads it pays nothing. Query parameters are parsed on first
use, never for a request that does not read them.

Client input never raises anything but an ``HTTPError`` (a 4xx) from here:
malformed headers, cookies, ports and lengths give a 400 or a documented
default (see ``docs/request-response.md``), and every parser is linear.
"""

from __future__ import annotations

import datetime
import io
import re
import sys
from collections.abc import Iterable
from typing import Any, ClassVar, Literal, TypeVar

from restcore import errors
from restcore.cookies import parse_cookie_header
from restcore.forwarded import Forwarded, _parse_forwarded_header
from restcore.media.base import ReadableIO
from restcore.proxies import ResolvedClient
from restcore.proxies import resolve as resolve_client
from restcore.query import QueryParams, _no_handler_message
from restcore.request_options import RequestOptions
from restcore.stream import BoundedStream
from restcore.util import deprecation, mediatypes
from restcore.util.decimals import DECIMAL_VALUES
from restcore.util.http_date import http_date_to_dt
from restcore.util.structures import UNSET, Context, ETag, LazyContext, UnsetOr
from restcore.util.uri import decode as decode_uri
from restcore.util.uri import parse_host

__all__ = ["Request", "RequestOptions"]

_T = TypeVar("_T")


# Falcon's name for "no value yet" (None can be a valid media value);
# instrumentation reads request._UNSET.
_UNSET = UNSET

# Falcon's log line prefix (data: tools parse it).
DEFAULT_ERROR_LOG_FORMAT = "{0:%Y-%m-%d %H:%M:%S} [FALCON] [ERROR] {1} {2}{3} => "

WSGI_CONTENT_HEADERS = frozenset(("CONTENT_TYPE", "CONTENT_LENGTH"))

# Header name -> (environ key, fallback key), filled as names are first looked
# up. Bounded: clients cannot add names to it, only the app's get_header() does.
_ENV_KEY_CACHE: dict[str, tuple[str, str | None]] = {}
_ENV_KEY_CACHE_SIZE = 512

# RFC 9110 §8.8.3 entity-tag, in a list.
_ENTITY_TAG = re.compile(r'([Ww]/)?"([^"]*)"')


def _env_keys(name: str) -> tuple[str, str | None]:
    keys = _ENV_KEY_CACHE.get(name)
    if keys is None:
        wsgi_name = name.upper().replace("-", "_")
        fallback = wsgi_name if wsgi_name in WSGI_CONTENT_HEADERS else None
        keys = ("HTTP_" + wsgi_name, fallback)
        if len(_ENV_KEY_CACHE) < _ENV_KEY_CACHE_SIZE:
            _ENV_KEY_CACHE[name] = keys
    return keys


def _decode_path(raw_path: str) -> str:
    """Turn a WSGI PATH_INFO (latin-1 code points) back into UTF-8 text."""
    try:
        return raw_path.encode("iso-8859-1").decode("utf-8", "replace")
    except UnicodeEncodeError:
        # Not a PEP 3333 string: the server already decoded it.
        return raw_path


def _normalize_path(path: str, strip_trailing_slash: bool) -> str:
    """Decode a non-ASCII PATH_INFO; drop one trailing slash if configured."""
    if not path.isascii():
        path = _decode_path(path)
    if strip_trailing_slash and len(path) > 1 and path[-1] == "/":
        path = path[:-1]
    return path


def _parse_etags(etag_str: str) -> list[ETag | Literal["*"]] | None:
    """Parse an If-Match / If-None-Match value: ``['*']``, ETags, or None."""
    etag_str = etag_str.strip()
    if not etag_str:
        return None
    if etag_str == "*":
        return ["*"]
    if "," not in etag_str:
        return [ETag.loads(etag_str)]
    etags: list[ETag | Literal["*"]] = []
    for weak, value in _ENTITY_TAG.findall(etag_str):
        etag = ETag(value)
        etag.is_weak = bool(weak)
        etags.append(etag)
    return etags or None


def _split_host(host: str, default_port: int) -> tuple[str, int | None]:
    """Split ``host[:port]``; the port is None when it is not 0-65535."""
    try:
        name, port = parse_host(host, default_port=default_port)
    except ValueError:
        if host[:1] == "[":
            return host[1 : host.rfind("]")], None
        return host.partition(":")[0], None
    if not 0 <= port <= 65535:
        return name, None
    return name, port


def _header_property(wsgi_name: str, doc: str) -> Any:
    """Build a read-only property for a header: its value, or None if empty."""

    def fget(self: Request) -> str | None:
        return self.env.get(wsgi_name) or None

    return property(fget, doc=doc)


def _repeat_media_error(error: Exception, default_when_empty: Any) -> Any:
    """Raise the error a previous ``get_media()`` raised (or give the default)."""
    if default_when_empty is not _UNSET and isinstance(
        error, errors.MediaNotFoundError
    ):
        return default_when_empty
    raise error


class Request(QueryParams):
    """The request being handled, built from a WSGI environ.

    Args:
        env: The WSGI environ of the request.
        options: The App's request options (defaults apply if omitted).
    """

    __slots__ = (
        "__dict__",
        "_media",
        "env",
        "method",
        "path",
        "uri_template",
    )

    context_type: ClassVar[Any] = Context
    # PERF: created on first read, stored in the instance __dict__ (most
    # requests never touch it; tests/bench/perf_notes.py lazy-context: 77 ns).
    context: Any = LazyContext()

    # PERF: state most requests never touch lives in class-level defaults; the
    # first assignment stores it in the instance __dict__, so __init__ pays
    # nothing for it (tests/bench/perf_notes.py class-defaults: 8 stores, 74 ns).
    _cached_headers: dict[str, str] | None = None
    _cached_headers_lower: dict[str, str] | None = None
    _cached_cookies: dict[str, list[str]] | None = None
    _cached_cookies_collapsed: dict[str, str] | None = None
    _cached_forwarded: list[Forwarded] | None = None
    _cached_access_route: list[str] | None = None
    _cached_client: ResolvedClient | None = None
    _cached_uri: str | None = None
    _cached_relative_uri: str | None = None
    _cached_prefix: str | None = None
    _cached_forwarded_uri: str | None = None
    _cached_forwarded_prefix: str | None = None
    _cached_if_match: UnsetOr[list[ETag | Literal["*"]] | None] = _UNSET
    _cached_if_none_match: UnsetOr[list[ETag | Literal["*"]] | None] = _UNSET
    _bounded_stream: BoundedStream | None = None
    _stream: ReadableIO | None = None
    _content_type: UnsetOr[str | None] = _UNSET
    _media_error: Exception | None = None
    is_websocket: bool = False

    env: dict[str, Any]
    method: str
    path: str
    uri_template: str | None

    def __init__(
        self, env: dict[str, Any], options: RequestOptions | None = None
    ) -> None:
        self.env = env
        if options is None:
            options = RequestOptions()
        self.options = options
        self.method = env["REQUEST_METHOD"]
        path = env.get("PATH_INFO") or "/"
        # PERF: one test for the two rare cases (0.015 µs a request; timeit).
        if not path.isascii() or options.strip_url_path_trailing_slash:
            path = _normalize_path(path, options.strip_url_path_trailing_slash)
        self.path = path
        self.query_string = env.get("QUERY_STRING", "")
        self.uri_template = None
        self._cached_params = None
        # A slot, not a class default: JSON requests would otherwise pay for an
        # instance __dict__ (0.06 µs) to store it.
        self._media: object = _UNSET

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self.method} {self.url!r}>"

    # -- body -------------------------------------------------------------

    @property
    def stream(self) -> Any:
        """The raw ``wsgi.input`` stream (prefer ``bounded_stream``)."""
        stream = self._stream
        return self.env["wsgi.input"] if stream is None else stream

    @stream.setter
    def stream(self, value: Any) -> None:
        self._stream = value

    @property
    def bounded_stream(self) -> BoundedStream:
        """The body stream, limited to ``Content-Length`` bytes.

        An invalid Content-Length counts as no body (as in Falcon).
        """
        stream = self._bounded_stream
        if stream is None:
            length = self._body_length()
            stream = self._bounded_stream = BoundedStream(self.stream, length)
            if self._media is not _UNSET or self._media_error is not None:
                # get_media() read the body without a BoundedStream.
                stream._bytes_remaining = 0
        return stream

    def _body_length(self) -> int:
        """Return how many body bytes may be read (an invalid length reads none)."""
        try:
            length = self.content_length
        except errors.HTTPInvalidHeader:
            return 0
        return self._unbounded_length() if length is None else length

    def _read_body(self) -> bytes:
        """Read the whole body, as ``bounded_stream.read()`` would.

        PERF: no ``BoundedStream`` is made when none exists yet (1.2 µs less on
        the scoreboard's 1 KiB JSON POST, tests/bench/bench_app.py); one made
        later starts at its end, as it would after that read. Only
        ``get_media`` calls this, and it sets ``_media`` or ``_media_error``
        right after, which is how ``bounded_stream`` knows.
        """
        if self._bounded_stream is not None:
            return self._bounded_stream.read()
        env = self.env
        length_text = env.get("CONTENT_LENGTH")
        # PERF: small bodies from the table (util.decimals): callgrind json_post
        # 97,119 -> 95,700 instructions (tests/bench/instructions.py, 3d901d9).
        if length_text in DECIMAL_VALUES:
            length = DECIMAL_VALUES[length_text]
        elif length_text and length_text.isdigit() and length_text.isascii():
            length = int(length_text) if len(length_text) < 20 else self._body_length()
        else:
            length = self._body_length()
        if not length:
            return b""
        stream = self._stream
        if stream is None:
            stream = env["wsgi.input"]
        return stream.read(length)

    def _unbounded_length(self) -> int:
        """Return how far to read a body that has no Content-Length.

        A server that sets ``wsgi.input_terminated`` (gunicorn, waitress,
        uWSGI...) de-chunks the body and ends the stream where the body ends, so
        the body may be read to the end (bounded by ``max_body_size`` + 1, so
        that a larger one is noticed). Otherwise PEP 3333 forbids reading.
        """
        if not self.env.get("wsgi.input_terminated"):
            return 0
        limit = self.options.max_body_size
        return sys.maxsize if limit is None else limit + 1

    @property
    def content_type(self) -> str | None:
        """The value of the Content-Type header, or None."""
        value = self._content_type
        if value is _UNSET:
            return self.env.get("CONTENT_TYPE")
        return value

    @content_type.setter
    def content_type(self, value: str | None) -> None:
        self._content_type = value

    @property
    def content_length(self) -> int | None:
        """The body length from Content-Length, or None when absent.

        Raises:
            HTTPInvalidHeader: The value is not a non-negative integer.
            HTTPContentTooLarge: The value has more than 19 digits.
        """
        value = self.env.get("CONTENT_LENGTH")
        if not value:
            return None
        # RFC 9110 §8.6: Content-Length = 1*DIGIT. int() alone would also take
        # '+5', '1_0' and non-ASCII digits.
        if not (value.isdigit() and value.isascii()):
            value = value.strip(" \t")
            if value[:1] == "-" and value[1:].isdigit() and value.isascii():
                raise errors.HTTPInvalidHeader(
                    "The value of the header must be a positive number.",
                    "Content-Length",
                )
            if not (value.isdigit() and value.isascii()):
                raise errors.HTTPInvalidHeader(
                    "The value of the header must be a number.", "Content-Length"
                )
        if len(value) > 19:
            raise errors.HTTPContentTooLarge(
                description="The Content-Length header is too large."
            )
        return int(value)

    @property
    def media(self) -> Any:
        """The deserialized body; see ``get_media()``."""
        return self.get_media()

    def get_media(self, default_when_empty: Any = _UNSET) -> Any:  # noqa: C901 - json_post's hot path, one frame
        """Deserialize the body with the handler for its media type.

        The result (or the error) is cached, so the body is read only once.

        Args:
            default_when_empty: Returned instead of raising when the body is
                empty.

        Returns:
            The deserialized body.

        Raises:
            MediaNotFoundError: The body is empty and no default was given.
            MediaMalformedError: The body could not be parsed.
            HTTPUnsupportedMediaType: No handler for the Content-Type.
        """
        media = self._media
        if media is not _UNSET:
            return media
        error = self._media_error
        if error is not None:
            return _repeat_media_error(error, default_when_empty)
        options = self.options
        limit = options.max_body_size
        if limit is not None and (self.content_length or 0) > limit:
            raise errors.HTTPContentTooLarge(
                description=f"The request body may be at most {limit} bytes long."
            )
        content_type = self._content_type
        if content_type is _UNSET:
            environ_type: str | None = self.env.get("CONTENT_TYPE")
            content_type = environ_type
        handlers = options.media_handlers
        # PERF: read _resolve's cache directly; _resolve fills it (and raises 415).
        # tests/bench/perf_notes.py resolve-cache-read: 27 vs 105 ns.
        resolved = handlers._resolved.get(content_type) if content_type else None
        if resolved is None or resolved[0] is None:
            resolved = handlers._resolve(content_type, options.default_media_type)
        handler, _, deserialize_sync = resolved
        try:
            if deserialize_sync is not None:
                data = self._read_body()
                if limit is not None and len(data) > limit:
                    raise errors.HTTPContentTooLarge(
                        description=(
                            f"The request body may be at most {limit} bytes long."
                        )
                    )
                media = deserialize_sync(data)
            else:
                media = handler.deserialize(
                    self.bounded_stream, content_type, self.content_length
                )
        except errors.MediaNotFoundError as ex:
            self._media_error = ex
            if default_when_empty is not _UNSET:
                return default_when_empty
            raise
        except Exception as ex:
            self._media_error = ex
            raise
        finally:
            # A whole-body (sync) handler leaves nothing to exhaust.
            if deserialize_sync is None and handler.exhaust_stream:
                self.bounded_stream.exhaust()
        self._media = media
        return media

    def _read_form_body(self) -> str | None:
        """Return a urlencoded form body for ``params`` (the deprecated option)."""
        content_type = self.content_type
        if (
            content_type is None
            or "application/x-www-form-urlencoded" not in content_type
            or self.method in ("GET", "HEAD")
        ):
            return None
        length = self.content_length
        if not length:
            return None
        try:
            body: str = self.stream.read(length).decode("ascii")
        except UnicodeDecodeError:
            self.log_error(
                "Non-ASCII characters found in form body with Content-Type of "
                "application/x-www-form-urlencoded. Body will be ignored."
            )
            return None
        return body

    def get_query_string_as_media(
        self, media_type: str | None = None, default_when_empty: Any = _UNSET
    ) -> Any:
        """Deserialize the whole (percent-decoded) query string as media.

        Args:
            media_type: The media type to parse it as (default: the options'
                ``default_media_type``).
            default_when_empty: Returned instead of raising when it is empty.

        Returns:
            The deserialized value.

        Raises:
            ValueError: No handler is registered for ``media_type``.
            MediaNotFoundError: The query string is empty and no default was
                given.
        """
        options = self.options
        if media_type is None:
            media_type = options.default_media_type
        handler = options.media_handlers._resolve(
            media_type, options.default_media_type, raise_not_found=False
        )[0]
        if handler is None:
            raise ValueError(_no_handler_message(media_type))
        data = decode_uri(self.query_string, unquote_plus=False).encode()
        try:
            return handler.deserialize(io.BytesIO(data), media_type, len(data))
        except errors.MediaNotFoundError:
            if default_when_empty is not _UNSET:
                return default_when_empty
            raise

    # -- headers ------------------------------------------------------------

    @property
    def headers(self) -> dict[str, str]:
        """All request headers, keyed by upper-case name (``CONTENT-TYPE``)."""
        headers = self._cached_headers
        if headers is None:
            headers = {}
            for key, value in self.env.items():
                if key[:5] == "HTTP_":
                    headers[key[5:].replace("_", "-")] = value
                elif key in WSGI_CONTENT_HEADERS:
                    headers[key.replace("_", "-")] = value
            self._cached_headers = headers
        return headers

    @property
    def headers_lower(self) -> dict[str, str]:
        """All request headers, keyed by lower-case name."""
        headers = self._cached_headers_lower
        if headers is None:
            headers = self._cached_headers_lower = {
                name.lower(): value for name, value in self.headers.items()
            }
        return headers

    def get_header(
        self, name: str, required: bool = False, default: str | None = None
    ) -> str | None:
        """Return a header's value, or ``default``.

        Args:
            name: The header name, in any case.
            required: Raise ``HTTPMissingHeader`` when the header is absent.
            default: Returned when the header is absent and not required.

        Returns:
            The header value, or the default.
        """
        key, fallback = _ENV_KEY_CACHE.get(name) or _env_keys(name)
        env = self.env
        value: str | None = env.get(key)
        if value is None and fallback is not None:
            value = env.get(fallback)
        if value is not None:
            return value
        if required:
            raise errors.HTTPMissingHeader(name)
        return default

    def get_header_as_int(self, header: str, required: bool = False) -> int | None:
        """Return a header's value as an int.

        Args:
            header: The header name.
            required: Raise ``HTTPMissingHeader`` when the header is absent.

        Returns:
            The value, or None when absent and not required.

        Raises:
            HTTPInvalidHeader: The value is not an integer.
        """
        value = self.get_header(header, required=required)
        if value is None:
            return None
        try:
            return int(value)
        except ValueError:
            raise errors.HTTPInvalidHeader(
                "The value of the header must be an integer.", header
            ) from None

    def get_header_as_datetime(
        self, header: str, required: bool = False, obs_date: bool = False
    ) -> datetime.datetime | None:
        """Return an HTTP-date header as a naive UTC datetime.

        Args:
            header: The header name.
            required: Raise ``HTTPMissingHeader`` when the header is absent.
            obs_date: Also accept the obsolete RFC 850 and asctime formats.

        Returns:
            The value, or None when absent and not required.

        Raises:
            HTTPInvalidHeader: The value is not an HTTP-date.
        """
        value = self.get_header(header, required=required)
        if value is None:
            return None
        try:
            return http_date_to_dt(value, obs_date=obs_date)
        except ValueError:
            raise errors.HTTPInvalidHeader(
                "It must be formatted according to RFC 7231, Section 7.1.1.1", header
            ) from None

    auth = _header_property("HTTP_AUTHORIZATION", "The Authorization header, or None.")
    expect = _header_property("HTTP_EXPECT", "The Expect header, or None.")
    if_range = _header_property("HTTP_IF_RANGE", "The If-Range header, or None.")
    last_event_id = _header_property(
        "HTTP_LAST_EVENT_ID", "The Last-Event-ID header, or None."
    )
    referer = _header_property("HTTP_REFERER", "The Referer header, or None.")

    @property
    def user_agent(self) -> str | None:
        """The User-Agent header, or None."""
        return self.env.get("HTTP_USER_AGENT") or None

    @property
    def accept(self) -> str:
        """The Accept header, or ``*/*`` when absent or empty."""
        return self.env.get("HTTP_ACCEPT") or "*/*"

    @property
    def date(self) -> datetime.datetime | None:
        """The Date header as a datetime, or None."""
        return self.get_header_as_datetime("Date")

    @property
    def if_modified_since(self) -> datetime.datetime | None:
        """The If-Modified-Since header as a datetime, or None."""
        return self.get_header_as_datetime("If-Modified-Since")

    @property
    def if_unmodified_since(self) -> datetime.datetime | None:
        """The If-Unmodified-Since header as a datetime, or None."""
        return self.get_header_as_datetime("If-Unmodified-Since")

    @property
    def if_match(self) -> list[ETag | Literal["*"]] | None:
        """The If-Match header as a list of ETags (or ``['*']``), or None."""
        etags = self._cached_if_match
        if etags is _UNSET:
            value = self.env.get("HTTP_IF_MATCH")
            etags = self._cached_if_match = _parse_etags(value) if value else None
        return etags

    @property
    def if_none_match(self) -> list[ETag | Literal["*"]] | None:
        """The If-None-Match header as a list of ETags (or ``['*']``), or None."""
        etags = self._cached_if_none_match
        if etags is _UNSET:
            value = self.env.get("HTTP_IF_NONE_MATCH")
            etags = self._cached_if_none_match = _parse_etags(value) if value else None
        return etags

    @property
    def range(self) -> tuple[int, int] | None:
        """The Range header as ``(first, last)``; ``(-n, -1)`` for a suffix.

        Raises:
            HTTPInvalidHeader: The value is not a single RFC 7233 range.
        """
        value = self.get_header("Range")
        if value is None:
            return None
        _, sep, spec = value.partition("=")
        if not sep:
            raise errors.HTTPInvalidHeader(_RANGE_UNIT_MESSAGE, "Range")
        if "," in spec:
            raise errors.HTTPInvalidHeader(
                "The value must be a continuous range.", "Range"
            )
        first, sep, last = spec.partition("-")
        if sep and not first and not last:
            raise errors.HTTPInvalidHeader("The range offsets are missing.", "Range")
        try:
            return _parse_range_spec(first, sep, last)
        except ValueError:
            raise errors.HTTPInvalidHeader(
                "It must be a range formatted according to RFC 7233.",
                "Range",
                href="https://tools.ietf.org/html/rfc7233",
                href_text="HTTP/1.1 Range Requests",
            ) from None

    @property
    def range_unit(self) -> str | None:
        """The unit of the Range header (``bytes``), or None.

        Raises:
            HTTPInvalidHeader: The value has no unit.
        """
        value = self.get_header("Range")
        if value is None:
            return None
        unit, sep, _ = value.partition("=")
        if not sep:
            raise errors.HTTPInvalidHeader(_RANGE_UNIT_MESSAGE, "Range")
        return unit

    # -- cookies ------------------------------------------------------------

    def _get_cookies(self) -> dict[str, list[str]]:
        cookies = self._cached_cookies
        if cookies is None:
            value = self.get_header("Cookie")
            cookies = self._cached_cookies = parse_cookie_header(value) if value else {}
        return cookies

    @property
    def cookies(self) -> dict[str, str]:
        """The request cookies, ``name -> value`` (the first one when repeated)."""
        collapsed = self._cached_cookies_collapsed
        if collapsed is None:
            collapsed = self._cached_cookies_collapsed = {
                name: values[0] for name, values in self._get_cookies().items()
            }
        return collapsed

    def get_cookie_values(self, name: str) -> list[str] | None:
        """Return every value sent for a cookie, in order, or None.

        Args:
            name: The cookie name.

        Returns:
            The values, or None when the cookie was not sent.
        """
        return self._get_cookies().get(name)

    # -- negotiation --------------------------------------------------------

    def client_accepts(self, media_type: str) -> bool:
        """Tell whether the client's Accept header allows a media type.

        Args:
            media_type: A media type such as ``application/json``.

        Returns:
            True if the client accepts it.
        """
        accept = self.accept
        if accept == "*/*" or accept == media_type:
            return True
        return mediatypes._accepts(accept, media_type)

    @property
    def client_accepts_json(self) -> bool:
        """Whether the client accepts ``application/json``."""
        return self.client_accepts("application/json")

    @property
    def client_accepts_msgpack(self) -> bool:
        """Whether the client accepts MessagePack."""
        return self.client_accepts("application/x-msgpack") or self.client_accepts(
            "application/msgpack"
        )

    @property
    def client_accepts_xml(self) -> bool:
        """Whether the client accepts ``application/xml``."""
        return self.client_accepts("application/xml")

    def client_prefers(self, media_types: Iterable[str]) -> str | None:
        """Return the media type the client prefers among ``media_types``.

        Args:
            media_types: Candidates, in the server's order of preference.

        Returns:
            The best match, or None if the client accepts none of them.
        """
        return mediatypes._prefers(self.accept, tuple(media_types))

    # -- URL ------------------------------------------------------------------

    @property
    def scheme(self) -> str:
        """The URL scheme of the request (``http`` or ``https``)."""
        if self.options._trusted_proxies is not None:  # restcore.proxies
            return self._client().scheme
        scheme: str = self.env["wsgi.url_scheme"]
        return scheme

    @property
    def host(self) -> str:
        """The host name from the Host header (no port), or SERVER_NAME."""
        host_header = self.env.get("HTTP_HOST")
        if host_header is None:
            server_name: str = self.env["SERVER_NAME"]
            return server_name
        return _split_host(host_header, 80)[0]

    @property
    def port(self) -> int:
        """The port from the Host header, else SERVER_PORT.

        Raises:
            HTTPInvalidHeader: The Host header's port is not 0-65535.
        """
        env = self.env
        default_port = 80 if env["wsgi.url_scheme"] == "http" else 443
        host_header = env.get("HTTP_HOST")
        if host_header is None:
            server_port = str(env.get("SERVER_PORT", ""))
            if server_port.isdigit() and server_port.isascii():
                return int(server_port)
            return default_port
        port = _split_host(host_header, default_port)[1]
        if port is None:
            raise errors.HTTPInvalidHeader(
                "The port must be an integer from 0 to 65535.", "Host"
            )
        return port

    @property
    def netloc(self) -> str:
        """Host and (non-default) port, as in a URL."""
        env = self.env
        netloc: str | None = env.get("HTTP_HOST")
        if netloc is None:
            netloc = env["SERVER_NAME"]
            port = env["SERVER_PORT"]
            if port != ("443" if self.scheme == "https" else "80"):
                netloc += ":" + port
        return netloc

    @property
    def subdomain(self) -> str | None:
        """The leftmost label of the host name, or None for a single label."""
        subdomain, sep, _ = self.host.partition(".")
        return subdomain if sep else None

    @property
    def root_path(self) -> str:
        """The mount point of the App (SCRIPT_NAME, decoded as UTF-8)."""
        script_name: str | None = self.env.get("SCRIPT_NAME")
        if not script_name:
            return ""
        return script_name if script_name.isascii() else _decode_path(script_name)

    @property
    @deprecation.deprecated(
        "Use `root_path` instead. "
        "(This compatibility alias will be removed in Falcon 5.0.)",
        is_property=True,
    )
    def app(self) -> str:
        """Deprecated alias of ``root_path``."""
        return self.root_path

    @property
    def prefix(self) -> str:
        """Scheme, host and root path."""
        prefix = self._cached_prefix
        if prefix is None:
            prefix = self._cached_prefix = (
                self.scheme + "://" + self.netloc + self.root_path
            )
        return prefix

    @property
    def relative_uri(self) -> str:
        """Root path, path and query string."""
        uri = self._cached_relative_uri
        if uri is None:
            uri = self.root_path + self.path
            if self.query_string:
                uri += "?" + self.query_string
            self._cached_relative_uri = uri
        return uri

    @property
    def uri(self) -> str:
        """The full URL of the request."""
        uri = self._cached_uri
        if uri is None:
            uri = self._cached_uri = (
                self.scheme + "://" + self.netloc + self.relative_uri
            )
        return uri

    url = uri

    @property
    def remote_addr(self) -> str:
        """The client address (REMOTE_ADDR), or ``127.0.0.1`` when unknown."""
        if self.options._trusted_proxies is not None:  # restcore.proxies
            return self._client().addr
        remote_addr: str = self.env.get("REMOTE_ADDR", "127.0.0.1")
        return remote_addr

    def _client(self) -> ResolvedClient:
        """The client as the trusted proxies report it (computed once)."""
        client = self._cached_client
        if client is None:
            proxies = self.options._trusted_proxies
            assert proxies is not None  # only called when the option is set
            client = self._cached_client = resolve_client(self.env, proxies)
        return client

    @property
    def forwarded(self) -> list[Forwarded] | None:
        """The Forwarded header (RFC 7239) as a list of hops, or None."""
        forwarded = self._cached_forwarded
        if forwarded is None:
            value = self.get_header("Forwarded")
            if value is None:
                return None
            forwarded = self._cached_forwarded = _parse_forwarded_header(value)
        return forwarded

    @property
    def forwarded_scheme(self) -> str:
        """The scheme the client used, as reported by the first proxy."""
        if self.options._trusted_proxies is not None:  # restcore.proxies
            return self._client().scheme
        env = self.env
        if "HTTP_FORWARDED" in env:
            forwarded = self.forwarded
            if forwarded:
                return forwarded[0].scheme or self.scheme
            return self.scheme
        proto = env.get("HTTP_X_FORWARDED_PROTO")
        return self.scheme if proto is None else proto.lower()

    @property
    def forwarded_host(self) -> str:
        """The Host the client used, as reported by the first proxy."""
        if self.options._trusted_proxies is not None:  # restcore.proxies
            return self._client().host or self.netloc
        env = self.env
        if "HTTP_FORWARDED" in env:
            forwarded = self.forwarded
            if forwarded:
                return forwarded[0].host or self.netloc
            return self.netloc
        host = env.get("HTTP_X_FORWARDED_HOST")
        return self.netloc if host is None else host

    @property
    def forwarded_prefix(self) -> str:
        """Like ``prefix``, with the forwarded scheme and host."""
        prefix = self._cached_forwarded_prefix
        if prefix is None:
            prefix = self._cached_forwarded_prefix = (
                self.forwarded_scheme + "://" + self.forwarded_host + self.root_path
            )
        return prefix

    @property
    def forwarded_uri(self) -> str:
        """Like ``uri``, with the forwarded scheme and host."""
        uri = self._cached_forwarded_uri
        if uri is None:
            uri = self._cached_forwarded_uri = (
                self.forwarded_scheme + "://" + self.forwarded_host + self.relative_uri
            )
        return uri

    @property
    def access_route(self) -> list[str]:
        """Client and proxy addresses, client first, ending with REMOTE_ADDR.

        Taken from Forwarded, else X-Forwarded-For, else X-Real-IP.
        """
        route = self._cached_access_route
        if route is None:
            if self.options._trusted_proxies is not None:  # restcore.proxies
                route = self._client().route
            else:
                route = self._read_access_route()
            self._cached_access_route = route
        return route

    def _read_access_route(self) -> list[str]:
        env = self.env
        route: list[str] = []
        if "HTTP_FORWARDED" in env:
            route = [
                _split_host(hop.src, 0)[0]
                for hop in self.forwarded or ()
                if hop.src is not None
            ]
        elif "HTTP_X_FORWARDED_FOR" in env:
            route = [ip.strip() for ip in env["HTTP_X_FORWARDED_FOR"].split(",")]
        elif "HTTP_X_REAL_IP" in env:
            route = [env["HTTP_X_REAL_IP"]]
        remote_addr = self.remote_addr
        if not route or route[-1] != remote_addr:
            route.append(remote_addr)
        return route

    # -- errors -------------------------------------------------------------

    def log_error(self, message: str) -> None:
        """Write a message to the server's error stream (``wsgi.errors``).

        Args:
            message: The text to write.
        """
        query = "?" + self.query_string if self.query_string else ""
        line = DEFAULT_ERROR_LOG_FORMAT.format(
            datetime.datetime.now(), self.method, self.path, query
        )
        self.env["wsgi.errors"].write(line + message + "\n")


_RANGE_UNIT_MESSAGE = "The value must be prefixed with a range unit, e.g. 'bytes='"


class ContextSlotRequest(Request):
    """The default Request with ``context`` in a slot, for apps with middleware.

    PERF: an App whose middleware pipeline makes ``req.context`` up front (see
    ``restcore.pipeline``) builds its requests from this class. ``Request``
    keeps ``context`` lazy behind a class-level descriptor, so a read of the
    stored context takes the generic attribute lookup (about 300 instructions)
    and the first assignment makes an instance ``__dict__``; a slot is read in
    about 10 (callgrind, tests/bench/instructions.py middleware). Its names
    are ``Request``'s, so reprs and error messages read as they do in Falcon
    (docs/differences.md); ``isinstance(req, Request)`` holds.
    """

    __slots__ = ("context",)


ContextSlotRequest.__name__ = ContextSlotRequest.__qualname__ = "Request"


def _parse_range_spec(first: str, sep: str, last: str) -> tuple[int, int]:
    """Turn ``first-last`` into numbers (ValueError when malformed)."""
    if not sep:
        raise ValueError
    if first and last:
        first_num, last_num = int(first), int(last)
        if last_num < first_num:
            raise ValueError
        return first_num, last_num
    if first:
        return int(first), -1
    suffix = -int(last)
    if suffix >= 0:
        raise ValueError
    return suffix, -1
