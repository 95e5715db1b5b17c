"""Status lines: conversions as Falcon does them, and no malformed line out."""

from __future__ import annotations

import http
import io

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
    errors = io.StringIO()
    result = restcore.testing.simulate_get(app, "/", extras={"wsgi.errors": errors})
    # Refused when the response starts: a plain 500, the refusal logged once.
    assert result.status == "500 Internal Server Error"
    assert "X-Evil" not in str(result.headers)
    assert errors.getvalue().count("ValueError: invalid HTTP status line") == 1
