"""Request: a read-only view of the WSGI environ with lazily parsed attributes.

Only what every request needs is computed in ``__init__`` (method, path, query
string, context); everything else is parsed on first access and memoised in a
``_cached_<name>`` slot. Query parameters are parsed on first use, never for a
request that does not read them.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Iterable
from typing import Any, ClassVar, TypeVar

from restcore import errors
from restcore.constants import DEFAULT_MEDIA_TYPE, FALSE_STRINGS, TRUE_STRINGS
from restcore.media.handlers import Handlers
from restcore.stream import BoundedStream
from restcore.util import mediatypes
from restcore.util.structures import Context, LazyContext
from restcore.util.uri import parse_query_string

__all__ = ["Request", "RequestOptions"]

_T = TypeVar("_T")


class _UnsetType:
    """Marker type for 'no value yet' (None can be a valid media value)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<UNSET>"


_UNSET: Any = _UnsetType()

# Header name -> WSGI environ key, filled as names are first looked up. Bounded:
# clients cannot add names to it, only the app's own get_header() calls do.
_ENV_KEY_CACHE: dict[str, str] = {}
_ENV_KEY_CACHE_SIZE = 512

# Accept header -> result caches for negotiation: keyed on client strings, so
# bounded and cleared when full.
_NEGOTIATION_CACHE_SIZE = 256
_prefers_cache: dict[tuple[str, tuple[str, ...]], str | None] = {}
_accepts_cache: dict[tuple[str, str], bool] = {}


def _env_key(name: str) -> str:
    key = _ENV_KEY_CACHE.get(name)
    if key is None:
        key = name.upper().replace("-", "_")
        if key not in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            key = "HTTP_" + key
        if len(_ENV_KEY_CACHE) < _ENV_KEY_CACHE_SIZE:
            _ENV_KEY_CACHE[name] = key
    return key


def _decode_path(raw_path: str) -> str:
    """Turn a WSGI PATH_INFO (latin-1 code points) back into UTF-8 text."""
    if raw_path.isascii():
        return raw_path
    try:
        return raw_path.encode("iso-8859-1").decode("utf-8", "replace")
    except UnicodeEncodeError:
        # Not a PEP 3333 string: the server already decoded it.
        return raw_path


class RequestOptions:
    """Request-handling options shared by every request of an App.

    Attributes:
        keep_blank_qs_values: Keep query parameters that have an empty value.
        auto_parse_form_urlencoded: Deprecated; merge form bodies into params.
        auto_parse_qs_csv: Split comma-separated query values into lists.
        strip_url_path_trailing_slash: Remove one trailing slash from the path.
        default_media_type: Media type assumed when the request has none.
        media_handlers: The registry used by ``req.get_media()``.
        max_body_size: If set, bodies longer than this many bytes are refused
            with 413 before they are read (a restcore addition; off by default).
    """

    __slots__ = (
        "auto_parse_form_urlencoded",
        "auto_parse_qs_csv",
        "default_media_type",
        "keep_blank_qs_values",
        "max_body_size",
        "media_handlers",
        "strip_url_path_trailing_slash",
    )

    keep_blank_qs_values: bool
    auto_parse_form_urlencoded: bool
    auto_parse_qs_csv: bool
    strip_url_path_trailing_slash: bool
    default_media_type: str
    media_handlers: Handlers
    max_body_size: int | None

    def __init__(self) -> None:
        self.keep_blank_qs_values = True
        self.auto_parse_form_urlencoded = False
        self.auto_parse_qs_csv = False
        self.strip_url_path_trailing_slash = False
        self.default_media_type = DEFAULT_MEDIA_TYPE
        self.media_handlers = Handlers()
        self.max_body_size = None


