"""Cookies (RFC 6265): the Cookie header parsed, Set-Cookie lines rendered.

Parsing (the request side) follows Falcon 4.4, which follows ``http.cookies``:
``parse_cookie_header`` splits on ``;``, keeps every value of a repeated name
in order, unquotes quoted values with ``http.cookies``' escapes and skips
pairs whose name is not a token. It never raises, and every step is linear
in the header's length (``http.cookies._unquote`` is quadratic on escape-dense
values; ``tests/bench/bench_hostile.py`` times both).

Rendering (the response side) keeps one ``SetCookie`` per cookie name; the
line is rendered only when the response starts, so setting a cookie again
updates its attributes, as ``http.cookies.Morsel`` does for Falcon.

Validation refuses what ``http.cookies`` refuses (names outside its legal
characters, Morsel attribute names, non-ASCII values), ``;`` in attribute
values and unknown SameSite values, with Falcon's exception types and texts.
The generic header-line rule (no CR, LF or NUL; latin-1 text) is applied by
``restcore.response``, where every header value is checked.
"""

from __future__ import annotations

import datetime
import http.cookies
import re
import time
from typing import Any

from restcore.util.bytemask import class_table, mark_bytes
from restcore.util.http_date import dt_to_http

__all__ = [
    "SetCookie",
    "check_attribute",
    "check_name_and_value",
    "check_same_site",
    "parse_cookie_header",
    "quote_value",
    "unquote_value",
]

# -- parsing (Cookie request header) -------------------------------------------

# RFC 6265 §4.1.1 cookie-name is a token; like Falcon, pairs whose name holds
# a separator, a control character or latin-1 high bytes are skipped.
_NAME_RESERVED = re.compile('[\x00-\x1f\x7f-\xff()<>@,;:\\\\"/[\\]?={} \t]')
# Quoted cookie values: http.cookies' escapes are "\\ooo" (octal) and "\\X" (X).
_COOKIE_ESCAPE = re.compile(r"\\([0-3][0-7][0-7]|.)")
_COOKIE_OCTAL = {f"{code:03o}": chr(code) for code in range(256)}
_COOKIE_OCTAL_ESCAPE = re.compile(r"\\(?=[0-3][0-7][0-7])")
# Byte classes for _mark_octal_escapes: backslash, octal digit 0-3, 4-7, other.
_COOKIE_BYTE_CLASSES = class_table(
    {
        0x5C: ord("b"),
        **dict.fromkeys(b"0123", ord("q")),
        **dict.fromkeys(b"4567", ord("o")),
    },
    other=ord("x"),
)
_OCTAL_TRIPLES = [
    b"q" + second + third for second in (b"q", b"o") for third in (b"q", b"o")
]
_OCTAL_BYTE_MARK = "\u00ff"
_OCTAL_BACKSLASH_TO_MARK = class_table({ord("B"): 0x5C ^ 0xFF}, other=0)
# Stand-ins for backslashes while the others are removed.
_PAIR_MARK = "\U0010fffd"
_LITERAL_MARK = "\U0010fffe"
_OCTAL_MARK = "\U0010ffff"


def unquote_value(value: str) -> str:
    """Remove the quotes and backslash escapes of a quoted cookie value.

    The same result as ``http.cookies._unquote``, which rescans the tail for
    every escape (quadratic on hostile input); here every step is one C-level
    pass over the value.
    """
    inner = value[1:-1]
    if "\\" not in inner:
        return inner
    if _PAIR_MARK in inner or _LITERAL_MARK in inner or _OCTAL_MARK in inner:
        return _unquote_cookie_escapes(inner)
    # Scanning left to right, "\\\\" pairs up first; a backslash before a
    # newline or at the end stays; an octal escape is decoded; any other escape
    # drops its backslash. Only octal escapes need a regex pass, and the
    # unicode_escape codec decodes them exactly (at most three octal digits).
    # The regex is cheaper on short values; its cost grows with the escapes.
    marked = _mark_octal_escapes(inner) if len(inner) > 256 else None
    if marked is not None:
        inner = marked
    inner = inner.replace("\\\\", _PAIR_MARK).replace("\\\n", _LITERAL_MARK + "\n")
    if inner[-1] == "\\":
        inner = inner[:-1] + _LITERAL_MARK
    if marked is None:
        inner = _COOKIE_OCTAL_ESCAPE.sub(_OCTAL_MARK, inner)
    else:
        inner = inner.replace(_OCTAL_BYTE_MARK, _OCTAL_MARK)
    inner = inner.replace("\\", "")
    if _OCTAL_MARK in inner:
        inner = (
            inner.replace(_OCTAL_MARK, "\\")
            .encode("latin-1", "backslashreplace")
            .decode("unicode_escape")
        )
    return inner.replace(_PAIR_MARK, "\\").replace(_LITERAL_MARK, "\\")


