"""A notes API on SQLite with typed responders, OpenAPI and an offline docs page.

Run it::

    restcore serve examples.notes.app:app --reload
    curl -X POST localhost:8000/notes -H 'Content-Type: application/json' \\
        -d '{"title": "Groceries", "body": "eggs, milk"}'
    curl localhost:8000/notes
    # the document: localhost:8000/openapi.json; the page: localhost:8000/docs

The database is ``$NOTES_DATABASE_URL`` (``postgresql://...``, needs the
``postgres`` extra, or ``sqlite:///path``), else the SQLite file ``$NOTES_DB``,
else ``./notes.sqlite3``; the schema is created at start.

* ``GET /notes?limit=20&offset=0``: a page of notes, ``Link`` headers to the
  next and previous pages, ``X-Total-Count``.
* ``POST /notes``: create (201, ``Location``, ``ETag``).
* ``GET /notes/{id}``: one note with its ``ETag``; ``If-None-Match`` -> 304.
* ``PUT`` (replace), ``PATCH`` (change some fields), ``DELETE``: honour
  ``If-Match`` (412 when the note changed since).
* Invalid requests get 400 with an ``errors`` list naming each problem.
"""

from __future__ import annotations

from typing import Annotated, Any

import msgspec

import restcore
from examples.notes.store import NoteStore, open_store
from restcore.typed import Query, responds

Title = Annotated[str, msgspec.Meta(min_length=1, max_length=200, pattern=r"\S")]
Text = Annotated[str, msgspec.Meta(max_length=100_000)]
Limit = Annotated[int, msgspec.Meta(ge=1, le=100)]
Offset = Annotated[int, msgspec.Meta(ge=0, le=2**53)]


class NoteIn(msgspec.Struct, forbid_unknown_fields=True):
    """A new note."""

    title: Title
    body: Text = ""


class NoteReplace(msgspec.Struct, forbid_unknown_fields=True):
    """Every field of a note."""

    title: Title
    body: Text


class NotePatch(msgspec.Struct, forbid_unknown_fields=True):
    """Some fields of a note."""

    title: Title | msgspec.UnsetType = msgspec.UNSET
    body: Text | msgspec.UnsetType = msgspec.UNSET


class Note(msgspec.Struct):
    """A stored note."""

    id: int
    title: str
    body: str
    version: int
    created_at: str
    updated_at: str


class NotePage(msgspec.Struct):
    """One page of notes."""

    notes: list[Note]
    total: int
    limit: int
    offset: int


def etag_of(note: dict[str, Any]) -> str:
    return f"{note['id']}-{note['version']}"


def require_json(
    req: restcore.Request, resp: restcore.Response, resource: Any, params: Any
) -> None:
    if not (req.content_type or "").startswith(restcore.MEDIA_JSON):
        raise restcore.HTTPUnsupportedMediaType(
            description="Send notes as application/json."
        )


class NotesResource:
    def __init__(self, store: NoteStore) -> None:
        self.store = store

    def on_get(
        self,
        req: restcore.Request,
        resp: restcore.Response,
        limit: Query[Limit] = 20,
        offset: Query[Offset] = 0,
    ) -> NotePage:
        """List notes, oldest first."""
        total = self.store.count()
        resp.set_header("X-Total-Count", str(total))
        page = f"{req.root_path}{req.path}?limit={limit}&offset="
        if offset + limit < total:
            resp.append_link(page + str(offset + limit), "next")
        if offset > 0:
            resp.append_link(page + str(max(offset - limit, 0)), "prev")
        notes = self.store.list(limit, offset)
        return NotePage([Note(**note) for note in notes], total, limit, offset)

    @responds(201, errors=[restcore.HTTPUnsupportedMediaType])
    @restcore.before(require_json)
    def on_post(
        self, req: restcore.Request, resp: restcore.Response, body: NoteIn
    ) -> Note:
        """Create a note."""
        note = self.store.add(body.title, body.body)
        resp.location = f"{req.root_path}/notes/{note['id']}"
        resp.etag = etag_of(note)
        return Note(**note)


