"""Media types: ``Content-Type``-style header parsing and ``Accept`` matching.

Matching follows RFC 9110 §12.5.1 the way Falcon 4.4 does. Each media range is
scored against the candidate type as a tuple, compared left to right:

1. main type matched exactly (1) or through a ``*`` wildcard (0);
2. subtype matched exactly (1) or through a wildcard (0);
3. both sides carry exactly the same parameter names (1) or not (0);
4. how many parameter names they share.

A range whose main type, subtype or a shared parameter's value differs does not
match at all. The quality of a type is the ``q`` of its best-scoring range
(ties go to the higher ``q``); :func:`best_match` returns the *first* candidate
with the highest quality. Clients control these strings, so every cache here
is a bounded LRU.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable

__all__ = ["best_match", "parse_header", "quality"]

_Score = tuple[int, int, int, int, float]
_NO_MATCH: _Score = (-1, -1, -1, -1, 0.0)
_Q_VALUE_MESSAGE = (
    "If provided, the q parameter must be a real number in the range 0 through 1."
)


def _split_unquoted(line: str) -> list[str]:
    # A ";" inside a quoted-string does not split; as in the old stdlib
    # cgi.parse_header, a quote counts unless it directly follows a backslash.
    parts = []
    length = len(line)
    start = 0
    while True:
        pos = start
        open_quotes = 0
        while True:
            end = line.find(";", pos)
            if end < 0:
                end = length
                break
            # Counting only the new span keeps the whole scan linear.
            open_quotes += line.count('"', pos, end) - line.count('\\"', pos, end)
            if end == start or not open_quotes % 2:
                break
            pos = end + 1
        parts.append(line[start:end].strip())
        if end >= length:
            return parts
        start = end + 1


def _parse_quoted_header(line: str) -> tuple[str, dict[str, str]]:
    main, *parts = _split_unquoted(line)
    params = {}
    for part in parts:
        name, equals, value = part.partition("=")
        if not equals:
            continue
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1].replace("\\\\", "\\").replace('\\"', '"')
        params[name.strip().lower()] = value
    return main, params


def parse_header(line: str) -> tuple[str, dict[str, str]]:
    """Parse a ``Content-Type``-like header value.

    Args:
        line: The header value, e.g. ``'text/html; charset="utf-8"'``.

    Returns:
        The main value and its parameters (names lowercased, quotes removed).
    """
    if '"' in line or "\\" in line:
        return _parse_quoted_header(line)
    main, semicolon, rest = line.partition(";")
    params: dict[str, str] = {}
    if semicolon:
        for part in rest.split(";"):
            name, equals, value = part.partition("=")
            if equals:
                params[name.strip().lower()] = value.strip()
    return main.strip(), params


def _parse_media_type_header(media_type: str) -> tuple[str, str, dict[str, str]]:
    """Split ``type/subtype; params`` (a lone ``*`` means ``*/*``).

    Raises:
        InvalidMediaType: The value has no ``/``.
    """
    full_type, params = parse_header(media_type)
    if full_type == "*":
        full_type = "*/*"
    main_type, slash, subtype = full_type.partition("/")
    if not slash:
        from restcore.errors import InvalidMediaType

        raise InvalidMediaType("The media type value must contain type/subtype.")
    return main_type.strip(), subtype.strip(), params


class _Fields:
    """Field-wise equality and a dataclass-like repr for the two classes below."""

    __slots__ = ()
    _FIELDS: tuple[str, ...] = ()

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self._FIELDS)

    __hash__ = None  # type: ignore[assignment]  # mutable, like a dataclass

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._FIELDS)
        return f"{self.__class__.__qualname__}({fields})"


class _MediaType(_Fields):
    """A parsed media type (Falcon's private name)."""

    __slots__ = ("main_type", "params", "subtype")
    _FIELDS = ("main_type", "subtype", "params")

    def __init__(self, main_type: str, subtype: str, params: dict[str, str]) -> None:
        self.main_type = main_type
        self.subtype = subtype
        self.params = params

    @classmethod
    def parse(cls, media_type: str) -> _MediaType:
        """Parse ``type/subtype; params``.

        Raises:
            InvalidMediaType: The value has no ``/``.
        """
        return cls(*_parse_media_type_header(media_type))


