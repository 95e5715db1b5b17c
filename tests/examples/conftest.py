"""A PostgreSQL server for the notes tests, started once per session.

The server runs from a folder directly under /tmp (as root: as the
``postgres`` user, which must reach it). When it cannot be started (no
binaries, not allowed), the PostgreSQL variants are skipped with the reason.
"""

from __future__ import annotations

import gc
import os
import shutil
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from deploy import postgres


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[postgres.Server | str]:
    """The running server, or the reason it could not start."""
    try:
        import psycopg  # noqa: F401 - the store needs it: no server without it
    except ImportError:
        yield "psycopg is not installed (pip install -e '.[postgres]')"
        return
    base = Path(f"/tmp/restcore-pgtest-{os.getpid()}")
    shutil.rmtree(base, ignore_errors=True)
    try:
        server: postgres.Server | str = postgres.start(base, "127.0.0.1", _free_port())
    except (OSError, RuntimeError, LookupError) as ex:
        server = f"PostgreSQL could not be started: {ex}"
    try:
        yield server
    finally:
        gc.collect()  # close the pools of stores nobody holds any more
        if isinstance(server, postgres.Server):
            server.stop()
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: postgres.Server | str) -> str:
    """A URL to a fresh, empty schema of the session's server."""
    if isinstance(postgres_server, str):
        pytest.skip(postgres_server)
    import psycopg

    schema = f"t_{uuid.uuid4().hex}"
    admin_url = postgres_server.url(user="postgres")
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema} AUTHORIZATION notes")
    return f"{postgres_server.url()}?options=-csearch_path%3D{schema}"
