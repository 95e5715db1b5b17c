"""RFC 9457 problem details: App(problem_details=True) and serialize_problem.

Every JSON body is checked against tests/problem_schema.py (written from the
RFC); XML bodies are parsed and checked for the RFC's namespace and members.
"""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ElementTree
from typing import Any

import pytest

import restcore
import restcore.testing
from restcore import problem_details
from restcore.problem_details import (
    MEDIA_PROBLEM_JSON,
    MEDIA_PROBLEM_XML,
    serialize_problem,
    to_problem,
    to_problem_xml,
)
from tests.problem_schema import check_problem

NAMESPACE = "{urn:ietf:rfc:7807}"


class RequestValidationError(restcore.HTTPBadRequest):
    """What the typed layer raises: an errors list of {in, name|pointer, detail}."""

    def __init__(self, errors: list[dict[str, str]]) -> None:
        super().__init__(title="Invalid request", description="See errors.")
        self.errors = errors


class Things:
    def on_get(self, req: Any, resp: Any, kind: str) -> None:
        if kind == "conflict":
            raise restcore.HTTPConflict(
                title="Already exists",
                description="A thing with this name exists.",
                type="https://example.org/problems/exists",
                instance="/things/conflict",
                extensions={"name": "x", "status": 999},
            )
        if kind == "gone":
            raise restcore.HTTPGone()
        if kind == "crash":
            raise RuntimeError("secret /srv/app/db.py internals")
        if kind == "typed":
            raise RequestValidationError(
                [
                    {"detail": "must be at least 1", "pointer": "#/quantity"},
                    {"detail": "not an integer", "in": "query", "name": "page"},
                ]
            )
        if kind == "coded":
            raise restcore.HTTPForbidden(code=12, href="https://example.org/why")
        resp.media = {"kind": kind}

    def on_post(self, req: Any, resp: Any, kind: str) -> None:
        if kind == "stream":
            resp.media = {"size": len(req.stream.read())}
        else:
            resp.media = req.get_media()


def make_app(**options: Any) -> restcore.App:
    app = restcore.App(problem_details=True, **options)
    app.add_route("/things/{kind}", Things())
    app.req_options.max_body_size = 16
    return app


def problem(result: Any) -> dict[str, Any]:
    assert result.headers["content-type"] == MEDIA_PROBLEM_JSON
    assert "Accept" in result.headers["vary"]
    document: dict[str, Any] = json.loads(result.content)
    check_problem(document)
    assert document["status"] == result.status_code
    return document


@pytest.fixture
def client() -> restcore.testing.TestClient:
    return restcore.testing.TestClient(make_app())


def test_route_miss_is_a_problem(client: Any) -> None:
    document = problem(client.simulate_get("/nowhere"))
    assert document == {"type": "about:blank", "title": "Not Found", "status": 404}


def test_route_miss_keeps_the_fast_path() -> None:
    app = make_app()
    restcore.testing.simulate_get(app, "/nowhere")
    assert app._is_route_not_found_plain()
    # Installed by hand, the public serializer keeps it too.
    plain = restcore.App()
    plain.set_error_serializer(serialize_problem)
    result = restcore.testing.simulate_get(plain, "/nowhere")
    assert plain._is_route_not_found_plain()
    assert problem(result)["title"] == "Not Found"


def test_method_not_allowed(client: Any) -> None:
    result = client.simulate_delete("/things/x")
    assert result.status_code == 405
    assert result.headers["allow"] == "GET, POST, OPTIONS"
    assert problem(result)["title"] == "Method Not Allowed"


def test_custom_title_type_instance_and_extensions(client: Any) -> None:
    document = problem(client.simulate_get("/things/conflict"))
    assert document == {
        "type": "https://example.org/problems/exists",
        "title": "Already exists",
        "status": 409,
        "detail": "A thing with this name exists.",
        "instance": "/things/conflict",
        "name": "x",  # an extension may not replace a standard member
    }


def test_gone(client: Any) -> None:
    assert problem(client.simulate_get("/things/gone"))["title"] == "Gone"


def test_falcon_code_and_link_are_extension_members(client: Any) -> None:
    document = problem(client.simulate_get("/things/coded"))
    assert document["code"] == 12
    assert document["link"]["href"] == "https://example.org/why"


@pytest.mark.parametrize(
    ("path", "headers", "body"),
    [
        ("/things/stream", {"Content-Length": "17"}, b"x" * 17),
        ("/things/media", {"Content-Type": "application/json"}, b'"' + b"x" * 20),
    ],
    ids=["stream", "media"],
)
def test_content_too_large(client: Any, path: str, headers: Any, body: bytes) -> None:
    result = client.simulate_post(path, headers=headers, body=body)
    document = problem(result)
    assert document["title"] == "Content Too Large"
    assert document["detail"] == "The request body may be at most 16 bytes long."


