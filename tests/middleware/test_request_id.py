"""RequestIDMiddleware: keep, make or refuse the request ID."""

from __future__ import annotations

import re
from typing import Any

import pytest

import restcore
import restcore.testing
from restcore.middleware.request_id import RequestIDMiddleware


class Echo:
    def on_get(self, req: Any, resp: Any) -> None:
        resp.media = {"id": req.context.request_id}

    def on_post(self, req: Any, resp: Any) -> None:
        raise restcore.HTTPConflict()


def client(**options: Any) -> restcore.testing.TestClient:
    app = restcore.App(middleware=[RequestIDMiddleware(**options)])
    app.add_route("/", Echo())
    return restcore.testing.TestClient(app)


@pytest.mark.parametrize(
    "incoming",
    [
        "abc",
        "0f" * 16,
        "123e4567-e89b-12d3-a456-426614174000",
        "a/b+c=d@e:f~g_h.",
        "x" * 128,
    ],
)
def test_well_formed_id_is_kept(incoming: str) -> None:
    result = client().simulate_get("/", headers={"X-Request-ID": incoming})
    assert result.status_code == 200
    assert result.json == {"id": incoming}
    assert result.headers["X-Request-ID"] == incoming


def test_missing_id_is_made() -> None:
    first = client().simulate_get("/")
    second = client().simulate_get("/")
    assert re.fullmatch("[0-9a-f]{32}", first.json["id"])
    assert first.headers["X-Request-ID"] == first.json["id"]
    assert first.json["id"] != second.json["id"]


@pytest.mark.parametrize(
    "incoming",
    ["", "x" * 129, "-leading-dash", "has space", 'a"quote', "é", "a,b", "a;b"],
)
def test_malformed_id_is_refused(incoming: str) -> None:
    result = client().simulate_get("/", headers={"X-Request-ID": incoming})
    assert result.status_code == 400
    assert result.json["title"] == "Invalid header value"
    assert "X-Request-ID" in result.json["description"]
    made = result.headers["X-Request-ID"]
    assert made != incoming
    assert re.fullmatch("[0-9a-f]{32}", made)


def test_id_survives_an_error_response() -> None:
    result = client().simulate_post("/", headers={"X-Request-ID": "keep-me"})
    assert result.status_code == 409
    assert result.headers["X-Request-ID"] == "keep-me"


def test_custom_header_name_and_maker() -> None:
    result = client(
        header="X-Correlation-ID", context_name="cid", make_id=lambda: "fixed"
    ).simulate_get("/nowhere")
    assert result.status_code == 404
    assert result.headers["X-Correlation-ID"] == "fixed"
    assert "X-Request-ID" not in result.headers


def test_response_header_put_back_when_removed() -> None:
    class Strip:
        def process_response(self, req: Any, resp: Any, *args: Any) -> None:
            resp.delete_header("X-Request-ID")

    # Response middleware runs in reverse order: Strip runs before ours.
    app = restcore.App(middleware=[RequestIDMiddleware(), Strip()])
    app.add_route("/", Echo())
    result = restcore.testing.TestClient(app).simulate_get(
        "/", headers={"X-Request-ID": "back"}
    )
    assert result.headers["X-Request-ID"] == "back"


def test_no_id_no_header_when_request_phase_skipped() -> None:
    class Refuse:
        def process_request(self, req: Any, resp: Any) -> None:
            raise restcore.HTTPForbidden()

    # Independent middleware: our process_response runs, but ours never saw
    # the request, so there is no ID to put back.
    app = restcore.App(
        middleware=[Refuse(), RequestIDMiddleware()], independent_middleware=True
    )
    result = restcore.testing.TestClient(app).simulate_get("/")
    assert result.status_code == 403
    assert "X-Request-ID" not in result.headers
