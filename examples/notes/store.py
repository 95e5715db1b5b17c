"""SQLite storage for notes (stdlib ``sqlite3``), safe to share between threads.

The connection is closed by :meth:`NoteStore.close`, by ``with NoteStore(...)``,
or at the latest when the store is garbage collected or the interpreter exits
(CPython 3.13 warns ``ResourceWarning`` about a connection left open). The
database is in WAL mode, so several processes (gunicorn workers) can share it:
readers do not wait for the writer.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import weakref
from datetime import UTC, datetime
from typing import Any, Protocol

SCHEMA = """
CREATE TABLE IF NOT EXISTS notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
)
"""
COLUMNS = "id, title, body, version, created_at, updated_at"


class Store(Protocol):
    """What the app needs of a store (``NoteStore``, ``store_pg.PgNoteStore``)."""

    def close(self) -> None: ...
    def count(self) -> int: ...
    def list(self, limit: int, offset: int) -> list[dict[str, Any]]: ...
    def get(self, note_id: int) -> dict[str, Any] | None: ...
    def add(self, title: str, body: str) -> dict[str, Any]: ...
    def update(
        self, note_id: int, version: int, **fields: str
    ) -> dict[str, Any] | None: ...
    def delete(self, note_id: int) -> bool: ...


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class NoteStore:
    """Notes in one SQLite database; every note has a version bumped on change."""

    def __init__(self, path: str) -> None:
        # One connection shared by the server's threads, serialised by a lock;
        # several processes (gunicorn workers) each open their own.
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        # Closes the connection once: on close(), on collection or at exit.
        self._finalizer = weakref.finalize(self, self._db.close)
        self._db.row_factory = sqlite3.Row
        self._lock = threading.Lock()
        with self._lock:
            self._db.execute("PRAGMA busy_timeout = 5000")
            # Persistent in the file; a rollback journal stalls concurrent
            # workers (about 250 req/s with two gunicorn workers, 950 in WAL).
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute(SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._finalizer()

    def __enter__(self) -> NoteStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def count(self) -> int:
        with self._lock:
            (total,) = self._db.execute("SELECT COUNT(*) FROM notes").fetchone()
        return int(total)

    def list(self, limit: int, offset: int) -> list[dict[str, Any]]:
        with self._lock:
            rows = self._db.execute(
                f"SELECT {COLUMNS} FROM notes ORDER BY id LIMIT ? OFFSET ?",
                (limit, offset),
            ).fetchall()
        return [dict(row) for row in rows]

    def get(self, note_id: int) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute(
                f"SELECT {COLUMNS} FROM notes WHERE id = ?", (note_id,)
            ).fetchone()
        return dict(row) if row else None

    def add(self, title: str, body: str) -> dict[str, Any]:
        stamp = now()
        with self._lock:
            row = self._db.execute(
                "INSERT INTO notes (title, body, created_at, updated_at) "
                f"VALUES (?, ?, ?, ?) RETURNING {COLUMNS}",
                (title, body, stamp, stamp),
            ).fetchone()
        return dict(row)

    def update(
        self, note_id: int, version: int, **fields: str
    ) -> dict[str, Any] | None:
        """Change a note if it is still at ``version``; None if it is not."""
        assignments = "".join(f"{name} = ?, " for name in fields)
        with self._lock:
            row = self._db.execute(
                f"UPDATE notes SET {assignments}version = version + 1, updated_at = ? "
                f"WHERE id = ? AND version = ? RETURNING {COLUMNS}",
                (*fields.values(), now(), note_id, version),
            ).fetchone()
        return dict(row) if row else None

    def delete(self, note_id: int) -> bool:
        with self._lock:
            cursor = self._db.execute("DELETE FROM notes WHERE id = ?", (note_id,))
        return cursor.rowcount > 0


def open_store(target: str | None = None) -> Store:
    """Open the notes database named by ``target``, or by the environment.

    Args:
        target: ``postgresql://...`` (PostgreSQL, needs the ``postgres``
            extra), ``sqlite:///path`` or a plain path (SQLite). When None:
            ``$NOTES_DATABASE_URL``, else ``$NOTES_DB``, else
            ``./notes.sqlite3``.
    """
    if target is None:
        target = (
            os.environ.get("NOTES_DATABASE_URL")
            or os.environ.get("NOTES_DB")
            or "notes.sqlite3"
        )
    if target.startswith(("postgresql://", "postgres://")):
        from examples.notes.store_pg import PgNoteStore  # psycopg only if used

        return PgNoteStore(target)
    return NoteStore(target.removeprefix("sqlite:///"))
