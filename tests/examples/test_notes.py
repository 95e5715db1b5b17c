"""The notes example through webtest (WSGI lint on) and restcore.testing."""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import webtest

import restcore
import restcore.testing


@pytest.fixture(scope="module")
def notes_module(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    # The module builds ``app`` at import: point it at a temporary database.
    saved = os.environ.get("NOTES_DB")
    os.environ["NOTES_DB"] = str(tmp_path_factory.mktemp("notes") / "import.sqlite3")
    try:
        module = importlib.import_module("examples.notes.app")
        # Another test may have imported it first, with another database.
        yield importlib.reload(module)
    finally:
        if saved is None:
            del os.environ["NOTES_DB"]
        else:
            os.environ["NOTES_DB"] = saved


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a test's notes live: a SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        return str(tmp_path / "n.sqlite3")
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def stores(
    notes_module: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> Iterator[list[Any]]:
    """Every store the test's apps open, closed when the test ends."""
    opened: list[Any] = []
    real = notes_module.open_store

    def recording(target: str | None = None) -> Any:
        opened.append(real(target))
        return opened[-1]

    monkeypatch.setattr(notes_module, "open_store", recording)
    yield opened
    for store in opened:
        store.close()


@pytest.fixture
def app(notes_module: ModuleType, database: str, stores: list[Any]) -> restcore.App:
    application: restcore.App = notes_module.create_app(database)
    return application


@pytest.fixture
def web(app: restcore.App) -> webtest.TestApp:
    return webtest.TestApp(app, lint=True)


def create(web: webtest.TestApp, title: str = "t", body: str = "b") -> Any:
    return web.post_json("/notes", {"title": title, "body": body}, status=201)


def test_module_app_uses_notes_db(notes_module: ModuleType) -> None:
    client = restcore.testing.TestClient(notes_module.app)
    result = client.simulate_post("/notes", json={"title": "x"})
    assert result.status_code == 201
    assert Path(os.environ["NOTES_DB"]).is_file()


def test_create_and_read(web: webtest.TestApp) -> None:
    created = create(web, "Groceries", "eggs")
    note = created.json
    assert note["title"] == "Groceries"
    assert note["body"] == "eggs"
    assert note["version"] == 1
    assert created.headers["Location"] == f"/notes/{note['id']}"
    assert created.headers["ETag"] == f'"{note["id"]}-1"'
    fetched = web.get(f"/notes/{note['id']}")
    assert fetched.json == note
    assert fetched.headers["ETag"] == created.headers["ETag"]


def test_body_defaults_to_empty(web: webtest.TestApp) -> None:
    note = web.post_json("/notes", {"title": "only"}, status=201).json
    assert note["body"] == ""


def test_schema_survives_reopen(
    notes_module: ModuleType, database: str, stores: list[Any]
) -> None:
    first = restcore.testing.TestClient(notes_module.create_app(database))
    assert first.simulate_post("/notes", json={"title": "kept"}).status_code == 201
    second = restcore.testing.TestClient(notes_module.create_app(database))
    assert second.simulate_get("/notes").json["total"] == 1


def test_pagination_and_links(web: webtest.TestApp) -> None:
    ids = [create(web, f"n{i}").json["id"] for i in range(5)]
    first = web.get("/notes", {"limit": 2})
    assert [n["id"] for n in first.json["notes"]] == ids[:2]
    assert first.json["total"] == 5
    assert first.headers["X-Total-Count"] == "5"
    assert first.headers["Link"] == "</notes?limit=2&offset=2>; rel=next"
    middle = web.get("/notes", {"limit": 2, "offset": 2})
    assert [n["id"] for n in middle.json["notes"]] == ids[2:4]
    links = middle.headers["Link"]
    assert "</notes?limit=2&offset=4>; rel=next" in links
    assert "</notes?limit=2&offset=0>; rel=prev" in links
    last = web.get("/notes", {"limit": 2, "offset": 4})
    assert [n["id"] for n in last.json["notes"]] == ids[4:]
    assert last.headers["Link"] == "</notes?limit=2&offset=2>; rel=prev"


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=x", "limit"),
        ("offset=-1", "offset"),
    ],
)
def test_bad_paging_parameters(web: webtest.TestApp, query: str, name: str) -> None:
    result = web.get(f"/notes?{query}", status=400)
    assert name in result.json["description"]


def test_if_none_match(web: webtest.TestApp) -> None:
    note = create(web).json
    url = f"/notes/{note['id']}"
    etag = web.get(url).headers["ETag"]
    cached = web.get(url, headers={"If-None-Match": etag}, status=304)
    assert cached.body == b""
    assert cached.headers["ETag"] == etag
    weak = web.get(url, headers={"If-None-Match": f"W/{etag}"}, status=304)
    assert weak.body == b""
    web.get(url, headers={"If-None-Match": '"other"'}, status=200)
    web.get(url, headers={"If-None-Match": "*"}, status=304)


