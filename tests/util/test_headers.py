"""Header refusal (restcore.util.headers), bounded numbers, parse-error words,
and the plain 500 a response that cannot start becomes."""

from __future__ import annotations

import io
import json
import math
import wsgiref.validate
from typing import Any

import orjson
import pytest

import restcore
import restcore.testing
from restcore.routing.converters import FloatConverter, IntConverter
from restcore.util.headers import (
    UnsafeHeaderError,
    refuse_header_name,
    refuse_header_value,
)
from restcore.util.numbers import MAX_INT_TEXT, is_within, parse_int
from restcore.util.parse_errors import OwnWordsError, describe_parse_error


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("a\x01", "control character U\\+0001"),
        ("\x7f", "control character U\\+007F"),
        ("\x85", "control character U\\+0085"),
        ("\t", "control character U\\+0009"),
        ("\u20ac", "U\\+20AC is outside latin-1"),
    ],
)
def test_refused_values_name_the_header_and_why(value: str, why: str) -> None:
    with pytest.raises(UnsafeHeaderError, match=f"header 'X-A' refused: the.* {why}"):
        refuse_header_value("X-A", value)


@pytest.mark.parametrize("value", ["", "plain", "caf\xe9", "\xa0\xff"])
def test_accepted_values(value: str) -> None:
    assert refuse_header_value("X-A", value) is value


@pytest.mark.parametrize("name", ["", "a b", "a:b", "\xe9", 5])
def test_refused_names(name: Any) -> None:
    with pytest.raises(UnsafeHeaderError, match="invalid header name"):
        refuse_header_name(name)
    assert refuse_header_name("X-Ok") == "X-Ok"


def test_parse_int_caps_the_text() -> None:
    assert parse_int("12") == 12
    with pytest.raises(ValueError, match="too many digits"):
        parse_int("1" * (MAX_INT_TEXT + 1))
    assert not IntConverter().convert("1" * (MAX_INT_TEXT + 1))


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_non_finite_is_never_within_bounds(value: float) -> None:
    assert not is_within(value, 0, None)
    assert FloatConverter(min=0, finite=False).convert(str(value)) is None
    assert FloatConverter(finite=False).convert(str(value)) is not None


def test_bounds() -> None:
    assert is_within(1.0, 0, 2)
    assert not is_within(3.0, 0, 2)
    assert not is_within(-1.0, 0, None)


def test_parse_error_words() -> None:
    assert describe_parse_error(OwnWordsError("mine")) == "mine"
    assert describe_parse_error(RecursionError()) == (
        "the document is nested too deeply"
    )
    assert describe_parse_error(KeyError("x")) is None
    assert describe_parse_error(None) is None
    with pytest.raises(orjson.JSONDecodeError) as info:
        orjson.loads(b"[1] 2")
    assert describe_parse_error(info.value) == (
        "unexpected data after the document at line 1, column 5"
    )
    with pytest.raises(json.JSONDecodeError) as stdlib:
        json.loads("[1 2]")  # the same position on every CPython (3.13 reworded "[1,]")
    assert describe_parse_error(stdlib.value) == "invalid syntax at line 1, column 4"


class Resource:
    def on_get(self, req: Any, resp: Any) -> None:
        resp.set_header("X-Trailing-", "x")  # a token wsgiref.validate refuses
        resp.set_cookie("c", "v")
        resp.media = {"ok": True}

    on_head = on_get


def start(app: Any, method: str = "GET") -> tuple[str, list[Any], bytes, str]:
    environ = restcore.testing.create_environ(path="/", method=method)
    log = environ["wsgi.errors"] = io.StringIO()
    seen: dict[str, Any] = {}

    def start_response(status: str, headers: Any, exc_info: Any = None) -> Any:
        seen["status"], seen["headers"] = status, headers
        return lambda data: None

    result = wsgiref.validate.validator(app)(environ, start_response)
    body = b"".join(result)
    result.close()
    return seen["status"], seen["headers"], body, log.getvalue()


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_headers_the_server_refuses_become_a_plain_500(method: str) -> None:
    app = restcore.App()
    app.add_route("/", Resource())
    reports: list[str] = []
    app.set_error_reporter(
        lambda req, ex, params, handled: reports.append(type(ex).__name__)
    )
    status, headers, body, log = start(app, method)
    assert status == "500 Internal Server Error"
    names = {name for name, _ in headers}
    assert names == {"content-type", "content-length", "vary"}  # cookie dropped
    assert body == (
        b"" if method == "HEAD" else b'{"title":"500 Internal Server Error"}'
    )
    assert log.count("AssertionError") >= 1
    assert reports == ["AssertionError"]


def test_a_failing_app_serializer_falls_back_to_the_default() -> None:
    app = restcore.App()

    class Fails:
        def on_get(self, req: Any, resp: Any) -> None:
            resp.status = "200 Bad\x01Line"

    def serializer(req: Any, resp: Any, error: Any) -> None:
        resp.set_header("X-Bad", "\x01")

    app.set_error_serializer(serializer)
    app.add_route("/", Fails())
    status, headers, body, _ = start(app)
    assert status == "500 Internal Server Error"
    assert json.loads(body) == {"title": "500 Internal Server Error"}
    assert all(name != "x-bad" for name, _ in headers)


def test_huge_ints_are_compared_not_converted() -> None:
    # math.isfinite() of an int beyond a double raises OverflowError.
    assert not is_within(10**400, 0, 10**30)
    assert is_within(10**400, 0, None)
