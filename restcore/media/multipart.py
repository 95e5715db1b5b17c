"""``multipart/form-data`` media handler: a streaming parser (RFC 7578, RFC 2046 §5.1).

Approach: the body is never held in memory. A :class:`_Scanner` keeps one
buffer of at most a chunk (64 KiB) plus a short tail, filled from the request
stream on demand, and always knows the *current delimiter*: ``--boundary``
before the first part, ``CRLF--boundary`` after it. Part data is everything up
to the next delimiter; :meth:`_Scanner.read_part` hands out the bytes that
cannot belong to a delimiter and stops at it. Iterating a
:class:`MultipartForm` yields parts in order; asking for the next part first
drains whatever the application left unread of the current one.

Invariants:

* Linear time. The delimiter is found with ``bytes.find``, resumed from where
  the last search stopped (``_scan_from``) or remembered once found
  (``_delimiter_at``), so no byte is searched more than twice, however small
  the application's reads or the stream's chunks are.
* Constant memory for streamed parts: the buffer is refilled only when the
  unread safe bytes are exhausted, so what is carried over is shorter than
  the delimiter. Only part headers (``max_body_part_headers_size``) and
  ``BodyPart.data`` (``max_body_part_buffer_size``) are buffered whole.
* A stream that ends before the closing delimiter (a truncated upload) is a
  :class:`~restcore.errors.MultipartParseError` (400), raised by the read
  that reaches the end, never silently short data.

What would break it: slicing ``self._buffer`` anywhere but in ``_fill`` and
the ``_take`` helper (it must stay the one place that copies), or searching
from ``_pos`` instead of ``_scan_from`` (quadratic on byte-at-a-time reads).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import IO, TYPE_CHECKING, Any, ClassVar
from urllib.parse import unquote_to_bytes

from restcore import errors
from restcore.errors import MultipartParseError
from restcore.media.base import BaseHandler, ReadableIO
from restcore.util import secure_filename
from restcore.util.mediatypes import parse_header
from restcore.util.structures import UNSET as _UNSET
from restcore.util.structures import UnsetOr

if TYPE_CHECKING:
    from restcore.media.handlers import Handlers

__all__ = [
    "BodyPart",
    "BodyPartStream",
    "MultipartForm",
    "MultipartFormHandler",
    "MultipartParseError",
    "MultipartParseOptions",
]

_CHUNK_SIZE = 64 * 1024
_CRLF = b"\r\n"
_CRLF_CRLF = b"\r\n\r\n"
_TRANSPORT_PADDING = b" \t"
_MAX_PADDING = 1024

# RFC 7578 §4.8: "Other header fields MUST NOT be included and MUST be ignored."
_ALLOWED_HEADERS = frozenset((b"content-type", b"content-disposition"))

# RFC 5987 ext-value, seen in the wild as filename* although RFC 7578 forbids it.
_EXT_VALUE = re.compile(r"([\w-]+)'[\w]*'(.+)")

_UNEXPECTED_STRUCTURE = "unexpected form structure"
_INCOMPLETE_HEADERS = "incomplete body part headers"


class _Scanner:
    """A buffered reader of the body that stops at the current delimiter."""

    __slots__ = (
        "_buffer",
        "_delimiter",
        "_delimiter_at",
        "_eof",
        "_pos",
        "_read",
        "_remaining",
        "_scan_from",
        "part_number",
    )

    def __init__(
        self, read: Callable[[int], bytes], content_length: int | None, delimiter: bytes
    ) -> None:
        self._read = read
        self._remaining = content_length  # None: read until the stream ends
        self._buffer = b""
        self._pos = 0
        self._eof = False
        self._delimiter = delimiter
        self._delimiter_at = -1  # buffer index of the delimiter, once found
        self._scan_from = 0  # the delimiter cannot start before this index
        self.part_number = 0  # which part read_part serves (stale streams stop)

    def _fill(self) -> bool:
        """Append a chunk from the stream, dropping consumed bytes; False at EOF."""
        size = _CHUNK_SIZE
        if self._remaining is not None:
            if self._remaining <= 0:
                self._eof = True
            size = min(size, self._remaining)
        chunk = b"" if self._eof else self._read(size)
        if not chunk:
            self._eof = True
            return False
        if self._remaining is not None:
            self._remaining -= len(chunk)
        pos = self._pos
        self._buffer = self._buffer[pos:] + chunk if pos < len(self._buffer) else chunk
        self._pos = 0
        self._scan_from = max(self._scan_from - pos, 0)
        if self._delimiter_at >= 0:
            self._delimiter_at -= pos
        return True

    def _ensure(self, size: int) -> bool:
        """Buffer at least ``size`` unread bytes if the stream has them."""
        while len(self._buffer) - self._pos < size:
            if not self._fill():
                return False
        return True

    def _take(self, size: int) -> bytes:
        start = self._pos
        self._pos = start + size
        return self._buffer[start : self._pos]

    def set_delimiter(self, delimiter: bytes) -> None:
        """Search for ``delimiter`` from now on."""
        self._delimiter = delimiter
        self._delimiter_at = -1
        self._scan_from = self._pos

    def _part_window(self) -> tuple[int, bool]:
        """Count the unread bytes that surely belong to the part.

        Returns:
            The byte count, and whether the delimiter follows them.
        """
        if self._delimiter_at < 0:
            start = self._scan_from if self._scan_from > self._pos else self._pos
            found = self._buffer.find(self._delimiter, start)
            if found < 0:
                tail = len(self._buffer) - len(self._delimiter) + 1
                self._scan_from = tail if tail > start else start
                return self._scan_from - self._pos, False
            self._delimiter_at = found
        return self._delimiter_at - self._pos, True

    def read_part(self, size: int, part_number: int) -> bytes:
        """Read up to ``size`` bytes (all if negative) before the delimiter.

        Returns:
            The bytes; fewer than ``size`` only at the end of the part, and
            nothing once the scanner has moved past part ``part_number``.

        Raises:
            MultipartParseError: The stream ended before the delimiter.
        """
        chunks: list[bytes] = []
        while size and part_number == self.part_number:
            available, at_delimiter = self._part_window()
            if available:
                taken = self._take(available if size < 0 else min(available, size))
                chunks.append(taken)
                size -= len(taken) if size > 0 else 0
            elif at_delimiter:
                break
            elif not self._fill():
                raise MultipartParseError(description=_UNEXPECTED_STRUCTURE)
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)

    def readline_part(self, size: int, part_number: int) -> bytes:
        """Read a line (up to and including LF) of at most ``size`` bytes."""
        chunks: list[bytes] = []
        while size and part_number == self.part_number:
            available, at_delimiter = self._part_window()
            if available:
                limit = available if size < 0 else min(available, size)
                newline = self._buffer.find(b"\n", self._pos, self._pos + limit)
                taken = self._take(limit if newline < 0 else newline + 1 - self._pos)
                chunks.append(taken)
                size -= len(taken) if size > 0 else 0
                if newline >= 0:
                    break
            elif at_delimiter:
                break
            elif not self._fill():
                raise MultipartParseError(description=_UNEXPECTED_STRUCTURE)
        return b"".join(chunks)

    def peek_part(self, size: int, part_number: int) -> bytes:
        """Return up to ``size`` unread part bytes without consuming them."""
        if part_number != self.part_number:
            return b""
        available, at_delimiter = self._part_window()
        while available < size and not at_delimiter and self._fill():
            available, at_delimiter = self._part_window()
        return self._buffer[self._pos : self._pos + min(available, size)]

    def skip_part(self) -> None:
        """Discard the rest of the current part and consume its delimiter."""
        while True:
            available, at_delimiter = self._part_window()
            self._pos += available
            if at_delimiter:
                break
            if not self._fill():
                raise MultipartParseError(description=_UNEXPECTED_STRUCTURE)
        self._pos += len(self._delimiter)
        self._delimiter_at = -1
        self._scan_from = self._pos
        self.part_number += 1

    def read_boundary_suffix(self) -> bool:
        """Consume what follows a delimiter; True if it closes the form.

        Raises:
            MultipartParseError: Neither ``--`` nor padding then CRLF follows.
        """
        self._ensure(2)
        suffix = self._buffer[self._pos : self._pos + 2]
        if suffix == b"--":
            # RFC 2046 leaves the CRLF after the close delimiter optional in
            # practice (some clients, e.g. Undici, omit it); the rest is epilogue.
            self._pos += 2
            return True
        if suffix == _CRLF:
            self._pos += 2
            return False
        # RFC 2046 §5.1.1: "receivers MUST be able to handle padding added by
        # message transports" (transport-padding := *LWSP-char, then CRLF).
        self._ensure(_MAX_PADDING + 2)
        end = self._buffer.find(_CRLF, self._pos, self._pos + _MAX_PADDING + 2)
        if end < 0 or self._buffer[self._pos : end].strip(_TRANSPORT_PADDING):
            raise MultipartParseError(description=_UNEXPECTED_STRUCTURE)
        self._pos = end + 2
        return False

    def read_headers(self, max_size: int) -> bytes:
        """Consume a part's header block (up to the empty line).

        Raises:
            MultipartParseError: No empty line within ``max_size`` bytes.
        """
        # RFC 2046 §5.1.1: a part may have no header fields at all, in which
        # case the delimiter line is directly followed by an empty line.
        self._ensure(2)
        if self._buffer.startswith(_CRLF, self._pos):
            self._pos += 2
            return b""
        scan_from = self._pos
        while True:
            end = self._buffer.find(_CRLF_CRLF, scan_from, self._pos + max_size + 4)
            if end >= 0:
                return self._take(end + 4 - self._pos)[:-4]
            buffered = len(self._buffer) - self._pos
            if buffered >= max_size + 4 or not self._fill():
                raise MultipartParseError(description=_INCOMPLETE_HEADERS)
            scan_from = max(self._pos, self._pos + buffered - 3)


def _parse_headers(block: bytes) -> dict[bytes, str]:
    headers: dict[bytes, str] = {}
    for line in block.split(_CRLF):
        name, colon, raw_value = line.partition(b":")
        if not colon:
            continue
        name = name.strip().lower()
        value = raw_value.strip()
        if name == b"content-transfer-encoding":
            # RFC 7578 §4.7: deprecated, and no deployed sender is known.
            if value.lower() != b"binary":
                raise MultipartParseError(
                    description=(
                        "the deprecated Content-Transfer-Encoding "
                        "header field is unsupported"
                    )
                )
        elif name in _ALLOWED_HEADERS:
            try:
                # Browsers send raw UTF-8 in Content-Disposition filenames;
                # a media type is ASCII.
                headers[name] = value.decode(
                    "ascii" if name == b"content-type" else "utf-8"
                )
            except UnicodeDecodeError as ex:
                raise MultipartParseError(
                    description=f"invalid {name.decode()} header encoding"
                ) from ex
    return headers


class BodyPartStream:
    """The readable stream of one body part, ending at the part's delimiter.

    It is valid while its part is the current one: once the form moves on to
    the next part, reads return ``b""``.
    """

    __slots__ = ("_part_number", "_scanner")

    def __init__(self, scanner: _Scanner, part_number: int) -> None:
        self._scanner = scanner
        self._part_number = part_number

    def read(self, size: int | None = -1) -> bytes:
        """Read up to ``size`` bytes of the part (the rest if omitted or negative).

        Args:
            size: Maximum number of bytes.

        Returns:
            The bytes; fewer than ``size`` only at the end of the part.
        """
        if size is None or size < 0:
            size = -1
        return self._scanner.read_part(size, self._part_number)

    def readline(self, size: int | None = -1) -> bytes:
        """Read one line, including its trailing newline.

        Args:
            size: Maximum number of bytes.

        Returns:
            The line.
        """
        if size is None or size < 0:
            size = -1
        return self._scanner.readline_part(size, self._part_number)

    def readlines(self, hint: int = -1) -> list[bytes]:
        """Read lines until the end of the part or ``hint`` bytes.

        Args:
            hint: Stop once this many bytes are read (no limit if <= 0).

        Returns:
            The lines.
        """
        lines: list[bytes] = []
        total = 0
        while line := self.readline():
            lines.append(line)
            total += len(line)
            if 0 < hint <= total:
                break
        return lines

    def __iter__(self) -> Iterator[bytes]:
        while line := self.readline():
            yield line

    def peek(self, size: int = -1) -> bytes:
        """Return upcoming part bytes without consuming them.

        Args:
            size: How many bytes to look at (one chunk if not positive).

        Returns:
            Up to ``size`` bytes.
        """
        return self._scanner.peek_part(
            size if size > 0 else _CHUNK_SIZE, self._part_number
        )

    def pipe(self, destination: IO[bytes] | None = None) -> None:
        """Copy the rest of the part to ``destination`` chunk by chunk.

        Args:
            destination: A writable binary file; the data is discarded if None.
        """
        while chunk := self.read(_CHUNK_SIZE):
            if destination is not None:
                destination.write(chunk)

    def exhaust(self) -> None:
        """Discard the rest of the part."""
        self.pipe()

    def readable(self) -> bool:
        """Return True: the stream is readable."""
        return True

    def seekable(self) -> bool:
        """Return False: the stream cannot seek."""
        return False

    def writable(self) -> bool:
        """Return False: the stream is read-only."""
        return False

    writeable = writable  # Falcon's BufferedReader spells it this way


class BodyPart:
    """One part of a ``multipart/form-data`` body, created by the parser.

    Attributes:
        stream: The part's data stream (see :class:`BodyPartStream`).
    """

    __slots__ = (
        "_data",
        "_disposition",
        "_filename",
        "_headers",
        "_media",
        "_parse_options",
        "stream",
    )

    def __init__(
        self,
        stream: BodyPartStream,
        headers: dict[bytes, str],
        parse_options: MultipartParseOptions,
    ) -> None:
        self.stream = stream
        self._headers = headers
        self._parse_options = parse_options
        self._data: bytes | None = None
        self._media: Any = _UNSET
        self._filename: UnsetOr[str | None] = _UNSET
        self._disposition: dict[str, str] | None = None

    def get_data(self) -> bytes:
        """Read and cache the whole part.

        Returns:
            The part's bytes.

        Raises:
            MultipartParseError: The part exceeds
                ``max_body_part_buffer_size`` (use :attr:`stream` instead).
        """
        if self._data is None:
            limit = self._parse_options.max_body_part_buffer_size + 1
            self._data = self.stream.read(limit)
            if len(self._data) >= limit:
                raise MultipartParseError(description="body part is too large")
        return self._data

    def get_text(self) -> str | None:
        """Decode the part as text, if it is ``text/plain``.

        The charset parameter of its Content-Type applies, or the
        ``default_charset`` option.

        Returns:
            The text, or ``None`` for other content types.

        Raises:
            MultipartParseError: Undecodable data or an unknown charset.
        """
        media_type, params = parse_header(self.content_type)
        if media_type != "text/plain":
            return None
        charset = params.get("charset", self._parse_options.default_charset)
        try:
            return self.get_data().decode(charset)
        except (ValueError, LookupError) as ex:
            raise MultipartParseError(
                description=f"invalid text or charset: {charset}"
            ) from ex

    @property
    def content_type(self) -> str:
        """The part's Content-Type (RFC 7578 §4.4: ``text/plain`` if absent)."""
        return self._headers.get(b"content-type", "text/plain")

    def _disposition_params(self) -> dict[str, str]:
        if self._disposition is None:
            self._disposition = parse_header(
                self._headers.get(b"content-disposition", "")
            )[1]
        return self._disposition

    @property
    def filename(self) -> str | None:
        """The file name if the part is a file upload, else ``None``."""
        if self._filename is _UNSET:
            params = self._disposition_params()
            match = _EXT_VALUE.match(params.get("filename*", ""))
            if match is None:
                self._filename = params.get("filename")
            else:
                charset, quoted = match.groups()
                try:
                    self._filename = unquote_to_bytes(quoted).decode(charset)
                except (ValueError, LookupError) as ex:
                    raise MultipartParseError(
                        description=f"invalid text or charset: {charset}"
                    ) from ex
        return self._filename

    @property
    def secure_filename(self) -> str:
        """The file name made safe for a file system (see ``secure_filename``).

        Raises:
            MultipartParseError: The part has no (or an empty) file name.
        """
        try:
            return secure_filename(
                self.filename or "",
                max_length=self._parse_options.max_secure_filename_length,
            )
        except ValueError as ex:
            raise MultipartParseError(description=str(ex)) from ex

    @property
    def name(self) -> str | None:
        """The form field name (Content-Disposition ``name``), or ``None``."""
        return self._disposition_params().get("name")

    def get_media(self) -> Any:
        """Deserialize and cache the part with the handler for its content type.

        Returns:
            The deserialized object.

        Raises:
            HTTPUnsupportedMediaType: No configured handler for the type.
        """
        if self._media is _UNSET:
            handler, _, _ = self._parse_options.media_handlers._resolve(
                self.content_type, "text/plain"
            )
            try:
                self._media = handler.deserialize(self.stream, self.content_type, None)
            finally:
                if handler.exhaust_stream:
                    self.stream.exhaust()
        return self._media

    data = property(get_data, doc="The part's bytes (see :meth:`get_data`).")
    text = property(get_text, doc="The part's text (see :meth:`get_text`).")
    media = property(get_media, doc="The part's media (see :meth:`get_media`).")


class MultipartForm:
    """The parts of a ``multipart/form-data`` body, yielded in order.

    Created by :class:`MultipartFormHandler`; iterate it once. Requesting the
    next part discards what was left unread of the previous one.
    """

    def __init__(
        self,
        stream: ReadableIO,
        boundary: bytes,
        content_length: int | None,
        parse_options: MultipartParseOptions,
    ) -> None:
        self._scanner = _Scanner(stream.read, content_length, b"--" + boundary)
        self._boundary = boundary
        self._parse_options = parse_options
        self._parts_left = parse_options.max_body_part_count
        self._is_closed = False

    def __iter__(self) -> Iterator[BodyPart]:
        if self._is_closed:
            return
        scanner = self._scanner
        options = self._parse_options
        # Skip the preamble (part "0", up to the first "--boundary"), or the
        # rest of the part a previous, interrupted iteration stopped in.
        scanner.skip_part()
        if scanner.part_number == 1:
            # RFC 2046 §5.1.1: later delimiters are "CRLF--boundary".
            scanner.set_delimiter(_CRLF + b"--" + self._boundary)
        while not scanner.read_boundary_suffix():
            headers = _parse_headers(
                scanner.read_headers(options.max_body_part_headers_size)
            )
            self._parts_left -= 1
            if self._parts_left < 0 < options.max_body_part_count:
                raise MultipartParseError(
                    description="maximum number of form body parts exceeded"
                )
            yield BodyPart(
                BodyPartStream(scanner, scanner.part_number), headers, options
            )
            scanner.skip_part()
        self._is_closed = True


