from __future__ import annotations

import math
import uuid
from datetime import UTC, datetime
from typing import Any

import falcon.routing
import pytest

from restcore.routing import (
    BaseConverter,
    DateTimeConverter,
    FloatConverter,
    IntConverter,
    PathConverter,
    RegexConverter,
    UUIDConverter,
)

UUID_TEXT = "0fd4c8c6-bd72-11e2-8e47-db5ebd4c8125"

SAME_AS_FALCON: list[tuple[str, tuple[Any, ...], dict[str, Any], str]] = [
    ("IntConverter", (), {}, "42"),
    ("IntConverter", (), {}, "-42"),
    ("IntConverter", (), {}, "0042"),
    ("IntConverter", (), {}, ""),
    ("IntConverter", (), {}, "4.2"),
    ("IntConverter", (), {}, "x"),
    ("IntConverter", (3,), {}, "123"),
    ("IntConverter", (3,), {}, "1234"),
    ("IntConverter", (3,), {}, "-12"),
    ("IntConverter", (), {"min": 5}, "4"),
    ("IntConverter", (), {"min": 5}, "5"),
    ("IntConverter", (), {"max": 5}, "6"),
    ("IntConverter", (), {"min": -5, "max": 5}, "-5"),
    ("FloatConverter", (), {}, "1.5"),
    ("FloatConverter", (), {}, "-1.5e3"),
    ("FloatConverter", (), {}, "inf"),
    ("FloatConverter", (), {}, "nan"),
    ("FloatConverter", (), {"finite": False}, "-inf"),
    ("FloatConverter", (), {}, ".5"),
    ("FloatConverter", (), {}, "x"),
    ("FloatConverter", (), {"min": 1.0}, "0.5"),
    ("FloatConverter", (), {"max": 1.0}, "1.5"),
    ("DateTimeConverter", (), {}, "2024-01-31T12:30:00Z"),
    ("DateTimeConverter", (), {}, "2024-01-31T12:30:00+05:30"),
    ("DateTimeConverter", (), {}, "2024-01-31"),
    ("DateTimeConverter", ("%Y-%m-%d",), {}, "2024-01-31"),
    ("DateTimeConverter", ("%Y-%m-%d",), {}, "2024-02-30"),
    # Whitespace the format itself has is matched, as in Falcon.
    ("DateTimeConverter", ("%m-%d-%y ",), {}, "07-03-17 "),
    ("DateTimeConverter", ("%m-%d-%y",), {}, "07-03-17 "),
    ("UUIDConverter", (), {}, UUID_TEXT),
    ("UUIDConverter", (), {}, UUID_TEXT.upper()),
    ("UUIDConverter", (), {}, UUID_TEXT.replace("-", "")),
    ("UUIDConverter", (), {}, "{" + UUID_TEXT + "}"),
    ("UUIDConverter", (), {}, "urn:uuid:" + UUID_TEXT),
    ("UUIDConverter", (), {}, UUID_TEXT[:-1]),
    ("UUIDConverter", (), {}, UUID_TEXT[:-1] + "z"),
    ("UUIDConverter", (), {}, UUID_TEXT + "0"),
    ("UUIDConverter", (), {}, "0" * 36),
    ("UUIDConverter", (), {}, ""),
    ("RegexConverter", ("[a-z]+",), {}, "abc"),
    ("RegexConverter", ("[a-z]+",), {}, "abc1"),
    ("RegexConverter", ("v(?P<n>[0-9]+)",), {"group": "n"}, "v12"),
    ("RegexConverter", ("v(?P<n>[0-9]+)?",), {"group": "n"}, "v"),
]


@pytest.mark.parametrize(("name", "args", "kwargs", "value"), SAME_AS_FALCON)
def test_convert_same_as_falcon(
    name: str, args: tuple[Any, ...], kwargs: dict[str, Any], value: str
) -> None:
    ours = getattr(__import__("restcore.routing").routing, name)(*args, **kwargs)
    theirs = getattr(falcon.routing, name)(*args, **kwargs)
    expected = theirs.convert(value)
    got = ours.convert(value)
    assert type(got) is type(expected)
    if isinstance(expected, float) and math.isnan(expected):
        assert math.isnan(got)
    else:
        assert got == expected


