import decimal
import functools
import io
import json
import math
from typing import Any

import falcon
import falcon.media
import falcon.testing
import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

import restcore
import restcore.testing
from restcore import errors
from restcore.media import JSONHandler, JSONHandlerWS
from restcore.media.base import MediaSerializationError
from restcore.media.json import _has_long_digit_run

VALID_DOCUMENTS = [
    b"{}",
    b"[]",
    b"0",
    b"-0",
    b"1.5",
    b"-1.25e-5",
    b"1E+2",
    b"true",
    b"false",
    b"null",
    b'""',
    b'"text"',
    b'"\\u00e9\\n\\t\\"\\\\\\/"',
    b'"\\ud83d\\ude00"',
    '"é ☃ 😀"'.encode(),
    b'{"a": 1, "b": [1, 2, {"c": null}]}',
    b'{"a":1,"a":2}',
    b" \t\r\n{ } \n",
    b"[1, 2.0, -3, 4e10, 5.5E-3]",
    b"9223372036854775807",
    b"-9223372036854775808",
    b"18446744073709551615",
    b"12345678901234567890",
    b'"12345678901234567890123"',
    b'{"12345678901234567890123": "x"}',
    b"1234567890123456789012.5",
    b"1.5e308",
    b"[" * 200 + b"]" * 200,
    b'{"nested": ' * 100 + b"1" + b"}" * 100,
    b'["\\"12345678901234567890123"]',
    b'{"k": "v", "list": ["a", "b"], "n": -12.75}',
]

MALFORMED_DOCUMENTS = [
    b"{",
    b"[1, 2",
    b'{"a": }',
    b'{"a" 1}',
    b"[1,]",
    b"{,}",
    b"'single'",
    b'"unterminated',
    b"tru",
    b"nul",
    b"01",
    b"1.",
    b".5",
    b"+1",
    b"1 2",
    b"[] []",
    b"\xff",
    b'"\xc3"',
    b"   ",
    b"\x00",
    b'"\x01"',
    b"{'a': 1}",
    b'{"a": 1,}',
    b"[\x00]",
    b"/* comment */ 1",
    b"1e",
    b"-",
    b"--1",
    b"\xef\xbb\xbf{}",
    b'"\\x41"',
]

# Documents Falcon (stdlib json) accepts but restcore rejects with a 400;
# see docs/media.md, "Hostile JSON".
REJECTED_BY_RESTCORE = [
    b"NaN",
    b"[Infinity]",
    b"-Infinity",
    b'{"x": NaN}',
    b'"\\ud800"',
    b'"\\udc00 lone low"',
    b'"\\ud83d"',
    b"1e400",
    b"-1e400",
    b"18446744073709551616",
    b"-9223372036854775809",
    b"[1, 123456789012345678901234567890]",
    b'{"big": -123456789012345678901234567890}',
    b"1" * 300,
    b"[" * 1100 + b"]" * 1100,
    b'{"a":' * 2000 + b"1" + b"}" * 2000,
]


def falcon_parse(data: bytes) -> Any:
    return falcon.media.JSONHandler().deserialize(
        io.BytesIO(data), "application/json", len(data)
    )


def restcore_parse(data: bytes, handler: JSONHandler | None = None) -> Any:
    handler = handler or JSONHandler()
    return handler.deserialize(io.BytesIO(data), "application/json", len(data))


@pytest.mark.parametrize("data", VALID_DOCUMENTS)
def test_valid_documents_parse_as_falcon(data: bytes) -> None:
    assert restcore_parse(data) == falcon_parse(data)


@pytest.mark.parametrize("data", VALID_DOCUMENTS)
def test_fast_path_matches_deserialize(data: bytes) -> None:
    handler = JSONHandler()
    assert handler._deserialize_sync is not None
    assert handler._deserialize_sync(data) == restcore_parse(data, handler)


@pytest.mark.parametrize("data", MALFORMED_DOCUMENTS)
def test_malformed_documents_are_400_as_in_falcon(data: bytes) -> None:
    with pytest.raises(falcon.MediaMalformedError) as falcon_error:
        falcon_parse(data)
    with pytest.raises(errors.MediaMalformedError) as our_error:
        restcore_parse(data)
    assert our_error.value.status == falcon_error.value.status
    assert our_error.value.title == falcon_error.value.title == "Invalid JSON"
    assert isinstance(our_error.value.__cause__, ValueError)
    assert our_error.value.description.startswith("Could not parse JSON body - ")


