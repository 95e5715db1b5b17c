from __future__ import annotations

import datetime
import io
import os
import pathlib
import urllib.parse
from typing import Any

import pytest

import restcore
import restcore.testing
from restcore.errors import HTTPNotFound, HTTPRangeNotSatisfiable
from restcore.response import Response
from restcore.routing import StaticRoute
from restcore.routing.static import BoundedReader


@pytest.fixture
def tree(tmp_path: pathlib.Path) -> pathlib.Path:
    public = tmp_path / "public"
    (public / "sub").mkdir(parents=True)
    (public / "a.txt").write_bytes(b"hello world\n")
    (public / "page.html").write_bytes(b"<p>hi</p>")
    (public / "sub" / "b.json").write_bytes(b'{"b": 1}')
    (public / "index.html").write_bytes(b"<p>index</p>")
    (tmp_path / "secret.txt").write_bytes(b"secret")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.txt").write_bytes(b"secret")
    os.symlink(tmp_path / "secret.txt", public / "link.txt")
    os.symlink(tmp_path / "outside", public / "linkdir")
    os.symlink(public / "a.txt", public / "inner-link.txt")
    return public


@pytest.fixture
def app(tree: pathlib.Path) -> restcore.App:
    application = restcore.App()
    application.add_static_route("/static", str(tree))
    return application


