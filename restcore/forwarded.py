"""The ``Forwarded`` header (RFC 7239): the element type and a lenient parser.

The parser is a single left-to-right scan. At each position it accepts, in
order: a ``name=value`` pair (a token, then a token or quoted-string value), a
``,`` (next element), a ``;`` (next pair), or whitespace. Anything else, or a
pair not preceded by a separator, skips to the next ``,``. Only the pair
regex may scan ahead, and it fails or succeeds without backtracking beyond the
quoted-string it started, so the work is linear in the header length.
"""

from __future__ import annotations

import re

from restcore.util.uri import unquote_string

__all__ = ["Forwarded"]

# RFC 9110 §5.6.2 tchar, and §5.6.4 quoted-string without obs-text.
_TOKEN = r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+"
_QUOTED_STRING = r'"(?:\\[\t !-~]|[\t !#-\[\]-~])*"'
_PAIR = re.compile(rf"({_TOKEN})=({_TOKEN}|{_QUOTED_STRING})")


class Forwarded:
    """One forwarded-element: what a single proxy reported.

    Attributes:
        src: The ``for`` parameter (the client-facing node), or ``None``.
        dest: The ``by`` parameter (the proxy's interface), or ``None``.
        host: The ``host`` parameter (the Host the proxy received), or ``None``.
        scheme: The ``proto`` parameter, lowercased, or ``None``.
    """

    # "src"/"scheme" because "for" is a keyword and Request says "scheme".
    __slots__ = ("dest", "host", "scheme", "src")

    def __init__(self) -> None:
        self.src: str | None = None
        self.dest: str | None = None
        self.host: str | None = None
        self.scheme: str | None = None


def _set_parameter(element: Forwarded, name: str, value: str) -> None:
    if value[0] == '"':
        value = unquote_string(value)
    name = name.lower()  # RFC 7239 §4: parameter names are case-insensitive.
    if name == "for":
        element.src = value
    elif name == "by":
        element.dest = value
    elif name == "host":
        element.host = value
    elif name == "proto":
        # WSGI requires wsgi.url_scheme in lowercase; URI schemes are caseless.
        element.scheme = value.lower()


def _parse_forwarded_header(forwarded: str) -> list[Forwarded]:
    """Parse a ``Forwarded`` header value into its elements, in order.

    Values are unescaped but not validated; malformed parts are skipped up to
    the next ``,``, and an element with no valid pair is dropped.

    Args:
        forwarded: The header value.

    Returns:
        One :class:`Forwarded` per element that had at least one valid pair.
    """
    elements: list[Forwarded] = []
    element: Forwarded | None = None
    after_pair = False
    pos, end = 0, len(forwarded)
    while 0 <= pos < end:
        char = forwarded[pos]
        match = _PAIR.match(forwarded, pos)
        if match is not None and not after_pair:
            if element is None:
                element = Forwarded()
            _set_parameter(element, match[1], match[2])
            pos = match.end()
            after_pair = True
        elif match is None and char == ",":
            if element is not None:
                elements.append(element)
                element = None
            after_pair = False
            pos += 1
        elif match is None and char == ";":
            after_pair = False
            pos += 1
        elif match is None and char in " \t":
            pos += 1
        else:
            pos = forwarded.find(",", pos)
    if element is not None:
        elements.append(element)
    return elements
