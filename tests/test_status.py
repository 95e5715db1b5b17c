"""Status lines: conversions as Falcon does them, and no malformed line out."""

from __future__ import annotations

import http
from typing import Any

import falcon
import pytest

import restcore
import restcore.testing
from restcore.status import code_to_http_status, http_status_to_code


@pytest.mark.parametrize(
    "status",
    [
        200,
        404,
        418,
        799,
        201,
        "201 Created",
        b"404 Not Found",
        "200",
        http.HTTPStatus.ACCEPTED,
        "299 Custom Phrase",
        226,
    ],
)
def test_code_to_http_status_matches_falcon(status):
    assert code_to_http_status(status) == falcon.code_to_http_status(status)


@pytest.mark.parametrize("status", ["200 OK", 404, "404", http.HTTPStatus.OK])
def test_http_status_to_code_matches_falcon(status):
    assert http_status_to_code(status) == falcon.http_status_to_code(status)


@pytest.mark.parametrize(
    "status",
    ["200 OK\r\nX-Evil: 1", "200 OK\n", "200 O\x00K", "200 \u00e9t\u00e9", "abc", 99],
)
def test_malformed_status_lines_are_refused(status):
    with pytest.raises(ValueError):  # noqa: PT011 - the message varies by case
        code_to_http_status(status)


def test_app_never_sends_a_status_line_with_crlf():
    class Resource:
        def on_get(self, req, resp):
            resp.status = "200 OK\r\nX-Evil: injected"

    app = restcore.App()
    app.add_route("/", Resource())
    with pytest.raises(ValueError, match="invalid HTTP status line"):
        restcore.testing.simulate_get(app, "/")


def test_one_status_line_table() -> None:
    import http

    from restcore import response, status

    assert response._STATUS_LINES is status._STATUS_LINES
    assert status._STATUS_LINES[404] == status._STATUS_LINES["404 Not Found"]
    assert status._STATUS_LINES[http.HTTPStatus.CREATED] == status.HTTP_201
    assert 204 not in status._LINES_WITH_CONTENT
    assert status._LINES_WITH_CONTENT[200] == status.HTTP_200


@pytest.mark.parametrize(
    "value", ["099 Low", "099", 99, 1000, b"2x0 Bad", 1.5, "20 OK", "abc"]
)
def test_bad_status_values_are_refused(value: Any) -> None:
    # Stricter than Falcon, which passes some of them through: differences.md.
    from restcore import status

    with pytest.raises(ValueError, match=r"invalid HTTP status|expected a status"):
        status.code_to_http_status(value)
    with pytest.raises(ValueError, match=r"invalid HTTP status|expected a status"):
        status.http_status_to_code(value)


def test_status_line_of_an_unlisted_status() -> None:
    import restcore

    resp = restcore.Response()
    resp.status = 299
    assert resp.status_line == "299 Unknown"
    resp.status = "299 Custom"
    assert resp.status_line == "299 Custom"
