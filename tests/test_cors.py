"""CORSMiddleware and ``App(cors_enable=True)``, differential against Falcon 4.4."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import falcon
import pytest

import restcore

from .compat.driver import Case, Outcome, call, parsed_body

FRAMEWORKS = (falcon, restcore)

CONFIGS: dict[str, dict[str, Any]] = {
    "enable": {},  # App(cors_enable=True)
    "default": {"allow_origins": "*"},
    "one-origin": {"allow_origins": "https://a.example"},
    "origins": {
        "allow_origins": ["https://a.example", "https://b.example"],
        "expose_headers": ["X-Total", "X-Page"],
    },
    "credentials-all": {"allow_credentials": "*", "expose_headers": "X-Total"},
    "credentials-some": {
        "allow_origins": ["https://a.example", "https://b.example"],
        "allow_credentials": ["https://b.example"],
    },
    "private-network": {"allow_private_network": True},
}


def build(fw: ModuleType, config: str) -> Any:
    class Things:
        def on_get(self, req: Any, resp: Any) -> None:
            resp.set_header("X-Total", "2")
            resp.media = [1, 2]

        def on_post(self, req: Any, resp: Any) -> None:
            resp.status = fw.HTTP_201

    class Preset:
        def on_get(self, req: Any, resp: Any) -> None:
            resp.set_header("Access-Control-Allow-Origin", "https://preset.example")
            resp.media = {}

    class OwnOptions:
        def on_options(self, req: Any, resp: Any) -> None:
            resp.status = fw.HTTP_204

        def on_get(self, req: Any, resp: Any) -> None:
            resp.media = {}

    class Broken:
        def on_get(self, req: Any, resp: Any) -> None:
            raise fw.HTTPForbidden()

        def on_options(self, req: Any, resp: Any) -> None:
            raise fw.HTTPForbidden()

    if config == "enable":
        app = fw.App(cors_enable=True)
    else:
        app = fw.App(middleware=[fw.CORSMiddleware(**CONFIGS[config])])
    app.add_route("/things", Things())
    app.add_route("/preset", Preset())
    app.add_route("/own-options", OwnOptions())
    app.add_route("/broken", Broken())
    return app


def preflight(origin: str, **extra: str) -> dict[str, str]:
    return {"Origin": origin, "Access-Control-Request-Method": "POST", **extra}


PNA = "Access-Control-Request-Private-Network"
REQUEST_HEADERS = "Access-Control-Request-Headers"
A, B, C = "https://a.example", "https://b.example", "https://c.example"
CASES = [
    Case("GET", "/things"),
    Case("GET", "/things", headers={"Origin": A}),
    Case("GET", "/things", headers={"Origin": B}),
    Case("GET", "/things", headers={"Origin": C}),
    Case("POST", "/things", headers={"Origin": B}),
    Case("GET", "/preset", headers={"Origin": B}),
    Case("GET", "/nowhere", headers={"Origin": A}),
    Case("PUT", "/things", headers={"Origin": A}),
    Case("GET", "/broken", headers={"Origin": A}),
    Case("OPTIONS", "/things", headers={"Origin": A}),
    Case("OPTIONS", "/things", headers=preflight(A)),
    Case("OPTIONS", "/things", headers=preflight(B)),
    Case("OPTIONS", "/things", headers=preflight(C)),
    Case(
        "OPTIONS",
        "/things",
        headers=preflight(A, **{REQUEST_HEADERS: "X-A, Content-Type"}),
    ),
    Case("OPTIONS", "/things", headers=preflight(A, **{PNA: "true"})),
    Case("OPTIONS", "/things", headers=preflight(A, **{PNA: "false"})),
    Case("OPTIONS", "/own-options", headers=preflight(A)),
    Case("OPTIONS", "/own-options", headers=preflight(B, **{PNA: "true"})),
    Case("OPTIONS", "/broken", headers=preflight(A)),
    Case("OPTIONS", "/nowhere", headers=preflight(A)),
    Case("OPTIONS", "/things", headers={"Access-Control-Request-Method": "POST"}),
]


def snapshot(outcome: Outcome) -> dict[str, Any]:
    headers = sorted(
        (name.lower(), value)
        for name, value in outcome.headers
        if name.lower() != "content-length"
    )
    return {"status": outcome.status, "headers": headers, "body": parsed_body(outcome)}


@pytest.fixture(scope="module")
def apps() -> dict[str, list[Any]]:
    return {config: [build(fw, config) for fw in FRAMEWORKS] for config in CONFIGS}


@pytest.mark.parametrize("config", list(CONFIGS))
@pytest.mark.parametrize("case", CASES, ids=str)
def test_cors_matches_falcon(
    apps: dict[str, list[Any]], config: str, case: Case
) -> None:
    expected, actual = (snapshot(call(app, case)) for app in apps[config])
    assert actual == expected


def test_preflight_answer_is_what_falcon_documents(apps: dict[str, list[Any]]) -> None:
    case = Case(
        "OPTIONS",
        "/things",
        headers=preflight(B, **{REQUEST_HEADERS: "X-A"}),
    )
    headers = dict(snapshot(call(apps["credentials-some"][1], case))["headers"])
    assert headers["access-control-allow-origin"] == B
    assert headers["access-control-allow-credentials"] == "true"
    assert headers["access-control-allow-methods"] == "GET, POST"
    assert headers["access-control-allow-headers"] == "X-A"
    assert headers["access-control-max-age"] == "86400"
    assert "allow" not in headers


@pytest.mark.parametrize("fw", FRAMEWORKS, ids=["falcon", "restcore"])
@pytest.mark.parametrize("argument", ["allow_origins", "allow_credentials"])
def test_wildcard_inside_iterable_is_refused(fw: ModuleType, argument: str) -> None:
    with pytest.raises(ValueError, match="wildcard"):
        fw.CORSMiddleware(**{argument: ["*", A]})


@pytest.mark.parametrize("fw", FRAMEWORKS, ids=["falcon", "restcore"])
def test_attributes_match(fw: ModuleType) -> None:
    middleware = fw.CORSMiddleware(
        allow_origins=A, expose_headers=("X-1", "X-2"), allow_credentials=[B]
    )
    assert middleware.allow_origins == frozenset({A})
    assert middleware.expose_headers == "X-1, X-2"
    assert middleware.allow_credentials == frozenset({B})
    assert middleware.allow_private_network is False
    default = fw.CORSMiddleware()
    assert (default.allow_origins, default.allow_credentials) == ("*", frozenset())


@pytest.mark.parametrize("fw", FRAMEWORKS, ids=["falcon", "restcore"])
@pytest.mark.parametrize("late", [False, True])
def test_cors_enable_refuses_a_second_cors_middleware(
    fw: ModuleType, late: bool
) -> None:
    def add() -> None:
        if late:
            fw.App(cors_enable=True).add_middleware(fw.CORSMiddleware())
        else:
            fw.App(cors_enable=True, middleware=[fw.CORSMiddleware()])

    with pytest.raises(ValueError, match="CORSMiddleware is not allowed"):
        add()


@pytest.mark.parametrize("fw", FRAMEWORKS, ids=["falcon", "restcore"])
def test_two_cors_middlewares_without_cors_enable(fw: ModuleType) -> None:
    app = fw.App(middleware=[fw.CORSMiddleware(), fw.CORSMiddleware(A)])
    outcome = call(app, Case("GET", "/x", headers={"Origin": A}))
    assert outcome.header("access-control-allow-origin") == A


def build_with_observer(fw: ModuleType, seen: list[Any]) -> Any:
    class Observer:
        def process_response(
            self, req: Any, resp: Any, resource: Any, req_succeeded: bool
        ) -> None:
            seen.append(resp.get_header("Access-Control-Allow-Origin"))

    return fw.App(cors_enable=True, middleware=[Observer()])


def test_cors_enable_component_comes_after_app_middleware() -> None:
    logs = []
    for fw in FRAMEWORKS:
        seen: list[Any] = []
        call(build_with_observer(fw, seen), Case("GET", "/x", headers={"Origin": A}))
        logs.append(seen)
    assert logs[0] == ["*"]
    assert logs[1] == logs[0]
