"""``req_options.max_body_size`` on every read path: the limited request body.

With the option set, ``req.stream`` is a :class:`LimitedBody` instead of the
raw ``wsgi.input``, and ``req.bounded_stream``, urlencoded forms and multipart
parts read through it (``get_media()`` checks the limit itself, on its
whole-body fast path). The rules, whichever path reads:

* a declared Content-Length over the limit: the first read raises
  ``HTTPContentTooLarge`` (413) before a byte is read;
* a body without Content-Length (chunked, on a server that sets
  ``wsgi.input_terminated``): the first read takes at most limit + 1 bytes;
  one byte over is a 413, and nothing of the body has reached the app (it is
  held until known to fit, so the limit is also the memory it may take);
* otherwise reads never go past the declared length (or past an empty body
  when PEP 3333 forbids reading to the end).

Once refused, every later read raises again. Without the option, ``req.stream``
is the raw ``wsgi.input``, as in Falcon (docs/errors.md).
"""

from __future__ import annotations

import io
from typing import Any

from restcore import errors
from restcore.stream import BoundedStream

__all__ = ["LimitedBody", "body_too_large"]


def body_too_large(limit: int) -> errors.HTTPContentTooLarge:
    """Return the 413 for a body over ``limit`` bytes.

    Args:
        limit: The ``max_body_size`` in force.

    Returns:
        The error to raise.
    """
    return errors.HTTPContentTooLarge(
        description=f"The request body may be at most {limit} bytes long."
    )


class LimitedBody(io.IOBase):
    """The request body, read within ``max_body_size``.

    Args:
        stream: The raw input (``environ['wsgi.input']``).
        declared: The Content-Length, or None when there is none.
        limit: The most bytes the body may have.
        read_to_end: Whether a body without Content-Length may be read to its
            end (the server set ``wsgi.input_terminated``).
    """

    def __init__(
        self, stream: Any, declared: int | None, limit: int, read_to_end: bool
    ) -> None:
        self._limit = limit
        self._refused = declared is not None and declared > limit
        self._raw = stream
        self._source: Any = None
        if declared is not None:
            self._source = BoundedStream(stream, declared)
        elif not read_to_end:
            self._source = io.BytesIO()

    def _body(self) -> Any:
        if self._refused:
            raise body_too_large(self._limit)
        source = self._source
        if source is None:
            # No Content-Length: take one byte more than fits, to notice.
            data = self._raw.read(self._limit + 1)
            if len(data) > self._limit:
                self._refused = True
                raise body_too_large(self._limit)
            source = self._source = io.BytesIO(data)
        return source

    def readable(self) -> bool:
        """Return ``True``."""
        return True

    def read(self, size: int | None = -1) -> bytes:
        """Read at most ``size`` bytes (all that is left if omitted or negative).

        Raises:
            HTTPContentTooLarge: The body is over the limit.
        """
        data: bytes = self._body().read(size)
        return data

    def readline(self, size: int | None = -1) -> bytes:
        """Read one line of at most ``size`` bytes.

        Raises:
            HTTPContentTooLarge: The body is over the limit.
        """
        line: bytes = self._body().readline(size)
        return line

    def __iter__(self) -> LimitedBody:
        return self

    def __next__(self) -> bytes:
        line = self.readline()
        if not line:
            raise StopIteration
        return line
