"""Method maps: which responder handles each HTTP method of a resource."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from restcore import constants, responders

__all__ = (
    "SuffixedMethodNotFoundError",
    "map_http_methods",
    "set_default_responders",
)

Responder = Callable[..., Any]


class SuffixedMethodNotFoundError(Exception):
    """No ``on_<method>_<suffix>`` responder exists for a route's suffix.

    Args:
        message: What was not found.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def map_http_methods(
    resource: object, suffix: str | None = None, default_to_on_request: bool = False
) -> dict[str, Responder]:
    """Map each method in ``constants.COMBINED_METHODS`` to ``on_<method>[_suffix]``.

    Args:
        resource: The resource object.
        suffix: Responder name suffix (``on_get_<suffix>``...).
        default_to_on_request: Accept a suffix with no method responders when
            the resource has ``on_request_<suffix>``.

    Returns:
        The explicitly defined, callable responders by method.

    Raises:
        SuffixedMethodNotFoundError: A suffix was given and nothing matched.
    """
    method_map: dict[str, Responder] = {}
    name_suffix = "_" + suffix if suffix else ""
    # Read through the module: apps may append to COMBINED_METHODS at runtime.
    for method in constants.COMBINED_METHODS:
        responder = getattr(resource, "on_" + method.lower() + name_suffix, None)
        if responder is not None and callable(responder):
            method_map[method] = responder
    if suffix and not method_map:
        has_default = default_to_on_request and hasattr(
            resource, f"on_request_{suffix}"
        )
        if not has_default:
            raise SuffixedMethodNotFoundError(
                "No responders found for the specified suffix"
            )
    return method_map


def set_default_responders(
    method_map: dict[str, Responder],
    asgi: bool = False,
    default_responder: Responder | None = None,
) -> None:
    """Fill the methods a resource lacks: OPTIONS, then 405 (or a default).

    Args:
        method_map: The map from ``map_http_methods``; updated in place.
        asgi: Accepted for Falcon compatibility; restcore serves WSGI only.
        default_responder: Responder for every unmapped method except
            OPTIONS and WEBSOCKET (default: a 405 responder).
    """
    allowed = sorted(m for m in method_map if m not in constants._META_METHODS)
    if "OPTIONS" not in method_map:
        # The default OPTIONS answer lists only explicit methods; 405 adds OPTIONS.
        method_map["OPTIONS"] = responders.create_default_options(allowed, asgi=asgi)
        allowed.append("OPTIONS")
    if "WEBSOCKET" not in method_map:
        method_map["WEBSOCKET"] = responders.create_method_not_allowed(
            allowed, asgi=asgi
        )
    if default_responder is None:
        default_responder = responders.create_method_not_allowed(allowed, asgi=asgi)
    for method in constants.COMBINED_METHODS:
        if method not in method_map:
            method_map[method] = default_responder