class NoteResource:
    def __init__(self, store: NoteStore) -> None:
        self.store = store

    def find(self, note_id: int) -> dict[str, Any]:
        note = self.store.get(note_id)
        if note is None:
            raise restcore.HTTPNotFound(description=f"There is no note {note_id}.")
        return note

    def check_if_match(self, req: restcore.Request, note: dict[str, Any]) -> None:
        # RFC 9110 13.1.1: If-Match uses the strong comparison function.
        expected = req.if_match
        if expected is None or "*" in expected:
            return
        current = restcore.ETag(etag_of(note))
        if not any(tag != "*" and tag.strong_compare(current) for tag in expected):
            raise restcore.HTTPPreconditionFailed(
                description="The note changed since you read it; fetch it again."
            )

    @responds(errors=[restcore.HTTPNotFound])
    def on_get(
        self, req: restcore.Request, resp: restcore.Response, note_id: int
    ) -> Note | None:
        """Read a note (304 when If-None-Match names its ETag)."""
        note = self.find(note_id)
        resp.etag = etag_of(note)
        # RFC 9110 13.1.2: If-None-Match uses the weak comparison function.
        cached = req.if_none_match or []
        if "*" in cached or etag_of(note) in cached:
            resp.status = restcore.HTTP_304
            return None
        return Note(**note)

    @responds(errors=[restcore.HTTPNotFound, restcore.HTTPPreconditionFailed])
    @restcore.before(require_json)
    def on_put(
        self,
        req: restcore.Request,
        resp: restcore.Response,
        note_id: int,
        body: NoteReplace,
    ) -> Note:
        """Replace a note (If-Match: 412 when it changed)."""
        return self.change(req, resp, note_id, msgspec.structs.asdict(body))

    @responds(errors=[restcore.HTTPNotFound, restcore.HTTPPreconditionFailed])
    @restcore.before(require_json)
    def on_patch(
        self,
        req: restcore.Request,
        resp: restcore.Response,
        note_id: int,
        body: NotePatch,
    ) -> Note:
        """Change some fields of a note (If-Match: 412 when it changed)."""
        fields = {
            name: value
            for name, value in msgspec.structs.asdict(body).items()
            if value is not msgspec.UNSET
        }
        return self.change(req, resp, note_id, fields)

    def change(
        self,
        req: restcore.Request,
        resp: restcore.Response,
        note_id: int,
        fields: dict[str, str],
    ) -> Note:
        note = self.find(note_id)
        self.check_if_match(req, note)
        updated = self.store.update(note_id, note["version"], **fields)
        if updated is None:  # changed or deleted by someone else meanwhile
            raise restcore.HTTPPreconditionFailed(
                description="The note changed while it was being updated."
            )
        resp.etag = etag_of(updated)
        return Note(**updated)

    @responds(204, errors=[restcore.HTTPNotFound, restcore.HTTPPreconditionFailed])
    def on_delete(
        self, req: restcore.Request, resp: restcore.Response, note_id: int
    ) -> None:
        """Delete a note (If-Match: 412 when it changed)."""
        self.check_if_match(req, self.find(note_id))
        self.store.delete(note_id)


def create_app(db_path: str | None = None) -> restcore.App:
    """Build the API on ``db_path``: a SQLite path or a database URL.

    Default: ``$NOTES_DATABASE_URL``, else ``$NOTES_DB``, else ./notes.sqlite3.
    """
    # The backend is chosen in store.open_store (SQLite or PostgreSQL).
    store = open_store(db_path or None)
    app = restcore.App(typed=True)
    app.add_route("/notes", NotesResource(store))
    app.add_route("/notes/{note_id:int}", NoteResource(store))
    app.add_openapi_route("/openapi.json", docs="/docs", title="Notes", version="1.0")
    return app


app = create_app()
