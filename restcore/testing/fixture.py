"""Small producers of test inputs: random strings, free ports, stream swaps."""

from __future__ import annotations

import contextlib
import random
import socket
import sys
import warnings
from collections.abc import Iterator
from typing import TextIO

from restcore.util.deprecation import DeprecatedWarning

__all__ = ("get_unused_port", "rand_string", "redirected")


def rand_string(min: int, max: int) -> str:
    """Return a random string of printable ASCII characters.

    Args:
        min: Shortest length, inclusive.
        max: Longest length, inclusive.

    Returns:
        The string.
    """
    length = random.randint(min, max)
    return "".join(chr(random.randint(0x20, 0x7E)) for _ in range(length))


def get_unused_port() -> int:
    """Return a localhost TCP port that is free right now.

    Another process may still grab it before the caller binds it.

    Returns:
        The port number.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("localhost", 0))
        return int(sock.getsockname()[1])


def redirected(
    stdout: TextIO = sys.stdout, stderr: TextIO = sys.stderr
) -> contextlib.AbstractContextManager[None]:
    """Temporarily replace ``sys.stdout`` and ``sys.stderr`` (deprecated).

    Use `contextlib.redirect_stdout` and `contextlib.redirect_stderr` instead.

    Args:
        stdout: Stream to use as ``sys.stdout``.
        stderr: Stream to use as ``sys.stderr``.

    Returns:
        A context manager that restores the streams on exit.
    """
    warnings.warn(
        "Call to deprecated function redirected(...). This context manager is "
        "deprecated and will be removed in a future release. Please use "
        "contextlib.redirect_stdout and contextlib.redirect_stderr instead.",
        DeprecatedWarning,
        stacklevel=2,
    )
    return _swap_streams(stdout, stderr)


@contextlib.contextmanager
def _swap_streams(stdout: TextIO, stderr: TextIO) -> Iterator[None]:
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = stdout, stderr
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