def test_if_match_on_update(web: webtest.TestApp) -> None:
    note = create(web).json
    url = f"/notes/{note['id']}"
    etag = web.get(url).headers["ETag"]
    updated = web.patch_json(url, {"body": "new"}, headers={"If-Match": etag})
    assert updated.json["body"] == "new"
    assert updated.json["version"] == 2
    assert updated.headers["ETag"] != etag
    stale = web.put_json(
        url, {"title": "t", "body": "x"}, headers={"If-Match": etag}, status=412
    )
    assert "changed" in stale.json["description"]
    web.patch_json(url, {"body": "weak"}, headers={"If-Match": f"W/{etag}"}, status=412)
    assert web.get(url).json["body"] == "new"
    web.put_json(url, {"title": "t2", "body": "x"}, headers={"If-Match": "*"})
    web.delete(url, headers={"If-Match": etag}, status=412)
    web.delete(url, headers={"If-Match": web.get(url).headers["ETag"]}, status=204)


def test_update_without_precondition(web: webtest.TestApp) -> None:
    note = create(web).json
    url = f"/notes/{note['id']}"
    replaced = web.put_json(url, {"title": "T", "body": "B"}).json
    assert (replaced["title"], replaced["body"]) == ("T", "B")
    patched = web.patch_json(url, {"title": "T2"}).json
    assert (patched["title"], patched["body"], patched["version"]) == ("T2", "B", 3)


@pytest.mark.parametrize(
    ("method", "doc", "fragment"),
    [
        ("post", {}, '"title" is required'),
        ("post", {"title": "  "}, '"title" must not be blank'),
        ("post", {"title": 3}, '"title" must be a string'),
        ("post", {"title": "x" * 201}, "at most 200 characters"),
        ("post", {"title": "x", "color": "red"}, 'unknown field "color"'),
        ("post", ["title"], "must be a JSON object"),
        ("put", {"title": "x"}, '"body" is required'),
        ("patch", {"body": None}, '"body" must be a string'),
    ],
)
def test_validation_errors(
    web: webtest.TestApp, method: str, doc: Any, fragment: str
) -> None:
    url = "/notes" if method == "post" else f"/notes/{create(web).json['id']}"
    result = getattr(web, f"{method}_json")(url, doc, status=422)
    assert result.json["title"] == "Invalid note"
    assert fragment in result.json["description"]


def test_several_problems_in_one_description(web: webtest.TestApp) -> None:
    result = web.post_json("/notes", {"body": 1, "x": 1}, status=422)
    assert result.json["description"] == (
        'unknown field "x"; "title" is required; "body" must be a string.'
    )


def test_wrong_media_type(web: webtest.TestApp) -> None:
    web.post("/notes", "title=x", content_type="text/plain", status=415)


def test_malformed_json(web: webtest.TestApp) -> None:
    result = web.post("/notes", "{nope", content_type="application/json", status=400)
    assert "JSON" in result.json["title"] or "JSON" in result.json["description"]


@pytest.mark.parametrize(
    ("method", "status"),
    [("get", 404), ("delete", 404), ("patch_json", 404), ("put_json", 404)],
)
def test_missing_note(web: webtest.TestApp, method: str, status: int) -> None:
    args: tuple[Any, ...] = ("/notes/999",)
    if method.endswith("_json"):
        args += ({"title": "t", "body": "b"},)
    result = getattr(web, method)(*args, status=status)
    assert result.json["description"] == "There is no note 999."


@pytest.mark.parametrize("path", ["/notes/abc", "/notes/1.5", "/nope"])
def test_unrouted_paths(web: webtest.TestApp, path: str) -> None:
    web.get(path, status=404)


def test_method_not_allowed(web: webtest.TestApp) -> None:
    result = web.delete("/notes", status=405)
    assert result.headers["Allow"] == "GET, POST, OPTIONS"


def test_delete_then_gone(web: webtest.TestApp) -> None:
    note = create(web).json
    web.delete(f"/notes/{note['id']}", status=204)
    web.get(f"/notes/{note['id']}", status=404)
    assert web.get("/notes").json["total"] == 0


def test_testing_client(app: restcore.App) -> None:
    client = restcore.testing.TestClient(app)
    created = client.simulate_post("/notes", json={"title": "hello"})
    assert created.status == "201 Created"
    note_id = created.json["id"]
    fetched = client.simulate_get(f"/notes/{note_id}")
    assert fetched.headers["etag"] == f'"{note_id}-1"'
    cached = client.simulate_get(
        f"/notes/{note_id}", headers={"If-None-Match": fetched.headers["etag"]}
    )
    assert cached.status_code == 304
    assert client.simulate_options("/notes").headers["allow"] == "GET, POST"


def test_routes_command_lists_every_route(
    notes_module: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    from restcore.cli.__main__ import main

    assert main(["routes", "examples.notes.app:app"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Routes (2):"
    assert lines[1].split() == ["/notes", "GET,", "POST", "NotesResource"]
    assert lines[2].split() == [
        "/notes/{note_id:int}",
        "DELETE,",
        "GET,",
        "PATCH,",
        "PUT",
        "NoteResource",
    ]
