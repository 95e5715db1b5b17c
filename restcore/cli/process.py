"""The reload protocol: how the supervisor and its serving child cooperate.

``restcore serve --reload`` runs two processes. The supervisor
(``restcore.cli.reload``) binds the listening socket once and starts
``restcore serve`` again as a child, passing two file descriptors through the
environment:

- ``RESTCORE_SERVER_FD``: the listening socket, which the child serves on, so
  the port (even ``--port 0``) survives restarts and connections made during a
  restart wait in the backlog;
- ``RESTCORE_PARENT_FD``: the read end of a pipe whose write end only the
  supervisor holds; when the supervisor dies, the read returns end-of-file and
  the child stops itself.

To restart, the supervisor sends the child SIGTERM (SIGKILL after
``STOP_TIMEOUT`` seconds) and starts a new one. Both sides live here, so
``serve`` and ``reload`` import this module and not each other.
"""

from __future__ import annotations

import os
import signal
import socket
import socketserver
import subprocess
import sys
import threading

__all__ = (
    "PARENT_FD_VARIABLE",
    "SERVER_FD_VARIABLE",
    "STOP_TIMEOUT",
    "ServingChild",
    "bind_socket",
    "exit_with_parent",
    "log",
)

SERVER_FD_VARIABLE = "RESTCORE_SERVER_FD"
PARENT_FD_VARIABLE = "RESTCORE_PARENT_FD"
STOP_TIMEOUT = 5.0


def log(message: str) -> None:
    """Write one ``restcore serve:`` line to stderr.

    Args:
        message: The text after the prefix.
    """
    print(f"restcore serve: {message}", file=sys.stderr, flush=True)


def bind_socket(host: str, port: int) -> socket.socket:
    """Create a listening TCP socket (IPv6 when ``host`` contains ``:``).

    Args:
        host: The address to bind.
        port: The port; 0 picks a free one.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(socketserver.TCPServer.request_queue_size * 10)
    except OSError:
        sock.close()
        raise
    return sock


def exit_with_parent() -> None:
    """In a child, stop (SIGTERM to itself) when the supervisor's pipe closes."""
    fd = os.environ.get(PARENT_FD_VARIABLE)
    if fd is None:
        return

    def wait_for_parent() -> None:
        while os.read(int(fd), 1):
            pass
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=wait_for_parent, daemon=True).start()


class ServingChild:
    """The supervisor's side: one serving child process and its alive-pipe.

    Args:
        app: The ``MODULE:APP`` text.
        host: The bound address (for the child's start-up message).
        port: The bound port.
        server_fd: The listening socket's file descriptor, inherited.
    """

    def __init__(self, app: str, host: str, port: int, server_fd: int) -> None:
        self.command = [
            sys.executable,
            "-m",
            "restcore",
            "serve",
            app,
            "--host",
            host,
            "--port",
            str(port),
        ]
        self.server_fd = server_fd
        self.process: subprocess.Popen[bytes] | None = None
        self.exit_reported = False
        self.start()

    def start(self) -> None:
        """Start a child serving on the inherited socket."""
        read_end, self.alive_fd = os.pipe()
        env = {
            **os.environ,
            SERVER_FD_VARIABLE: str(self.server_fd),
            PARENT_FD_VARIABLE: str(read_end),
        }
        try:
            self.process = subprocess.Popen(
                self.command, env=env, pass_fds=(self.server_fd, read_end)
            )
        finally:
            os.close(read_end)
        self.exit_reported = False

    def stop(self) -> None:
        """Stop the child: SIGTERM, then SIGKILL after ``STOP_TIMEOUT`` s."""
        process = self.process
        if process is None:
            return
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                log(f"server {process.pid} did not stop in {STOP_TIMEOUT:g} s; killing")
                process.kill()
                process.wait()
        os.close(self.alive_fd)
        self.process = None

    def restart(self) -> None:
        """Replace the child with a new one (after a change)."""
        self.stop()
        self.start()

    def report_exit(self) -> None:
        """Log once that the child exited on its own (it waits for a change)."""
        process = self.process
        if process is None or self.exit_reported:
            return
        code = process.poll()
        if code is not None:
            log(f"server exited with status {code}; waiting for a change")
            self.exit_reported = True