# Deliberate differences (docs/routing.md): Falcon accepts these, restcore does not.
STRICTER: list[tuple[BaseConverter, Any, str]] = [
    (IntConverter(), falcon.routing.IntConverter(), "\u0661"),
    (IntConverter(), falcon.routing.IntConverter(), "\u0661\u0662"),
    (IntConverter(), falcon.routing.IntConverter(), "+1"),
    (IntConverter(), falcon.routing.IntConverter(), "0_1"),
    (IntConverter(), falcon.routing.IntConverter(), "1_000"),
    (IntConverter(), falcon.routing.IntConverter(), "\uff11"),
    (IntConverter(2), falcon.routing.IntConverter(2), "+1"),
    (FloatConverter(), falcon.routing.FloatConverter(), "+1.5"),
    (FloatConverter(), falcon.routing.FloatConverter(), "1_0.5"),
    (FloatConverter(), falcon.routing.FloatConverter(), "\u0661.5"),
    (
        DateTimeConverter("%Y"),
        falcon.routing.DateTimeConverter("%Y"),
        "\u0662\u0660\u0662\u0664",
    ),
    (UUIDConverter(), falcon.routing.UUIDConverter(), UUID_TEXT[:-2] + "_5"),
    (UUIDConverter(), falcon.routing.UUIDConverter(), "0x" + "0" * 30),
]


@pytest.mark.parametrize(("ours", "theirs", "value"), STRICTER)
def test_stricter_than_falcon(ours: BaseConverter, theirs: Any, value: str) -> None:
    assert theirs.convert(value) is not None
    assert ours.convert(value) is None


@pytest.mark.parametrize("value", [" 1", "1 ", "\t1", "1\n", "-", "--1", "1-", "0x1"])
def test_int_rejects_non_digits(value: str) -> None:
    assert IntConverter().convert(value) is None


def test_uuid_fast_path_builds_a_real_uuid() -> None:
    converted = UUIDConverter().convert(UUID_TEXT)
    expected = uuid.UUID(UUID_TEXT)
    assert converted == expected
    assert hash(converted) == hash(expected)
    assert str(converted) == UUID_TEXT
    assert converted is not None
    assert converted.is_safe is uuid.SafeUUID.unknown
    assert converted.version == expected.version


def test_path_converter_joins_segments() -> None:
    assert PathConverter.CONSUME_MULTIPLE_SEGMENTS is True
    assert PathConverter().convert(["a", "", "b"]) == "a//b"


def test_datetime_default_format_is_timezone_aware() -> None:
    converted = DateTimeConverter().convert("2024-01-31T12:30:00Z")
    assert converted == datetime(2024, 1, 31, 12, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((b"x",), "bytes patterns are not supported"),
        (("(",), "invalid regex pattern for RegexConverter"),
        (("x", "g"), "does not contain named group 'g'"),
    ],
)
def test_regex_converter_errors(args: tuple[Any, ...], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        RegexConverter(*args)


def test_int_converter_rejects_zero_digits() -> None:
    with pytest.raises(ValueError, match="num_digits must be at least 1"):
        IntConverter(0)


def test_base_converter_is_abstract() -> None:
    with pytest.raises(TypeError):
        BaseConverter()


@pytest.mark.parametrize(
    "text",
    [
        "0xd4c8c6-bd72-11e2-8e47-db5ebd4c8125",  # int(_, 16) takes a 0x prefix
        "0fd4_8c6-bd72-11e2-8e47-db5ebd4c8125",  # ... underscores
        "+fd4c8c6-bd72-11e2-8e47-db5ebd4c8125",  # ... a sign
        " fd4c8c6-bd72-11e2-8e47-db5ebd4c8125",  # ... spaces
        "\u0660fd4c8c6-bd72-11e2-8e47-db5ebd4c8125",  # ... non-ASCII digits
        "0fd4c8c6-bd72-11e2-8e47-db5ebd4c812g",
        "0fd4c8c6-bd72-11e2-8e47-db5ebd4c81-5",
        "0fd4c8c6-bd72-11e2-8e47-db5ebd4c81255",
    ],
)
def test_uuid_canonical_fast_path_refuses_what_int_would_take(text):
    from restcore.routing.converters import UUIDConverter

    assert UUIDConverter().convert(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "0fd4c8c6-bd72-11e2-8e47-db5ebd4c8125",
        "0FD4C8C6-BD72-11E2-8E47-DB5EBD4C8125",
        "00000000-0000-0000-0000-000000000000",
        "ffffffff-ffff-ffff-ffff-ffffffffffff",
    ],
)
def test_uuid_canonical_fast_path_equals_stdlib(text):
    import uuid

    from restcore.routing.converters import UUIDConverter

    converted = UUIDConverter().convert(text)
    assert converted == uuid.UUID(text)
    assert repr(converted) == repr(uuid.UUID(text))
    assert converted.is_safe == uuid.UUID(text).is_safe