def _mark_octal_escapes(inner: str) -> str | None:
    """Replace the backslash of each octal escape with ``_OCTAL_BYTE_MARK``.

    PERF: C-level steps only (``util.bytemask``; a regex substitution took
    35 ms on a megabyte of escapes, tests/bench/bench_hostile.py). Byte
    classes: backslash ``b``, octal digit 0-3 ``q`` or 4-7 ``o``, other ``x``.
    Backslash pairs are taken first, left to right, as the decoding does; each
    ``b`` then followed by an octal triple starts an escape, and its backslash
    becomes 0xFF. Returns None (the caller uses the regex) for text that is
    not latin-1 or that holds U+00FF, the mark.
    """
    try:
        data = inner.encode("latin-1")
    except UnicodeEncodeError:
        return None
    if b"\xff" in data:
        return None
    classes = data.translate(_COOKIE_BYTE_CLASSES).replace(b"bb", b"pp")
    for triple in _OCTAL_TRIPLES:
        classes = classes.replace(b"b" + triple, b"B" + triple)
    return mark_bytes(data, classes, _OCTAL_BACKSLASH_TO_MARK).decode("latin-1")


def _unquote_cookie_escapes(inner: str) -> str:
    """Decode the escapes of ``inner`` with a split (for values holding marks)."""
    pieces = _COOKIE_ESCAPE.split(inner)
    escapes = pieces[1::2]
    pieces[1::2] = map(_COOKIE_OCTAL.get, escapes, escapes)
    return "".join(pieces)


def parse_cookie_header(header_value: str) -> dict[str, list[str]]:
    """Parse a Cookie header into ``name -> [values, in order]``.

    Pairs without a valid name are skipped; nothing here raises.

    Args:
        header_value: The Cookie header value.

    Returns:
        The cookies; a name sent more than once keeps every value.
    """
    cookies: dict[str, list[str]] = {}
    # PERF: filter() drops empty tokens in C, and names are checked once per
    # distinct name below rather than once per pair. Not measurable on a
    # 5-pair header (perf_notes.py cookie-filter: 780 vs 728 ns, within noise).
    for pair in filter(None, header_value.split(";")):
        name, _, value = pair.partition("=")
        name = name.strip()
        if not name:
            continue
        value = value.strip()
        if len(value) > 2 and value[0] == '"' and value[-1] == '"':
            value = unquote_value(value)
        values = cookies.get(name)
        if values is None:
            cookies[name] = [value]
        else:
            values.append(value)
    # Reserved characters are single characters: a search over the joined
    # names finds one exactly when some name has one.
    if cookies and _NAME_RESERVED.search("".join(cookies)) is not None:
        for name in [name for name in cookies if _NAME_RESERVED.search(name)]:
            del cookies[name]
    return cookies


# -- validation ------------------------------------------------------------------

# http.cookies' legal cookie-name characters: an RFC 9110 token, plus ':' as
# Falcon allows.
_NAME_CHARS = frozenset(
    "!#$%&'*+-.^_`|~:0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
)
# Morsel attribute names: a cookie may not be called one of these.
_RESERVED_NAMES = frozenset(
    (
        "expires",
        "path",
        "comment",
        "domain",
        "max-age",
        "secure",
        "httponly",
        "version",
        "samesite",
        "partitioned",
    )
)
_SAME_SITE_VALUES = frozenset(("lax", "strict", "none"))


