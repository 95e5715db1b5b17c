"""JSON media handler, backed by orjson unless custom ``dumps``/``loads`` are given.

Hostile input is a 400, never a 500: orjson rejects invalid UTF-8, lone
surrogate escapes (which could be stored, then fail when echoed), ``NaN`` and
``Infinity``, numbers that overflow a double and nesting deeper than 1024; on
top of that, integers outside the 64-bit range orjson keeps exact (which it
would otherwise silently turn into floats) are rejected. See docs/media.md.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any, cast

import orjson

from restcore import errors
from restcore.media.base import (
    BaseHandler,
    MediaSerializationError,
    ReadableIO,
    TextBaseHandlerWS,
)
from restcore.util.parse_errors import OwnWordsError

__all__ = ["JSONHandler", "JSONHandlerWS"]

Dumps = Callable[[Any], str | bytes]
Loads = Callable[[str], Any]

# PERF: out-of-range integers need a run of 19+ digits. Mapping every digit to
# "0" and searching for 19 zeros takes 0.19 µs on a 90-byte body (a regex
# search for the digit run, 0.7-1.1 µs, timeit); only on a hit is the document
# tokenized.
_DIGITS_AS_ZERO = bytes(0x30 if 0x30 <= byte <= 0x39 else byte for byte in range(256))
_DIGIT_RUN = b"0" * 19


def _has_long_digit_run(data: bytes) -> bool:
    """Tell whether ``data`` has 19 or more consecutive ASCII digits.

    Sampling every n-th byte first was tried and dropped: ISO dates and other
    digit-dense strings pass such a sample, so common documents paid for both.
    """
    return data.translate(_DIGITS_AS_ZERO).find(_DIGIT_RUN) >= 0


# In an already-validated document: skip whole strings, and capture integer
# literals of 19+ digits that do not start inside a number (lookbehind) and are
# not the integer part of a float (lookahead). Possessive quantifiers keep the
# scan linear.
_LONG_INTEGER = re.compile(rb'"(?:[^"\\]|\\.)*+"|(?<![\d.eE+-])(-?\d{19,}+)(?![.eE])')

_INT_MIN = -(2**63)
_INT_LIMIT = 2**64  # orjson parses integers in [-2**63, 2**64) exactly


def _check_integer_range(data: bytes) -> None:
    for match in _LONG_INTEGER.finditer(data):
        literal = match.group(1)
        if literal is None:
            continue
        # More than 20 digits is out of range (JSON forbids leading zeros);
        # checking first also keeps int() away from huge literals.
        if len(literal.lstrip(b"-")) > 20 or not _INT_MIN <= int(literal) < _INT_LIMIT:
            raise OwnWordsError(
                "an integer in the document is outside the supported range "
                "[-2**63, 2**64)"
            )


def _dumps_stdlib(media: Any) -> bytes:
    return json.dumps(
        media, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode()


class JSONHandler(BaseHandler):
    """JSON media handler.

    By default it uses orjson, which emits compact UTF-8 JSON. Values orjson
    refuses but the stdlib accepts (non-string dict keys, integers beyond 64
    bits) are serialized with :func:`json.dumps` instead; values neither can
    serialize raise :class:`~restcore.media.base.MediaSerializationError`.

    Empty bodies raise :class:`~restcore.errors.MediaNotFoundError`, invalid
    ones :class:`~restcore.errors.MediaMalformedError` (both 400).

    Args:
        dumps: Custom function serializing responses; it may return ``str``
            (encoded as UTF-8) or ``bytes``. Errors it raises propagate.
        loads: Custom function parsing the (UTF-8-decoded) request body. Its
            ``ValueError``s, and whatever exception type it raises for invalid
            JSON, become ``MediaMalformedError``.
    """

    _dumps_text: Callable[[Any], str]
    _dumps_bytes: Callable[[Any], bytes]
    _unchecked_serialize: Callable[[Any], bytes] | None = None

    def __init__(self, dumps: Dumps | None = None, loads: Loads | None = None) -> None:
        self._dumps: Dumps = dumps or orjson.dumps
        self._loads_with: Loads = orjson.loads
        self._serialize_with: Callable[[Any], bytes]
        self._deserialize_with: Callable[[bytes], Any]
        self._deserialization_errors: tuple[type[BaseException], ...] = (
            ValueError,
            RecursionError,
        )

        # Decide once which implementation to bind (see STYLE.md §8).
        if dumps is None:
            self._serialize_with = self._serialize_default
        elif isinstance(dumps({"message": "Hello World"}), str):
            self._dumps_text = cast(Callable[[Any], str], dumps)
            self._serialize_with = self._serialize_text
        else:
            self._dumps_bytes = cast(Callable[[Any], bytes], dumps)
            self._serialize_with = self._serialize_bytes

        if loads is None:
            self._deserialize_with = self._deserialize_default
        else:
            self._loads = loads  # the setter below binds a custom parser

        if type(self) is JSONHandler:
            self._serialize_sync = self._serialize_with
            self._deserialize_sync = self._deserialize_with
            if dumps is None:
                # PERF: Handlers' resolution cache calls orjson directly (a call
                # less per response: tests/bench/perf_notes.py orjson-direct, 97
                # vs 197 ns); Response._render_media falls back to
                # serialize() on its TypeError.
                self._unchecked_serialize = orjson.dumps

    @property
    def _loads(self) -> Loads:
        """The function parsing request bodies (Falcon's private attribute).

        Assigning it after construction (as Falcon's own tests do) rebinds
        deserialization to it, as if it had been given as ``loads``: the
        cost is paid at the assignment, never per request.
        """
        return self._loads_with

    @_loads.setter
    def _loads(self, loads: Loads) -> None:
        self._loads_with = loads
        self._deserialization_errors = (ValueError, RecursionError)
        self._detect_loads_error(loads)
        self._deserialize_with = self._deserialize_custom
        if type(self) is JSONHandler:
            self._deserialize_sync = self._deserialize_custom

    def _detect_loads_error(self, loads: Loads) -> None:
        # Falcon 4.1: a custom loads may raise something other than ValueError
        # for invalid input; learn its exception type from a known-bad document.
        try:
            loads('{"')
        except Exception as ex:  # any type may be the library's error
            if not isinstance(ex, ValueError):
                self._deserialization_errors += (type(ex),)

    def serialize(self, media: object, content_type: str | None = None) -> bytes:
        """Serialize a response media object to JSON.

        Args:
            media: A JSON-serializable object.
            content_type: The response content type (unused).

        Returns:
            The UTF-8 JSON bytes.
        """
        return self._serialize_with(media)

    def deserialize(
        self,
        stream: ReadableIO,
        content_type: str | None,
        content_length: int | None,
    ) -> Any:
        """Read and parse a JSON request body.

        Args:
            stream: The body stream (read to the end).
            content_type: The request content type (unused).
            content_length: The body length (unused).

        Returns:
            The parsed document.
        """
        return self._deserialize_with(stream.read())

    def _serialize_default(self, media: Any, content_type: str | None = None) -> bytes:
        try:
            return orjson.dumps(media)
        except TypeError as ex:
            return self._serialize_fallback(media, ex)

    def _serialize_fallback(self, media: Any, orjson_error: TypeError) -> bytes:
        try:
            return _dumps_stdlib(media)
        except (TypeError, ValueError, RecursionError) as ex:
            raise MediaSerializationError(
                f"response media is not JSON-serializable: {orjson_error}"
            ) from ex

    def _serialize_text(self, media: Any, content_type: str | None = None) -> bytes:
        return self._dumps_text(media).encode()

    def _serialize_bytes(self, media: Any, content_type: str | None = None) -> bytes:
        return self._dumps_bytes(media)

    def _deserialize_default(self, data: bytes) -> Any:
        if not data:
            raise errors.MediaNotFoundError("JSON")
        try:
            media = orjson.loads(data)
            # PERF: _has_long_digit_run inlined (a call less per JSON body:
            # tests/bench/perf_notes.py digit-run-inline, 181 vs 234 ns).
            if data.translate(_DIGITS_AS_ZERO).find(_DIGIT_RUN) >= 0:
                _check_integer_range(data)
        except ValueError as ex:
            raise errors.MediaMalformedError("JSON") from ex
        return media

    def _deserialize_custom(self, data: bytes) -> Any:
        if not data:
            raise errors.MediaNotFoundError("JSON")
        try:
            return self._loads_with(data.decode())
        except self._deserialization_errors as ex:
            raise errors.MediaMalformedError("JSON") from ex


class JSONHandlerWS(TextBaseHandlerWS):
    """JSON handler for WebSocket TEXT payloads (Falcon compatibility; WSGI only).

    Args:
        dumps: Function serializing to ``str`` (default: orjson, decoded).
        loads: Function parsing a ``str`` (default: :func:`orjson.loads`).
    """

    __slots__ = ("_dumps", "_loads")

    def __init__(
        self,
        dumps: Callable[[Any], str] | None = None,
        loads: Loads | None = None,
    ) -> None:
        self._dumps = dumps or _dumps_orjson_text
        self._loads = loads or orjson.loads

    def serialize(self, media: object) -> str:
        """Serialize a media object to JSON text.

        Args:
            media: A JSON-serializable object.

        Returns:
            The JSON text.
        """
        return self._dumps(media)

    def deserialize(self, payload: str) -> object:
        """Parse JSON text.

        Args:
            payload: The JSON text.

        Returns:
            The parsed document.
        """
        return self._loads(payload)


def _dumps_orjson_text(media: Any) -> str:
    return orjson.dumps(media).decode()


_DEFAULT_JSON_HANDLER = JSONHandler()