@pytest.mark.parametrize("data", REJECTED_BY_RESTCORE)
def test_hostile_documents_are_400(data: bytes) -> None:
    with pytest.raises(errors.MediaMalformedError) as exc_info:
        restcore_parse(data)
    assert exc_info.value.status == falcon.HTTP_400
    assert exc_info.value.title == "Invalid JSON"


@pytest.mark.parametrize(
    "data",
    [b"NaN", b'"\\ud800"', b"18446744073709551616", b"1e400"],
)
def test_documented_difference_falcon_accepts(data: bytes) -> None:
    falcon_parse(data)  # no exception: Falcon accepts these
    with pytest.raises(errors.MediaMalformedError):
        restcore_parse(data)


# Deep enough for the stdlib parser of every current CPython to hit
# RecursionError (3.13 parses 5,000 levels; 3.11 stops near 1,000).
TOO_DEEP = b"[" * 100_000 + b"]" * 100_000


def test_deep_nesting_is_400_in_restcore_but_500_in_falcon() -> None:
    data = TOO_DEEP
    with pytest.raises(RecursionError):
        falcon_parse(data)
    with pytest.raises(errors.MediaMalformedError):
        restcore_parse(data)


def test_nesting_up_to_the_limit_is_accepted() -> None:
    depth = 1024
    result = restcore_parse(b"[" * depth + b"]" * depth)
    for _ in range(depth - 1):
        result = result[0]
    assert result == []


@pytest.mark.parametrize(
    ("literal", "accepted"),
    [
        (b"18446744073709551615", True),
        (b"18446744073709551616", False),
        (b"-9223372036854775808", True),
        (b"-9223372036854775809", False),
        (b"99999999999999999999", False),
        (b"100000000000000000000", False),
        (b"10000000000000000000.0", True),
        (b"10000000000000000000e0", True),
        (b"1.10000000000000000000000", True),
        (b"1e-10000000000000000000", True),
    ],
)
def test_integer_range_boundaries(literal: bytes, accepted: bool) -> None:
    for data in (literal, b"[" + literal + b"]", b'{"k": ' + literal + b"}"):
        if accepted:
            assert restcore_parse(data) is not None
        else:
            with pytest.raises(errors.MediaMalformedError) as exc_info:
                restcore_parse(data)
            assert "outside the supported range" in exc_info.value.description


def test_long_digit_runs_in_strings_are_not_integers() -> None:
    data = b'{"a": "\\"99999999999999999999999", "b": "x\\\\", "c": 1}'
    assert restcore_parse(data) == json.loads(data)


def test_huge_number_scan_is_linear() -> None:
    # 1 MB of digits: a quadratic scan would not finish; orjson rejects it first.
    with pytest.raises(errors.MediaMalformedError):
        restcore_parse(b"1" * 1_000_000 + b".5")


@pytest.mark.parametrize("data", [b"", None])
def test_empty_body_is_media_not_found(data: bytes | None) -> None:
    body = data or b""
    with pytest.raises(falcon.MediaNotFoundError) as falcon_error:
        falcon_parse(body)
    with pytest.raises(errors.MediaNotFoundError) as our_error:
        restcore_parse(body)
    assert our_error.value.description == falcon_error.value.description
    assert our_error.value.title == falcon_error.value.title


SERIALIZABLE = [
    {"message": "Hello World"},
    {"a": [1, 2.5, None, True, False, "é😀"]},
    [],
    "text",
    0,
    -1.5,
    None,
    {"nested": {"deep": [[[]]]}},
    (1, 2),
    {1: "int key", 2.5: "float key", None: "none key", False: "bool key"},
    {"big": 2**70},
    [-(2**64)],
    "ctrl \x00 \x1f \u2028",
]


@pytest.mark.parametrize("media", SERIALIZABLE)
def test_serialization_parses_back_like_falcon(media: Any) -> None:
    ours = JSONHandler().serialize(media, "application/json")
    theirs = falcon.media.JSONHandler().serialize(media, "application/json")
    assert isinstance(ours, bytes)
    assert json.loads(ours) == json.loads(theirs)


@pytest.mark.parametrize("media", SERIALIZABLE)
def test_serialize_fast_path_matches(media: Any) -> None:
    handler = JSONHandler()
    assert handler._serialize_sync is not None
    assert handler._serialize_sync(media) == handler.serialize(
        media, "application/json"
    )


