"""The example and differential apps pass webtest's WSGI lint (PEP 3333 checks)."""

from __future__ import annotations

import pytest
import webtest

import restcore
from examples import things
from tests.compat import diffapp


@pytest.fixture
def things_app():
    return webtest.TestApp(things.create_app(), lint=True)


@pytest.fixture
def diff_app():
    return webtest.TestApp(diffapp.build(restcore), lint=True)


def test_things_crud_under_lint(things_app):
    created = things_app.post_json("/things", {"name": "lamp"}, status=201)
    thing_id = created.json["id"]
    assert things_app.get(f"/things/{thing_id}").json["name"] == "lamp"
    things_app.delete(f"/things/{thing_id}", status=204)
    things_app.get(f"/things/{thing_id}", status=404)
    things_app.post("/things", "{bad", content_type="application/json", status=400)


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/things", 200),
        ("GET", "/things?limit=2&tag=a&tag=b", 200),
        ("GET", "/things/5", 200),
        ("GET", "/things/5/items", 200),
        ("GET", "/nowhere", 404),
        ("PUT", "/things", 405),
        ("OPTIONS", "/things", 200),
        ("HEAD", "/text", 200),
        ("DELETE", "/things/3", 204),
        ("GET", "/text", 200),
        ("GET", "/stream", 200),
        ("GET", "/chunks", 200),
        ("GET", "/data", 200),
        ("GET", "/empty", 200),
        ("POST", "/empty", 204),
        ("GET", "/intstatus", 202),
        ("GET", "/cookies", 200),
        ("GET", "/errors/teapot", 418),
        ("GET", "/errors/redirect", 302),
        ("GET", "/errors/status", 202),
        ("GET", "/errors/crash", 500),
        ("GET", "/sink/a/b", 200),
    ],
)
def test_diff_app_under_lint(diff_app, method, path, status):
    response = diff_app.request(path, method=method, status=status, expect_errors=True)
    assert response.status_int == status
    if method != "HEAD" and status not in (204, 304):
        assert int(response.headers["Content-Length"]) == len(response.body) or (
            "Content-Length" not in response.headers
        )


def test_file_wrapper_used_for_file_streams(tmp_path):
    path = tmp_path / "blob.bin"
    path.write_bytes(b"x" * 100_000)
    seen = []

    class Blob:
        def on_get(self, req, resp):
            resp.stream = open(path, "rb")  # noqa: SIM115 - the framework closes it

    app = restcore.App()
    app.add_route("/blob", Blob())

    class Wrapper:
        def __init__(self, stream, block_size):
            seen.append(block_size)
            self.stream, self.block_size = stream, block_size

        def __iter__(self):
            while chunk := self.stream.read(self.block_size):
                yield chunk

        def close(self):
            self.stream.close()

    test_app = webtest.TestApp(
        app, lint=True, extra_environ={"wsgi.file_wrapper": Wrapper}
    )
    response = test_app.get("/blob")
    assert response.body == b"x" * 100_000
    assert seen == [restcore.App._STREAM_BLOCK_SIZE]
