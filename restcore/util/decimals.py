"""The decimal forms of small non-negative integers, both ways, computed once.

PERF: on CPython 3.11 ``int('25')`` costs about 1,000 machine instructions
(the text is first copied to ASCII) and ``str(4096)`` a few hundred; a dict or
tuple lookup costs a tenth of that (callgrind; tests/bench/perf_notes.py
decimal-table: 25 vs 106 ns). Content-Length values, query parameters
read with ``get_param_as_int`` and ``{id:int}`` route fields are mostly small
numbers, so they are looked up here first.

Only canonical forms are keys (``str(n)``: no sign, no leading zero, ASCII
digits), so a hit gives exactly what ``int()`` would; anything else misses
and the caller converts as before. The table is fixed at import: nothing a
request sends is added to it.
"""

from __future__ import annotations

__all__ = ["DECIMAL_LIMIT", "DECIMAL_STRINGS", "DECIMAL_VALUES"]

# 4,096 entries: about 0.3 MB with the strings, shared by both tables.
DECIMAL_LIMIT = 4096
DECIMAL_STRINGS: tuple[str, ...] = tuple(str(number) for number in range(DECIMAL_LIMIT))
DECIMAL_VALUES: dict[str, int] = {
    text: number for number, text in enumerate(DECIMAL_STRINGS)
}
