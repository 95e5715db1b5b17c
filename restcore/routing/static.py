"""Serve files from a directory under a URL prefix (``App.add_static_route``).

Safety invariant: a request can only ever open a regular file whose real
path (symlinks resolved) lies inside the real path of ``directory``. The
remainder of the path after the prefix is checked before touching the file
system: no empty, ``.`` or ``..`` segments, no backslash, NUL, control or
reserved characters, no surrounding whitespace or trailing dot, and a length
cap. Anything else is a 404, the same answer as a missing file, so probes
learn nothing. restcore is stricter than Falcon here: Falcon normalises
``a/../b`` to ``b`` and follows symlinks out of the directory.

Only GET and HEAD are served; OPTIONS answers with ``Allow``; other methods
get 405.
"""

from __future__ import annotations

import io
import os
import re
from datetime import UTC, datetime
from pathlib import Path
from stat import S_ISREG
from typing import IO, TYPE_CHECKING, Any, ClassVar

from restcore.errors import (
    HTTPBadRequest,
    HTTPMethodNotAllowed,
    HTTPNotFound,
    HTTPRangeNotSatisfiable,
)
from restcore.status import HTTP_200, HTTP_206, HTTP_304

if TYPE_CHECKING:
    from restcore.request import Request
    from restcore.response import Response

__all__ = ("StaticRoute", "StaticRouteAsync")

_SERVED_METHODS = frozenset({"GET", "HEAD"})
_ALLOWED_METHODS = ("GET", "HEAD", "OPTIONS")


class BoundedReader:
    """A file wrapper that reads at most ``length`` bytes (for a Range).

    Args:
        file: A binary file, already positioned at the range start.
        length: How many bytes may be read.
    """

    __slots__ = ("_file", "close", "remaining")

    def __init__(self, file: IO[bytes], length: int) -> None:
        self._file = file
        self.close = file.close
        self.remaining = length

    def read(self, size: int | None = -1) -> bytes:
        """Read up to ``size`` bytes (all remaining when negative or None)."""
        if size is None or size < 0 or size > self.remaining:
            size = self.remaining
        data = self._file.read(size)
        self.remaining -= len(data)
        return data


