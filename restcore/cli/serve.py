"""``restcore serve MODULE:APP``: a threaded development server.

Built on ``wsgiref.simple_server`` with one thread per connection. Without
``--reload`` this process loads the app and serves it. With ``--reload`` it
becomes the supervisor of ``restcore.cli.reload``, which runs this same command
in a child process serving on an inherited socket and restarts it on every
change (the protocol is in ``restcore.cli.process``).

In a reload child, an app that fails to import is not fatal: the traceback is
logged and every request gets a 500 showing it, until a change restarts the
child. Not for production: use gunicorn, waitress, uWSGI, ... (see
``docs/deployment.md``).
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import socketserver
import sys
import traceback
from collections.abc import Callable, Iterable
from types import FrameType
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

from restcore.app import App
from restcore.cli.process import (
    PARENT_FD_VARIABLE,
    SERVER_FD_VARIABLE,
    bind_socket,
    exit_with_parent,
)
from restcore.cli.routes import format_routes
from restcore.cli.target import TargetError, WSGIApp, add_cwd_to_path, load_target

__all__ = (
    "PARENT_FD_VARIABLE",
    "SERVER_FD_VARIABLE",
    "DevServer",
    "add_arguments",
    "bind_socket",
    "run",
    "serve",
)


class DevServer(socketserver.ThreadingMixIn, WSGIServer):
    """``wsgiref``'s server, one daemon thread per connection."""

    daemon_threads = True
    block_on_close = False


class DevRequestHandler(WSGIRequestHandler):
    """Log requests without reverse DNS, as ``client - "request" status size``."""

    def log_message(self, format: str, *args: Any) -> None:
        """Write one access-log line to stderr."""
        sys.stderr.write(f"{self.client_address[0]} - {format % args}\n")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the ``serve`` command's arguments.

    Args:
        parser: The sub-command's parser.
    """
    parser.add_argument(
        "app", metavar="MODULE:APP", help="e.g. myapp:app or myapp:create_app()"
    )
    parser.add_argument("--host", default="127.0.0.1", help="default: 127.0.0.1")
    parser.add_argument(
        "--port", type=int, default=8000, help="default: 8000 (0: any free port)"
    )
    parser.add_argument(
        "--reload",
        action="store_true",
        help="restart when a .py file changes (watchfiles if installed, else polling)",
    )
    parser.add_argument(
        "--reload-dir",
        action="append",
        default=[],
        metavar="DIR",
        help="directory to watch (repeatable; default: the current directory)",
    )


def run(args: argparse.Namespace) -> int:
    """Serve ``args.app``: directly, as a reload child, or under the supervisor.

    Args:
        args: Parsed arguments (``app``, ``host``, ``port``, ``reload``,
            ``reload_dir``).

    Returns:
        The exit status.
    """
    add_cwd_to_path()
    inherited_fd = os.environ.get(SERVER_FD_VARIABLE)
    if inherited_fd is not None:
        return _run_child(args.app, int(inherited_fd))
    if args.reload:
        from restcore.cli.reload import run_supervisor

        return run_supervisor(args.app, args.host, args.port, args.reload_dir)
    try:
        app = load_target(args.app)
    except TargetError as ex:
        print(f"restcore serve: {ex}", file=sys.stderr)
        return 1
    with bind_socket(args.host, args.port) as sock:
        serve(app, sock, args.app)
    return 0


def serve(app: WSGIApp, sock: socket.socket, name: str) -> None:
    """Print the route table and URL, then serve ``app`` until stopped.

    SIGTERM and SIGINT (Ctrl-C) stop the server.

    Args:
        app: The WSGI application.
        sock: A bound, listening socket (not closed here).
        name: The ``MODULE:APP`` text, for the start-up message.
    """
    server = _make_server(app, sock)
    if isinstance(app, App):
        print(format_routes(app), flush=True)
    host, port = sock.getsockname()[:2]
    url_host = f"[{host}]" if ":" in host else host
    print(
        f"Serving {name} on http://{url_host}:{port} (press CTRL+C to quit)",
        flush=True,
    )
    signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
    # Ctrl-C quits even when started with SIGINT ignored (a shell's `cmd &`).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def _make_server(app: WSGIApp, sock: socket.socket) -> DevServer:
    server = DevServer(
        sock.getsockname()[:2], DevRequestHandler, bind_and_activate=False
    )
    server.socket.close()
    # The socket is shared with the supervisor; closing the server must not
    # close it for the next child, so the server gets a duplicate.
    server.socket = sock.dup()
    host, port = sock.getsockname()[:2]
    server.server_name = host or "localhost"
    server.server_port = port
    server.setup_environ()
    server.set_app(app)
    return server


def _run_child(name: str, fd: int) -> int:
    """Serve on the supervisor's socket; show import errors instead of exiting."""
    exit_with_parent()
    sock = socket.socket(fileno=fd)
    try:
        app = load_target(name)
    except Exception:
        text = traceback.format_exc()
        print(
            f"restcore serve: {name} failed to load; waiting for a change.\n{text}",
            file=sys.stderr,
            flush=True,
        )
        app = _make_error_app(text)
    serve(app, sock, name)
    return 0


def _make_error_app(text: str) -> WSGIApp:
    body = f"The application failed to load; save a fix to reload.\n\n{text}".encode()
    headers = [
        ("Content-Type", "text/plain; charset=utf-8"),
        ("Content-Length", str(len(body))),
    ]

    def show_error(
        environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        start_response("500 Internal Server Error", headers)
        return [body]

    return show_error


def _raise_keyboard_interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt
