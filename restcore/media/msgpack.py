"""MessagePack media handler (needs the optional ``msgpack`` package)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from restcore import errors
from restcore.media.base import (
    BaseHandler,
    BinaryBaseHandlerWS,
    MediaSerializationError,
    ReadableIO,
)

__all__ = ["MessagePackHandler", "MessagePackHandlerWS"]

_Pack = Callable[[Any], bytes]
_Unpack = Callable[..., Any]


def _import_msgpack() -> tuple[_Pack, _Unpack]:
    # An optional extra: the ImportError names the missing package.
    import msgpack

    # packb builds a fresh packer per call, so a handler shared by server
    # threads never interleaves two responses in one packer buffer.
    pack: _Pack = msgpack.packb
    unpack: _Unpack = msgpack.unpackb
    return pack, unpack


class MessagePackHandler(BaseHandler):
    """MessagePack handler using ``msgpack.packb``/``msgpack.unpackb``.

    The ``bin`` type distinguishes ``bytes`` from ``str``. Empty bodies raise
    :class:`~restcore.errors.MediaNotFoundError`, invalid ones
    :class:`~restcore.errors.MediaMalformedError`; unserializable response
    media raises :class:`~restcore.media.base.MediaSerializationError`.

    Raises:
        ImportError: The ``msgpack`` package is not installed
            (``pip install restcore[msgpack]``).
    """

    def __init__(self) -> None:
        self._pack, self._unpackb = _import_msgpack()
        if type(self) is MessagePackHandler:
            self._serialize_sync = self.serialize
            self._deserialize_sync = self._deserialize

    def _deserialize(self, data: bytes) -> Any:
        if not data:
            raise errors.MediaNotFoundError("MessagePack")
        try:
            return self._unpackb(data, raw=False)
        except ValueError as ex:  # msgpack's errors (and UnicodeDecodeError)
            raise errors.MediaMalformedError("MessagePack") from ex

    def deserialize(
        self,
        stream: ReadableIO,
        content_type: str | None,
        content_length: int | None,
    ) -> Any:
        """Read and unpack a MessagePack request body.

        Args:
            stream: The body stream (read to the end).
            content_type: The request content type (unused).
            content_length: The body length (unused).

        Returns:
            The unpacked object.
        """
        return self._deserialize(stream.read())

    def serialize(self, media: Any, content_type: str | None = None) -> bytes:
        """Pack a response media object.

        Args:
            media: A MessagePack-serializable object.
            content_type: The response content type (unused).

        Returns:
            The packed bytes.

        Raises:
            MediaSerializationError: ``media`` cannot be packed.
        """
        try:
            return self._pack(media)
        except (TypeError, ValueError, OverflowError) as ex:
            raise MediaSerializationError(
                f"response media is not MessagePack-serializable: {ex}"
            ) from ex


class MessagePackHandlerWS(BinaryBaseHandlerWS):
    """MessagePack handler for WebSocket BINARY payloads (Falcon compatibility).

    Raises:
        ImportError: The ``msgpack`` package is not installed.
    """

    __slots__ = ("_pack", "_unpackb")

    def __init__(self) -> None:
        self._pack, self._unpackb = _import_msgpack()

    def serialize(self, media: object) -> bytes:
        """Pack a media object.

        Args:
            media: A MessagePack-serializable object.

        Returns:
            The packed bytes.
        """
        return self._pack(media)

    def deserialize(self, payload: bytes) -> Any:
        """Unpack a payload.

        Args:
            payload: The packed bytes.

        Returns:
            The unpacked object.
        """
        return self._unpackb(payload, raw=False)
