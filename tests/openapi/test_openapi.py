"""The OpenAPI document, its route and docs page, the CLI; judged by outside tools."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
from typing import Annotated, Any

import openapi_spec_validator
import pytest

import restcore
from restcore import inspect as restcore_inspect
from restcore.media.validators import jsonschema
from restcore.openapi import build_document
from restcore.openapi.document import converter_schema
from restcore.routing import converters
from restcore.testing import TestClient
from restcore.typed import Header, Param, Query, responds
from tests.openapi import notes_apps
from tests.openapi.synthetic import synthetic_app
from tests.typed.models import Order, Person

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_notes_document_is_valid() -> None:
    client = TestClient(notes_apps.good_app())
    document = client.simulate_get("/openapi.json").json
    openapi_spec_validator.validate(document)
    assert set(document["paths"]) == {"/notes", "/notes/{note_id}"}
    post = document["paths"]["/notes"]["post"]
    assert set(post["responses"]) == {"201", "400", "415"}
    assert post["summary"] == "Create a note."
    get = document["paths"]["/notes"]["get"]
    limit = get["parameters"][0]
    assert limit == {
        "name": "limit",
        "in": "query",
        "required": False,
        "schema": {"type": "integer", "minimum": 1, "maximum": 100},
    }
    title = document["components"]["schemas"]["NoteIn"]["properties"]["title"]
    assert title["maxLength"] == 200
    one = document["paths"]["/notes/{note_id}"]
    assert set(one["delete"]["responses"]) == {"204", "404", "412"}
    assert "content" not in one["delete"]["responses"]["204"]


def test_synthetic_200_route_document_is_valid_and_deterministic() -> None:
    app = synthetic_app(200)
    first = build_document(app)
    openapi_spec_validator.validate(first)
    operations = [op for item in first["paths"].values() for op in item.values()]
    assert len(operations) == 200
    ids = [op["operationId"] for op in operations]
    assert len(set(ids)) == len(ids)
    assert json.dumps(first) == json.dumps(build_document(synthetic_app(200)))
    item = first["paths"]["/things0/{item_id}"]["get"]
    assert item["parameters"][0]["schema"] == {"type": "integer", "minimum": 1}
    assert "404" in item["responses"]


class Plain:
    def on_get(self, req: Any, resp: Any, name: str) -> None:
        """Say hello.

        In detail.
        """

    @jsonschema.validate(req_schema={"type": "object", "required": ["a"]})
    def on_post(self, req: Any, resp: Any, name: str) -> None:
        pass

    def on_get_raw(self, req: Any, resp: Any) -> None:
        pass


def test_untyped_routes_are_documented() -> None:
    app = restcore.App()
    app.add_route("/hello/{name}", Plain())
    app.add_route("/raw", Plain(), suffix="raw")
    document = build_document(app, title="T", version="2", description="D")
    openapi_spec_validator.validate(document)
    assert document["info"] == {"title": "T", "version": "2", "description": "D"}
    get = document["paths"]["/hello/{name}"]["get"]
    assert get["summary"] == "Say hello."
    assert get["description"] == "In detail."
    assert get["responses"] == {"default": {"description": "The responder's answer."}}
    post = document["paths"]["/hello/{name}"]["post"]
    assert post["requestBody"]["content"]["application/json"]["schema"] == {
        "type": "object",
        "required": ["a"],
    }
    assert set(post["responses"]) == {"default", "400", "415"}
    assert document["paths"]["/raw"]["get"]["operationId"] == "get_raw"


@pytest.mark.parametrize(
    ("converter", "schema"),
    [
        (None, {"type": "string"}),
        (
            converters.IntConverter(2, 10, 99),
            {
                "type": "integer",
                "minimum": 10,
                "maximum": 99,
                "description": "exactly 2 digits",
            },
        ),
        (converters.FloatConverter(), {"type": "number"}),
        (converters.UUIDConverter(), {"type": "string", "format": "uuid"}),
        (converters.DateTimeConverter(), {"type": "string", "format": "date-time"}),
        (
            converters.DateTimeConverter("%Y"),
            {"type": "string", "description": "strptime %Y"},
        ),
        (converters.RegexConverter("a+"), {"type": "string", "pattern": "^(?:a+)$"}),
    ],
)
def test_converter_schemas(converter: Any, schema: dict[str, Any]) -> None:
    assert converter_schema(converter) == schema


def test_path_and_custom_converter_schemas() -> None:
    assert converter_schema(converters.PathConverter())["x-restcore-path"] is True

    class Own(converters.BaseConverter):
        openapi_schema = {"type": "string", "minLength": 3}

        def convert(self, value: str) -> str:
            return value

    assert converter_schema(Own()) == {"type": "string", "minLength": 3}


class Typed:
    @responds(202, errors=[restcore.HTTPConflict], operation_id="make")
    def on_post(
        self,
        req: Any,
        resp: Any,
        body: Order,
        x_key: Header[Annotated[str, Param(alias="X-Key", description="k")]],
        tags: Query[list[int]] = [],  # noqa: B006 - never mutated
    ) -> None:
        pass

    def on_put(self, req: Any, resp: Any, body: Person) -> Person:
        return body


def test_typed_operation_details() -> None:
    app = restcore.App(typed=True)
    app.add_route("/t", Typed())
    document = build_document(app)
    openapi_spec_validator.validate(document)
    post = document["paths"]["/t"]["post"]
    assert post["operationId"] == "make"
    assert post["parameters"][0] == {
        "name": "X-Key",
        "in": "header",
        "required": True,
        "schema": {"type": "string"},
        "description": "k",
    }
    assert post["parameters"][1]["explode"] is True
    assert set(post["responses"]) == {"202", "400", "409", "415"}
    assert "content" not in post["responses"]["202"]
    assert {"Order", "Line", "Person"} <= set(document["components"]["schemas"])


def test_duplicate_operation_ids_get_numbers() -> None:
    class One:
        @responds(operation_id="same")
        def on_get(self, req: Any, resp: Any) -> None: ...

    app = restcore.App(typed=True)
    app.add_route("/a", One())
    app.add_route("/b", One())
    ids = [item["get"]["operationId"] for item in build_document(app)["paths"].values()]
    assert ids == ["same", "same_2"]


def test_document_is_cached_and_rebuilt_after_add_route() -> None:
    app = restcore.App()
    spec = app.add_openapi_route("/openapi.json")
    first = spec.document_bytes()
    assert spec.document_bytes() is first
    client = TestClient(app)
    assert client.simulate_get("/openapi.json").content == first
    app.add_route("/hello/{name}", Plain())
    assert "/hello/{name}" in client.simulate_get("/openapi.json").json["paths"]
    etag = client.simulate_get("/openapi.json").headers["ETag"]
    cached = client.simulate_get("/openapi.json", headers={"If-None-Match": etag})
    assert cached.status_code == 304


class OwnRouter:
    def __init__(self) -> None:
        self.routes: list[tuple[str, Any]] = []

    def add_route(self, uri_template: str, resource: Any, **kwargs: Any) -> None:
        self.routes.append((uri_template, resource))

    def find(self, uri: str, req: Any = None) -> Any:
        return None


@restcore_inspect.register_router(OwnRouter)
def _inspect_own(router: OwnRouter) -> list[restcore_inspect.RouteInfo]:
    return [
        restcore_inspect.RouteInfo(
            template,
            type(resource).__name__,
            "",
            [restcore_inspect.RouteMethodInfo("GET", "", "on_get", False)],
        )
        for template, resource in router.routes
    ]


def test_custom_router_is_documented() -> None:
    app = restcore.App(router=OwnRouter())
    app.add_route("/hello/{name}", Plain())
    document = build_document(app)
    assert document["paths"]["/hello/{name}"]["get"]["summary"] == "Say hello."


def test_docs_page_and_assets() -> None:
    app = restcore.App()
    app.add_openapi_route("/openapi.json", docs="/docs/", title="A <b>")
    client = TestClient(app)
    page = client.simulate_get("/docs")
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert "<title>A &lt;b&gt;</title>" in page.text
    assert "<script>" not in page.text
    init = client.simulate_get("/docs/init.js")
    assert "validatorUrl: null" in init.text
    assert '"/openapi.json"' in init.text
    bundle = client.simulate_get("/docs/swagger-ui-bundle.js")
    assert bundle.headers["Cache-Control"] == "public, max-age=86400"
    assert len(bundle.content) > 1_000_000
    again = client.simulate_get(
        "/docs/swagger-ui-bundle.js", headers={"If-None-Match": bundle.headers["ETag"]}
    )
    assert again.status_code == 304
    assert client.simulate_get("/docs/favicon.png").content[:4] == b"\x89PNG"
    assert client.simulate_get("/docs/nope.js").status_code == 404
    assert "/docs" not in client.simulate_get("/openapi.json").json["paths"]


def test_docs_page_needs_its_assets(tmp_path: pathlib.Path) -> None:
    app = restcore.App()
    with pytest.raises(ImportError, match="restcore\\[openapi\\]"):
        app.add_openapi_route("/openapi.json", docs="/docs", docs_assets=tmp_path)


def test_cli_prints_and_writes_the_document(tmp_path: pathlib.Path) -> None:
    env = {**os.environ, "NOTES_DB": str(tmp_path / "n.sqlite3")}
    command = [sys.executable, "-m", "restcore", "openapi", "examples.notes.app:app"]
    printed = subprocess.run(
        command, capture_output=True, check=True, cwd=ROOT, env=env
    )
    document = json.loads(printed.stdout)
    assert document["info"] == {"title": "Notes", "version": "1.0"}
    output = tmp_path / "openapi.json"
    subprocess.run([*command, "--output", str(output)], check=True, cwd=ROOT, env=env)
    assert json.loads(output.read_bytes()) == document


def test_cli_documents_an_app_without_a_spec_route(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from restcore.cli.__main__ import main

    assert (
        main(["openapi", "tests.openapi.test_openapi:PLAIN_APP", "--title", "P"]) == 0
    )
    assert json.loads(capsys.readouterr().out)["info"]["title"] == "P"
    assert main(["openapi", "tests.openapi.test_openapi:nothing"]) == 1
    assert main(["openapi", "tests.openapi.test_openapi:not_an_app"]) == 1


PLAIN_APP = restcore.App()
PLAIN_APP.add_route("/hello/{name}", Plain())


def not_an_app(environ: Any, start_response: Any) -> Any:
    return []


def _schemathesis(app: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ST_APP": app, "ST_EXAMPLES": "15"}
    suite = pathlib.Path(__file__).with_name("schemathesis_suite.py")
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(suite)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=600,
    )


def test_schemathesis_finds_nothing_on_the_notes_example() -> None:
    result = _schemathesis("tests.openapi.notes_apps:good_app")
    assert result.returncode == 0, result.stdout[-3000:]
    assert " passed" in result.stdout


def test_schemathesis_fails_the_seeded_copy() -> None:
    result = _schemathesis("tests.openapi.notes_apps:seeded_app")
    assert result.returncode == 1, result.stdout[-3000:]
    for failure in ("Server error", "Response violates schema", "Schema-violating"):
        assert failure in result.stdout


def test_unrecorded_and_internal_routes_of_a_custom_router() -> None:
    router = OwnRouter()
    router.routes.append(("/added/{x}", Plain()))  # not through App.add_route
    app = restcore.App(router=router)
    app.add_route("/hello/{name}", Plain())
    app.add_route("/empty", object())
    document = build_document(app, servers=["http://127.0.0.1:8000"])
    assert document["servers"] == [{"url": "http://127.0.0.1:8000"}]
    added = document["paths"]["/added/{x}"]["get"]
    assert "tags" not in added
    assert added["responses"] == {"default": {"description": "The responder's answer."}}
    # OwnRouter lists on_get for /empty, which the resource lacks.
    assert "summary" not in document["paths"]["/empty"]["get"]


def test_internal_responders_are_left_out() -> None:
    class Internal:
        def on_get(self, req: Any, resp: Any) -> None: ...

    @restcore_inspect.register_router(InternalRouter)
    def _inspect(router: InternalRouter) -> list[restcore_inspect.RouteInfo]:
        return [
            restcore_inspect.RouteInfo(
                "/i",
                "Internal",
                "",
                [
                    restcore_inspect.RouteMethodInfo("GET", "", "on_get", False),
                    restcore_inspect.RouteMethodInfo("OPTIONS", "", "responder", True),
                ],
            )
        ]

    app = restcore.App(router=InternalRouter())
    app.add_route("/i", Internal())
    assert list(build_document(app)["paths"]["/i"]) == ["get"]


class InternalRouter(OwnRouter):
    pass


def test_docs_page_without_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "swagger_ui_bundle", None)
    with pytest.raises(ImportError, match="pip install"):
        restcore.App().add_openapi_route("/openapi.json", docs="/docs")


def test_cli_uses_the_served_document_in_process(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from restcore.cli.__main__ import main

    output = tmp_path / "doc.json"
    assert (
        main(["openapi", "tests.openapi.test_openapi:SERVED_APP", "-o", str(output)])
        == 0
    )
    assert json.loads(output.read_text())["info"]["title"] == "Served"


SERVED_APP = restcore.App()
SERVED_APP.add_route("/hello/{name}", Plain())
SERVED_APP.add_openapi_route("/openapi.json", title="Served")
