"""The media-handler registry: media range -> handler, with cached resolution.

``Handlers._resolve(media_type, default, raise_not_found=True)`` is the seam
Request, Response, error serialization and multipart parts use: it returns
``(handler, serialize_sync, deserialize_sync)``, the last two being the
handler's optional fast paths (or ``None``). ``serialize_sync`` of the stock
JSON handler is ``orjson.dumps`` itself: a caller falls back to
``handler.serialize`` when it raises ``TypeError``. An exact key wins; otherwise the
registered media ranges are matched against the media type with
:func:`restcore.util.mediatypes.best_match` (first registered wins a tie). An
unmatched type raises 415 or, with ``raise_not_found=False``, returns
``(None, None, None)``. Results are cached per effective media-type string (at
most 64, so that clients sending random types cannot grow it); any change to
the mapping clears the cache.
"""

from __future__ import annotations

from collections import UserDict
from collections.abc import Mapping
from typing import Any, Literal, NoReturn, overload

from restcore import errors
from restcore.constants import MEDIA_JSON, MEDIA_MULTIPART, MEDIA_URLENCODED
from restcore.media.base import (
    BaseHandler,
    BinaryBaseHandlerWS,
    DeserializeSync,
    SerializeSync,
)
from restcore.media.json import JSONHandler
from restcore.media.multipart import MultipartFormHandler, MultipartParseOptions
from restcore.media.urlencoded import URLEncodedFormHandler
from restcore.util.mediatypes import best_match

__all__ = ["Handlers", "MissingDependencyHandler"]

Resolved = tuple[BaseHandler, SerializeSync | None, DeserializeSync | None]
NotResolved = tuple[None, None, None]
_NOT_RESOLVED: NotResolved = (None, None, None)
_CACHE_SIZE = 64


class MissingDependencyHandler(BinaryBaseHandlerWS):
    """Stand-in for a handler whose third-party library is not installed.

    Every use raises :class:`RuntimeError` naming the missing library.

    Args:
        handler: The handler's name, for the message.
        library: The missing library's name.
    """

    def __init__(self, handler: str, library: str) -> None:
        self._msg = (
            f"The {handler} requires the {library} library, which is not installed."
        )

    def _raise(self) -> NoReturn:
        raise RuntimeError(self._msg)

    def serialize(self, *args: Any, **kwargs: Any) -> NoReturn:
        """Raise: the library is missing.

        Args:
            *args: Ignored.
            **kwargs: Ignored.

        Raises:
            RuntimeError: Always.
        """
        self._raise()

    def deserialize(self, *args: Any, **kwargs: Any) -> NoReturn:
        """Raise: the library is missing.

        Args:
            *args: Ignored.
            **kwargs: Ignored.

        Raises:
            RuntimeError: Always.
        """
        self._raise()


class Handlers(UserDict[str, BaseHandler]):
    """A dict of media ranges to media handlers.

    Args:
        initial: The handlers to start with; when empty or omitted, JSON,
            ``multipart/form-data`` and URL-encoded forms.
    """

    data: dict[str, BaseHandler]

    def __init__(self, initial: Mapping[str, BaseHandler] | None = None) -> None:
        self._resolved: dict[str, Resolved | NotResolved] = {}
        handlers: Mapping[str, BaseHandler] = initial or {
            MEDIA_JSON: JSONHandler(),
            MEDIA_MULTIPART: MultipartFormHandler(),
            MEDIA_URLENCODED: URLEncodedFormHandler(),
        }
        super().__init__(handlers)

    def __setitem__(self, key: str, value: BaseHandler) -> None:
        super().__setitem__(key, value)
        self._resolved.clear()  # a replaced handler must not be served from cache

    def __delitem__(self, key: str) -> None:
        super().__delitem__(key)
        self._resolved.clear()

    @overload
    def _resolve(
        self, media_type: str | None, default: str, raise_not_found: Literal[True] = ...
    ) -> Resolved: ...

    @overload
    def _resolve(
        self, media_type: str | None, default: str, raise_not_found: bool
    ) -> Resolved | NotResolved: ...

    def _resolve(
        self, media_type: str | None, default: str, raise_not_found: bool = True
    ) -> Resolved | NotResolved:
        """Find the handler for a media type, with its fast paths.

        Args:
            media_type: The media type (a Content-Type value); ``None``, empty
                or ``*/*`` selects ``default``.
            default: The media type to use when ``media_type`` is unset.
            raise_not_found: Raise 415 when nothing matches (otherwise return
                ``(None, None, None)``).

        Returns:
            ``(handler, serialize_sync, deserialize_sync)``.

        Raises:
            HTTPUnsupportedMediaType: No handler matches and
                ``raise_not_found`` is true.
        """
        if not media_type or media_type == "*/*":
            media_type = default
        resolved = self._resolved.get(media_type)
        if resolved is None:
            resolved = self._resolve_uncached(media_type)
        if resolved[0] is None and raise_not_found:
            raise errors.HTTPUnsupportedMediaType(
                description=f"{media_type} is an unsupported media type."
            )
        return resolved

    def _resolve_uncached(self, media_type: str) -> Resolved | NotResolved:
        handler = self.data.get(media_type)
        if handler is None:
            try:
                matched = best_match(tuple(self.data), media_type)
            except ValueError:  # an unparsable media type matches nothing
                matched = ""
            handler = self.data[matched] if matched else None
        resolved: Resolved | NotResolved = _NOT_RESOLVED
        if handler is not None:
            resolved = (
                handler,
                getattr(handler, "_unchecked_serialize", None)
                or getattr(handler, "_serialize_sync", None),
                getattr(handler, "_deserialize_sync", None),
            )
        if len(self._resolved) >= _CACHE_SIZE:
            self._resolved.clear()
        self._resolved[media_type] = resolved
        return resolved

    def copy(self) -> Handlers:
        """Return a shallow copy that can be customized independently.

        Returns:
            A new registry of the same class holding the same handlers.
        """
        return type(self)(self.data)


# Multipart parse options copy these part handlers (set here, not imported by
# multipart.py, which this module imports: no import cycle).
MultipartParseOptions._DEFAULT_HANDLERS = Handlers(
    {MEDIA_JSON: JSONHandler(), MEDIA_URLENCODED: URLEncodedFormHandler()}
)