def check_name_and_value(
    name: str, value: str, error: type[Exception] = KeyError
) -> None:
    """Refuse a cookie name or value that ``http.cookies`` would refuse.

    Args:
        name: The cookie name.
        value: The cookie value (before quoting).
        error: The exception raised for a bad name (``set_cookie`` raises
            KeyError, ``unset_cookie`` ``http.cookies.CookieError``, as in Falcon).

    Raises:
        KeyError: The name is not ASCII (only when ``error`` is KeyError).
        ValueError: The value is not ASCII.
    """
    if error is KeyError and (name.__class__ is not str or not name.isascii()):
        raise KeyError("name is not ASCII encodable")
    if value.__class__ is not str or not value.isascii():
        raise ValueError("value is not ASCII encodable")
    if not name or not _NAME_CHARS.issuperset(name):
        raise error(f"Illegal key {name!r}")
    if name.lower() in _RESERVED_NAMES:
        raise error(f"Attempt to set a reserved key {name!r}")


def check_same_site(same_site: str | None) -> None:
    """Refuse a SameSite value other than Lax, Strict or None (any case).

    Raises:
        ValueError: The value is not one of them.
    """
    if same_site and same_site.lower() not in _SAME_SITE_VALUES:
        raise ValueError("same_site must be set to either 'lax', 'strict', or 'none'")


def check_attribute(name: str, value: str) -> str:
    """Refuse an attribute value that could end its attribute early.

    RFC 6265 §4.1.1: ``path-value = <any CHAR except CTLs or ";">``; the
    control characters are left to the header-line check.

    Raises:
        ValueError: The value contains ``;``.
    """
    if ";" in value:
        raise ValueError(f"cookie attribute {name!r} may not contain ';': {value!r}")
    return value


# -- rendering (Set-Cookie response header) --------------------------------------

_ATTRIBUTE_LABELS = {
    "domain": "Domain",
    "expires": "expires",
    "httponly": "HttpOnly",
    "max-age": "Max-Age",
    "partitioned": "Partitioned",
    "path": "Path",
    "samesite": "SameSite",
    "secure": "Secure",
}
_FLAGS = frozenset(("httponly", "partitioned", "secure"))
_CODER = http.cookies.SimpleCookie()


def quote_value(value: str) -> str:
    """Quote a value with octal escapes for anything outside the cookie-octets.

    Args:
        value: An ASCII value (see ``check_name_and_value``).

    Returns:
        The value as ``http.cookies`` (so Falcon) sends it.
    """
    return _CODER.value_encode(value)[1]


class SetCookie:
    """One Set-Cookie line in the making: the quoted value and attributes.

    Setting a cookie name again updates the same object (attributes not given
    again are kept), as ``http.cookies.Morsel`` does for Falcon. An int
    ``expires`` is an offset from the time the line is rendered.
    """

    __slots__ = ("attributes", "value")

    def __init__(self) -> None:
        self.value = ""
        self.attributes: dict[str, Any] = {}

    def set_attributes(
        self,
        expires: datetime.datetime | None,
        max_age: int | None,
        domain: str | None,
        path: str | None,
        secure: bool,
        http_only: bool,
        same_site: str | None,
        partitioned: bool,
    ) -> None:
        """Store the attributes ``set_cookie`` was given (false ones are kept).

        Naive ``expires`` datetimes are taken as UTC.
        """
        attributes = self.attributes
        if expires:
            if expires.tzinfo is not None:
                expires = expires.astimezone(datetime.UTC)
            attributes["expires"] = dt_to_http(expires)
        if max_age:
            attributes["max-age"] = int(max_age)
        if domain:
            attributes["domain"] = domain
        if path:
            attributes["path"] = path
        if secure:
            attributes["secure"] = True
        if http_only:
            attributes["httponly"] = True
        if same_site:
            attributes["samesite"] = same_site.lower().capitalize()
        if partitioned:
            attributes["partitioned"] = True

    def render(self, name: str) -> str:
        """Return the Set-Cookie value: ``name=value`` and sorted attributes."""
        parts = [f"{name}={self.value}"]
        for key, value in sorted(self.attributes.items()):
            if value == "":
                continue
            label = _ATTRIBUTE_LABELS[key]
            if key in _FLAGS:
                if value:
                    parts.append(label)
            elif key == "expires" and value.__class__ is int:
                parts.append(f"{label}={_cookie_date(value)}")
            elif key == "max-age" and value.__class__ is int:
                parts.append(f"{label}={value:d}")
            else:
                parts.append(f"{label}={value}")
        return "; ".join(parts)


def _cookie_date(offset: int) -> str:
    """Format now + ``offset`` seconds, as ``Morsel`` renders an int expires."""
    return dt_to_http(
        datetime.datetime.fromtimestamp(time.time() + offset, datetime.UTC)
    )
