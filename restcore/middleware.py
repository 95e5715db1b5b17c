"""Middleware: resolving components' methods once, and the CORS component.

``prepare_middleware`` looks up every component's ``process_request``,
``process_resource`` and ``process_response`` once, when middleware is added,
and returns them as tuples in the order the App calls them, so that a request
pays for a loop over bound methods, never for attribute lookups.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from restcore.errors import CompatibilityError

__all__ = ["CORSMiddleware", "prepare_middleware"]

ProcessRequest = Callable[[Any, Any], None]
ProcessResource = Callable[[Any, Any, Any, dict[str, Any]], None]
ProcessResponse = Callable[[Any, Any, Any, bool], None]
PreparedMiddleware = tuple[tuple[Any, ...], tuple[Any, ...], tuple[Any, ...]]


def _method(component: object, name: str) -> Any:
    method = getattr(component, name, None)
    if method is None:
        method = getattr(component, name + "_async", None)
        if method is not None:
            raise CompatibilityError(
                f"{type(component).__name__}.{name}_async is a coroutine method: "
                "restcore serves WSGI and needs a plain method"
            )
    return method


def prepare_middleware(
    middleware: Iterable[object],
    independent_middleware: bool = False,
    asgi: bool = False,
) -> PreparedMiddleware:
    """Resolve middleware components into method tuples.

    Args:
        middleware: The components, in the order they were added.
        independent_middleware: If True, every ``process_response`` runs even
            when a ``process_request`` failed; if False, a component's
            ``process_response`` runs only if ``process_request`` ran for it.
        asgi: Must be False: restcore serves WSGI.

    Returns:
        ``(request_stack, resource_stack, response_stack)``. With independent
        middleware the request stack holds ``process_request`` methods and the
        response stack the ``process_response`` methods in reverse order; with
        dependent middleware the request stack holds ``(process_request,
        process_response)`` pairs and the response stack is empty.

    Raises:
        CompatibilityError: ``asgi`` is true or a component is async-only.
        TypeError: A component has none of the three methods.
    """
    if asgi:
        raise CompatibilityError("restcore serves WSGI: asgi=True is not supported")
    request_stack: list[Any] = []
    resource_stack: list[Any] = []
    response_stack: list[Any] = []
    for component in middleware:
        process_request = _method(component, "process_request")
        process_resource = _method(component, "process_resource")
        process_response = _method(component, "process_response")
        if not (process_request or process_resource or process_response):
            raise TypeError(
                f"{component!r} has no process_request, process_resource or "
                "process_response method"
            )
        if independent_middleware:
            if process_request:
                request_stack.append(process_request)
            if process_response:
                response_stack.insert(0, process_response)
        elif process_request or process_response:
            request_stack.append((process_request, process_response))
        if process_resource:
            resource_stack.append(process_resource)
    return tuple(request_stack), tuple(resource_stack), tuple(response_stack)


class CORSMiddleware:
    """Add CORS headers to responses, and answer preflight requests.

    Args:
        allow_origins: ``'*'`` or an origin or list of origins to allow.
        expose_headers: Header name(s) for Access-Control-Expose-Headers.
        allow_credentials: ``'*'`` or origin(s) that may send credentials.
        allow_private_network: Answer private-network preflights.
    """

    def __init__(
        self,
        allow_origins: str | Iterable[str] = "*",
        expose_headers: str | Iterable[str] | None = None,
        allow_credentials: str | Iterable[str] | None = None,
        allow_private_network: bool = False,
    ) -> None:
        self.allow_origins = _origin_set(allow_origins, "allow_origins")
        if expose_headers is not None and not isinstance(expose_headers, str):
            expose_headers = ", ".join(expose_headers)
        self._expose_headers = expose_headers
        self.allow_credentials = (
            frozenset() if allow_credentials is None
            else _origin_set(allow_credentials, "allow_credentials")
        )
        self.allow_private_network = allow_private_network

    def process_response(
        self, req: Any, resp: Any, resource: object, req_succeeded: bool
    ) -> None:
        """Set the CORS response headers for a request with an Origin."""
        origin = req.get_header("Origin")
        if origin is None:
            return
        if self.allow_origins != "*" and origin not in self.allow_origins:
            return
        allow_origin = origin if self.allow_origins != "*" else "*"
        if self.allow_credentials == "*" or origin in self.allow_credentials:
            allow_origin = origin
            resp.set_header("Access-Control-Allow-Credentials", "true")
        if resp.get_header("Access-Control-Allow-Origin") is None:
            resp.set_header("Access-Control-Allow-Origin", allow_origin)
        if self._expose_headers:
            resp.set_header("Access-Control-Expose-Headers", self._expose_headers)
        if allow_origin != "*":
            resp.append_header("Vary", "Origin")
        if req.method == "OPTIONS" and req.get_header(
            "Access-Control-Request-Method"
        ):
            self._answer_preflight(req, resp)

    def _answer_preflight(self, req: Any, resp: Any) -> None:
        allow = resp.get_header("Allow")
        resp.delete_header("Allow")
        if allow is None:
            for name in ("Access-Control-Allow-Origin", "Access-Control-Allow-Credentials",
                         "Access-Control-Expose-Headers"):
                resp.delete_header(name)
            return
        resp.set_header("Access-Control-Allow-Methods", allow)
        allow_headers = req.get_header("Access-Control-Request-Headers", default="*")
        resp.set_header("Access-Control-Allow-Headers", allow_headers)
        resp.set_header("Access-Control-Max-Age", "86400")
        if self.allow_private_network and (
            req.get_header("Access-Control-Request-Private-Network") == "true"
        ):
            resp.set_header("Access-Control-Allow-Private-Network", "true")


def _origin_set(value: str | Iterable[str], argument: str) -> Any:
    if value == "*":
        return "*"
    if isinstance(value, str):
        return frozenset({value})
    origins = frozenset(value)
    if "*" in origins:
        raise ValueError(f"{argument} must be '*' or a list of origins, not both")
    return origins
