"""What may go into a response header: refusing unsafe names and values.

Response setters call these checks where the app hands over a value, so an
unsafe value raises at its source, with the header named, and never reaches
``start_response``. The rules:

* A name is an RFC 9110 §5.1 token: ``1*tchar``.
* A value has no control character. RFC 9110 §5.5 allows HTAB inside a field
  value, but PEP 3333 does not ("header_value must not include any control
  characters"), and WSGI servers and validators (``wsgiref.validate``) refuse
  it, so neither does restcore. The C1 controls U+0080-U+009F are refused
  too: some clients read U+0085 as a line break.
* A value is latin-1 text (PEP 3333: "native strings" of code points up to
  U+00FF).

Only the slow path lives here: ``restcore.response`` first accepts printable
ASCII with two C-level string methods and a bounded cache of values already
seen, and calls :func:`refuse_header_value` for everything else.
"""

from __future__ import annotations

import re

__all__ = ["UnsafeHeaderError", "refuse_header_name", "refuse_header_value"]

# Control characters (C0, DEL, C1) and anything beyond latin-1.
_UNSAFE_VALUE_CHAR = re.compile("[\x00-\x1f\x7f-\x9f\u0100-\U0010ffff]")
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")


class UnsafeHeaderError(ValueError):
    """A header name or value that must not be sent was refused.

    Args:
        message: What was refused, naming the header.
    """


def describe_char(char: str) -> str:
    """Name a character for an error message (``U+000A``), never echoing it.

    Args:
        char: One character.

    Returns:
        Its code point, e.g. ``'U+000A'``.
    """
    return f"U+{ord(char):04X}"


def refuse_header_value(name: str, value: str) -> str:
    """Return ``value`` if it may be sent as the value of ``name``, else raise.

    Args:
        name: The header name, for the message.
        value: The value to check.

    Returns:
        ``value``, unchanged.

    Raises:
        UnsafeHeaderError: The value holds a control character or a character
            outside latin-1.
    """
    match = _UNSAFE_VALUE_CHAR.search(value)
    if match is None:
        return value
    char = match.group()
    if ord(char) > 0xFF:
        why = f"the character {describe_char(char)} is outside latin-1 (PEP 3333)"
    else:
        why = f"the control character {describe_char(char)} may not be sent"
    raise UnsafeHeaderError(
        f"header {name!r} refused: {why} (at offset {match.start()})"
    )


def refuse_header_name(name: object) -> str:
    """Return ``name`` if it is an RFC 9110 token, else raise.

    Args:
        name: The header name.

    Returns:
        ``name``, unchanged.

    Raises:
        UnsafeHeaderError: The name is not a non-empty token.
    """
    if not isinstance(name, str):
        raise UnsafeHeaderError(
            f"invalid header name: a {type(name).__name__}, not a str"
        )
    if _TOKEN.fullmatch(name) is None:
        raise UnsafeHeaderError(
            f"invalid header name {name!r}: not an RFC 9110 token "
            "(letters, digits and !#$%&'*+-.^_`|~ only)"
        )
    return name
