"""A notes API on SQLite, written the way a restcore (or Falcon) app is.

Run it::

    restcore serve examples.notes.app:app --reload
    curl -X POST localhost:8000/notes -H 'Content-Type: application/json' \\
        -d '{"title": "Groceries", "body": "eggs, milk"}'
    curl localhost:8000/notes

The database is ``$NOTES_DATABASE_URL`` (``postgresql://...``, needs the
``postgres`` extra, or ``sqlite:///path``), else the SQLite file ``$NOTES_DB``,
else ``./notes.sqlite3``; the schema is created at start.

* ``GET /notes?limit=20&offset=0``: a page of notes, ``Link`` headers to the
  next and previous pages, ``X-Total-Count``.
* ``POST /notes``: create (201, ``Location``, ``ETag``).
* ``GET /notes/{id}``: one note with its ``ETag``; ``If-None-Match`` -> 304.
* ``PUT`` (replace), ``PATCH`` (change some fields), ``DELETE``: honour
  ``If-Match`` (412 when the note changed since).
* Invalid documents get 422 with a description of what is wrong.
"""

from __future__ import annotations

from typing import Any

import restcore
from examples.notes.store import NoteStore, open_store

MAX_TITLE = 200
MAX_BODY = 100_000
FIELDS = {"title": MAX_TITLE, "body": MAX_BODY}


def etag_of(note: dict[str, Any]) -> str:
    return f"{note['id']}-{note['version']}"


def validate(doc: Any, required: tuple[str, ...]) -> dict[str, str]:
    """Return the fields of a note document, or raise 422 saying what is wrong."""
    if not isinstance(doc, dict):
        raise restcore.HTTPUnprocessableEntity(
            title="Invalid note", description="The body must be a JSON object."
        )
    unknown = sorted(set(doc) - set(FIELDS))
    missing = [name for name in required if name not in doc]
    problems = [f'unknown field "{name}"' for name in unknown]
    problems += [f'"{name}" is required' for name in missing]
    for name, value in doc.items():
        limit = FIELDS.get(name)
        if limit is None:
            continue
        if not isinstance(value, str):
            problems.append(f'"{name}" must be a string')
        elif len(value) > limit:
            problems.append(f'"{name}" must be at most {limit} characters')
        elif name == "title" and not value.strip():
            problems.append('"title" must not be blank')
    if problems:
        raise restcore.HTTPUnprocessableEntity(
            title="Invalid note", description="; ".join(problems) + "."
        )
    return dict(doc)


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

    def on_get(self, req: restcore.Request, resp: restcore.Response) -> None:
        limit = req.get_param_as_int("limit", min_value=1, max_value=100, default=20)
        offset = req.get_param_as_int("offset", min_value=0, default=0)
        assert limit is not None
        assert offset is not None
        total = self.store.count()
        resp.media = {
            "notes": self.store.list(limit, offset),
            "total": total,
            "limit": limit,
            "offset": offset,
        }
        resp.set_header("X-Total-Count", str(total))
        page = f"{req.root_path}{req.path}?limit={limit}&offset="
        if offset + limit < total:
            resp.append_link(page + str(offset + limit), "next")
        if offset > 0:
            resp.append_link(page + str(max(offset - limit, 0)), "prev")

    @restcore.before(require_json)
    def on_post(self, req: restcore.Request, resp: restcore.Response) -> None:
        fields = validate(req.get_media(), required=("title",))
        note = self.store.add(fields["title"], fields.get("body", ""))
        resp.status = restcore.HTTP_201
        resp.location = f"{req.root_path}/notes/{note['id']}"
        resp.etag = etag_of(note)
        resp.media = note


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

    def on_get(
        self, req: restcore.Request, resp: restcore.Response, note_id: int
    ) -> None:
        note = self.find(note_id)
        resp.etag = etag_of(note)
        # RFC 9110 13.1.2: If-None-Match uses the weak comparison function.
        cached = req.if_none_match or []
        if "*" in cached or etag_of(note) in cached:
            resp.status = restcore.HTTP_304
            return
        resp.media = note

    @restcore.before(require_json)
    def on_put(
        self, req: restcore.Request, resp: restcore.Response, note_id: int
    ) -> None:
        self.change(req, resp, note_id, validate(req.get_media(), ("title", "body")))

    @restcore.before(require_json)
    def on_patch(
        self, req: restcore.Request, resp: restcore.Response, note_id: int
    ) -> None:
        self.change(req, resp, note_id, validate(req.get_media(), ()))

    def change(
        self,
        req: restcore.Request,
        resp: restcore.Response,
        note_id: int,
        fields: dict[str, str],
    ) -> None:
        note = self.find(note_id)
        self.check_if_match(req, note)
        updated = self.store.update(note_id, note["version"], **fields)
        if updated is None:  # changed or deleted by someone else meanwhile
            raise restcore.HTTPPreconditionFailed(
                description="The note changed while it was being updated."
            )
        resp.etag = etag_of(updated)
        resp.media = updated

    def on_delete(
        self, req: restcore.Request, resp: restcore.Response, note_id: int
    ) -> None:
        self.check_if_match(req, self.find(note_id))
        self.store.delete(note_id)
        resp.status = restcore.HTTP_204


def create_app(db_path: str | None = None) -> restcore.App:
    """Build the API on ``db_path``: a SQLite path or a database URL.

    Default: ``$NOTES_DATABASE_URL``, else ``$NOTES_DB``, else ./notes.sqlite3.
    """
    # The backend is chosen in store.open_store (SQLite or PostgreSQL).
    store = open_store(db_path or None)
    app = restcore.App()
    app.add_route("/notes", NotesResource(store))
    app.add_route("/notes/{note_id:int}", NoteResource(store))
    return app


app = create_app()
