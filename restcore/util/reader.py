"""A buffered, length-bounded reader over a ``read(size)`` callable.

Used for request bodies and by the multipart parser. Invariants: at most
`max_stream_len` bytes are ever requested from the source; ``_buffer[_pos:]``
holds bytes read from the source but not yet returned; and a search for a
delimiter keeps at most one chunk plus ``len(delimiter) - 1`` bytes buffered,
handing the rest on (joined for :meth:`read_until`, written out for
:meth:`pipe_until`), so memory stays bounded and the work linear.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import IO

__all__ = ["DEFAULT_CHUNK_SIZE", "BufferedReader"]

DEFAULT_CHUNK_SIZE = 8192


def _raise_delimiter_missing() -> None:
    from restcore.errors import DelimiterError

    raise DelimiterError("expected delimiter missing")


class BufferedReader:
    """Read a stream of known maximum length, with delimiter-aware helpers.

    Args:
        read: The source, called as ``read(size)``; ``b''`` means end of stream.
        max_stream_len: Never request more than this many bytes from `read`.
        chunk_size: Bytes requested per read (default 8 KiB).
    """

    __slots__ = ("_buffer", "_chunk_size", "_pos", "_read_source", "_remaining")

    def __init__(
        self,
        read: Callable[[int], bytes],
        max_stream_len: int,
        chunk_size: int | None = None,
    ) -> None:
        self._read_source = read
        self._remaining = max_stream_len
        self._chunk_size = chunk_size or DEFAULT_CHUNK_SIZE
        self._buffer = b""
        self._pos = 0

    def _read_raw(self, size: int) -> bytes:
        """Read up to `size` bytes from the source, retrying short reads."""
        size = min(size, self._remaining)
        pieces = []
        while size > 0:
            chunk = self._read_source(size)
            if not chunk:
                self._remaining = 0
                break
            self._remaining -= len(chunk)
            size -= len(chunk)
            pieces.append(chunk)
        return pieces[0] if len(pieces) == 1 else b"".join(pieces)

    _read = _read_raw  # Falcon's name (its pure-Python reader has ``_read``)

    def _available(self) -> int:
        return len(self._buffer) - self._pos

    def _take(self, size: int) -> bytes:
        """Return and consume up to `size` buffered bytes."""
        start = self._pos
        if start == 0 and size >= len(self._buffer):
            data, self._buffer = self._buffer, b""
            return data
        self._pos = min(start + size, len(self._buffer))
        return self._buffer[start : self._pos]

    def _fill(self, size: int) -> None:
        """Read from the source until `size` bytes are buffered (or it ends)."""
        missing = size - self._available()
        if missing > 0 and self._remaining > 0:
            more = self._read_raw(max(missing, self._chunk_size))
            self._buffer = self._buffer[self._pos :] + more
            self._pos = 0

    def _normalize_size(self, size: int | None) -> int:
        most = self._remaining + self._available()
        if size is None or size < 0 or size > most:
            return most
        return size

    def peek(self, size: int = -1) -> bytes:
        """Return up to `size` upcoming bytes (at most a chunk) without consuming."""
        if size < 0 or size > self._chunk_size:
            size = self._chunk_size
        if self._available() < size:
            self._fill(size)
        return self._buffer[self._pos : self._pos + size]

    def read(self, size: int | None = -1) -> bytes:
        """Read `size` bytes, or everything left when `size` is ``None`` or negative."""
        size = self._normalize_size(size)
        available = self._available()
        if size <= available:
            return self._take(size)
        head = self._take(available)
        missing = size - available
        if missing >= self._chunk_size:
            return head + self._read_raw(missing) if head else self._read_raw(missing)
        # A small read refills the buffer with a whole chunk, as Falcon does
        # (observable when the source is another reader, e.g. via delimit()).
        self._buffer = self._read_raw(self._chunk_size)
        self._pos = 0
        return head + self._take(missing)

    def _iter_until(self, delimiter: bytes, size: int) -> Iterator[bytes]:
        """Yield the bytes before `delimiter` (at most `size`), consuming them."""
        delimiter_length = len(delimiter)
        if not 0 < delimiter_length <= self._chunk_size:
            raise ValueError("delimiter length must be within [1, chunk_size]")
        searched = self._pos
        while size > 0:
            found = self._buffer.find(delimiter, searched)
            if found >= 0:
                yield self._take(min(size, found - self._pos))
                return
            available = self._available()
            if available >= size + delimiter_length - 1 or self._remaining <= 0:
                yield self._take(size)
                return
            # Hand on all but a possible delimiter prefix, then read a chunk.
            keep = delimiter_length - 1
            if available > keep:
                data = self._take(available - keep)
                size -= len(data)
                yield data
            searched = max(len(self._buffer) - self._pos - keep, 0)
            self._buffer = self._buffer[self._pos :] + self._read_raw(self._chunk_size)
            self._pos = 0

    def _consume_delimiter(self, delimiter: bytes) -> None:
        if self.peek(len(delimiter)) != delimiter:
            _raise_delimiter_missing()
        self._pos += len(delimiter)

    def read_until(
        self, delimiter: bytes, size: int = -1, consume_delimiter: bool = False
    ) -> bytes:
        """Read up to (not including) `delimiter`, or at most `size` bytes.

        Args:
            delimiter: The byte string to stop at (1 to chunk-size bytes long).
            size: The most bytes to return (default: no limit).
            consume_delimiter: Also consume the delimiter, which must follow.

        Raises:
            DelimiterError: `consume_delimiter` is set and the delimiter does
                not follow the returned bytes.
        """
        pieces = list(self._iter_until(delimiter, self._normalize_size(size)))
        if consume_delimiter:
            self._consume_delimiter(delimiter)
        if len(pieces) == 1:
            return pieces[0]
        return b"".join(pieces)

    def pipe(self, destination: IO[bytes] | None = None) -> None:
        """Write everything left to `destination` (or discard it)."""
        while chunk := self.read(self._chunk_size):
            if destination is not None:
                destination.write(chunk)

    def pipe_until(
        self,
        delimiter: bytes,
        destination: IO[bytes] | None = None,
        consume_delimiter: bool = False,
    ) -> None:
        """Like :meth:`read_until`, but write the bytes to `destination`."""
        for piece in self._iter_until(delimiter, self._normalize_size(None)):
            if destination is not None and piece:
                destination.write(piece)
        if consume_delimiter:
            self._consume_delimiter(delimiter)

    def exhaust(self) -> None:
        """Read and discard everything left."""
        self.pipe()

    def delimit(self, delimiter: bytes) -> BufferedReader:
        """Return a reader of this one that ends at the next `delimiter`."""
        read = functools.partial(self.read_until, delimiter)
        return type(self)(read, self._normalize_size(None), self._chunk_size)

    def readline(self, size: int = -1) -> bytes:
        """Read one line (with its newline) of at most `size` bytes."""
        size = self._normalize_size(size)
        line = self.read_until(b"\n", size)
        if len(line) < size:
            return line + self.read(1)
        return line

    def readlines(self, hint: int = -1) -> list[bytes]:
        """Read lines until the end, or until they total at least `hint` bytes."""
        lines = []
        total = 0
        while line := self.readline():
            lines.append(line)
            total += len(line)
            if 0 <= hint <= total:
                break
        return lines

    def readable(self) -> bool:
        """Return ``True``."""
        return True

    def seekable(self) -> bool:
        """Return ``False``."""
        return False

    def writeable(self) -> bool:
        """Return ``False`` (Falcon's spelling; see also :meth:`writable`)."""
        return False

    def writable(self) -> bool:
        """Return ``False``."""
        return False
