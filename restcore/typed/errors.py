"""``RequestValidationError``: a 400 that names every bad field."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from restcore.errors import HTTPBadRequest

__all__ = ["RequestValidationError", "add_error"]

ErrorEntry = dict[str, str]


class RequestValidationError(HTTPBadRequest):
    """400 Bad Request listing each problem of a request.

    ``to_dict()`` (and so the app's error serializer) gives Falcon's body plus
    ``errors``: one ``{"in", "name" | "pointer", "detail"}`` entry per problem;
    body locations are RFC 6901 pointers in URI-fragment form.

    Args:
        errors: The entries.
    """

    title = "Invalid request"

    def __init__(self, errors: list[ErrorEntry]) -> None:
        # PERF: status, title, headers... stay class attributes (as in
        # HTTPError's own fast path); only what differs is set.
        first = errors[0]
        where = first.get("name") or first.get("pointer")
        self.description = f"{first['in']} {where}: {first['detail']}"
        self.errors = errors

    def to_dict(
        self, obj_type: type[MutableMapping[str, Any]] = dict
    ) -> MutableMapping[str, Any]:
        """Return Falcon's error mapping plus the ``errors`` list."""
        if obj_type is dict and self.code is None and self.link is None:
            # PERF: the common case in one literal (the 400 path is measured).
            return {
                "title": self.title,
                "description": self.description,
                "errors": self.errors,
            }
        obj: MutableMapping[str, Any] = super().to_dict(obj_type)
        obj["errors"] = self.errors
        return obj


def add_error(
    errors: list[ErrorEntry] | None, location: str, name: str, detail: str
) -> list[ErrorEntry]:
    """Append one parameter problem, making the list on the first one.

    Args:
        errors: The list so far, or None.
        location: ``query``, ``header``, ``cookie`` or ``path``.
        name: The parameter's wire name.
        detail: What is wrong.

    Returns:
        The list.
    """
    entry = {"in": location, "name": name, "detail": detail}
    if errors is None:
        return [entry]
    errors.append(entry)
    return errors
