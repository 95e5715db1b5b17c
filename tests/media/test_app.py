import io
import json
from typing import Any

import falcon
import falcon.testing
import pytest

import restcore
import restcore.testing
from restcore.media.validators import jsonschema as our_jsonschema

FORM = (
    b'--B\r\nContent-Disposition: form-data; name="a"\r\n\r\none\r\n'
    b'--B\r\nContent-Disposition: form-data; name="f"; filename="x.txt"\r\n'
    b"Content-Type: text/plain\r\n\r\nfile body\r\n--B--\r\n"
)
MULTIPART = "multipart/form-data; boundary=B"


def make_resource(framework: Any) -> Any:
    class Echo:
        def on_post(self, req: Any, resp: Any) -> None:
            media = req.get_media()
            if req.content_type and req.content_type.startswith("multipart/"):
                media = [[part.name, part.filename, part.text] for part in media]
            resp.media = {"media": media}

        def on_put(self, req: Any, resp: Any) -> None:
            resp.media = {"media": req.get_media(default_when_empty="empty")}

        def on_get(self, req: Any, resp: Any) -> None:
            resp.content_type = req.get_param("type") or framework.MEDIA_JSON
            resp.media = {"a": [1, 2], "b": "x y"}

        def on_patch(self, req: Any, resp: Any) -> None:
            first_error = second_error = None
            try:
                req.get_media()
            except framework.HTTPError as ex:
                first_error = ex
            try:
                _ = req.media
            except framework.HTTPError as ex:
                second_error = ex
            resp.media = {"cached": first_error is second_error is not None}

    return Echo()


def clients() -> tuple[Any, Any]:
    falcon_app = falcon.App()
    falcon_app.add_route("/", make_resource(falcon))
    our_app = restcore.App()
    our_app.add_route("/", make_resource(restcore))
    return falcon.testing.TestClient(falcon_app), restcore.testing.TestClient(our_app)


CASES: list[tuple[str, dict[str, Any]]] = [
    ("POST", {"json": {"a": 1}}),
    ("POST", {"json": [1, "é", None]}),
    ("POST", {"body": b'{"a": 1}', "content_type": "application/json; charset=utf-8"}),
    ("POST", {"body": b"{", "content_type": "application/json"}),
    ("POST", {"body": b"", "content_type": "application/json"}),
    ("POST", {"body": b"\xff", "content_type": "application/json"}),
    ("POST", {"body": b"[1,]", "content_type": "application/json"}),
    ("POST", {"body": b'{"a": 1}'}),
    (
        "POST",
        {"body": b"a=1&b=2&b=3", "content_type": "application/x-www-form-urlencoded"},
    ),
    ("POST", {"body": b"a=%ff", "content_type": "application/x-www-form-urlencoded"}),
    ("POST", {"body": b"a=\xff", "content_type": "application/x-www-form-urlencoded"}),
    ("POST", {"body": b"", "content_type": "application/x-www-form-urlencoded"}),
    ("POST", {"body": b"x", "content_type": "image/png"}),
    ("POST", {"body": b"x", "content_type": "text/plain"}),
    ("POST", {"body": b"x", "content_type": "garbage"}),
    ("POST", {"body": FORM, "content_type": MULTIPART}),
    ("POST", {"body": FORM[:-10], "content_type": MULTIPART}),
    ("POST", {"body": FORM, "content_type": "multipart/form-data"}),
    ("POST", {"body": b"junk", "content_type": MULTIPART}),
    ("PUT", {"body": b"", "content_type": "application/json"}),
    ("PUT", {"json": {"x": 1}}),
    ("PUT", {"body": b"{", "content_type": "application/json"}),
    ("PATCH", {"body": b"{", "content_type": "application/json"}),
    ("PATCH", {"body": b"", "content_type": "application/json"}),
    ("GET", {}),
    ("GET", {"params": {"type": "application/json; charset=utf-8"}}),
    ("GET", {"params": {"type": "application/x-www-form-urlencoded"}}),
]

