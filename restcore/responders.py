"""Default responders: 404 for no route, 400 for an unknown method, 405, OPTIONS."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, NoReturn

from restcore.errors import HTTPBadRequest, HTTPMethodNotAllowed, HTTPRouteNotFound
from restcore.status import HTTP_200

__all__ = (
    "bad_request",
    "create_default_options",
    "create_method_not_allowed",
    "path_not_found",
)


def path_not_found(req: Any, resp: Any, **kwargs: Any) -> NoReturn:
    """Raise ``HTTPRouteNotFound`` (404): no route matched the path."""
    raise HTTPRouteNotFound()


def bad_request(req: Any, resp: Any, **kwargs: Any) -> NoReturn:
    """Raise a 400 for a method outside ``constants.COMBINED_METHODS``."""
    raise HTTPBadRequest(title="Bad request", description="Invalid HTTP method")


def create_method_not_allowed(
    allowed_methods: Iterable[str], asgi: bool = False
) -> Callable[..., NoReturn]:
    """Create a responder raising 405 with ``Allow: <allowed_methods>``.

    Args:
        allowed_methods: The methods the ``Allow`` header lists.
        asgi: Accepted for Falcon compatibility; restcore serves WSGI only.
    """

    def method_not_allowed(req: Any, resp: Any, **kwargs: Any) -> NoReturn:
        raise HTTPMethodNotAllowed(allowed_methods)

    return method_not_allowed


def create_default_options(
    allowed_methods: Iterable[str], asgi: bool = False
) -> Callable[..., None]:
    """Create the default OPTIONS responder: 200, ``Allow``, no body.

    ``Allow`` is left out when the resource maps no method explicitly.

    Args:
        allowed_methods: The methods the ``Allow`` header lists.
        asgi: Accepted for Falcon compatibility; restcore serves WSGI only.
    """
    allowed = ", ".join(allowed_methods)

    def options_responder(req: Any, resp: Any, **kwargs: Any) -> None:
        resp.status = HTTP_200
        if allowed:
            resp.set_header("Allow", allowed)
        resp.set_header("Content-Length", "0")

    return options_responder
