"""One regression test per defect class of issue 16 (each failed on dbfa7bc).

1. an exception escaped the WSGI callable (redirect to a CR/LF or non-latin-1
   target);
2. header values with control characters other than CR/LF/NUL were sent;
3. client numbers gave 5xx (thousands of digits) or passed bounds (NaN);
4. max_body_size held for get_media() only;
5. 400 descriptions quoted the parser's or codec's exception text.
"""

from __future__ import annotations

import io
import json
import sys
import wsgiref.validate
from collections.abc import Iterator
from typing import Any

import pytest

import restcore
import restcore.testing


class Echo:
    def on_get(self, req: Any, resp: Any, number: int | None = None) -> None:
        what = req.get_param("what", default="")
        value = req.get_param("value", default="")
        if what == "redirect":
            raise restcore.HTTPFound(value)
        if what == "header":
            resp.set_header("X-Echo", value)
        elif what == "etag":
            resp.etag = value
        elif what == "content_type":
            resp.content_type = value
        elif what == "float":
            resp.media = {"n": req.get_param_as_float("value", min_value=0)}
        elif what == "int":
            resp.media = {"n": req.get_param_as_int("value")}
        resp.media = {"number": number} if resp.media is None else resp.media

    def on_post(self, req: Any, resp: Any) -> None:
        what = req.get_param("what", default="")
        if what == "stream":
            resp.media = {"size": len(req.stream.read())}
        elif what == "bounded":
            resp.media = {"size": len(req.bounded_stream.read())}
        else:
            resp.media = req.get_media()


def make_app() -> restcore.App:
    app = restcore.App()
    app.add_route("/echo", Echo())
    app.add_route("/items/{number:int}", Echo())
    app.req_options.max_body_size = 10
    return app


def call(
    app: Any, path: str, query: str = "", body: bytes = b"", **env: Any
) -> tuple[str, list[tuple[str, str]], bytes, str]:
    """Call through wsgiref.validate; return status, headers, body and log."""
    environ = restcore.testing.create_environ(
        path=path, query_string=query, body=body, method="POST" if body else "GET"
    )
    environ.update(env)
    log = environ["wsgi.errors"] = io.StringIO()
    seen: dict[str, Any] = {}

    def start_response(status: str, headers: Any, exc_info: Any = None) -> Any:
        seen["status"], seen["headers"] = status, headers
        return lambda data: None

    result = wsgiref.validate.validator(app)(environ, start_response)
    try:
        data = b"".join(result)
    finally:
        result.close()
    return seen["status"], seen["headers"], data, log.getvalue()


# -- 1. nothing escapes App.__call__ ----------------------------------------------


@pytest.mark.parametrize("target", ["%0d%0aSet-Cookie:%20a=b", "%E2%82%AC", "a%01b"])
def test_redirect_to_an_unsafe_target_is_a_plain_500(target: str) -> None:
    status, headers, body, log = call(
        make_app(), "/echo", f"what=redirect&value={target}"
    )
    assert status == "500 Internal Server Error"
    assert all(name.lower() != "location" for name, _ in headers)
    assert json.loads(body) == {"title": "500 Internal Server Error"}
    assert log.count("UnsafeHeaderError: header 'Location' refused") == 1


def test_an_error_handler_setting_an_unsafe_header_is_a_plain_500() -> None:
    app = make_app()

    def handler(req: Any, resp: Any, ex: Exception, params: Any) -> None:
        raise restcore.HTTPBadRequest(headers={"X-Why": req.get_param("value")})

    app.add_error_handler(KeyError, handler)

    class Fails:
        def on_get(self, req: Any, resp: Any) -> None:
            raise KeyError("x")

    app.add_route("/fails", Fails())
    status, headers, _, log = call(app, "/fails", "value=a%0Db")
    assert status == "500 Internal Server Error"
    assert [name for name, _ in headers if name.lower() == "x-why"] == []
    assert log.count("header 'X-Why' refused") == 1


# -- 2. no control character in a header ------------------------------------------


@pytest.mark.parametrize("what", ["header", "etag", "content_type"])
@pytest.mark.parametrize("char", ["%01", "%08", "%0B", "%1F", "%7F", "%09"])
def test_control_characters_never_reach_a_header(what: str, char: str) -> None:
    status, headers, _, log = call(make_app(), "/echo", f"what={what}&value=a{char}b")
    assert status == "500 Internal Server Error"  # the app set an unsafe value
    assert all(value.isprintable() for _, value in headers)
    assert "control character U+00" in log


# -- 3. numbers from the client are bounded ----------------------------------------


@pytest.fixture(params=[0, 640, 4300], ids=lambda limit: f"int_max_str_digits={limit}")
def digit_limit(request: pytest.FixtureRequest) -> Iterator[int]:
    previous = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(request.param)
    yield request.param
    sys.set_int_max_str_digits(previous)


def test_a_path_number_of_thousands_of_digits_is_404(digit_limit: int) -> None:
    status, _, _, _ = call(make_app(), "/items/" + "9" * 5000)
    assert status == "404 Not Found"
    # Within restcore's cap, the interpreter's limit decides (a 404 below it).
    status, _, _, _ = call(make_app(), "/items/" + "9" * 700)
    assert status == ("404 Not Found" if digit_limit == 640 else "200 OK")


def test_a_query_number_of_thousands_of_digits_is_400(digit_limit: int) -> None:
    status, _, _, _ = call(make_app(), "/echo", "what=int&value=" + "9" * 5000)
    assert status == "400 Bad Request"


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf", "-Infinity"])
def test_non_finite_floats_are_refused_against_bounds(value: str) -> None:
    status, _, body, _ = call(make_app(), "/echo", f"what=float&value={value}")
    assert status == "400 Bad Request"
    assert "finite" in json.loads(body)["description"]


# -- 4. max_body_size on every read path --------------------------------------------


@pytest.mark.parametrize("what", ["stream", "bounded"])
def test_max_body_size_holds_for_the_streams(what: str) -> None:
    status, _, body, _ = call(make_app(), "/echo", f"what={what}", body=b"x" * 11)
    assert status == "413 Content Too Large"
    status, _, body, _ = call(make_app(), "/echo", f"what={what}", body=b"x" * 10)
    assert json.loads(body) == {"size": 10}


# -- 5. restcore's own words ----------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (b'"\xed\xa0\x80"', "the body is not valid UTF-8 at line 1, column 1"),
        (b'"\\ud800"', "a string holds an unpaired surrogate escape"),
        (b"[1", "unexpected end of data at line 1, column 3"),
    ],
)
def test_bad_json_is_described_in_restcores_words(body: bytes, detail: str) -> None:
    status, _, data, _ = call(
        make_app(), "/echo", body=body, CONTENT_TYPE="application/json"
    )
    assert status == "400 Bad Request"
    description = json.loads(data)["description"]
    assert description.startswith(f"Could not parse JSON body - {detail}")
    for parser_text in ("surrogates not allowed", "str is not valid", "codec"):
        assert parser_text not in description
