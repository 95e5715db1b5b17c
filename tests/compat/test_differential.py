"""The same app code, built with Falcon 4.4 and with restcore, answers alike."""

from __future__ import annotations

import json

import falcon
import pytest

import restcore

from . import diffapp
from .driver import Case, call, normalize

JSON = {"Content-Type": "application/json"}

CASES = [
    # routing and params
    Case("GET", "/things"),
    Case("GET", "/things", "limit=5&tag=a&tag=b&flag=true&q=x%20y"),
    Case("GET", "/things", "limit=abc"),
    Case("GET", "/things", "flag=maybe"),
    Case("GET", "/things", "limit="),
    Case("GET", "/things", "q=caf%C3%A9&q=last"),
    Case("GET", "/things", "q=%ZZ&tag=%"),
    Case("GET", "/things", "q=a+b&tag=&tag=x"),
    Case("GET", "/things/42"),
    Case("GET", "/things/-3"),
    Case("GET", "/things/abc"),
    Case("GET", "/things/42/items"),
    Case("POST", "/things/42/items"),
    Case("GET", "/things/"),
    Case("GET", "/nowhere"),
    Case("GET", "/"),
    Case("GET", "/caf\u00e9"),
    Case("GET", "/sink/a/b/c"),
    Case("POST", "/sink/x"),
    # JSON in and out
    Case("POST", "/things", headers=JSON, body=b'{"name": "x", "n": [1, 2.5, null]}'),
    Case("POST", "/things", headers=JSON, body=b'{"name": '),
    Case("POST", "/things", headers=JSON, body=b""),
    Case("POST", "/things", headers={"Content-Type": "text/csv"}, body=b"a,b"),
    Case("POST", "/echo", headers=JSON, body='{"caf\u00e9": "\u2603"}'.encode()),
    Case("POST", "/echo", headers=JSON, body=b"\xff\xfe"),
    Case("POST", "/echo", body=b'{"no": "content type"}'),
    Case(
        "POST",
        "/echo",
        headers={"Content-Type": "application/json; charset=utf-8"},
        body=b"[1]",
    ),
    Case("PUT", "/things/7", headers=JSON, body=b'{"a": 1}'),
    Case("PUT", "/things/7"),
    # methods: 405, OPTIONS, HEAD, unknown
    Case("PUT", "/things"),
    Case("PATCH", "/things/1"),
    Case("OPTIONS", "/things"),
    Case("OPTIONS", "/things/1"),
    Case("OPTIONS", "/nowhere"),
    Case("HEAD", "/things"),
    Case("HEAD", "/text"),
    Case("BREW", "/things"),
    Case("BREW", "/nowhere"),
    Case("WEBSOCKET", "/things"),
    Case("DELETE", "/things/9"),
    # errors
    *[
        Case("GET", f"/errors/{kind}")
        for kind in (
            "notfound",
            "bad",
            "teapot",
            "unauthorized",
            "forbidden",
            "conflict",
            "toomany",
            "status",
            "redirect",
            "moved",
            "crash",
            "custom",
            "missing_param",
            "missing_header",
            "none",
        )
    ],
    Case("GET", "/errors/invalid_param", "n=9"),
    Case("GET", "/errors/invalid_param", "n=x"),
    Case("GET", "/errors/notfound", headers={"Accept": "application/xml"}),
    Case("GET", "/errors/bad", headers={"Accept": "text/xml"}),
    Case("GET", "/errors/bad", headers={"Accept": "application/problem+json"}),
    Case("GET", "/errors/bad", headers={"Accept": "application/vnd.api+xml"}),
    Case("GET", "/errors/bad", headers={"Accept": "text/html"}),
    Case("GET", "/errors/bad", headers={"Accept": "text/html, application/json;q=0.5"}),
    Case("GET", "/nowhere", headers={"Accept": "application/xml;q=0.9, */*;q=0.1"}),
    Case("GET", "/errors/crash", headers={"Accept": "application/xml"}),
    # bodies, streams, headers, statuses
    Case("GET", "/text"),
    Case("GET", "/text", headers={"X-Name": "Ada"}),
    Case("GET", "/stream"),
    Case("GET", "/chunks"),
    Case("GET", "/data"),
    Case("GET", "/empty"),
    Case("POST", "/empty"),
    Case("PATCH", "/empty"),
    Case("GET", "/intstatus"),
    Case("POST", "/intstatus"),
    Case("GET", "/headers/x", "a=1", headers={"User-Agent": "ua/1", "X-Thing": "t"}),
    Case("GET", "/headers/x", headers={"Accept": "application/json"}),
    Case("GET", "/headers/x", headers={"Accept": "text/plain;q=0.5, application/json"}),
    Case("GET", "/headers/x", headers={"Accept": "application/xml"}),
    Case("GET", "/headers/x", headers={"Accept": "text/*"}),
    Case("GET", "/headers/x", headers={"Accept": "garbage;;;q=x"}),
    Case("GET", "/headers/%E2%82%AC"),
    Case("GET", "/cookies"),
]