def test_output_is_compact_unlike_falcon() -> None:
    media = {"id": 5, "tags": ["a", "b"]}
    assert (
        JSONHandler().serialize(media, "application/json")
        == b'{"id":5,"tags":["a","b"]}'
    )
    assert falcon.media.JSONHandler().serialize(media, "application/json") == (
        b'{"id": 5, "tags": ["a", "b"]}'
    )


@pytest.mark.parametrize(
    "media",
    [
        {1, 2},
        object(),
        {"x": decimal.Decimal("1.5")},
        "lone \ud800 surrogate",
        {"k": b"bytes"},
        {(1, 2): "tuple key"},
        [float("nan"), 2**70],  # the stdlib fallback refuses NaN
    ],
)
def test_unserializable_media_raises_serialization_error(media: Any) -> None:
    with pytest.raises(MediaSerializationError) as exc_info:
        JSONHandler().serialize(media, "application/json")
    assert isinstance(exc_info.value, TypeError)
    assert exc_info.value.__cause__ is not None


def test_circular_media_raises_serialization_error() -> None:
    media: list[Any] = []
    media.append(media)
    with pytest.raises(MediaSerializationError):
        JSONHandler().serialize(media, "application/json")


def test_nan_is_serialized_as_null_not_invalid_json() -> None:
    data = JSONHandler().serialize(
        {"x": float("nan"), "y": math.inf}, "application/json"
    )
    assert json.loads(data) == {"x": None, "y": None}


def test_custom_stdlib_dumps_returning_str() -> None:
    handler = JSONHandler(
        dumps=functools.partial(json.dumps, sort_keys=True, default=str)
    )
    assert (
        handler.serialize({"b": {1}, "a": 1}, "application/json")
        == b'{"a": 1, "b": "{1}"}'
    )
    assert handler._serialize_sync is not None
    assert handler._serialize_sync({"x": "é"}) == b'{"x": "\\u00e9"}'


def test_custom_dumps_returning_bytes() -> None:
    handler = JSONHandler(
        dumps=functools.partial(orjson.dumps, option=orjson.OPT_SORT_KEYS)
    )
    assert handler.serialize({"b": 1, "a": 2}, "application/json") == b'{"a":2,"b":1}'


def test_custom_dumps_errors_propagate_unchanged() -> None:
    handler = JSONHandler(dumps=json.dumps)
    with pytest.raises(TypeError) as exc_info:
        handler.serialize({1, 2}, "application/json")
    assert not isinstance(exc_info.value, MediaSerializationError)


def test_custom_loads_receives_text() -> None:
    seen: list[Any] = []

    def loads(text: str) -> Any:
        seen.append(text)
        return json.loads(text)

    assert restcore_parse('{"é": 1}'.encode(), JSONHandler(loads=loads)) == {"é": 1}
    assert seen[-1] == '{"é": 1}'


def test_custom_stdlib_loads_keeps_falcon_semantics() -> None:
    handler = JSONHandler(loads=json.loads)
    assert math.isnan(restcore_parse(b"NaN", handler))
    with pytest.raises(errors.MediaMalformedError):
        restcore_parse(b"\xff", handler)
    with pytest.raises(errors.MediaMalformedError):  # RecursionError becomes a 400
        restcore_parse(TOO_DEEP, handler)
    with pytest.raises(errors.MediaNotFoundError):
        restcore_parse(b"", handler)


class CustomLoadsError(Exception):
    pass


