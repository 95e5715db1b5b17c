"""The typed notes example on a temporary database, and a copy with seeded bugs.

The seeded copy serves the good app's document but accepts a title longer
than it says, answers ``id`` as a string, and fails (500) on negative ids:
a checker that judges the app against its document must fail it.
"""

from __future__ import annotations

import tempfile
from typing import Any

import msgspec

import restcore
import restcore.typed
from examples.notes import app as notes


def good_app() -> restcore.App:
    directory = tempfile.mkdtemp(prefix="notes-")
    return notes.create_app(f"{directory}/notes.sqlite3")


class LooseNote(msgspec.Struct):
    title: str
    body: str = ""


class SeededNotes(notes.NotesResource):
    @restcore.typed.responds(201)
    def on_post(
        self, req: restcore.Request, resp: restcore.Response, body: LooseNote
    ) -> notes.Note:
        note = self.store.add(body.title, body.body)
        return notes.Note(**note)


class SeededNote(notes.NoteResource):
    def on_get(
        self, req: restcore.Request, resp: restcore.Response, note_id: int
    ) -> dict[str, Any]:
        if note_id < 0:
            raise ZeroDivisionError("seeded bug")
        note = self.find(note_id)
        return {**note, "id": str(note["id"])}


def seeded_app() -> restcore.App:
    directory = tempfile.mkdtemp(prefix="notes-seeded-")
    store = notes.NoteStore(f"{directory}/notes.sqlite3")
    documented = good_app()
    app = restcore.App(typed=True)
    app.add_route("/notes", SeededNotes(store))
    app.add_route("/notes/{note_id:int}", SeededNote(store))
    spec = [r for _, r, _ in documented._route_records if hasattr(r, "document_bytes")]
    app.add_route("/openapi.json", spec[0], typed=False)
    return app