class Request:
    """The request being handled, built from a WSGI environ.

    Args:
        env: The WSGI environ of the request.
        options: The App's request options (defaults apply if omitted).
    """

    __slots__ = (
        "__dict__",
        "_cached_params",
        "env",
        "method",
        "options",
        "path",
        "query_string",
        "uri_template",
    )

    context_type: ClassVar[type[Any]] = Context
    # PERF: created on first read (most requests never touch it).
    context: Any = LazyContext()

    # PERF: state most requests never touch lives in class-level defaults; the
    # first assignment stores it in the instance __dict__, so __init__ pays
    # nothing for it.
    _cached_headers: dict[str, str] | None = None
    _cached_headers_lower: dict[str, str] | None = None
    _bounded_stream: BoundedStream | None = None
    _media: Any = _UNSET
    _media_error: Exception | None = None
    is_websocket: bool = False

    env: dict[str, Any]
    method: str
    path: str
    query_string: str
    options: RequestOptions
    uri_template: str | None

    def __init__(
        self, env: dict[str, Any], options: RequestOptions | None = None
    ) -> None:
        self.env = env
        self.options = options = options if options is not None else RequestOptions()
        self.method = env["REQUEST_METHOD"]
        path = env.get("PATH_INFO")
        if path:
            if not path.isascii():
                path = _decode_path(path)
            if (
                options.strip_url_path_trailing_slash
                and len(path) > 1
                and path[-1] == "/"
            ):
                path = path[:-1]
        else:
            path = "/"
        self.path = path
        self.query_string = env.get("QUERY_STRING", "")
        self.uri_template = None
        self._cached_params = None

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self.method} {self.url!r}>"

    # -- body -------------------------------------------------------------

    @property
    def stream(self) -> Any:
        """The raw ``wsgi.input`` stream (prefer ``bounded_stream``)."""
        return self.env["wsgi.input"]

    @property
    def bounded_stream(self) -> BoundedStream:
        """The body stream, limited to ``Content-Length`` bytes."""
        stream = self._bounded_stream
        if stream is None:
            stream = self._bounded_stream = BoundedStream(
                self.env["wsgi.input"], self.content_length or 0
            )
        return stream

    @property
    def content_type(self) -> str | None:
        """The value of the Content-Type header, or None."""
        return self.env.get("CONTENT_TYPE") or None

    @property
    def content_length(self) -> int | None:
        """The body length from Content-Length, or None when absent.

        Raises:
            HTTPInvalidHeader: The header is not a non-negative integer.
        """
        value = self.env.get("CONTENT_LENGTH")
        if not value:
            return None
        if not (value.isdigit() and value.isascii()):
            value = value.strip()
            if value.startswith("-") and value[1:].isdigit() and value.isascii():
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

    def get_media(self, default_when_empty: Any = _UNSET) -> Any:
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
        if self._media_error is not None:
            if default_when_empty is not _UNSET and isinstance(
                self._media_error, errors.MediaNotFoundError
            ):
                return default_when_empty
            raise self._media_error
        options = self.options
        limit = options.max_body_size
        if limit is not None and (self.content_length or 0) > limit:
            raise errors.HTTPContentTooLarge(
                description=f"The request body may be at most {limit} bytes long."
            )
        handler, _, deserialize_sync = options.media_handlers._resolve(
            self.content_type, options.default_media_type
        )
        try:
            if deserialize_sync is not None:
                media = deserialize_sync(self.bounded_stream.read())
            else:
                media = handler.deserialize(
                    self.bounded_stream, self.content_type, self.content_length
                )
        except errors.MediaNotFoundError as ex:
            self._media_error = ex
            if default_when_empty is not _UNSET:
                return default_when_empty
            raise
        except errors.HTTPError as ex:
            self._media_error = ex
            raise
        self._media = media
        return media

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
                elif key in ("CONTENT_TYPE", "CONTENT_LENGTH") and value:
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
        value = self.env.get(_env_key(name))
        if value is not None and (value or name.lower() not in _EMPTY_IS_ABSENT):
            return str(value)
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

    @property
    def user_agent(self) -> str | None:
        """The User-Agent header, or None."""
        return self.env.get("HTTP_USER_AGENT")

    @property
    def accept(self) -> str:
        """The Accept header, or ``*/*`` when absent or empty."""
        return self.env.get("HTTP_ACCEPT") or "*/*"

    @property
    def referer(self) -> str | None:
        """The Referer header, or None."""
        return self.env.get("HTTP_REFERER")

    @property
    def auth(self) -> str | None:
        """The Authorization header, or None."""
        return self.env.get("HTTP_AUTHORIZATION")

    @property
    def expect(self) -> str | None:
        """The Expect header, or None."""
        return self.env.get("HTTP_EXPECT")

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
        key = (accept, media_type)
        result = _accepts_cache.get(key)
        if result is None:
            try:
                result = mediatypes.quality(media_type, accept) != 0.0
            except ValueError:
                result = False
            if len(_accepts_cache) >= _NEGOTIATION_CACHE_SIZE:
                _accepts_cache.clear()
            _accepts_cache[key] = result
        return result

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
        candidates = tuple(media_types)
        accept = self.accept
        if accept == "*/*":
            return candidates[0] if candidates else None
        key = (accept, candidates)
        if key in _prefers_cache:
            return _prefers_cache[key]
        try:
            best = mediatypes.best_match(list(candidates), accept) or None
        except ValueError:
            best = None
        if len(_prefers_cache) >= _NEGOTIATION_CACHE_SIZE:
            _prefers_cache.clear()
        _prefers_cache[key] = best
        return best

    # -- URL ------------------------------------------------------------------

    @property
    def scheme(self) -> str:
        """The URL scheme of the request (``http`` or ``https``)."""
        return str(self.env.get("wsgi.url_scheme", "http"))

    @property
    def host(self) -> str:
        """The host name from the Host header, or SERVER_NAME."""
        host_header = self.env.get("HTTP_HOST")
        if host_header:
            if host_header.startswith("["):
                end = host_header.find("]")
                return host_header[: end + 1] if end > 0 else host_header
            return host_header.partition(":")[0]
        return str(self.env.get("SERVER_NAME", ""))

    @property
    def netloc(self) -> str:
        """Host and (non-default) port, as in a URL."""
        host_header = self.env.get("HTTP_HOST")
        if host_header:
            return str(host_header)
        netloc = str(self.env.get("SERVER_NAME", ""))
        port = str(self.env.get("SERVER_PORT", ""))
        default = "443" if self.scheme == "https" else "80"
        if port and port != default:
            netloc += ":" + port
        return netloc

    @property
    def root_path(self) -> str:
        """The mount point of the App (SCRIPT_NAME)."""
        script_name = self.env.get("SCRIPT_NAME")
        return _decode_path(script_name) if script_name else ""

    @property
    def prefix(self) -> str:
        """Scheme, host and root path."""
        return f"{self.scheme}://{self.netloc}{self.root_path}"

    @property
    def relative_uri(self) -> str:
        """Root path, path and query string."""
        query = self.query_string
        uri = self.root_path + self.path
        return f"{uri}?{query}" if query else uri

    @property
    def uri(self) -> str:
        """The full URL of the request."""
        return self.prefix + self.path + ("?" + self.query_string if self.query_string else "")

    url = uri

    @property
    def remote_addr(self) -> str:
        """The client address (REMOTE_ADDR), or ``127.0.0.1`` when unknown."""
        return str(self.env.get("REMOTE_ADDR") or "127.0.0.1")

    # -- query parameters -------------------------------------------------

    @property
    def params(self) -> dict[str, Any]:
        """The query parameters: a str per name, or a list when repeated."""
        params = self._cached_params
        if params is None:
            query_string = self.query_string
            if query_string:
                options = self.options
                params = parse_query_string(
                    query_string,
                    keep_blank=options.keep_blank_qs_values,
                    csv=options.auto_parse_qs_csv,
                )
            else:
                params = {}
            self._cached_params = params
        return params

    def has_param(self, name: str) -> bool:
        """Tell whether the query string has a parameter.

        Args:
            name: The parameter name.

        Returns:
            True if present.
        """
        return name in self.params

    def get_param(
        self,
        name: str,
        required: bool = False,
        store: dict[str, Any] | None = None,
        default: str | None = None,
    ) -> str | None:
        """Return a query parameter's value (the last one when repeated).

        Args:
            name: The parameter name.
            required: Raise ``HTTPMissingParam`` when it is absent.
            store: A dict to copy the value into, under ``name``.
            default: Returned when the parameter is absent.

        Returns:
            The value, or the default.
        """
        value = self.params.get(name)
        if value is None:
            if required:
                raise errors.HTTPMissingParam(name)
            return default
        if value.__class__ is list:
            value = value[-1]
        if store is not None:
            store[name] = value
        return value  # type: ignore[no-any-return]

    def _get_converted(
        self,
        name: str,
        convert: Callable[[str], _T],
        message: str,
        required: bool,
        store: dict[str, Any] | None,
        default: _T | None,
    ) -> _T | None:
        raw = self.get_param(name, required=required)
        if raw is None:
            return default
        try:
            value = convert(raw)
        except ValueError:
            raise errors.HTTPInvalidParam(message, name) from None
        if store is not None:
            store[name] = value
        return value

    def get_param_as_int(
        self,
        name: str,
        required: bool = False,
        min_value: int | None = None,
        max_value: int | None = None,
        store: dict[str, Any] | None = None,
        default: int | None = None,
    ) -> int | None:
        """Return a query parameter as an int, checking optional bounds.

        Args:
            name: The parameter name.
            required: Raise ``HTTPMissingParam`` when it is absent.
            min_value: Smallest value accepted.
            max_value: Largest value accepted.
            store: A dict to copy the value into.
            default: Returned when the parameter is absent.

        Returns:
            The value, or the default.
        """
        value = self._get_converted(
            name, _parse_int, "The value must be an integer.", required, None, default
        )
        if value is None or value is default:
            return value
        _check_bounds(name, value, min_value, max_value)
        if store is not None:
            store[name] = value
        return value

    def get_param_as_float(
        self,
        name: str,
        required: bool = False,
        min_value: float | None = None,
        max_value: float | None = None,
        store: dict[str, Any] | None = None,
        default: float | None = None,
    ) -> float | None:
        """Return a query parameter as a float, checking optional bounds.

        Args:
            name: The parameter name.
            required: Raise ``HTTPMissingParam`` when it is absent.
            min_value: Smallest value accepted.
            max_value: Largest value accepted.
            store: A dict to copy the value into.
            default: Returned when the parameter is absent.

        Returns:
            The value, or the default.
        """
        value = self._get_converted(
            name, _parse_float, "The value must be a float.", required, None, default
        )
        if value is None or value is default:
            return value
        _check_bounds(name, value, min_value, max_value)
        if store is not None:
            store[name] = value
        return value

    def get_param_as_uuid(
        self,
        name: str,
        required: bool = False,
        store: dict[str, Any] | None = None,
        default: uuid.UUID | None = None,
    ) -> uuid.UUID | None:
        """Return a query parameter as a UUID.

        Args:
            name: The parameter name.
            required: Raise ``HTTPMissingParam`` when it is absent.
            store: A dict to copy the value into.
            default: Returned when the parameter is absent.

        Returns:
            The value, or the default.
        """
        return self._get_converted(
            name, uuid.UUID, "The value must be a UUID string.", required, store, default
        )

    def get_param_as_bool(
        self,
        name: str,
        required: bool = False,
        store: dict[str, Any] | None = None,
        blank_as_true: bool = True,
        default: bool | None = None,
    ) -> bool | None:
        """Return a query parameter as a bool (``true``/``false``, ``1``/``0``...).

        Args:
            name: The parameter name.
            required: Raise ``HTTPMissingParam`` when it is absent.
            store: A dict to copy the value into.
            blank_as_true: Treat an empty value as True.
            default: Returned when the parameter is absent.

        Returns:
            The value, or the default.
        """
        raw = self.get_param(name, required=required)
        if raw is None:
            return default
        if raw in TRUE_STRINGS:
            value = True
        elif raw in FALSE_STRINGS:
            value = False
        elif not raw:
            value = blank_as_true
        else:
            raise errors.HTTPInvalidParam(
                'The value of the parameter must be "true" or "false".', name
            )
        if store is not None:
            store[name] = value
        return value

    def get_param_as_list(
        self,
        name: str,
        transform: Callable[[str], Any] | None = None,
        required: bool = False,
        store: dict[str, Any] | None = None,
        default: list[Any] | None = None,
    ) -> list[Any] | None:
        """Return a query parameter's values as a list.

        Args:
            name: The parameter name.
            transform: Applied to every value (a ValueError gives a 400).
            required: Raise ``HTTPMissingParam`` when it is absent.
            store: A dict to copy the list into.
            default: Returned when the parameter is absent.

        Returns:
            The values, or the default.
        """
        value = self.params.get(name)
        if value is None:
            if required:
                raise errors.HTTPMissingParam(name)
            return default
        items = value if value.__class__ is list else [value]
        if transform is not None:
            try:
                items = list(map(transform, items))
            except ValueError:
                raise errors.HTTPInvalidParam(
                    "The value is not formatted correctly.", name
                ) from None
        else:
            items = list(items)
        if store is not None:
            store[name] = items
        return items

    def get_param_as_datetime(
        self,
        name: str,
        format_string: str = "%Y-%m-%dT%H:%M:%S%z",
        required: bool = False,
        store: dict[str, Any] | None = None,
        default: datetime.datetime | None = None,
    ) -> datetime.datetime | None:
        """Return a query parameter parsed with ``strptime``.

        Args:
            name: The parameter name.
            format_string: The ``strptime`` format.
            required: Raise ``HTTPMissingParam`` when it is absent.
            store: A dict to copy the value into.
            default: Returned when the parameter is absent.

        Returns:
            The value, or the default.
        """
        return self._get_converted(
            name,
            lambda raw: datetime.datetime.strptime(raw, format_string),
            f'The date value does not match the required format "{format_string}".',
            required,
            store,
            default,
        )

    def get_param_as_date(
        self,
        name: str,
        format_string: str = "%Y-%m-%d",
        required: bool = False,
        store: dict[str, Any] | None = None,
        default: datetime.date | None = None,
    ) -> datetime.date | None:
        """Return a query parameter as a date.

        Args:
            name: The parameter name.
            format_string: The ``strptime`` format.
            required: Raise ``HTTPMissingParam`` when it is absent.
            store: A dict to copy the value into.
            default: Returned when the parameter is absent.

        Returns:
            The value, or the default.
        """
        value = self.get_param_as_datetime(
            name, format_string=format_string, required=required
        )
        if value is None:
            return default
        date = value.date()
        if store is not None:
            store[name] = date
        return date

    # -- errors -------------------------------------------------------------

    def log_error(self, message: str) -> None:
        """Write a message to the server's error stream (``wsgi.errors``).

        Args:
            message: The text to write.
        """
        stream = self.env.get("wsgi.errors")
        if stream is None:
            return
        prefix = f"[restcore] {self.method} {self.path} "
        stream.write(prefix + message + ("" if message.endswith("\n") else "\n"))
        stream.flush()


# Headers whose empty value Falcon treats as absent.
_EMPTY_IS_ABSENT = frozenset({"content-type", "content-length"})


# Query values convert as Falcon converts them (int()/float() rules), so that
# apps see the same values; path converters are the stricter ones.
_parse_int = int
_parse_float = float


def _check_bounds(
    name: str, value: float, min_value: float | None, max_value: float | None
) -> None:
    if min_value is not None and value < min_value:
        raise errors.HTTPInvalidParam(f"The value must be at least {min_value}", name)
    if max_value is not None and value > max_value:
        raise errors.HTTPInvalidParam(
            f"The value may not exceed {max_value}", name
        )
