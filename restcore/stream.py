"""``BoundedStream``: a WSGI input wrapper that never reads past Content-Length.

Reading past the declared length of ``wsgi.input`` can block forever on some
servers (PEP 3333), so every read is clamped to the bytes still expected.
"""

from __future__ import annotations

import io
from typing import BinaryIO

from restcore.util.deprecation import deprecated

__all__ = ["Body", "BoundedStream"]


class BoundedStream(io.IOBase):
    """Wrap a WSGI input stream, limiting reads to `stream_len` bytes.

    Args:
        stream: The raw input (``environ['wsgi.input']``).
        stream_len: The most bytes to read (the request's Content-Length).
    """

    # io.IOBase already gives instances a (lazily created) __dict__, where it
    # records the closed state; the slots keep per-request construction cheap.
    __slots__ = ("_bytes_remaining", "stream", "stream_len")

    def __init__(self, stream: BinaryIO, stream_len: int) -> None:
        self.stream = stream
        self.stream_len = stream_len
        self._bytes_remaining = stream_len

    def _clamp(self, size: int | None) -> int:
        remaining = self._bytes_remaining
        if size is None or size < 0 or size > remaining:
            return remaining
        return size

    def __iter__(self) -> BoundedStream:
        return self

    def __next__(self) -> bytes:
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    next = __next__

    def readable(self) -> bool:
        """Return ``True``."""
        return True

    def seekable(self) -> bool:
        """Return ``False``."""
        return False

    def writable(self) -> bool:
        """Return ``False``."""
        return False

    def read(self, size: int | None = None) -> bytes:
        """Read at most `size` bytes (everything left if omitted or negative)."""
        size = self._clamp(size)
        if not size:
            return b""
        # As Falcon: the requested size counts as consumed, so a body shorter
        # than its Content-Length reaches eof after one read.
        self._bytes_remaining -= size
        return self.stream.read(size)

    def readline(self, limit: int | None = None) -> bytes:
        """Read one line of at most `limit` bytes."""
        size = self._clamp(limit)
        if not size:
            return b""
        line = self.stream.readline(size)
        self._bytes_remaining = self._bytes_remaining - len(line) if line else 0
        return line

    def readlines(self, hint: int | None = None) -> list[bytes]:
        """Read lines until the end, or until they total at least `hint` bytes."""
        lines = []
        total = 0
        limit = self._clamp(hint) if hint is not None and hint >= 0 else -1
        while line := self.readline():
            lines.append(line)
            total += len(line)
            if 0 < limit <= total:
                break
        return lines

    def write(self, data: bytes) -> None:
        """Raise ``OSError``: the stream is read-only."""
        raise OSError("Stream is not writeable")

    def exhaust(self, chunk_size: int = 64 * 1024) -> None:
        """Read and discard whatever is left."""
        while self.read(chunk_size):
            pass

    @property
    def eof(self) -> bool:
        """Whether all `stream_len` bytes have been read."""
        return self._bytes_remaining <= 0

    @property
    @deprecated(
        "Use `eof` instead. (This compatibility alias will be removed in Falcon 5.0.)",
        is_property=True,
    )
    def is_exhausted(self) -> bool:
        """Deprecated alias for :attr:`eof`."""
        return self.eof


Body = BoundedStream
