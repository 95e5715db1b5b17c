"""Percent-encoding (RFC 3986), query strings, ``Host`` values and quoted-strings.

Decoding follows Falcon 4.4: ``+`` becomes a space only with `unquote_plus`,
invalid escapes stay as they are, and bytes that are not UTF-8 become U+FFFD.
Every function here is linear in its input, so hostile strings (a megabyte of
``%`` or ``&``) cost no more than ordinary ones of the same length.
"""

from __future__ import annotations

import binascii
import re
from collections.abc import Mapping
from typing import Any, overload
from urllib.parse import quote

from restcore.util.bytemask import class_table, mark_bytes

__all__ = [
    "decode",
    "encode",
    "encode_check_escaped",
    "encode_value",
    "encode_value_check_escaped",
    "parse_host",
    "parse_query_string",
    "to_query_str",
    "unquote_string",
]

# RFC 3986 §2.2 gen-delims and sub-delims: kept by encode(), escaped by encode_value().
_DELIMITERS = ":/?#[]@!$&'()*+,;="
# Falcon's names for the characters ``encode`` keeps as they are (RFC 3986).
_UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
_ALL_ALLOWED = _UNRESERVED + _DELIMITERS
_UNRESERVED_CLASS = r"A-Za-z0-9\-._~"
_ESCAPED_VALUE = re.compile(rf"(?:[{_UNRESERVED_CLASS}]|%[0-9A-Fa-f]{{2}})*")
_ESCAPED_URI = re.compile(
    rf"(?:[{_UNRESERVED_CLASS}{re.escape(_DELIMITERS)}]|%[0-9A-Fa-f]{{2}})*"
)
# RFC 9110 §5.6.4: quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text ); a trailing
# lone backslash is dropped.
_QUOTED_PAIR = re.compile(r"\\(.?)", re.DOTALL)


def encode(uri: str) -> str:
    """Percent-encode every character of `uri` not allowed anywhere in a URI.

    Unreserved characters and delimiters are kept; the rest is UTF-8 encoded
    and escaped.
    """
    return quote(uri, safe=_DELIMITERS)


def encode_value(uri: str) -> str:
    """Percent-encode everything except unreserved characters (delimiters too)."""
    return quote(uri, safe="")


def encode_check_escaped(uri: str) -> str:
    """Encode like :func:`encode`, unless `uri` already looks fully escaped."""
    if _ESCAPED_URI.fullmatch(uri):
        return uri
    return quote(uri, safe=_DELIMITERS)


def encode_value_check_escaped(uri: str) -> str:
    """Encode like :func:`encode_value`, unless `uri` already looks fully escaped."""
    if _ESCAPED_VALUE.fullmatch(uri):
        return uri
    return quote(uri, safe="")


def _decode_escapes(text: str) -> str:
    """Decode valid ``%XX`` escapes; invalid ones are kept as they are.

    The decoding strategy is the module's ``_join_tokens`` (Falcon's name): a
    replacement installed there (Falcon's own tests patch it) is given the
    text split on ``%``, as in Falcon; the default decodes the text whole.
    The lookup is on this slow path only (text without ``%`` never gets here).

    Lone surrogates (never in a WSGI environ) become U+FFFD.
    """
    data = text.encode("utf-8", "surrogatepass")
    if _join_tokens is not _join_tokens_whole:
        return _join_tokens(data.split(b"%"))
    return _decode_percent_bytes(data)


def _decode_percent_bytes(data: bytes) -> str:
    """Decode the ``%XX`` escapes of UTF-8 `data`; see :func:`_decode_escapes`.

    PERF: no Python loop per escape (tests/bench/bench_hostile.py): only C-level
    replaces and one quoted-printable decode. Quoted-printable (RFC 2045) has
    ``=XX`` escapes, so after turning each literal ``=`` into ``=3D``, each
    invalid ``%`` into ``=25`` and each remaining ``%`` into ``=``,
    ``binascii.a2b_qp`` decodes them all. Each ``=`` is then followed by two
    hex digits, so QP's soft line breaks (``=`` before a newline or at the end)
    never occur. Invalid ``%`` are found by ``_mark_invalid_escapes``.
    """
    has_invalid = _INVALID_ESCAPE_SEARCH(data) is not None
    if has_invalid:
        data = _mark_invalid_escapes(data)
    if b"=" in data:
        data = data.replace(b"=", b"=3D")
    data = data.replace(b"%", b"=")
    if has_invalid:
        data = data.replace(_MARK, b"=25")
    return binascii.a2b_qp(data).decode("utf-8", "replace")


