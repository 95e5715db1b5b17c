"""max_body_size on every read path (restcore.body_limit), and what Falcon does."""

from __future__ import annotations

import io
from typing import Any

import falcon
import falcon.testing
import pytest

import restcore
import restcore.testing
from restcore.body_limit import LimitedBody
from restcore.util.deprecation import DeprecatedWarning

LIMIT = 16


class Reader:
    """Reads the body the way ?how= says, and reports what it got."""

    def __init__(self) -> None:
        self.seen: list[bytes] = []

    def on_post(self, req: Any, resp: Any) -> None:
        how = req.get_param("how")
        if how == "stream":
            data = req.stream.read()
        elif how == "stream-chunks":
            data = b"".join(iter(lambda: req.stream.read(4), b""))
        elif how == "bounded":
            data = req.bounded_stream.read()
        elif how == "lines":
            data = b"".join(req.bounded_stream)
        elif how == "readline":
            data = req.stream.readline()
        elif how == "media":
            data = repr(req.get_media()).encode()
        elif how == "multipart":
            data = b"".join(part.stream.read() for part in req.get_media())
        else:  # a form parsed into params
            data = repr(req.get_param("a")).encode()
        self.seen.append(data)
        resp.media = {"size": len(data)}


def make_app(reader: Reader, **req_options: Any) -> restcore.App:
    app = restcore.App()
    app.add_route("/read", reader)
    app.req_options.max_body_size = LIMIT
    for name, value in req_options.items():
        setattr(app.req_options, name, value)
    return app


def post(app: Any, how: str, body: bytes, chunked: bool = False, **headers: str) -> Any:
    environ = restcore.testing.create_environ(
        path="/read", method="POST", query_string=f"how={how}", headers=headers
    )
    environ["wsgi.input"] = io.BytesIO(body)
    if chunked:
        environ.pop("CONTENT_LENGTH", None)
        environ["wsgi.input_terminated"] = True
    else:
        environ["CONTENT_LENGTH"] = str(len(body))
    seen: dict[str, Any] = {}

    def start_response(status: str, headers: Any, exc_info: Any = None) -> None:
        seen["status"] = status

    b"".join(app(environ, start_response))
    return seen["status"]


HOWS = ["stream", "stream-chunks", "bounded", "lines", "readline", "media"]


@pytest.mark.parametrize("chunked", [False, True], ids=["length", "chunked"])
@pytest.mark.parametrize("how", HOWS)
def test_every_read_path_stops_at_the_limit(how: str, chunked: bool) -> None:
    reader = Reader()
    app = make_app(reader)
    fits = b'"' + b"x" * (LIMIT - 2) + b'"'
    assert post(app, how, fits, chunked, CONTENT_TYPE="application/json") == "200 OK"
    assert reader.seen[-1] in (fits, repr("x" * (LIMIT - 2)).encode())
    over = fits + b"\n"
    status = post(app, how, over, chunked, CONTENT_TYPE="application/json")
    assert status == "413 Content Too Large"
    assert len(reader.seen) == 1  # nothing of the refused body reached the app


def test_a_declared_length_over_the_limit_reads_nothing() -> None:
    reader = Reader()
    app = make_app(reader)
    body = io.BytesIO(b"x" * 100)
    environ = restcore.testing.create_environ(
        path="/read", method="POST", query_string="how=stream"
    )
    environ.update({"wsgi.input": body, "CONTENT_LENGTH": "100"})
    statuses: list[str] = []
    app(environ, lambda status, headers, exc_info=None: statuses.append(status))
    assert statuses == ["413 Content Too Large"]
    assert body.tell() == 0


def test_a_chunked_body_is_cut_at_limit_plus_one() -> None:
    raw = io.BytesIO(b"x" * 1000)
    limited = LimitedBody(raw, None, LIMIT, read_to_end=True)
    with pytest.raises(restcore.HTTPContentTooLarge):
        limited.read(1)
    assert raw.tell() == LIMIT + 1
    with pytest.raises(restcore.HTTPContentTooLarge):
        limited.readline()  # refused for good


def test_a_chunked_body_is_not_read_where_pep_3333_forbids() -> None:
    raw = io.BytesIO(b"x" * 10)
    limited = LimitedBody(raw, None, LIMIT, read_to_end=False)
    assert limited.read() == b""
    assert limited.readable()
    assert list(limited) == []
    assert raw.tell() == 0


def test_urlencoded_forms_keep_to_the_limit() -> None:
    reader = Reader()
    with pytest.warns(DeprecatedWarning):
        app = make_app(reader, auto_parse_form_urlencoded=True)
    form = "application/x-www-form-urlencoded"
    for how in ("form", "media"):
        assert post(app, how, b"a=" + b"x" * 14, CONTENT_TYPE=form) == "200 OK"
        assert post(app, how, b"a=" + b"x" * 15, CONTENT_TYPE=form) == (
            "413 Content Too Large"
        )
    assert len(reader.seen) == 2


def test_multipart_parts_keep_to_the_limit() -> None:
    reader = Reader()
    app = make_app(reader)
    body = (
        b"--b\r\nContent-Disposition: form-data; name=a\r\n\r\n"
        + b"x" * 40
        + b"\r\n--b--\r\n"
    )
    status = post(
        app, "multipart", body, CONTENT_TYPE="multipart/form-data; boundary=b"
    )
    assert status == "413 Content Too Large"
    assert reader.seen == []


def test_invalid_content_length_reads_as_no_body() -> None:
    reader = Reader()
    app = make_app(reader)
    environ = restcore.testing.create_environ(
        path="/read", method="POST", query_string="how=stream"
    )
    environ.update({"wsgi.input": io.BytesIO(b"abc"), "CONTENT_LENGTH": "x"})
    app(environ, lambda status, headers, exc_info=None: None)
    assert reader.seen == [b""]


def test_without_the_option_req_stream_is_wsgi_input_as_in_falcon() -> None:
    streams = []
    for framework, testing in ((falcon, falcon.testing), (restcore, restcore.testing)):

        class Resource:
            def on_post(self, req: Any, resp: Any) -> None:
                streams.append(req.stream is req.env["wsgi.input"])

        app = framework.App()
        app.add_route("/", Resource())
        testing.simulate_post(app, "/", body=b"abc")
    assert streams == [True, True]


def test_with_the_option_req_stream_is_limited() -> None:
    # A documented difference: Falcon has no max_body_size; with it set,
    # restcore's req.stream is a LimitedBody, not wsgi.input.
    seen = []

    class Resource:
        def on_post(self, req: Any, resp: Any) -> None:
            seen.append(type(req.stream))
            req.stream = io.BytesIO(b"mine")  # an app may still replace it
            seen.append(req.stream.read())

    app = restcore.App()
    app.req_options.max_body_size = 5
    app.add_route("/", Resource())
    restcore.testing.simulate_post(app, "/", body=b"abc")
    assert seen == [LimitedBody, b"mine"]


def test_lines_of_a_body_within_the_limit() -> None:
    limited = LimitedBody(io.BytesIO(b"a\nb\nrest"), 4, LIMIT, read_to_end=False)
    assert list(limited) == [b"a\n", b"b\n"]  # never past Content-Length