def custom_loads(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as ex:
        raise CustomLoadsError(str(ex)) from None


def test_custom_loads_error_type_is_detected() -> None:
    handler = JSONHandler(loads=custom_loads)
    with pytest.raises(errors.MediaMalformedError) as exc_info:
        restcore_parse(b"{", handler)
    assert isinstance(exc_info.value.__cause__, CustomLoadsError)
    falcon_handler = falcon.media.JSONHandler(loads=custom_loads)
    with pytest.raises(falcon.MediaMalformedError):
        falcon_handler.deserialize(io.BytesIO(b"{"), "application/json", 1)


def test_subclass_does_not_get_fast_paths() -> None:
    class Custom(JSONHandler):
        def serialize(self, media: object, content_type: str | None = None) -> bytes:
            return b"custom"

    handler = Custom()
    assert handler._serialize_sync is None
    assert handler._deserialize_sync is None
    assert JSONHandler()._deserialize_sync is not None


def test_async_wrappers() -> None:
    import asyncio

    class AsyncStream:
        async def read(self, size: int | None = -1) -> bytes:
            return b'{"a": 1}'

    handler = JSONHandler()
    assert asyncio.run(
        handler.deserialize_async(AsyncStream(), "application/json", None)
    ) == {"a": 1}
    assert asyncio.run(handler.serialize_async([1], "application/json")) == b"[1]"


def test_websocket_handler() -> None:
    handler = JSONHandlerWS()
    assert handler.serialize({"a": "é"}) == '{"a":"é"}'
    assert handler.deserialize('{"a": [1]}') == {"a": [1]}
    custom = JSONHandlerWS(dumps=json.dumps, loads=json.loads)
    assert custom.serialize({"a": 1}) == '{"a": 1}'


# -- The digit-run prefilter of the integer-range check ------------------------------


def _longest_digit_run(data: bytes) -> int:
    longest = current = 0
    for byte in data:
        current = current + 1 if 0x30 <= byte <= 0x39 else 0
        longest = max(longest, current)
    return longest


@given(
    st.lists(
        st.one_of(
            st.text("0123456789", min_size=1, max_size=25).map(str.encode),
            st.binary(min_size=1, max_size=4),
        ),
        max_size=12,
    ).map(b"".join)
)
def test_digit_run_check_equals_the_naive_one(data: bytes) -> None:
    assert _has_long_digit_run(data) == (_longest_digit_run(data) >= 19)


@pytest.mark.parametrize("offset", range(6))
@pytest.mark.parametrize("length", [18, 19, 20])
def test_digit_run_is_found_at_every_alignment(offset: int, length: int) -> None:
    data = b"x" * offset + b"7" * length + b",1]"
    assert _has_long_digit_run(data) == (length >= 19)


@pytest.mark.parametrize("offset", range(4))
def test_big_integers_are_refused_at_every_alignment(offset: int) -> None:
    document = b"[" + b" " * offset + b"18446744073709551616]"
    with pytest.raises(errors.MediaMalformedError):
        JSONHandler().deserialize(io.BytesIO(document), "application/json", None)


class _ParamAndBody:
    def on_post(self, req: Any, resp: Any) -> None:
        resp.media = {"body": req.get_media(), "param": req.get_param_as_json("p")}


def _post(framework: Any, app: Any) -> Any:
    testing = framework.testing
    client = testing.TestClient(app)
    return client.simulate_post("/", json={"a": 1}, params={"p": "[1]"}).json


@pytest.mark.parametrize("framework", [falcon, restcore], ids=["falcon", "restcore"])
def test_loads_replaced_after_construction_is_used(framework: Any) -> None:
    app = framework.App()
    app.add_route("/", _ParamAndBody())
    handler = app.req_options.media_handlers[framework.MEDIA_JSON]
    handler._loads = lambda text: {"parsed": text}
    assert _post(framework, app) == {
        "body": {"parsed": '{"a": 1}'},
        "param": {"parsed": "[1]"},
    }
    assert handler._loads("x") == {"parsed": "x"}


def test_loads_replaced_after_a_first_request() -> None:
    """The documented difference: an already-resolved media type keeps its parser
    until the handler is registered again (docs/differences.md)."""
    app = restcore.App()
    app.add_route("/", _ParamAndBody())
    handlers = app.req_options.media_handlers
    handler = handlers[restcore.MEDIA_JSON]
    assert _post(restcore, app) == {"body": {"a": 1}, "param": [1]}
    handler._loads = lambda text: {"parsed": text}
    assert _post(restcore, app) == {"body": {"a": 1}, "param": {"parsed": "[1]"}}
    handlers[restcore.MEDIA_JSON] = handler
    assert _post(restcore, app)["body"] == {"parsed": '{"a": 1}'}


def test_replaced_loads_errors_are_learned_again() -> None:
    class ParseError(Exception):
        pass

    def strict(text: str) -> Any:
        if not text.startswith("["):
            raise ParseError(text)
        return json.loads(text)

    handler = JSONHandler()
    handler._loads = strict
    assert handler.deserialize(io.BytesIO(b"[1]"), None, 3) == [1]
    with pytest.raises(errors.MediaMalformedError):
        handler.deserialize(io.BytesIO(b"{}"), None, 2)