# Falcon's percent-decoding strategies, by its private names. Each takes the
# encoded bytes split on ``%`` (every token after the first followed a ``%``)
# and returns the decoded text: a token starting with two hex digits has them
# replaced by their byte, any other gets its ``%`` back; bytes that are not
# UTF-8 become U+FFFD.
_HEX_DIGITS = "0123456789ABCDEFabcdef"
_HEX_BYTES = _HEX_DIGITS.encode()


def _unescape_token(token: bytes) -> bytes:
    pair = token[:2]
    if len(pair) == 2 and not pair.translate(None, _HEX_BYTES):
        return bytes((int(pair, 16),)) + token[2:]
    return b"%" + token


def _join_tokens_bytearray(tokens: list[bytes]) -> str:
    """Decode split tokens, appending each to one ``bytearray``."""
    buffer = bytearray(tokens[0])
    for token in tokens[1:]:
        buffer += _unescape_token(token)
    return buffer.decode("utf-8", "replace")


def _join_tokens_list(tokens: list[bytes]) -> str:
    """Decode split tokens, joining a list of ``bytes`` at the end."""
    parts = [tokens[0], *map(_unescape_token, tokens[1:])]
    return b"".join(parts).decode("utf-8", "replace")


def _join_tokens_whole(tokens: list[bytes]) -> str:
    """The default strategy: the tokens joined back and decoded in one pass."""
    return _decode_percent_bytes(b"%".join(tokens))


_join_tokens = _join_tokens_whole


def _mark_invalid_escapes(data: bytes) -> bytes:
    """Replace each ``%`` not followed by two hex digits with ``_MARK``.

    Byte classes (``util.bytemask``): hex digit ``h``, ``%``, other ``x``.
    Every ``%hh`` is a valid escape (the leftmost-first replace cannot skip
    one, since a match never covers a ``%``); the ``%`` left are the invalid
    ones, and become 0xFF, a byte UTF-8 never contains.
    """
    classes = data.translate(_BYTE_CLASSES).replace(b"%hh", b"vvv")
    return mark_bytes(data, classes, _PERCENT_TO_MARK)


_INVALID_ESCAPE_SEARCH = re.compile(rb"%(?![0-9A-Fa-f]{2})").search
_MARK = b"\xff"
_BYTE_CLASSES = class_table(
    {**dict.fromkeys(b"0123456789ABCDEFabcdef", ord("h")), ord("%"): ord("%")},
    other=ord("x"),
)
_PERCENT_TO_MARK = class_table({ord("%"): ord("%") ^ _MARK[0]}, other=0)


def decode(encoded_uri: str, unquote_plus: bool = True) -> str:
    """Decode percent-escapes in a URI or a part of one.

    Args:
        encoded_uri: The encoded text.
        unquote_plus: Turn ``+`` into a space (right for query strings only).

    Returns:
        The decoded text; escaped bytes are read as UTF-8, invalid sequences
        become U+FFFD, and invalid escapes are kept as they are.
    """
    if unquote_plus and "+" in encoded_uri:
        encoded_uri = encoded_uri.replace("+", " ")
    if "%" not in encoded_uri:
        return encoded_uri
    return _decode_escapes(encoded_uri)


def _decode_form(text: str) -> str:
    if "+" in text:
        text = text.replace("+", " ")
    if "%" not in text:
        return text
    return _decode_escapes(text)


def _merge_csv(params: dict[str, str | list[str]], key: str, new: list[str]) -> None:
    old = params.get(key)
    if old is None:
        params[key] = new
    elif isinstance(old, list):
        old.extend(new)
    else:
        new.insert(0, old)
        params[key] = new


def _csv_elements(value: str, keep_blank: bool, is_encoded: bool) -> list[str]:
    """Split a value on commas (dropping empty elements unless kept), decoded."""
    elements = value.split(",")
    if not keep_blank:
        elements = [element for element in elements if element]
    if is_encoded:
        elements = list(map(_decode_form, elements))
    return elements


