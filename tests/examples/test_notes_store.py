"""The notes example's SQLite store: connections closed, WAL mode."""

from __future__ import annotations

import gc
import sqlite3
import warnings
from pathlib import Path

import pytest

from examples.notes.store import NoteStore


def test_connection_closed_when_store_is_collected(tmp_path: Path) -> None:
    store = NoteStore(str(tmp_path / "n.sqlite3"))
    connection = store._db
    with warnings.catch_warnings():
        # CPython 3.13 warns about a connection collected while open.
        warnings.simplefilter("error", ResourceWarning)
        del store
        gc.collect()
    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        connection.execute("SELECT 1")


def test_close_and_with_close_once(tmp_path: Path) -> None:
    with NoteStore(str(tmp_path / "n.sqlite3")) as store:
        store.add("t", "b")
        connection = store._db
    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        connection.execute("SELECT 1")
    store.close()  # a second close is harmless


def test_database_is_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "n.sqlite3"
    with NoteStore(str(path)) as store:
        store.add("t", "b")
    reader = sqlite3.connect(path)
    try:
        (mode,) = reader.execute("PRAGMA journal_mode").fetchone()
    finally:
        reader.close()
    assert mode == "wal"


def test_two_stores_share_one_file(tmp_path: Path) -> None:
    path = str(tmp_path / "n.sqlite3")
    with NoteStore(path) as first, NoteStore(path) as second:
        note = first.add("shared", "")
        assert second.get(note["id"]) == note
        assert second.count() == 1
