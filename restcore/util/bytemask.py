"""Marking chosen bytes of a buffer without a Python loop over them.

The escape decoders (percent-escapes in ``util.uri``, octal escapes of quoted
cookie values in ``request``) must find the escapes that are valid (or not)
in hostile megabytes, where a regex substitution per escape costs tens of
milliseconds. They do it with C-level steps only: ``bytes.translate`` maps the
data to a string of byte classes, ``bytes.replace`` on that string rewrites
the class patterns to find, and ``mark_bytes`` applies the result.
"""

from __future__ import annotations

__all__ = ["class_table", "mark_bytes"]


def class_table(classes: dict[int, int], other: int) -> bytes:
    """Return a 256-byte ``translate`` table: ``classes[byte]``, else ``other``."""
    return bytes(classes.get(byte, other) for byte in range(256))


def mark_bytes(data: bytes, classes: bytes, to_mask: bytes) -> bytes:
    """XOR each byte of ``data`` with ``to_mask`` applied to its class.

    Args:
        data: The bytes to mark.
        classes: One class byte per byte of ``data`` (the same length).
        to_mask: A ``translate`` table from class to the XOR value (0 leaves a
            byte as it is).

    Returns:
        ``data`` with the chosen bytes changed: one XOR of two big integers,
        linear in the length.
    """
    mask = classes.translate(to_mask)
    marked = int.from_bytes(data, "big") ^ int.from_bytes(mask, "big")
    return marked.to_bytes(len(data), "big")