class StaticRoute:
    """Serve the files of ``directory`` below ``prefix``.

    Args:
        prefix: URL path prefix, starting with ``/``.
        directory: Absolute path of the directory to serve.
        downloadable: Send ``Content-Disposition: attachment`` with the name.
        fallback_filename: File (relative to ``directory`` or absolute) served
            when the requested one does not exist.

    Raises:
        ValueError: Bad prefix, relative directory, or missing fallback file.
    """

    _DISALLOWED_CHARS: ClassVar[re.Pattern[str]] = re.compile(
        "[\x00-\x1f\x7f-\x9f\ufffd~?<>:*|'\"\\\\]"
    )
    _MAX_NON_PREFIXED_LEN: ClassVar[int] = 512

    def __init__(
        self,
        prefix: str,
        directory: str | Path,
        downloadable: bool = False,
        fallback_filename: str | None = None,
    ) -> None:
        if not prefix.startswith("/"):
            raise ValueError("prefix must start with '/'")
        self._directory = os.path.normpath(directory)
        if not os.path.isabs(self._directory):
            raise ValueError("directory must be an absolute path")
        self._real_directory = os.path.realpath(self._directory)
        self._fallback_filename: str | None = None
        if fallback_filename is not None:
            fallback = os.path.normpath(
                os.path.join(self._directory, fallback_filename)
            )
            if not os.path.isfile(fallback):
                raise ValueError("fallback_filename is not a file")
            self._fallback_filename = fallback
        if not prefix.endswith("/"):
            prefix += "/"
        self._prefix = prefix
        self._downloadable = downloadable

    def match(self, path: str) -> bool:
        """Tell whether ``path`` is under this route's prefix."""
        if path.startswith(self._prefix):
            return True
        return self._fallback_filename is not None and path == self._prefix[:-1]

    def __call__(self, req: Request, resp: Response, **kw: Any) -> None:
        """Respond with the requested file (or 304, 206, 404, 405, 416)."""
        method = req.method
        if method not in _SERVED_METHODS:
            if method == "OPTIONS":
                resp.status = HTTP_200
                resp.set_header("Allow", "GET, HEAD")
                resp.set_header("Content-Length", "0")
                return
            raise HTTPMethodNotAllowed(list(_ALLOWED_METHODS))
        file, file_path = self._open(req.path[len(self._prefix) :])
        stat = os.fstat(file.fileno())
        etag = f"{int(stat.st_mtime):x}-{stat.st_size:x}"
        last_modified = datetime.fromtimestamp(int(stat.st_mtime), UTC)
        resp.etag = etag
        resp.last_modified = last_modified
        if _is_not_modified(req, etag, last_modified):
            file.close()
            resp.status = HTTP_304
            return
        self._send(req, resp, file, file_path, stat.st_size)

    def _send(
        self, req: Request, resp: Response, file: IO[bytes], file_path: str, size: int
    ) -> None:
        """Set the stream, length, range and content headers."""
        requested = req.range if req.range_unit == "bytes" else None
        stream, length, content_range = _apply_range(file, size, requested)
        resp.set_stream(stream, length)
        suffix = os.path.splitext(file_path)[1]
        resp.content_type = resp.options.static_media_types.get(
            suffix, "application/octet-stream"
        )
        resp.accept_ranges = "bytes"
        if self._downloadable:
            resp.downloadable_as = os.path.basename(file_path)
        if content_range is not None:
            resp.status = HTTP_206
            resp.content_range = content_range

    def _open(self, relative: str) -> tuple[IO[bytes], str]:
        """Open the file for a prefix-relative path, or the fallback; else 404."""
        if relative:
            if not self.is_safe(relative):
                raise HTTPNotFound()
            file_path = os.path.join(self._directory, relative)
            real_path = os.path.realpath(file_path)
            try:
                inside = os.path.commonpath([real_path, self._real_directory])
            except ValueError:  # not comparable (one path relative): outside
                inside = ""
            if inside == self._real_directory:
                file = _open_regular_file(real_path)
                if file is not None:
                    return file, file_path
        if self._fallback_filename is not None:
            file = _open_regular_file(self._fallback_filename)
            if file is not None:
                return file, self._fallback_filename
        raise HTTPNotFound()

    def is_safe(self, relative: str) -> bool:
        """Tell whether a prefix-relative path may name a file in the directory."""
        if not relative or len(relative) > self._MAX_NON_PREFIXED_LEN:
            return False
        if relative.strip().rstrip(".") != relative:
            return False
        if self._DISALLOWED_CHARS.search(relative):
            return False
        return all(part not in ("", ".", "..") for part in relative.split("/"))


class StaticRouteAsync(StaticRoute):
    """Importable for Falcon compatibility; restcore serves WSGI only."""

    def __call__(self, req: Request, resp: Response, **kw: Any) -> None:
        """Refuse: there is no ASGI support."""
        raise HTTPBadRequest(description="StaticRouteAsync requires ASGI")


def _open_regular_file(file_path: str) -> IO[bytes] | None:
    """Open a regular file for reading, or return None."""
    try:
        # io.open through the module, as Falcon does: tests patch it there.
        file = io.open(file_path, "rb")  # noqa: SIM115, UP020 - the response streams it
    except OSError:
        return None
    if not S_ISREG(os.fstat(file.fileno()).st_mode):
        file.close()
        return None
    return file


def _is_not_modified(req: Request, etag: str, last_modified: datetime) -> bool:
    """Apply If-None-Match, else If-Modified-Since (RFC 9110 §13.2.2)."""
    if_none_match = req.if_none_match
    if if_none_match is not None:
        if len(if_none_match) == 1 and if_none_match[0] == "*":
            return True
        return any(etag == tag for tag in if_none_match)
    if_modified_since = req.if_modified_since
    if if_modified_since is not None:
        return last_modified <= if_modified_since
    return False


def _apply_range(
    file: IO[bytes], size: int, requested: tuple[int, int] | None
) -> tuple[IO[bytes] | BoundedReader, int, tuple[int, int, int] | None]:
    """Position the file for a byte range; return stream, length, range."""
    if requested is None or size == 0:
        return file, size, None
    start, end = requested
    if start < 0 and end == -1:
        # A suffix range: the last -start bytes.
        start = max(start, -size)
        file.seek(start, os.SEEK_END)
        return BoundedReader(file, -start), -start, (size + start, size - 1, size)
    if start >= size:
        file.close()
        raise HTTPRangeNotSatisfiable(size)
    end = size - 1 if end == -1 else min(end, size - 1)
    file.seek(start)
    length = end - start + 1
    return BoundedReader(file, length), length, (start, end, size)


# Falcon's private names for the same pieces.
_BoundedFile = BoundedReader
