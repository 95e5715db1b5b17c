"""A throwaway PostgreSQL server, run as the ``postgres`` user when root.

PostgreSQL refuses to run as root, so as root ``initdb`` and ``pg_ctl`` run
through ``runuser -u postgres``; every parent of the data and socket folders
must then be traversable by that user (pytest's ``tmp_path`` and ``mktemp -d``
are not: callers pass a folder directly under /tmp, mode 0755). ``pg_ctl``
daemonizes: the server is tracked by ``data/postmaster.pid``. ``initdb
--no-sync`` skips only initdb's own fsync; the server keeps ``fsync=on``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from deploy import procs


def find_bin() -> Path | None:
    """The highest ``/usr/lib/postgresql/<n>/bin`` with initdb, else PATH's."""
    versions = []
    for path in Path("/usr/lib/postgresql").glob("*/bin/initdb"):
        name = path.parent.parent.name
        if name.isdigit():
            versions.append((int(name), path.parent))
    if versions:
        return max(versions)[1]
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _as_server_user(argv: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *argv]
    return argv


@dataclass
class Server:
    """A running server: where it is and how to reach it."""

    base: Path
    host: str
    port: int
    bin: Path

    @property
    def socket_dir(self) -> Path:
        """The folder of the server's Unix socket."""
        return self.base / "sock"

    @property
    def data(self) -> Path:
        """The cluster's data folder."""
        return self.base / "data"

    def url(self, database: str = "notes", user: str = "notes") -> str:
        """A libpq URL to ``database`` over TCP."""
        return f"postgresql://{user}@{self.host}:{self.port}/{database}"

    def pid(self) -> int | None:
        """The postmaster's PID, from its PID file."""
        try:
            return int((self.data / "postmaster.pid").read_text().split()[0])
        except (FileNotFoundError, IndexError, ValueError):
            return None

    def psql(self, sql: str, database: str = "postgres") -> str:
        """Run one statement as the superuser over the socket; return rows."""
        return procs.run(
            [
                "psql",
                "-h",
                str(self.socket_dir),
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-d",
                database,
                "-X",
                "-A",
                "-t",
                "-v",
                "ON_ERROR_STOP=1",
                "-c",
                sql,
            ]
        )

    def stop(self) -> None:
        """Stop the server (fast shutdown), by its PID file; SIGKILL if stuck."""
        pid = self.pid()
        if pid is None:
            return
        with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
            procs.run(
                _as_server_user(
                    [
                        str(self.bin / "pg_ctl"),
                        "-D",
                        str(self.data),
                        "-m",
                        "fast",
                        "-w",
                        "-t",
                        "20",
                        "stop",
                    ]
                ),
                timeout=30,
            )
        procs.stop([pid], timeout=5.0)


def start(base: Path, host: str, port: int, trust: str = "127.0.0.1/32") -> Server:
    """Create a cluster in ``base`` and start it, with a ``notes`` database.

    Args:
        base: An empty or missing folder the server user can reach.
        host: The address to listen on.
        port: The TCP port.
        trust: The network whose clients connect without a password.

    Raises:
        RuntimeError: No PostgreSQL binaries, or a command failed.
    """
    pg_bin = find_bin()
    if pg_bin is None:
        raise RuntimeError("no PostgreSQL server binaries (initdb) found")
    server = Server(base, host, port, pg_bin)
    server.socket_dir.mkdir(parents=True, exist_ok=True)
    base.chmod(0o755)
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
        shutil.chown(server.socket_dir, "postgres", "postgres")
    procs.run(
        _as_server_user(
            [
                str(pg_bin / "initdb"),
                "-D",
                str(server.data),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ]
        )
    )
    with (server.data / "postgresql.conf").open("a") as conf:
        conf.write(
            f"listen_addresses = '{host}'\nport = {port}\n"
            f"unix_socket_directories = '{server.socket_dir}'\n"
        )
    with (server.data / "pg_hba.conf").open("a") as hba:
        hba.write(f"host all all {trust} trust\n")
    try:
        procs.run(
            _as_server_user(
                [
                    str(pg_bin / "pg_ctl"),
                    "-D",
                    str(server.data),
                    "-l",
                    str(base / "server.log"),
                    "-w",
                    "-t",
                    "30",
                    "start",
                ]
            ),
            timeout=40,
        )
        server.psql("CREATE ROLE notes LOGIN")
        server.psql("CREATE DATABASE notes OWNER notes")
    except BaseException:
        server.stop()  # started: never leave it running
        raise
    return server
