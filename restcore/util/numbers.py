"""Numbers from the client, bounded: never a 5xx, never super-linear time.

``int()`` on decimal text is quadratic in its length, and CPython refuses
text longer than ``sys.get_int_max_str_digits()`` (4300 by default, but any
app may change it, to 0 for unlimited) with a ``ValueError`` that a getter
not expecting it would turn into a 500. So restcore caps the text itself,
at ``MAX_INT_TEXT`` characters (CPython's default), before ``int()``
sees it, and turns the ``ValueError`` of a lower interpreter limit into the
same 4xx as any malformed number. Where the API implies a size (byte offsets
in ``Range``, ``Content-Length``), 19 digits is the cap: beyond it no 64-bit
offset exists.

Bounds are checked on the number's value: ``NaN`` compares false with
everything, so it would pass any ``min_value`` and ``max_value``; with a
bound given, a non-finite value is refused.
"""

from __future__ import annotations

import math

__all__ = ["MAX_INT_TEXT", "MAX_OFFSET_DIGITS", "is_within", "parse_int"]

MAX_INT_TEXT = 4300
MAX_OFFSET_DIGITS = 19


def parse_int(text: str, max_length: int = MAX_INT_TEXT) -> int:
    """Return ``int(text)`` for text of at most ``max_length`` characters.

    Args:
        text: What ``int()`` accepts (signs, whitespace, ``_`` included).
        max_length: The longest text accepted.

    Returns:
        The integer.

    Raises:
        ValueError: The text is too long or not an integer (whatever the
            interpreter's own digit limit).
    """
    if len(text) > max_length:
        raise ValueError("too many digits")
    return int(text)


def is_within(value: float, min_value: float | None, max_value: float | None) -> bool:
    """Tell whether ``value`` lies within the bounds (non-finite never does).

    Args:
        value: The number.
        min_value: The smallest value accepted, or None.
        max_value: The largest value accepted, or None.

    Returns:
        False for NaN and infinities, or a value beyond a bound.
    """
    # (An int is finite, and may be too large for isfinite()'s float.)
    if isinstance(value, float) and not math.isfinite(value):
        return False
    if min_value is not None and value < min_value:
        return False
    return max_value is None or value <= max_value
