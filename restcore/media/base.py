"""The media-handler protocol: the base classes every media handler builds on.

A handler turns a request body into a Python object (``deserialize``) and a
response object into bytes (``serialize``). Handlers may also expose two fast
paths that the framework prefers when present:

* ``_serialize_sync(media, content_type=None) -> bytes``
* ``_deserialize_sync(data: bytes) -> object`` (the whole body, already read)

Both are ``None`` on the base class; a handler sets them (usually in
``__init__``, and only for its exact class so that subclasses overriding
``serialize``/``deserialize`` are honoured).
"""

from __future__ import annotations

import abc
import io
from collections.abc import Callable
from typing import Any, Protocol

from restcore.constants import MEDIA_JSON
from restcore.typing import AsyncReadableIO, ReadableIO

__all__ = [
    "BaseHandler",
    "BinaryBaseHandlerWS",
    "DeserializeSync",
    "MediaSerializationError",
    "ReadableIO",
    "SerializeSync",
    "TextBaseHandlerWS",
]


class SerializeSync(Protocol):
    """The optional serialization fast path of a handler."""

    def __call__(self, media: Any, content_type: str | None = ..., /) -> bytes:
        """Serialize ``media`` to bytes."""
        ...


DeserializeSync = Callable[[bytes], Any]
"""The optional deserialization fast path: the whole body in, the object out."""


class MediaSerializationError(TypeError):
    """A response media object could not be serialized by its handler.

    Raised while rendering the response body; the application treats it like
    any other unhandled exception (a 500 through its error handling). It is a
    :class:`TypeError` because that is what Falcon's stdlib-based JSON handler
    raises for an unserializable value; the original error is the ``__cause__``.
    """


_JSON_NEEDS_SYNC = (
    "The JSON media handler requires the sync interface to be implemented, "
    "because the framework uses it internally."
)


class BaseHandler(metaclass=abc.ABCMeta):  # noqa: B024 (Falcon's ABC has no abstract methods)
    """Abstract base class for an Internet media type handler."""

    _serialize_sync: SerializeSync | None = None
    _deserialize_sync: DeserializeSync | None = None

    exhaust_stream: bool = False
    """Whether the input stream is drained after deserialization."""

    def serialize(self, media: object, content_type: str) -> bytes:
        """Serialize a response media object.

        Args:
            media: A serializable object.
            content_type: The response content type.

        Returns:
            The serialized bytes.

        Raises:
            NotImplementedError: The handler does not support serialization.
        """
        if MEDIA_JSON in content_type:
            raise NotImplementedError(_JSON_NEEDS_SYNC)
        raise NotImplementedError

    async def serialize_async(self, media: object, content_type: str) -> bytes:
        """Serialize a response media object (asynchronous wrapper of serialize).

        Args:
            media: A serializable object.
            content_type: The response content type.

        Returns:
            The serialized bytes.
        """
        return self.serialize(media, content_type)

    def deserialize(
        self,
        stream: ReadableIO,
        content_type: str | None,
        content_length: int | None,
    ) -> object:
        """Deserialize a request body.

        Args:
            stream: The readable body stream.
            content_type: The request content type.
            content_length: The body length, or ``None`` when unknown.

        Returns:
            The deserialized object.

        Raises:
            NotImplementedError: The handler does not support deserialization.
        """
        if content_type and MEDIA_JSON in content_type:
            raise NotImplementedError(_JSON_NEEDS_SYNC)
        raise NotImplementedError

    async def deserialize_async(
        self,
        stream: AsyncReadableIO,
        content_type: str | None,
        content_length: int | None,
    ) -> object:
        """Deserialize a request body read from an asynchronous stream.

        The whole body is read, then handed to :meth:`deserialize`.

        Args:
            stream: The asynchronous body stream.
            content_type: The request content type.
            content_length: Ignored: the length of the data read is used.

        Returns:
            The deserialized object.
        """
        data = await stream.read()
        return self.deserialize(io.BytesIO(data), content_type, len(data))


class TextBaseHandlerWS(metaclass=abc.ABCMeta):  # noqa: B024 (mirrors Falcon's ABC)
    """Abstract base class for a WebSocket TEXT payload handler.

    restcore serves WSGI only; the class exists so that Falcon code defining
    such handlers still imports and type-checks.
    """

    def serialize(self, media: object) -> str:
        """Serialize a media object to a TEXT payload.

        Args:
            media: A serializable object.

        Returns:
            The payload text.

        Raises:
            NotImplementedError: Always, unless overridden.
        """
        raise NotImplementedError

    def deserialize(self, payload: str) -> object:
        """Deserialize a TEXT payload.

        Args:
            payload: The payload text.

        Returns:
            The deserialized object.

        Raises:
            NotImplementedError: Always, unless overridden.
        """
        raise NotImplementedError


class BinaryBaseHandlerWS(metaclass=abc.ABCMeta):  # noqa: B024 (mirrors Falcon's ABC)
    """Abstract base class for a WebSocket BINARY payload handler.

    restcore serves WSGI only; the class exists so that Falcon code defining
    such handlers still imports and type-checks.
    """

    def serialize(self, media: object) -> bytes | bytearray | memoryview:
        """Serialize a media object to a BINARY payload.

        Args:
            media: A serializable object.

        Returns:
            The payload bytes.

        Raises:
            NotImplementedError: Always, unless overridden.
        """
        raise NotImplementedError

    def deserialize(self, payload: bytes) -> object:
        """Deserialize a BINARY payload.

        Args:
            payload: The payload bytes.

        Returns:
            The deserialized object.

        Raises:
            NotImplementedError: Always, unless overridden.
        """
        raise NotImplementedError
