"""Stream a generated 1 GB multipart upload through the parser (not collected).

Run: python tests/bench/bench_multipart.py [size_in_mb]

Reports the peak RSS growth (must stay under 50 MB: the parser streams) and
the throughput. The body is produced on the fly, so the only large memory a
non-streaming parser could use is its own.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from collections.abc import Iterator

from restcore.media import MultipartFormHandler

BOUNDARY = b"----restcore-bench-7MA4YWxkTrZu0gW"
CHUNK = os.urandom(64 * 1024).replace(b"\r\n--", b"\r\n__")


class GeneratedStream:
    """A read()-able stream over a generated multipart body."""

    def __init__(self, size: int) -> None:
        self._chunks = self._generate(size)
        self._pending = b""
        self.total = 0

    def _generate(self, size: int) -> Iterator[bytes]:
        yield (
            b"--" + BOUNDARY + b"\r\n"
            b'Content-Disposition: form-data; name="upload"; filename="big.bin"\r\n'
            b"Content-Type: application/octet-stream\r\n\r\n"
        )
        remaining = size
        while remaining > 0:
            chunk = CHUNK[: min(remaining, len(CHUNK))]
            remaining -= len(chunk)
            yield chunk
        yield (
            b"\r\n--" + BOUNDARY + b"\r\n"
            b'Content-Disposition: form-data; name="note"\r\n\r\ndone\r\n'
            b"--" + BOUNDARY + b"--\r\n"
        )

    def read(self, size: int = -1) -> bytes:
        data = self._pending or next(self._chunks, b"")
        if 0 <= size < len(data):
            data, self._pending = data[:size], data[size:]
        else:
            self._pending = b""
        self.total += len(data)
        return data


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    size = int(sys.argv[1]) * 1024 * 1024 if len(sys.argv) > 1 else 1024**3
    stream = GeneratedStream(size)
    handler = MultipartFormHandler()
    content_type = "multipart/form-data; boundary=" + BOUNDARY.decode()
    baseline = peak_rss_mb()
    start = time.perf_counter()
    received = 0
    note = None
    for part in handler.deserialize(stream, content_type, None):
        if part.name == "upload":
            while chunk := part.stream.read(256 * 1024):
                received += len(chunk)
        else:
            note = part.text
    elapsed = time.perf_counter() - start
    assert received == size, (received, size)
    assert note == "done"
    growth = peak_rss_mb() - baseline
    print(f"body: {stream.total / 1e6:.0f} MB streamed, upload part: {received} bytes")
    print(f"peak RSS growth: {growth:.1f} MB (limit 50 MB)")
    print(f"throughput: {stream.total / 1e6 / elapsed:.0f} MB/s ({elapsed:.2f} s)")
    if growth >= 50:
        raise SystemExit("FAIL: the parser did not stream")


if __name__ == "__main__":
    main()
