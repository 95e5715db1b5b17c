"""Resolving middleware components' methods once, when they are added.

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
