import io
from typing import Any

import falcon
import falcon.media
import msgpack
import pytest

from restcore import errors
from restcore.media import MessagePackHandler, MessagePackHandlerWS
from restcore.media.base import MediaSerializationError

VALUES: list[Any] = [
    {},
    [],
    {"a": 1, "b": [1.5, None, True]},
    "é",
    b"\x00\xff",
    2**63,
    -(2**63),
    {"nested": {"x": [b"raw", "text"]}},
]

MALFORMED = [
    b"\xc1",
    b"\x92\x01",
    b"\xd9\x02\xff\xfe",
    b"\x91" * 3000 + b"\x01",
    b"\x81\x80\x01",
    b"\x01\x02",
    b"\x81\x01\x02",
]


def parse(handler: Any, data: bytes) -> Any:
    return handler.deserialize(io.BytesIO(data), "application/msgpack", len(data))


@pytest.mark.parametrize("value", VALUES)
def test_round_trip_matches_falcon(value: Any) -> None:
    ours, theirs = MessagePackHandler(), falcon.media.MessagePackHandler()
    packed = ours.serialize(value, "application/msgpack")
    assert packed == theirs.serialize(value, "application/msgpack")
    assert parse(ours, packed) == parse(theirs, packed) == value
    assert ours._serialize_sync is not None
    assert ours._deserialize_sync is not None
    assert ours._serialize_sync(value) == packed
    assert ours._deserialize_sync(packed) == value


@pytest.mark.parametrize("data", MALFORMED)
def test_malformed_is_400_like_falcon(data: bytes) -> None:
    with pytest.raises(falcon.MediaMalformedError) as falcon_error:
        parse(falcon.media.MessagePackHandler(), data)
    with pytest.raises(errors.MediaMalformedError) as our_error:
        parse(MessagePackHandler(), data)
    assert our_error.value.title == falcon_error.value.title == "Invalid MessagePack"


def test_empty_is_media_not_found() -> None:
    with pytest.raises(errors.MediaNotFoundError) as exc_info:
        parse(MessagePackHandler(), b"")
    assert exc_info.value.description == "Could not parse an empty MessagePack body"


@pytest.mark.parametrize("value", [{1, 2}, object(), 2**64, {"a": object()}])
def test_unserializable_raises_serialization_error(value: Any) -> None:
    with pytest.raises(MediaSerializationError):
        MessagePackHandler().serialize(value, "application/msgpack")


def test_websocket_handler() -> None:
    handler = MessagePackHandlerWS()
    assert handler.deserialize(handler.serialize({"a": b"x"})) == {"a": b"x"}
    assert handler.serialize([1]) == msgpack.packb([1])
