"""Say in restcore's own words why a request body could not be parsed.

A 400's description tells the client what was wrong and where; it never
quotes a parser's, codec's or Python's exception text (which can change
between versions, and leaks which library runs the app). Known parser
errors are classified into a fixed set of phrases, with the position when
the parser gives one; anything else gets no detail beyond the media type.
The logs keep the original exception (it stays the ``__cause__``).
"""

from __future__ import annotations

import json

__all__ = ["OwnWordsError", "describe_parse_error"]


class OwnWordsError(ValueError):
    """A parse error whose message restcore wrote, so it may be shown."""


# Fragments of the JSON parsers' messages (orjson, then the stdlib's) and
# what restcore says instead. The first fragment found wins.
_JSON_PHRASES = (
    ("end of data", "unexpected end of data"),
    ("Unterminated", "unexpected end of data"),
    ("UTF-8", "the body is not valid UTF-8"),
    ("surrogate", "a string holds an unpaired surrogate escape"),
    ("depth", "the document is nested too deeply"),
    ("infinity", "a number is too large"),
    ("after document", "unexpected data after the document"),
    ("Extra data", "unexpected data after the document"),
    ("control character", "a string holds a control character"),
    ("':'", "a ':' is missing after a key"),
    ("Expecting ':'", "a ':' is missing after a key"),
)


_ENCODING_NAMES = {"ascii": "ASCII", "utf-8": "UTF-8"}


def describe_parse_error(cause: BaseException | None) -> str | None:
    """Return what was wrong with a body, in restcore's words, or None.

    Args:
        cause: The exception the parser raised.

    Returns:
        A short phrase such as ``'unexpected end of data at line 1, column
        12'``, or None when the cause is unknown (nothing is said then).
    """
    if isinstance(cause, OwnWordsError):
        return str(cause)
    if isinstance(cause, json.JSONDecodeError):
        return f"{_json_phrase(cause.msg)} at line {cause.lineno}, column {cause.colno}"
    if isinstance(cause, UnicodeDecodeError):
        encoding = _ENCODING_NAMES.get(cause.encoding, "UTF-8")
        return f"the body is not {encoding} text (byte {cause.start})"
    if isinstance(cause, RecursionError):
        return "the document is nested too deeply"
    return None


def _json_phrase(message: str) -> str:
    for fragment, phrase in _JSON_PHRASES:
        if fragment in message:
            return phrase
    return "invalid syntax"