class MultipartParseOptions:
    """Settings of the multipart parser, shared with the parts it creates.

    Attributes:
        default_charset: Charset for :meth:`BodyPart.get_text` when the part
            names none (default ``"utf-8"``).
        max_body_part_count: Maximum number of parts; 0 for no limit
            (default 64).
        max_body_part_buffer_size: Maximum bytes :meth:`BodyPart.get_data`
            buffers (default 1 MiB).
        max_body_part_headers_size: Maximum size of a part's header block
            (default 8192).
        max_secure_filename_length: ``max_length`` for
            :attr:`BodyPart.secure_filename` (default ``None``: unlimited).
        media_handlers: Handlers for :meth:`BodyPart.get_media` (default JSON
            and URL-encoded forms).
    """

    __slots__ = (
        "default_charset",
        "max_body_part_buffer_size",
        "max_body_part_count",
        "max_body_part_headers_size",
        "max_secure_filename_length",
        "media_handlers",
    )

    # The part handlers each new options object copies (JSON and URL-encoded
    # forms). restcore.media.handlers sets it once Handlers exists: it imports
    # this module for its own defaults, so this one never imports it back.
    _DEFAULT_HANDLERS: ClassVar[Handlers]

    def __init__(self) -> None:
        self.default_charset = "utf-8"
        self.max_body_part_count = 64
        self.max_body_part_buffer_size = 1024 * 1024
        self.max_body_part_headers_size = 8192
        self.max_secure_filename_length: int | None = None
        self.media_handlers: Handlers = self._DEFAULT_HANDLERS.copy()


