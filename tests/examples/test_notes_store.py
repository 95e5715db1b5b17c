"""The notes example's SQLite store: connections closed, WAL mode."""

from __future__ import annotations

import gc
import os
import sqlite3
import subprocess
import sys
import threading
import warnings
from pathlib import Path

import pytest

from examples.notes.store import NoteStore, open_store


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


def test_selector_prefers_url_then_path_then_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NOTES_DATABASE_URL", raising=False)
    monkeypatch.delenv("NOTES_DB", raising=False)
    with open_store() as store:
        store.add("default", "")
    assert (tmp_path / "notes.sqlite3").is_file()
    monkeypatch.setenv("NOTES_DB", str(tmp_path / "db.sqlite3"))
    with open_store() as store:
        store.add("db", "")
    assert (tmp_path / "db.sqlite3").is_file()
    monkeypatch.setenv("NOTES_DATABASE_URL", f"sqlite:///{tmp_path}/url.sqlite3")
    with open_store() as store:
        assert isinstance(store, NoteStore)
        store.add("url", "")
    assert (tmp_path / "url.sqlite3").is_file()
    with open_store(str(tmp_path / "explicit.sqlite3")) as store:
        assert store.count() == 0


def test_psycopg_is_imported_only_for_postgresql(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from examples.notes.store import open_store\n"
        f"open_store({str(tmp_path / 'n.sqlite3')!r}).close()\n"
        "import examples.notes.app\n"
        "print(sorted(m for m in sys.modules if m.startswith('psycopg')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parents[2],
        env={**os.environ, "NOTES_DB": str(tmp_path / "import.sqlite3")},
    )
    assert result.stdout.strip() == "[]"


def test_postgresql_url_opens_the_postgresql_store(postgres_url: str) -> None:
    from examples.notes.store_pg import PgNoteStore

    with open_store(postgres_url) as store:
        assert isinstance(store, PgNoteStore)
        note = store.add("pg", "body")
        assert store.get(note["id"]) == note
        assert store.list(10, 0) == [note]
        assert store.update(note["id"], 99, body="x") is None
        assert store.delete(note["id"])
        assert not store.delete(note["id"])
        assert store.count() == 0


def test_concurrent_schema_creation_does_not_race(postgres_url: str) -> None:
    from examples.notes.store_pg import PgNoteStore

    errors: list[BaseException] = []
    stores: list[PgNoteStore] = []

    def boot() -> None:
        try:
            stores.append(PgNoteStore(postgres_url))
        except BaseException as ex:
            errors.append(ex)

    threads = [threading.Thread(target=boot) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(stores) == 8
    for store in stores:
        store.close()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_pool_is_per_process(postgres_url: str) -> None:
    from examples.notes.store_pg import PgNoteStore

    with PgNoteStore(postgres_url) as store:
        store.add("parent", "")
        parent_pool = store._pool
        read, write = os.pipe()
        with warnings.catch_warnings():
            # Forking a process with threads (the pool's) warns on 3.12+.
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:  # pragma: no cover - the child reports through the pipe
            ok = store.add("child", "")["id"] > 0 and store._pool is not parent_pool
            os.write(write, b"1" if ok else b"0")
            os._exit(0)
        os.close(write)
        assert os.read(read, 1) == b"1"
        os.close(read)
        os.waitpid(pid, 0)
        assert store._pool is parent_pool
        assert [n["title"] for n in store.list(10, 0)] == ["parent", "child"]