# restcore answers 400 where Falcon accepts or crashes; see docs/media.md.
DIFFERENT = [
    ("POST", {"body": b"NaN", "content_type": "application/json"}, 400),
    ("POST", {"body": b'["\\ud800"]', "content_type": "application/json"}, 400),
    (
        "POST",
        {"body": b"[" * 3000 + b"]" * 3000, "content_type": "application/json"},
        400,
    ),
    (
        "POST",
        {"body": b"123456789012345678901234567890", "content_type": "application/json"},
        400,
    ),
    (
        "POST",
        {"body": FORM.replace(b'name="a"', b'name="\xff"'), "content_type": MULTIPART},
        400,
    ),
    ("POST", {"body": b"", "content_type": MULTIPART}, 400),
]


def test_unknown_response_type_is_415_as_in_falcon() -> None:
    falcon_client, our_client = clients()
    params = {"type": "image/png"}
    assert falcon_client.simulate_get("/", params=params).status_code == 415
    assert our_client.simulate_get("/", params=params).status_code == 415


def compare(result: Any) -> tuple[int, Any]:
    body = (
        json.loads(result.text) if result.text.startswith(("{", "[")) else result.text
    )
    if isinstance(body, dict) and "description" in body and result.status_code >= 400:
        # the cause text comes from orjson instead of the stdlib json module
        body = {"title": body["title"]}
    return result.status_code, body


@pytest.mark.parametrize(("method", "kwargs"), CASES)
def test_app_media_matches_falcon(method: str, kwargs: dict[str, Any]) -> None:
    falcon_client, our_client = clients()
    expected = falcon_client.simulate_request(method, "/", **kwargs)
    actual = our_client.simulate_request(method, "/", **kwargs)
    assert compare(actual) == compare(expected)
    assert actual.headers.get("content-type") == expected.headers.get("content-type")


@pytest.mark.parametrize(("method", "kwargs", "status"), DIFFERENT)
def test_app_hostile_media_is_400(
    method: str, kwargs: dict[str, Any], status: int
) -> None:
    falcon_client, our_client = clients()
    assert our_client.simulate_request(method, "/", **kwargs).status_code == status
    assert falcon_client.simulate_request(method, "/", **kwargs).status_code != status


def test_unserializable_response_media_is_500() -> None:
    class Bad:
        def on_get(self, req: Any, resp: Any) -> None:
            resp.media = {"set": {1, 2}}

    app = restcore.App()
    app.add_route("/", Bad())
    result = restcore.testing.simulate_get(app, "/")
    assert result.status_code == 500


@pytest.mark.parametrize("terminated", [True, False])
def test_chunked_multipart_upload(terminated: bool) -> None:
    # Servers that de-chunk a body set wsgi.input_terminated (PEP 3333 errata):
    # the body is then read to the end. Without it there is no body to read.
    app = restcore.App()
    app.add_route("/", make_resource(restcore))
    environ = restcore.testing.create_environ(
        "/", method="POST", body=FORM, headers={"Content-Type": MULTIPART}
    )
    del environ["CONTENT_LENGTH"]
    environ["HTTP_TRANSFER_ENCODING"] = "chunked"
    if terminated:
        environ["wsgi.input_terminated"] = True
    statuses: list[str] = []
    body = b"".join(app(environ, lambda status, headers, *_: statuses.append(status)))
    if terminated:
        assert statuses[0].startswith("200")
        assert json.loads(body) == {
            "media": [["a", None, "one"], ["f", "x.txt", "file body"]]
        }
    else:
        assert statuses[0].startswith("400")


@pytest.mark.parametrize(("size", "status"), [(10, "200"), (11, "413")])
def test_chunked_json_respects_max_body_size(size: int, status: str) -> None:
    class Echo:
        def on_post(self, req: Any, resp: Any) -> None:
            resp.media = req.get_media()

    app = restcore.App()
    app.req_options.max_body_size = 10
    app.add_route("/", Echo())
    document = b'"' + b"x" * (size - 2) + b'"'
    environ = restcore.testing.create_environ(
        "/", method="POST", body=document, headers={"Content-Type": "application/json"}
    )
    del environ["CONTENT_LENGTH"]
    environ["wsgi.input_terminated"] = True
    statuses: list[str] = []
    b"".join(app(environ, lambda status, headers, *_: statuses.append(status)))
    assert statuses[0].startswith(status)


SCHEMA = {
    "type": "object",
    "properties": {"n": {"type": "integer"}},
    "required": ["n"],
}


def make_validated(framework: Any, validate: Any) -> Any:
    class Validated:
        @validate(req_schema=SCHEMA, resp_schema=SCHEMA)
        def on_post(self, req: Any, resp: Any) -> None:
            resp.media = req.get_media() if req.get_param("echo") else {"n": "x"}

    return Validated()


@pytest.mark.parametrize(
    ("body", "echo"),
    [({"n": 1}, True), ({"n": "1"}, True), ({}, True), ([], True), ({"n": 1}, False)],
)
def test_jsonschema_validator_matches_falcon(body: Any, echo: bool) -> None:
    from falcon.media.validators import jsonschema as falcon_jsonschema

    falcon_app = falcon.App()
    falcon_app.add_route("/", make_validated(falcon, falcon_jsonschema.validate))
    our_app = restcore.App()
    our_app.add_route("/", make_validated(restcore, our_jsonschema.validate))
    params = {"echo": "1"} if echo else {}
    expected = falcon.testing.simulate_post(falcon_app, "/", json=body, params=params)
    actual = restcore.testing.simulate_post(our_app, "/", json=body, params=params)
    assert actual.status_code == expected.status_code
    assert actual.json == expected.json


def test_jsonschema_missing_library_is_clear(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(our_jsonschema, "_jsonschema", None)
    with pytest.raises(ImportError, match="pip install restcore\\[jsonschema\\]"):
        our_jsonschema.validate(req_schema=SCHEMA)


def test_jsonschema_async_responder() -> None:
    import asyncio

    from restcore import errors

    class Req:
        def __init__(self, media: Any) -> None:
            self._media = media

        async def get_media(self) -> Any:
            return self._media

    class Resp:
        media: Any = None

    class Resource:
        @our_jsonschema.validate(req_schema=SCHEMA, resp_schema=SCHEMA)
        async def on_post(self, req: Any, resp: Any) -> None:
            resp.media = await req.get_media()

    asyncio.run(Resource().on_post(Req({"n": 1}), Resp()))
    with pytest.raises(errors.MediaValidationError):
        asyncio.run(Resource().on_post(Req({"n": "x"}), Resp()))
    with pytest.raises(errors.HTTPInternalServerError):
        asyncio.run(Resource().on_post(Req({"n": 1, "extra": 1}), _BadResp()))


class _BadResp:
    @property
    def media(self) -> Any:
        return {"n": "not an integer"}

    @media.setter
    def media(self, value: Any) -> None:
        pass


class _CountingInput(io.BytesIO):
    """A wsgi.input that records how many bytes the app read."""

    consumed = 0

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        self.consumed += len(data)
        return data


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/json", b'{"a": "' + b"x" * 100 + b'"}'),
        ("application/x-www-form-urlencoded", b"a=" + b"x" * 100),
        (MULTIPART, FORM),
        ("application/msgpack", b"\xa1" + b"x" * 100),
    ],
)
def test_max_body_size_refuses_before_reading(content_type: str, body: bytes) -> None:
    class Echo:
        def on_post(self, req: Any, resp: Any) -> None:
            req.get_media()
            resp.media = {"ok": True}

    app = restcore.App()
    app.req_options.max_body_size = 16
    app.add_route("/", Echo())
    stream = _CountingInput(body)
    environ = restcore.testing.create_environ(
        "/", method="POST", body=body, headers={"Content-Type": content_type}
    )
    environ["wsgi.input"] = stream
    statuses: list[str] = []
    result = b"".join(app(environ, lambda status, headers, *_: statuses.append(status)))
    assert statuses[0] == "413 Content Too Large"
    assert json.loads(result)["title"] == "413 Content Too Large"
    assert stream.consumed == 0


def test_max_body_size_off_by_default() -> None:
    assert restcore.App().req_options.max_body_size is None
    assert not hasattr(falcon.RequestOptions(), "max_body_size")