def parse_query_string(
    query_string: str, keep_blank: bool = False, csv: bool = False
) -> dict[str, str | list[str]]:
    """Parse a form-encoded query string into a dict.

    A name given once maps to a ``str``, a repeated name to a ``list``.

    Args:
        query_string: The query string, without the ``?``.
        keep_blank: Keep fields without a value (and, with `csv`, empty
            list elements).
        csv: Also split each value on unescaped commas into a list.

    Returns:
        The parameters by name.
    """
    # PERF: decide once whether anything needs decoding (§6 of perf-notes):
    # 11462 instructions fewer per call than testing each key and value on the
    # scoreboard's 16 pairs (perf_notes.py query-encoded-once: 26456 vs 37919).
    is_encoded = "%" in query_string or "+" in query_string
    if keep_blank and not is_encoded and not (csv and "," in query_string):
        return _parse_plain_fields(query_string)
    params: dict[str, str | list[str]] = {}
    # PERF: a test skips empty fields ("a&&b"); filter(None, ...) took 340
    # instructions more per call on the scoreboard's 16 pairs (perf_notes.py
    # query-fields-test: 24191 vs 24531).
    for field in query_string.split("&"):
        if not field:
            continue
        key, _, value = field.partition("=")
        if not value and not keep_blank:
            continue
        # PERF: the inline tests skip a call for the many pairs needing no decoding
        # (perf_notes.py decode-inline-test: 803 vs 1263 ns on 16 fields).
        if is_encoded and ("%" in key or "+" in key):
            key = _decode_form(key)
        if csv and "," in value:
            _merge_csv(params, key, _csv_elements(value, keep_blank, is_encoded))
            continue
        if is_encoded and ("%" in value or "+" in value):
            value = _decode_form(value)
        old = params.get(key)
        if old is None:
            params[key] = value
        elif isinstance(old, list):
            old.append(value)
        else:
            params[key] = [old, value]
    return params


def _parse_plain_fields(query_string: str) -> dict[str, str | list[str]]:
    """Parse a query string that needs no decoding, keeping blank values.

    PERF: the common case of ``parse_query_string`` with its per-field tests
    removed; about 15% faster on the scoreboard's query strings (timeit; on
    this shared machine perf_notes.py query-plain-fields is within noise).
    """
    # Any: the ``__class__`` test below does not narrow for type checkers.
    params: dict[str, Any] = {}
    # PERF: operators (``if field``, ``in``) instead of filter() and .get():
    # 2-3% fewer instructions on the scoreboard's 16 pairs (instructions.py query).
    for field in query_string.split("&"):
        if field:
            key, _, value = field.partition("=")
            if key in params:
                old = params[key]
                if old.__class__ is list:
                    old.append(value)
                else:
                    params[key] = [old, value]
            else:
                params[key] = value
    return params


@overload
def parse_host(host: str, default_port: int) -> tuple[str, int]: ...


@overload
def parse_host(
    host: str, default_port: int | None = None
) -> tuple[str, int | None]: ...


def parse_host(host: str, default_port: int | None = None) -> tuple[str, int | None]:
    """Split a ``host[:port]`` value (IPv6 literals in brackets) into its parts.

    Args:
        host: The host, e.g. ``'example.org:8080'`` or ``'[::1]:80'``.
        default_port: The port to return when `host` names none.

    Returns:
        ``(name, port)``, the brackets of an IPv6 literal removed.

    Raises:
        ValueError: The port is not an integer.
    """
    if host[:1] == "[":
        close = host.rfind("]:")
        if close < 0:
            return host[1:-1], default_port
        return host[1:close], int(host[close + 2 :])
    name, colon, port = host.partition(":")
    # A bare IPv6 address has several colons and no port.
    if not colon or ":" in port:
        return host, default_port
    return name, int(port)


def unquote_string(quoted: str) -> str:
    """Remove the quotes and backslash escapes of an RFC 9110 quoted-string.

    Text that is not enclosed in double quotes is returned unchanged.
    """
    if len(quoted) < 2 or quoted[0] != '"' or quoted[-1] != '"':
        return quoted
    inner = quoted[1:-1]
    if "\\" not in inner:
        return inner
    return _QUOTED_PAIR.sub(r"\1", inner)


def _format_query_value(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    return quote(str(value), safe="")


def to_query_str(
    params: Mapping[str, Any] | None,
    comma_delimited_lists: bool = True,
    prefix: bool = True,
) -> str:
    """Build a query string from a mapping of parameters.

    Args:
        params: Values are strings, anything ``str()`` accepts, or lists of those.
        comma_delimited_lists: Render a list as ``k=1,2``; otherwise ``k=1&k=2``.
        prefix: Start the result with ``?``.

    Returns:
        The query string, or ``''`` when `params` is empty.
    """
    if not params:
        return ""
    fields = []
    for key, value in params.items():
        name = quote(key, safe="")
        if isinstance(value, list):
            if comma_delimited_lists:
                # Falcon renders list items with str(): True becomes 'True' here.
                joined = ",".join([quote(str(item), safe="") for item in value])
                fields.append(f"{name}={joined}")
            else:
                fields.extend(f"{name}={_format_query_value(item)}" for item in value)
        else:
            fields.append(f"{name}={_format_query_value(value)}")
    query = "&".join(fields)
    # Falcon returns '' (no lone '?') when only empty lists were given.
    return "?" + query if prefix and query else query
