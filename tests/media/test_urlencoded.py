import io
from typing import Any

import falcon
import falcon.media
import pytest

from restcore import errors
from restcore.media import URLEncodedFormHandler

BODIES = [
    b"",
    b"a=1",
    b"a=1&b=2",
    b"a=1&a=2&a=3",
    b"a=",
    b"a",
    b"=x",
    b"&&a=1&&",
    b"a=1;b=2",
    b"a=x+y",
    b"a=%20%2B%26%3D",
    b"a=%C3%A9",
    b"%C3%A9=%E2%98%83",
    b"a=%ff",
    b"a=%zz&b=%4",
    b"a=%",
    b"a=%%41",
    b"a=1,2,3",
    b"a=1,,3",
    b"a=,",
    b"a=1&a=",
    b"a=&a=",
    b"a+b=c+d",
    b"a=%00",
    b"a==b",
    b"a=b=c",
    b"k%5B%5D=1&k%5B%5D=2",
    b"x=" + b"y" * 5000,
    b"a=1&b=&c=3&c=,",
    b"a=%E2%82",
    b"empty&empty=&empty=x",
]

NON_ASCII = [b"a=\xff", "a=é".encode(), b"\x80", "é=1".encode()]


def falcon_parse(data: bytes, **options: bool) -> Any:
    handler = falcon.media.URLEncodedFormHandler(**options)
    return handler.deserialize(
        io.BytesIO(data), "application/x-www-form-urlencoded", len(data)
    )


def our_parse(data: bytes, **options: bool) -> Any:
    handler = URLEncodedFormHandler(**options)
    return handler.deserialize(
        io.BytesIO(data), "application/x-www-form-urlencoded", len(data)
    )


OPTIONS = [{}, {"keep_blank": False}, {"csv": True}, {"keep_blank": False, "csv": True}]


@pytest.mark.parametrize("options", OPTIONS, ids=repr)
@pytest.mark.parametrize("data", BODIES)
def test_parsing_matches_falcon(data: bytes, options: dict[str, bool]) -> None:
    assert our_parse(data, **options) == falcon_parse(data, **options)


@pytest.mark.parametrize("data", BODIES)
def test_fast_path_matches(data: bytes) -> None:
    handler = URLEncodedFormHandler()
    assert handler._deserialize_sync is not None
    assert handler._deserialize_sync(data) == our_parse(data)


@pytest.mark.parametrize("data", NON_ASCII)
def test_non_ascii_is_400_like_falcon(data: bytes) -> None:
    with pytest.raises(falcon.MediaMalformedError) as falcon_error:
        falcon_parse(data)
    with pytest.raises(errors.MediaMalformedError) as our_error:
        our_parse(data)
    assert our_error.value.title == falcon_error.value.title == "Invalid URL-encoded"
    # restcore's own words, never the codec's (docs/differences.md).
    assert "codec" in falcon_error.value.description
    byte = min(data.index(b) for b in data if b > 0x7F)
    assert our_error.value.description == (
        f"Could not parse URL-encoded body - the body is not ASCII text (byte {byte})"
    )


SERIALIZABLE: list[Any] = [
    {},
    {"a": "1"},
    {"a": ["1", "2"], "b": "x y"},
    [("a", "1"), ("a", "2")],
    {"é": "☃", "&": "="},
    {"n": 1, "f": 1.5, "t": True},
]


@pytest.mark.parametrize("media", SERIALIZABLE)
def test_serialization_matches_falcon(media: Any) -> None:
    expected = falcon.media.URLEncodedFormHandler().serialize(media, "x")
    assert URLEncodedFormHandler().serialize(media, "x") == expected
    handler = URLEncodedFormHandler()
    assert handler._serialize_sync is not None
    assert handler._serialize_sync(media) == expected


def test_subclass_does_not_get_fast_paths() -> None:
    class Custom(URLEncodedFormHandler):
        pass

    assert Custom()._deserialize_sync is None
