"""``before`` and ``after`` hooks for responders and whole resource classes.

A hook is composed with its responder once, when the decorator runs: the
request pays for one extra function call per hook, nothing more. The names of
the responder's extra arguments are read from its signature at that time too,
for the rare call that passes them positionally (a subclass calling
``super().on_get(req, resp, thing_id)``).

Decorating a class wraps every callable member named ``on_<method>`` or
``on_<method>_<suffix>``, inherited ones included; ``on_request`` default
responders only when ``decorate_on_request`` is true (else a ``UserWarning``).
"""

from __future__ import annotations

import functools
import inspect
import os
import re
import warnings
from collections.abc import Callable
from typing import Any, TypeVar, cast

from restcore.constants import COMBINED_METHODS, TRUE_STRINGS
from restcore.errors import CompatibilityError

__all__ = ["after", "before", "decorate_on_request"]

_T = TypeVar("_T")
Responder = Callable[..., Any]
Wrapper = Callable[[Responder], Responder]

_RESPONDER_NAME = re.compile(
    r"^on_({})(_\w+)?$".format("|".join(method.lower() for method in COMBINED_METHODS))
)
_ON_REQUEST_NAME = re.compile(r"^on_request(_\w+)?$")
_VARIADIC = (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)

#: Whether class decorators also wrap ``on_request`` default responders. Set it
#: before the decorated classes are defined, or set FALCON_DECORATE_ON_REQUEST=1.
decorate_on_request = os.environ.get("FALCON_DECORATE_ON_REQUEST", "0") in TRUE_STRINGS


def before(action: Callable[..., Any], *args: Any, **kwargs: Any) -> Callable[[_T], _T]:
    """Run ``action(req, resp, resource, params, *args, **kwargs)`` first.

    Decorates a responder, or every responder of a resource class. The action
    may change ``params`` to change the responder's keyword arguments.

    Args:
        action: The hook.
        *args: Extra positional arguments for the hook.
        **kwargs: Extra keyword arguments for the hook.

    Returns:
        The decorator.

    An ASGI hook (``is_async=True``, or a coroutine ``action``) makes the
    decorated responder a coroutine function, which ``add_route`` refuses, as
    Falcon's WSGI App does; calling it raises ``CompatibilityError``.
    """
    refusal = _async_hook_refusal(action, kwargs)

    def wrap(responder: Responder) -> Responder:
        if refusal:
            return _refusing(responder, refusal)
        extra_names = _extra_argument_names(responder)

        @functools.wraps(responder)
        def do_before(self: Any, req: Any, resp: Any, *pos: Any, **params: Any) -> None:
            if pos:
                _merge_positional(pos, params, extra_names)
            action(req, resp, self, params, *args, **kwargs)
            responder(self, req, resp, **params)

        return do_before

    return _decorator(wrap)


def after(action: Callable[..., Any], *args: Any, **kwargs: Any) -> Callable[[_T], _T]:
    """Run ``action(req, resp, resource, *args, **kwargs)`` after the responder.

    The action does not run when the responder raises.

    Args:
        action: The hook.
        *args: Extra positional arguments for the hook.
        **kwargs: Extra keyword arguments for the hook.

    Returns:
        The decorator.

    An ASGI hook is refused as in :func:`before`.
    """
    refusal = _async_hook_refusal(action, kwargs)

    def wrap(responder: Responder) -> Responder:
        if refusal:
            return _refusing(responder, refusal)
        extra_names = _extra_argument_names(responder)

        @functools.wraps(responder)
        def do_after(self: Any, req: Any, resp: Any, *pos: Any, **params: Any) -> None:
            if pos:
                _merge_positional(pos, params, extra_names)
            responder(self, req, resp, **params)
            action(req, resp, self, *args, **kwargs)

        return do_after

    return _decorator(wrap)


def _async_hook_refusal(action: Callable[..., Any], kwargs: dict[str, Any]) -> str:
    # Falcon 4 forwards is_async to the action like any other keyword; only
    # is_async=True (an ASGI hook) is refused.
    if kwargs.get("is_async") is True or inspect.iscoroutinefunction(action):
        return (
            "restcore serves WSGI: hooks must be plain functions, not coroutines "
            "(is_async=True is not supported)"
        )
    return ""


def _refusing(responder: Responder, reason: str) -> Responder:
    """A coroutine function in place of `responder`: add_route refuses it.

    Refusing when the route is added, not when the class is defined, lets a
    module that also holds ASGI resources be imported (as under Falcon).
    """

    @functools.wraps(responder)
    async def refuse(*args: Any, **kwargs: Any) -> None:
        raise CompatibilityError(reason)

    return refuse


def _decorator(wrap: Wrapper) -> Callable[[_T], _T]:
    def wrap_plain(responder: Responder) -> Responder:
        if inspect.iscoroutinefunction(responder):
            return _refusing(
                responder,
                f"restcore serves WSGI: responder {responder!r} "
                "must not be a coroutine",
            )
        return wrap(responder)

    def decorate(target: _T) -> _T:
        if isinstance(target, type):
            _wrap_class(target, wrap_plain)
            return target
        return cast(_T, wrap_plain(cast(Responder, target)))

    return decorate


def _wrap_class(resource: type, wrap: Wrapper) -> None:
    """Wrap the responders of ``resource``, inherited ones included."""
    for name, member in inspect.getmembers(resource, callable):
        if _RESPONDER_NAME.match(name):
            setattr(resource, name, wrap(member))
        elif _ON_REQUEST_NAME.match(name):
            if decorate_on_request:
                setattr(resource, name, wrap(member))
            else:
                warnings.warn(
                    f"Skipping decoration of default responder {name!r} on "
                    f"resource {resource.__name__!r}. To enable decorating default "
                    "responders with class-level hooks, set "
                    "falcon.hooks.decorate_on_request to True (or set the "
                    "environment variable FALCON_DECORATE_ON_REQUEST=1).",
                    UserWarning,
                    stacklevel=4,
                )


def _extra_argument_names(responder: Responder) -> tuple[str, ...]:
    """Name the responder's arguments after ``req`` and ``resp``."""
    names = [
        parameter.name
        for parameter in inspect.signature(responder).parameters.values()
        if parameter.kind not in _VARIADIC
    ]
    if names and names[0] == "self":
        names = names[1:]
    return tuple(names[2:])


def _merge_positional(
    positional: tuple[Any, ...], params: dict[str, Any], names: tuple[str, ...]
) -> None:
    """Give positional responder arguments their names; keywords win."""
    for index, name in enumerate(names):
        if name not in params:
            params[name] = positional[index]