class _MediaRange(_Fields):
    """One media range of an ``Accept``-style header (Falcon's private name)."""

    __slots__ = ("main_type", "params", "quality", "subtype")
    _FIELDS = ("main_type", "subtype", "quality", "params")

    def __init__(
        self, main_type: str, subtype: str, quality: float, params: dict[str, str]
    ) -> None:
        self.main_type = main_type
        self.subtype = subtype
        self.quality = quality
        self.params = params

    @classmethod
    def parse(cls, media_range: str) -> _MediaRange:
        """Parse one range; its ``q`` parameter becomes ``quality``.

        Raises:
            InvalidMediaRange: No ``type/subtype``, or ``q`` is not a number
                from 0 through 1.
        """
        from restcore.errors import InvalidMediaRange, InvalidMediaType

        try:
            main_type, subtype, params = _parse_media_type_header(media_range)
        except InvalidMediaType as ex:
            raise InvalidMediaRange(
                "The media range value must contain type/subtype."
            ) from ex
        q_text = params.pop("q", None)
        if q_text is None:
            return cls(main_type, subtype, 1.0, params)
        try:
            q = float(q_text)
        except ValueError as ex:
            raise InvalidMediaRange(_Q_VALUE_MESSAGE) from ex
        # RFC 9110 §12.4.2 allows at most three decimals; like Falcon, any
        # finite float in range is accepted.
        if not (math.isfinite(q) and 0.0 <= q <= 1.0):
            raise InvalidMediaRange(_Q_VALUE_MESSAGE)
        return cls(main_type, subtype, q, params)

    def match_score(self, media_type: _MediaType) -> _Score:
        """Score this range against a media type (see the module docstring)."""
        if "*" in (self.main_type, media_type.main_type):
            main_score = 0
        elif self.main_type == media_type.main_type:
            main_score = 1
        else:
            return _NO_MATCH
        if "*" in (self.subtype, media_type.subtype):
            sub_score = 0
        elif self.subtype == media_type.subtype:
            sub_score = 1
        else:
            return _NO_MATCH
        params, other = self.params, media_type.params
        shared = params.keys() & other.keys()
        if any(params[name] != other[name] for name in shared):
            return _NO_MATCH
        same_names = int(len(shared) == len(params) == len(other))
        return (main_score, sub_score, same_names, len(shared), self.quality)


_parse_media_type = functools.lru_cache(maxsize=128)(_MediaType.parse)
_parse_media_range = _MediaRange.parse


@functools.lru_cache(maxsize=64)
def _parse_media_ranges(header: str) -> tuple[_MediaRange, ...]:
    return tuple(map(_MediaRange.parse, header.split(",")))


@functools.lru_cache(maxsize=256)
def quality(media_type: str, header: str) -> float:
    """Return the quality an ``Accept``-style header gives a media type.

    Args:
        media_type: The candidate, e.g. ``'application/json'``.
        header: The header value listing media ranges.

    Returns:
        The ``q`` of the most specific matching range, or ``0.0`` if none matches.

    Raises:
        InvalidMediaType: `media_type` is not ``type/subtype``.
        InvalidMediaRange: A range in `header` is malformed or has a bad ``q``.
    """
    candidate = _parse_media_type(media_type)
    ranges = _parse_media_ranges(header)
    return max(media_range.match_score(candidate) for media_range in ranges)[-1]


def best_match(media_types: Iterable[str], header: str) -> str:
    """Return the first of `media_types` with the highest quality in `header`.

    Args:
        media_types: Candidate media types, in order of preference.
        header: An ``Accept``-style header value.

    Returns:
        The best candidate, or ``''`` if none has a quality above zero.

    Raises:
        InvalidMediaType: A candidate is not ``type/subtype``.
        InvalidMediaRange: A range in `header` is malformed or has a bad ``q``.
    """
    best, best_quality = "", 0.0
    for media_type in media_types:
        candidate_quality = quality(media_type, header)
        if candidate_quality > best_quality:
            best, best_quality = media_type, candidate_quality
    return best


# Negotiation results for ``Request.client_accepts`` and ``client_prefers``,
# keyed on the client's Accept string: bounded (cleared when full), since
# clients choose the keys. Malformed headers are cached as "no match".
_NEGOTIATION_CACHE_SIZE = 256
_accepts_cache: dict[tuple[str, str], bool] = {}
_prefers_cache: dict[tuple[str, tuple[str, ...]], str | None] = {}


def _accepts(header: str, media_type: str) -> bool:
    """Tell whether an Accept header gives ``media_type`` a quality above 0."""
    key = (header, media_type)
    result = _accepts_cache.get(key)
    if result is None:
        try:
            result = quality(media_type, header) != 0.0
        except ValueError:
            result = False
        if len(_accepts_cache) >= _NEGOTIATION_CACHE_SIZE:
            _accepts_cache.clear()
        _accepts_cache[key] = result
    return result


def _prefers(header: str, candidates: tuple[str, ...]) -> str | None:
    """Return ``best_match(candidates, header)``, or None for no (or a bad) match."""
    key = (header, candidates)
    if key in _prefers_cache:
        return _prefers_cache[key]
    try:
        best = best_match(candidates, header) or None
    except ValueError:
        best = None
    if len(_prefers_cache) >= _NEGOTIATION_CACHE_SIZE:
        _prefers_cache.clear()
    _prefers_cache[key] = best
    return best
