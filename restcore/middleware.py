"""Middleware: resolving components' methods once, and the CORS component.

``prepare_middleware`` looks up every component's ``process_request``,
``process_resource`` and ``process_response`` once, when middleware is added,
and returns them as tuples in the order the App calls them, so that a request
pays for a loop over bound methods, never for attribute lookups.

Invariants the App relies on (Falcon 4.4's semantics):

- independent middleware: the request stack holds ``process_request`` methods
  in order, the response stack holds ``process_response`` methods in reverse;
- dependent middleware: the request stack holds ``(process_request,
  process_response)`` pairs (either may be None) and the response stack is
  empty: the App queues a component's ``process_response`` as it walks the
  request stack;
- the resource stack holds ``process_resource`` methods in order.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from typing import Any, Literal

from restcore.errors import CompatibilityError

__all__ = [
    "AsyncMiddlewareError",
    "CORSMiddleware",
    "PreparedMiddleware",
    "prepare_middleware",
]

PreparedMiddleware = tuple[tuple[Any, ...], tuple[Any, ...], tuple[Any, ...]]

_METHOD_NAMES = ("process_request", "process_resource", "process_response")


class AsyncMiddlewareError(CompatibilityError, TypeError):
    """A component has only ``*_async`` (ASGI) middleware methods.

    A ``CompatibilityError``, and also a ``TypeError``: Falcon refuses such a
    component with ``TypeError`` on WSGI apps, so code catching that still works.
    """


def _bound_method(component: object, name: str) -> Any:
    """Return ``component.<name>`` if present; it must be a bound method."""
    method = getattr(component, name, None)
    if method is None:
        return None
    if getattr(method, "__self__", None) is None:
        # Falcon's own check: a class (not an instance) or a plain function
        # stored on the instance is refused when middleware is added.
        raise AttributeError(
            f"{component!r}.{name} is not a bound method: middleware must be "
            "an instance whose process_* attributes are methods"
        )
    if inspect.iscoroutinefunction(method):
        raise CompatibilityError(
            f"{component!r} may not implement coroutine methods and remain "
            "compatible with WSGI apps; name the coroutine version "
            f"{name}_async and give a plain {name}"
        )
    return method


def _refuse_component(component: object) -> None:
    async_names = [
        name + "_async" for name in _METHOD_NAMES if hasattr(component, name + "_async")
    ]
    if async_names:
        raise AsyncMiddlewareError(
            f"{component!r} has only ASGI methods ({', '.join(async_names)}): "
            "restcore serves WSGI and needs process_request, process_resource "
            "or process_response"
        )
    raise TypeError(f"{component!r} must implement at least one middleware method")


def prepare_middleware(
    middleware: Iterable[object],
    independent_middleware: bool = False,
    asgi: Literal[False] = False,
) -> PreparedMiddleware:
    """Resolve middleware components into method tuples.

    Args:
        middleware: The components, in the order they were added.
        independent_middleware: If True, every ``process_response`` runs even
            when a ``process_request`` failed; if False, a component's
            ``process_response`` runs only if the App reached its
            ``process_request``.
        asgi: Must be False: restcore serves WSGI.

    Returns:
        ``(request_stack, resource_stack, response_stack)`` as described in
        the module docstring.

    Raises:
        CompatibilityError: ``asgi`` is true, a method is a coroutine, or a
            component has only ``*_async`` methods (that error is also a
            ``TypeError``).
        TypeError: A component has none of the three methods.
        AttributeError: A ``process_*`` attribute is not a bound method.
    """
    if asgi:
        raise CompatibilityError("restcore serves WSGI: asgi=True is not supported")
    request_stack: list[Any] = []
    resource_stack: list[Any] = []
    response_stack: list[Any] = []
    for component in middleware:
        process_request, process_resource, process_response = (
            _bound_method(component, name) for name in _METHOD_NAMES
        )
        if not (process_request or process_resource or process_response):
            _refuse_component(component)
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
    """Add CORS headers to responses, and complete preflight requests.

    A preflight (``OPTIONS`` with ``Access-Control-Request-Method``) is answered
    from the ``Allow`` header the default OPTIONS responder sets: it becomes
    ``Access-Control-Allow-Methods``.

    Args:
        allow_origins: ``'*'``, or an origin or iterable of origins to allow.
        expose_headers: Header name(s) for ``Access-Control-Expose-Headers``.
        allow_credentials: ``'*'``, or origin(s) allowed to send credentials.
        allow_private_network: Allow private-network access on preflights.

    Raises:
        ValueError: ``'*'`` is given inside an iterable of origins.
    """

    __slots__ = (
        "allow_credentials",
        "allow_origins",
        "allow_private_network",
        "expose_headers",
    )

    allow_origins: Literal["*"] | frozenset[str]
    allow_credentials: Literal["*"] | frozenset[str]
    expose_headers: str | None

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
        self.expose_headers = expose_headers
        self.allow_credentials = (
            frozenset()
            if allow_credentials is None
            else _origin_set(allow_credentials, "allow_credentials")
        )
        self.allow_private_network = allow_private_network

    def process_response(
        self, req: Any, resp: Any, resource: object, req_succeeded: bool
    ) -> None:
        """Set the CORS headers for a request that has an allowed Origin."""
        origin = req.get_header("Origin")
        if origin is None:
            return
        if self.allow_origins != "*" and origin not in self.allow_origins:
            return
        # A header set by the app (or an earlier component) is left alone,
        # credentials included.
        if resp.get_header("Access-Control-Allow-Origin") is None:
            allow_origin = "*" if self.allow_origins == "*" else origin
            if self.allow_credentials == "*" or origin in self.allow_credentials:
                # Fetch spec: a credentialed response may not use the wildcard.
                allow_origin = origin
                resp.set_header("Access-Control-Allow-Credentials", "true")
            resp.set_header("Access-Control-Allow-Origin", allow_origin)
        if self.expose_headers:
            resp.set_header("Access-Control-Expose-Headers", self.expose_headers)
        if (
            req_succeeded
            and req.method == "OPTIONS"
            and req.get_header("Access-Control-Request-Method")
        ):
            self._complete_preflight(req, resp)

    def _complete_preflight(self, req: Any, resp: Any) -> None:
        allow = resp.get_header("Allow")
        resp.delete_header("Allow")
        if allow is None:
            # No OPTIONS responder told us the methods: deny the preflight.
            for name in (
                "Access-Control-Allow-Methods",
                "Access-Control-Allow-Headers",
                "Access-Control-Max-Age",
                "Access-Control-Expose-Headers",
                "Access-Control-Allow-Origin",
            ):
                resp.delete_header(name)
        else:
            resp.set_header("Access-Control-Allow-Methods", allow)
            resp.set_header(
                "Access-Control-Allow-Headers",
                req.get_header("Access-Control-Request-Headers", default="*"),
            )
            resp.set_header("Access-Control-Max-Age", "86400")
        if self.allow_private_network and (
            req.get_header("Access-Control-Request-Private-Network") == "true"
        ):
            resp.set_header("Access-Control-Allow-Private-Network", "true")


def _origin_set(
    value: str | Iterable[str], argument: str
) -> Literal["*"] | frozenset[str]:
    if value == "*":
        return "*"
    origins = frozenset({value}) if isinstance(value, str) else frozenset(value)
    if "*" in origins:
        raise ValueError(
            f'The wildcard string "*" may only be passed to {argument} as a string '
            "literal, not inside an iterable."
        )
    return origins