def _parse_boundary(content_type: str | None) -> bytes:
    params = parse_header(content_type or "")[1]
    boundary = params.get("boundary")
    if boundary is None:
        raise errors.HTTPInvalidHeader(
            f"No boundary specifier found in {content_type!r}", "Content-Type"
        )
    # RFC 2046 §5.1.1: a boundary is 1 to 70 characters, and white space at
    # its end "must be presumed to have been added by a gateway, and must be
    # deleted".
    boundary = boundary.rstrip()
    if not 1 <= len(boundary) <= 70:
        raise errors.HTTPInvalidHeader(
            "The boundary parameter must consist of 1 to 70 characters", "Content-Type"
        )
    try:
        return boundary.encode("ascii")
    except UnicodeEncodeError as ex:
        raise errors.HTTPInvalidHeader(
            "The boundary parameter must be ASCII", "Content-Type"
        ) from ex


class MultipartFormHandler(BaseHandler):
    """``multipart/form-data`` handler (RFC 7578) yielding a lazy form.

    The body is not read by :meth:`deserialize`: it is parsed while the
    returned :class:`MultipartForm` is iterated.

    Args:
        parse_options: Parser settings (default: a new
            :class:`MultipartParseOptions`).

    Attributes:
        parse_options: The parser settings, passed to every part.
    """

    def __init__(self, parse_options: MultipartParseOptions | None = None) -> None:
        self.parse_options = parse_options or MultipartParseOptions()

    def deserialize(
        self,
        stream: ReadableIO,
        content_type: str | None,
        content_length: int | None,
    ) -> MultipartForm:
        """Start parsing a form body.

        Args:
            stream: The body stream.
            content_type: The request Content-Type, with its boundary.
            content_length: The body length, or ``None`` (chunked: read to EOF).

        Returns:
            The form, parsed as it is iterated.

        Raises:
            HTTPInvalidHeader: The boundary is missing or invalid (400).
        """
        boundary = _parse_boundary(content_type)
        return MultipartForm(stream, boundary, content_length, self.parse_options)

    def serialize(self, media: object, content_type: str | None = None) -> bytes:
        """Refuse: multipart serialization is unsupported.

        Args:
            media: Ignored.
            content_type: Ignored.

        Raises:
            NotImplementedError: Always.
        """
        raise NotImplementedError("multipart form serialization unsupported")