TRAVERSALS = [
    "/static/../secret.txt",
    "/static/%2e%2e/secret.txt",
    "/static/%2E%2E/secret.txt",
    "/static/.%2e/secret.txt",
    "/static/%2e./secret.txt",
    "/static/..%2fsecret.txt",
    "/static/..%2Fsecret.txt",
    "/static/%2e%2e%2fsecret.txt",
    "/static/..\\secret.txt",
    "/static/..%5csecret.txt",
    "/static/%5c..%5csecret.txt",
    "/static/sub/../../secret.txt",
    "/static/sub/%2e%2e/%2e%2e/secret.txt",
    "/static/a.txt/../../secret.txt",
    "/static/..",
    "/static/sub/..",
    "/static/%2e",
    "/static/./a.txt",
    "/static//etc/passwd",
    "/static/%2fetc/passwd",
    "/static/%2Fetc%2Fpasswd",
    "/static/a.txt%00.png",
    "/static/a.txt%00",
    "/static/%00",
    "/static/..%00/secret.txt",
    "/static/link.txt",
    "/static/linkdir/secret.txt",
    "/static/%252e%252e/secret.txt",
    "/static/%c0%ae%c0%ae/secret.txt",
    "/static/..%c0%afsecret.txt",
    "/static/%e0%80%ae%e0%80%ae/secret.txt",
    "/static/ ../secret.txt",
    "/static/../secret.txt ",
    "/static/~/secret.txt",
    "/static/C:/secret.txt",
    "/static/C:%5csecret.txt",
    "/static/a.txt/",
    "/static/sub/",
    "/static/sub",
    "/static/a.txt.",
    "/static/%0a../secret.txt",
    "/static/..%0d/secret.txt",
    "/static/" + "a/" * 300 + "a.txt",
    "/static/a.txt%3f",
    "/static/*",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_escape_attempts_get_404(app: restcore.App, path: str) -> None:
    result = restcore.testing.simulate_get(app, path)
    assert result.status_code in (400, 404)
    assert b"secret" not in result.content


def test_traversal_list_is_long_enough() -> None:
    assert len(TRAVERSALS) >= 30


@pytest.mark.parametrize(
    "relative",
    [
        "../secret.txt",
        "..",
        ".",
        "./a.txt",
        "a//b",
        "/etc/passwd",
        "a\\b",
        "a\x00b",
        "a\x1fb",
        "a\x7fb",
        "a\ufffdb",
        " a",
        "a ",
        "a.",
        "sub/",
        "",
        "x" * 513,
        "a?b",
        "a*b",
        "a|b",
        "a<b",
        'a"b',
        "a'b",
        "~",
        "c:",
    ],
)
def test_unsafe_relative_paths(tree: pathlib.Path, relative: str) -> None:
    assert not StaticRoute("/static", str(tree)).is_safe(relative)


@pytest.mark.parametrize("relative", ["a.txt", "sub/b.json", "a.b.c", "x-y_z", "é.txt"])
def test_safe_relative_paths(tree: pathlib.Path, relative: str) -> None:
    assert StaticRoute("/static", str(tree)).is_safe(relative)


@pytest.mark.parametrize(
    ("prefix", "path", "fallback", "expected"),
    [
        ("/static", "/static/a.txt", False, True),
        ("/static/", "/static/a.txt", False, True),
        ("/static", "/static", False, False),
        ("/static", "/static", True, True),
        ("/static", "/staticx/a.txt", False, False),
        ("/static", "/other/a.txt", False, False),
        ("/", "/anything", False, True),
    ],
)
def test_match(
    tree: pathlib.Path, prefix: str, path: str, fallback: bool, expected: bool
) -> None:
    route = StaticRoute(
        prefix, str(tree), fallback_filename="index.html" if fallback else None
    )
    assert route.match(path) is expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("static", "/tmp"), "prefix must start with '/'"),
        (("/static", "relative/dir"), "directory must be an absolute path"),
    ],
)
def test_constructor_errors(args: tuple[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        StaticRoute(*args)


def test_missing_fallback_is_an_error(tree: pathlib.Path) -> None:
    with pytest.raises(ValueError, match="fallback_filename is not a file"):
        StaticRoute("/static", str(tree), fallback_filename="missing.html")


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_other_methods_get_405(app: restcore.App, method: str) -> None:
    result = restcore.testing.simulate_request(app, method, "/static/a.txt")
    assert result.status_code == 405
    assert result.headers["Allow"] == "GET, HEAD, OPTIONS"


def test_options_lists_get_and_head(app: restcore.App) -> None:
    result = restcore.testing.simulate_request(app, "OPTIONS", "/static/a.txt")
    assert result.status_code == 200
    assert result.headers["Allow"] == "GET, HEAD"


def test_bounded_reader() -> None:
    reader = BoundedReader(io.BytesIO(b"0123456789"), 4)
    assert reader.read(3) == b"012"
    assert reader.read() == b"3"
    assert reader.read(5) == b""


@pytest.mark.parametrize(
    ("path", "body", "content_type"),
    [
        ("/static/a.txt", b"hello world\n", "text/plain"),
        ("/static/page.html", b"<p>hi</p>", "text/html"),
        ("/static/sub/b.json", b'{"b": 1}', "application/json"),
        ("/static/inner-link.txt", b"hello world\n", "text/plain"),
    ],
)
def test_serves_files(
    app: restcore.App, path: str, body: bytes, content_type: str
) -> None:
    result = restcore.testing.simulate_get(app, path)
    assert result.status_code == 200
    assert result.content == body
    assert result.headers["Content-Type"] == content_type
    assert result.headers["Accept-Ranges"] == "bytes"
    assert result.headers["ETag"]
    assert result.headers["Last-Modified"]


@pytest.mark.parametrize(
    ("range_header", "status", "body", "content_range"),
    [
        ("bytes=0-4", 206, b"hello", "bytes 0-4/12"),
        ("bytes=6-", 206, b"world\n", "bytes 6-11/12"),
        ("bytes=-3", 206, b"ld\n", "bytes 9-11/12"),
        ("bytes=6-100", 206, b"world\n", "bytes 6-11/12"),
        ("bytes=50-60", 416, None, None),
    ],
)
def test_ranges(
    app: restcore.App,
    range_header: str,
    status: int,
    body: bytes | None,
    content_range: str | None,
) -> None:
    result = restcore.testing.simulate_get(
        app, "/static/a.txt", headers={"Range": range_header}
    )
    assert result.status_code == status
    if body is not None:
        assert result.content == body
        assert result.headers["Content-Range"] == content_range


def test_conditional_requests_get_304(app: restcore.App) -> None:
    first = restcore.testing.simulate_get(app, "/static/a.txt")
    for headers in (
        {"If-None-Match": first.headers["ETag"]},
        {"If-None-Match": "*"},
        {"If-Modified-Since": first.headers["Last-Modified"]},
    ):
        result = restcore.testing.simulate_get(app, "/static/a.txt", headers=headers)
        assert result.status_code == 304
        assert result.content == b""
    changed = restcore.testing.simulate_get(
        app, "/static/a.txt", headers={"If-None-Match": '"other"'}
    )
    assert changed.status_code == 200


def test_downloadable_and_fallback(tree: pathlib.Path) -> None:
    application = restcore.App()
    application.add_static_route(
        "/app", str(tree), downloadable=True, fallback_filename="index.html"
    )
    served = restcore.testing.simulate_get(application, "/app/a.txt")
    assert "attachment" in served.headers["Content-Disposition"]
    assert "a.txt" in served.headers["Content-Disposition"]
    for path in ("/app/missing/route", "/app", "/app/"):
        fallback = restcore.testing.simulate_get(application, path)
        assert fallback.status_code == 200
        assert fallback.content == b"<p>index</p>"
        assert fallback.headers["Content-Type"] == "text/html"


def test_streams_with_wsgi_file_wrapper_under_webtest(app: restcore.App) -> None:
    webtest = pytest.importorskip("webtest")
    wrapped: list[Any] = []

    class FileWrapper:
        def __init__(self, file: Any, block_size: int = 8192) -> None:
            wrapped.append(file)
            self.file = file
            self.block_size = block_size

        def __iter__(self) -> Any:
            return iter(lambda: self.file.read(self.block_size), b"")

        def close(self) -> None:
            self.file.close()

    client = webtest.TestApp(app, extra_environ={"wsgi.file_wrapper": FileWrapper})
    response = client.get("/static/a.txt")
    assert response.body == b"hello world\n"
    assert wrapped


class FakeRequest:
    """Just the request attributes StaticRoute reads (for unit tests)."""

    def __init__(self, path: str, method: str = "GET", **headers: Any) -> None:
        self.path = path
        self.method = method
        self.if_none_match: list[str] | None = headers.get("if_none_match")
        self.if_modified_since: datetime.datetime | None = headers.get(
            "if_modified_since"
        )
        self.range: tuple[int, int] | None = headers.get("range")
        self.range_unit: str | None = "bytes" if self.range is not None else None


def serve(route: StaticRoute, req: FakeRequest) -> Response:
    resp = Response()
    route(req, resp)
    return resp


def read_stream(resp: Response) -> bytes:
    stream = resp.stream
    assert stream is not None
    data: bytes = stream.read()
    stream.close()
    return data


def test_unit_serves_file_with_validators(tree: pathlib.Path) -> None:
    resp = serve(StaticRoute("/static", str(tree)), FakeRequest("/static/a.txt"))
    assert read_stream(resp) == b"hello world\n"
    assert str(resp.content_length) == "12"
    assert resp.content_type == "text/plain"
    assert resp.accept_ranges == "bytes"
    stat = (tree / "a.txt").stat()
    assert resp.etag == f'"{int(stat.st_mtime):x}-{stat.st_size:x}"'
    assert resp.last_modified is not None


@pytest.mark.parametrize(
    ("requested", "body", "content_range"),
    [
        ((0, 4), b"hello", "bytes 0-4/12"),
        ((6, -1), b"world\n", "bytes 6-11/12"),
        ((-3, -1), b"ld\n", "bytes 9-11/12"),
        ((-100, -1), b"hello world\n", "bytes 0-11/12"),
        ((6, 100), b"world\n", "bytes 6-11/12"),
    ],
)
def test_unit_ranges(
    tree: pathlib.Path, requested: tuple[int, int], body: bytes, content_range: str
) -> None:
    req = FakeRequest("/static/a.txt", range=requested)
    resp = serve(StaticRoute("/static", str(tree)), req)
    assert resp.status in (206, "206 Partial Content")
    assert resp.content_range == content_range
    assert read_stream(resp) == body


def test_unit_unsatisfiable_range(tree: pathlib.Path) -> None:
    req = FakeRequest("/static/a.txt", range=(50, 60))
    with pytest.raises(HTTPRangeNotSatisfiable):
        serve(StaticRoute("/static", str(tree)), req)


def test_unit_not_modified(tree: pathlib.Path) -> None:
    route = StaticRoute("/static", str(tree))
    first = serve(route, FakeRequest("/static/a.txt"))
    read_stream(first)
    assert first.etag is not None
    etag = first.etag.strip('"')
    for headers in (
        {"if_none_match": [etag]},
        {"if_none_match": ["*"]},
        {"if_modified_since": datetime.datetime.now(datetime.UTC)},
    ):
        resp = serve(route, FakeRequest("/static/a.txt", **headers))
        assert resp.status in (304, "304 Not Modified")
        assert resp.stream is None


def test_unit_fallback_and_downloadable(tree: pathlib.Path) -> None:
    route = StaticRoute(
        "/app", str(tree), downloadable=True, fallback_filename="index.html"
    )
    for path in ("/app/missing", "/app/", "/app"):
        resp = serve(route, FakeRequest(path))
        assert read_stream(resp) == b"<p>index</p>"
        assert resp.content_type == "text/html"
        assert resp.downloadable_as is not None
        assert "index.html" in resp.downloadable_as


@pytest.mark.parametrize("path", TRAVERSALS)
def test_unit_escape_attempts_raise_404(tree: pathlib.Path, path: str) -> None:
    decoded = urllib.parse.unquote(path, errors="replace")
    with pytest.raises(HTTPNotFound):
        serve(StaticRoute("/static", str(tree)), FakeRequest(decoded))


def test_uncomparable_resolved_path_is_a_404_not_a_500(tmp_path, monkeypatch):
    # Falcon's own suite makes os.path.normpath return a relative path (which
    # reaches realpath on CPython 3.11): a resolved path that cannot be
    # compared with the directory is outside it.
    (tmp_path / "shadow").write_text("x")
    app = restcore.App()
    app.add_static_route("/static", str(tmp_path))
    monkeypatch.setattr("os.path.realpath", lambda path: "assets/../../" + path)
    result = restcore.testing.simulate_get(app, "/static/shadow")
    assert result.status_code == 404
