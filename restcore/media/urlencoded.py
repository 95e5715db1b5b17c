"""``application/x-www-form-urlencoded`` media handler."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from restcore import errors
from restcore.media.base import BaseHandler, ReadableIO
from restcore.util.uri import parse_query_string

__all__ = ["URLEncodedFormHandler"]


class URLEncodedFormHandler(BaseHandler):
    """URL-encoded HTML form handler.

    Bodies are parsed into a ``dict`` the way query strings are (an empty body
    is an empty dict). The WHATWG form encoding is ASCII, so any other byte is
    a :class:`~restcore.errors.MediaMalformedError` (400). Serializing takes a
    ``dict`` or a sequence of pairs; sequence values repeat the key.

    Args:
        keep_blank: Keep fields whose value is empty.
        csv: Split comma-separated values into lists.
    """

    def __init__(self, keep_blank: bool = True, csv: bool = False) -> None:
        self._keep_blank = keep_blank
        self._csv = csv
        if type(self) is URLEncodedFormHandler:
            self._serialize_sync = self.serialize
            self._deserialize_sync = self._deserialize

    def serialize(self, media: Any, content_type: str | None = None) -> bytes:
        """Encode a mapping or a sequence of pairs as a form body.

        Args:
            media: A ``dict`` or a sequence of ``(name, value)`` pairs.
            content_type: The response content type (unused).

        Returns:
            The encoded ASCII bytes.
        """
        # doseq mirrors parsing: a list value becomes repeated fields.
        return urlencode(media, doseq=True).encode()

    def deserialize(
        self,
        stream: ReadableIO,
        content_type: str | None,
        content_length: int | None,
    ) -> Any:
        """Read and parse a form body.

        Args:
            stream: The body stream (read to the end).
            content_type: The request content type (unused).
            content_length: The body length (unused).

        Returns:
            A ``dict`` of field names to a value or a list of values.
        """
        return self._deserialize(stream.read())

    def _deserialize(self, body: bytes) -> Any:
        try:
            return parse_query_string(
                body.decode("ascii"), keep_blank=self._keep_blank, csv=self._csv
            )
        except ValueError as ex:  # UnicodeDecodeError included
            raise errors.MediaMalformedError("URL-encoded") from ex
