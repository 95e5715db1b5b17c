"""AccessLogMiddleware: one JSON line per request through logging."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest

import restcore
import restcore.testing
from restcore.middleware.access_log import AccessLogMiddleware
from restcore.middleware.request_id import RequestIDMiddleware


class Items:
    def on_get(self, req: Any, resp: Any, item_id: int) -> None:
        resp.media = {"id": item_id, "name": "x"}

    def on_put(self, req: Any, resp: Any, item_id: int) -> None:
        resp.text = "changed"
        resp.set_header("Content-Length", "7")

    def on_delete(self, req: Any, resp: Any, item_id: int) -> None:
        resp.status = restcore.HTTP_204

    def on_patch(self, req: Any, resp: Any, item_id: int) -> None:
        resp.stream = io.BytesIO(b"streamed")

    def on_post(self, req: Any, resp: Any, item_id: int) -> None:
        resp.media = {"not json": object()}


@pytest.fixture
def logger() -> Iterator[logging.Logger]:
    log = logging.getLogger("tests.access")
    log.setLevel(logging.INFO)
    log.propagate = False
    yield log
    log.setLevel(logging.NOTSET)
    log.propagate = True


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    @property
    def docs(self) -> list[dict[str, Any]]:
        return [json.loads(record.getMessage()) for record in self.records]


@pytest.fixture
def lines(logger: logging.Logger) -> Iterator[Lines]:
    handler = Lines()
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)


def make_client(logger: logging.Logger, trusted: list[str] | None = None) -> Any:
    app = restcore.App(middleware=[RequestIDMiddleware(), AccessLogMiddleware(logger)])
    app.req_options.trusted_proxies = trusted
    app.add_route("/items/{item_id:int}", Items())
    return restcore.testing.TestClient(app)


def test_one_line_per_request(logger: logging.Logger, lines: Lines) -> None:
    result = make_client(logger).simulate_get(
        "/items/7", headers={"X-Request-ID": "r-1"}, remote_addr="192.0.2.5"
    )
    (doc,) = lines.docs
    assert doc.pop("duration_ms") >= 0
    assert doc == {
        "method": "GET",
        "path": "/items/{item_id:int}",
        "status": 200,
        "bytes": len(result.content),
        "request_id": "r-1",
        "client": "192.0.2.5",
    }
    record = lines.records[0]
    assert record.levelno == logging.INFO
    assert record.access["request_id"] == "r-1"


@pytest.mark.parametrize(
    ("method", "status", "size"),
    [
        ("PUT", 200, 7),  # Content-Length set by the app
        ("DELETE", 204, 0),  # no body
        ("PATCH", 200, None),  # a stream of unknown length
        # Media that cannot be serialized fails after the response phase: the
        # line has the status set until then (documented), and no size.
        ("POST", 200, None),
    ],
)
def test_status_and_size(
    logger: logging.Logger, lines: Lines, method: str, status: int, size: int | None
) -> None:
    make_client(logger).simulate_request(method, "/items/1")
    (doc,) = lines.docs
    assert (doc["status"], doc["bytes"]) == (status, size)


def test_unrouted_request_logs_its_path(logger: logging.Logger, lines: Lines) -> None:
    make_client(logger).simulate_get("/nowhere/9")
    (doc,) = lines.docs
    assert (doc["path"], doc["status"]) == ("/nowhere/9", 404)


def test_odd_content_length_is_not_trusted(
    logger: logging.Logger, lines: Lines
) -> None:
    class Odd:
        def on_get(self, req: Any, resp: Any) -> None:
            resp.set_header("Content-Length", "seven")

    app = restcore.App(middleware=[AccessLogMiddleware(logger)])
    app.add_route("/", Odd())
    restcore.testing.TestClient(app).simulate_get("/")
    (doc,) = lines.docs
    assert doc["bytes"] is None
    assert doc["request_id"] is None


def test_client_resolved_through_trusted_proxies(
    logger: logging.Logger, lines: Lines
) -> None:
    client = make_client(logger, trusted=["10.78.0.1"])
    spoof = {"X-Forwarded-For": "6.6.6.6"}
    client.simulate_get("/items/1", headers=spoof, remote_addr="10.78.0.1")
    client.simulate_get("/items/1", headers=spoof, remote_addr="192.0.2.5")
    assert [doc["client"] for doc in lines.docs] == ["6.6.6.6", "192.0.2.5"]


def test_nothing_measured_when_disabled(logger: logging.Logger, lines: Lines) -> None:
    logger.setLevel(logging.WARNING)
    seen: list[Any] = []

    class Peek:
        def process_response(self, req: Any, resp: Any, *args: Any) -> None:
            seen.append(vars(req.context))

    app = restcore.App(middleware=[Peek(), AccessLogMiddleware(logger)])
    app.add_route("/items/{item_id:int}", Items())
    restcore.testing.TestClient(app).simulate_get("/items/1")
    assert lines.records == []
    assert seen == [{}]


def test_missing_start_gives_no_duration(logger: logging.Logger, lines: Lines) -> None:
    class Refuse:
        def process_request(self, req: Any, resp: Any) -> None:
            raise restcore.HTTPForbidden()

    app = restcore.App(middleware=[Refuse(), AccessLogMiddleware(logger)])
    restcore.testing.TestClient(app).simulate_get("/")
    (doc,) = lines.docs
    assert (doc["status"], doc["duration_ms"]) == (403, None)


def test_default_logger() -> None:
    assert AccessLogMiddleware().logger is logging.getLogger("restcore.access")
