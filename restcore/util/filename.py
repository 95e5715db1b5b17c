"""Sanitizing client-supplied file names (e.g. multipart ``filename``)."""

from __future__ import annotations

import os
import re
import unicodedata

__all__ = ["secure_filename"]

_UNSAFE_CHARACTER = re.compile(r"[^a-zA-Z0-9.-]")
_WINDOWS_DEVICE_NAMES = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{prefix}{digit}" for prefix in ("COM", "LPT") for digit in range(1, 10)]
)


def secure_filename(filename: str, max_length: int | None = None) -> str:
    """Reduce `filename` to ASCII letters, digits, ``.``, ``-`` and ``_``.

    The name is NFKD-normalized first (so ``'Å'`` keeps its ``'A'``), a leading
    dot becomes ``_``, and any other character becomes ``_``. On Windows, device
    names such as ``CON`` get a leading ``_``.

    Args:
        filename: The untrusted name.
        max_length: Truncate to this length, keeping the extension if it fits.

    Returns:
        The sanitized name.

    Raises:
        ValueError: `filename` is empty, or `max_length` is not positive.
    """
    if not filename:
        raise ValueError("filename may not be an empty string")
    name = unicodedata.normalize("NFKD", filename)
    if name[0] == ".":
        name = "_" + name[1:]
    name = _UNSAFE_CHARACTER.sub("_", name)
    if os.name == "nt" and _is_device_name(name):  # read per call: tests patch it
        name = "_" + name
    if max_length and len(name) > max_length:
        name = _truncate(name, max_length)
    return name


def _is_device_name(name: str) -> bool:
    return name.partition(".")[0].rstrip(" ").upper() in _WINDOWS_DEVICE_NAMES


def _truncate(name: str, max_length: int) -> str:
    if max_length <= 0:
        raise ValueError("if provided, max_length must be a positive int")
    root, extension = os.path.splitext(name)
    root_length = max_length - len(extension)
    if root_length > 0:
        return root[:root_length] + extension
    return name[:max_length]