def test_unsupported_media_type(client: Any) -> None:
    result = client.simulate_post(
        "/things/media", headers={"Content-Type": "text/csv"}, body=b"a,b"
    )
    assert problem(result)["status"] == 415


def test_bad_json_says_what_and_where(client: Any) -> None:
    result = client.simulate_post(
        "/things/media", headers={"Content-Type": "application/json"}, body=b'{"a": '
    )
    document = problem(result)
    assert document["title"] == "Invalid JSON"
    assert document["detail"] == (
        "Could not parse JSON body - unexpected end of data at line 1, column 7"
    )


def test_validation_errors_are_the_errors_member(client: Any) -> None:
    document = problem(client.simulate_get("/things/typed"))
    assert document["errors"] == [
        {"detail": "must be at least 1", "pointer": "#/quantity"},
        {"detail": "not an integer", "in": "query", "name": "page"},
    ]


def test_unhandled_exception_shows_no_internals() -> None:
    errors = io.StringIO()
    result = restcore.testing.simulate_get(
        make_app(), "/things/crash", extras={"wsgi.errors": errors}
    )
    document = problem(result)
    assert document == {
        "type": "about:blank",
        "title": "Internal Server Error",
        "status": 500,
    }
    assert "secret" in errors.getvalue()  # the log keeps it
    assert b"secret" not in result.content


@pytest.mark.parametrize(
    "accept",
    [
        "application/xml",
        "text/xml",
        "application/problem+xml",
        "application/json;q=0.5, application/xml",
    ],
)
def test_xml_for_clients_that_prefer_it(client: Any, accept: str) -> None:
    result = client.simulate_get("/things/conflict", headers={"Accept": accept})
    assert result.headers["content-type"] == MEDIA_PROBLEM_XML
    root = ElementTree.fromstring(result.content)
    assert root.tag == f"{NAMESPACE}problem"
    members = {child.tag.removeprefix(NAMESPACE): child.text for child in root}
    assert members["status"] == "409"
    assert members["title"] == "Already exists"
    assert members["type"] == "https://example.org/problems/exists"


@pytest.mark.parametrize(
    "accept",
    ["application/problem+json", "text/html", "image/png", "application/msgpack"],
)
def test_json_otherwise_always_with_a_body(client: Any, accept: str) -> None:
    result = client.simulate_get("/nowhere", headers={"Accept": accept})
    assert problem(result)["status"] == 404


def test_xml_off_means_json() -> None:
    app = make_app()
    app.resp_options.xml_error_serialization = False
    result = restcore.testing.simulate_get(
        app, "/nowhere", headers={"Accept": "application/xml"}
    )
    assert problem(result)["status"] == 404


def test_xml_of_arrays_objects_and_odd_values() -> None:
    document = to_problem(
        RequestValidationError([{"detail": "bad\x01", "pointer": "#/a"}])
    )
    document.update({"flag": True, "off": False, "none": None, "bad name": 1})
    root = ElementTree.fromstring(to_problem_xml(document))
    entry = root.find(f"{NAMESPACE}errors/{NAMESPACE}i")
    assert entry is not None
    assert entry.findtext(f"{NAMESPACE}detail") == "bad"  # no control character
    assert root.findtext(f"{NAMESPACE}flag") == "true"
    assert root.findtext(f"{NAMESPACE}off") == "false"
    assert root.findtext(f"{NAMESPACE}none") == ""  # an empty element
    assert len(root.findall("*")) == 8  # "bad name" is no XML name: left out


def test_class_bodies_are_cached_and_refreshed() -> None:
    problem_details._CLASS_BODIES.clear()
    first = problem_details._body(restcore.HTTPGone(), MEDIA_PROBLEM_JSON)
    assert problem_details._body(restcore.HTTPGone(), MEDIA_PROBLEM_JSON) is first

    class Renamed(restcore.HTTPGone):
        title = "Gone away"

    assert b"Gone away" in problem_details._body(Renamed(), MEDIA_PROBLEM_JSON)
    Renamed.title = "Gone for good"
    assert b"Gone for good" in problem_details._body(Renamed(), MEDIA_PROBLEM_JSON)


def test_flag_off_keeps_falcon_bodies() -> None:
    import falcon
    import falcon.testing

    bodies = []
    for framework, testing in ((falcon, falcon.testing), (restcore, restcore.testing)):
        app = framework.App()
        result = testing.simulate_get(app, "/nowhere")
        bodies.append((result.status, result.headers["content-type"], result.json))
    assert bodies[0] == bodies[1]