@pytest.fixture(scope="module")
def apps():
    return diffapp.build(falcon), diffapp.build(restcore)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_same_response(apps, case):
    falcon_app, restcore_app = apps
    expected = normalize(call(falcon_app, case), case.method)
    actual = normalize(call(restcore_app, case), case.method)
    assert actual == expected


def test_deep_json_is_400_where_falcon_gives_500(apps):
    # A documented difference: Falcon's stdlib parser hits RecursionError. How
    # deep that takes depends on the interpreter (CPython 3.13 parses 5,000
    # levels); 100,000 is past every current CPython's limit, checked here.
    depth = 100_000
    with pytest.raises(RecursionError):
        json.loads("[" * depth + "]" * depth)
    case = Case("POST", "/things", headers=JSON, body=b"[" * depth + b"]" * depth)
    assert call(apps[0], case).status.startswith("500")
    outcome = call(apps[1], case)
    assert outcome.status == "400 Bad Request"
    assert json.loads(outcome.body)["title"] == "Invalid JSON"


def test_enough_cases():
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=str)
def test_no_client_input_gives_5xx_except_app_crash(apps, case):
    outcome = call(apps[1], case)
    if case.path == "/errors/crash":
        assert outcome.status.startswith("500")
        assert b"secret detail" not in outcome.body
        assert "secret detail" in outcome.errors
    else:
        assert not outcome.status.startswith("5"), (case, outcome.status)


def test_json_is_compact_a_documented_difference(apps):
    case = Case("GET", "/things/5")
    falcon_body = call(apps[0], case).body
    restcore_body = call(apps[1], case).body
    assert json.loads(falcon_body) == json.loads(restcore_body)
    assert restcore_body == b'{"id":5,"type":"int"}'
    assert falcon_body == b'{"id": 5, "type": "int"}'


@pytest.mark.parametrize(
    "case",
    [
        Case("GET", "/hello/ada"),
        Case("GET", "/nowhere"),
        Case("PUT", "/hello/x"),
        Case("OPTIONS", "/hello/x"),
    ],
    ids=str,
)
def test_text_default_media_type(case):
    expected = normalize(call(diffapp.build_text_default(falcon), case))
    actual = normalize(call(diffapp.build_text_default(restcore), case))
    assert actual == expected


MW_CASES = [
    Case("GET", "/mw"),
    Case("GET", "/mw", "crash=1"),
    Case("GET", "/nowhere"),
    Case("PUT", "/mw"),
    *[Case("GET", "/mw", headers={"X-Fail-Req": name}) for name in ("m1", "m2", "m3")],
    *[Case("GET", "/mw", headers={"X-Complete": name}) for name in ("m1", "m2", "m3")],
]


@pytest.mark.parametrize("independent", [True, False])
@pytest.mark.parametrize("case", MW_CASES, ids=str)
def test_middleware_order(case, independent):
    falcon_log: list[str] = []
    restcore_log: list[str] = []
    expected = normalize(
        call(diffapp.build_with_middleware(falcon, falcon_log, independent), case)
    )
    actual = normalize(
        call(diffapp.build_with_middleware(restcore, restcore_log, independent), case)
    )
    assert restcore_log == falcon_log
    assert actual == expected
