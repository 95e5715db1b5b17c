"""``before`` and ``after`` hooks for responders and whole resource classes.

A hook is composed with its responder once, when the decorator runs: the
request pays for one extra function call per hook, nothing more.
"""

from __future__ import annotations

import functools
import inspect
import os
import re
from collections.abc import Callable
from typing import Any, TypeVar

from restcore.constants import COMBINED_METHODS, TRUE_STRINGS
from restcore.errors import CompatibilityError

__all__ = ["after", "before", "decorate_on_request"]

_T = TypeVar("_T")
Responder = Callable[..., Any]

_RESPONDER_NAME = re.compile(
    r"^on_({})(_\w+)?$".format("|".join(method.lower() for method in COMBINED_METHODS))
)
_ON_REQUEST_NAME = re.compile(r"^on_request(_\w+)?$")

# Whether class decorators also wrap on_request() default responders.
decorate_on_request = (
    os.environ.get("FALCON_DECORATE_ON_REQUEST", "").strip() in TRUE_STRINGS
)


def before(
    action: Callable[..., Any], *args: Any, is_async: bool = False, **kwargs: Any
) -> Callable[[_T], _T]:
    """Run ``action(req, resp, resource, params, *args, **kwargs)`` first.

    Decorates a responder, or every responder of a resource class. The action
    may change ``params`` to change the responder's keyword arguments.

    Args:
        action: The hook.
        *args: Extra positional arguments for the hook.
        is_async: Must be False: restcore serves WSGI.
        **kwargs: Extra keyword arguments for the hook.

    Returns:
        The decorator.
    """
    _refuse_async(action, is_async)

    def wrap(responder: Responder) -> Responder:
        @functools.wraps(responder)
        def do_before(self: Any, req: Any, resp: Any, *pos: Any, **params: Any) -> Any:
            if pos:
                params = _merge_positional(responder, pos, params)
            action(req, resp, self, params, *args, **kwargs)
            return responder(self, req, resp, **params)

        return do_before

    return _decorator(wrap)


def after(
    action: Callable[..., Any], *args: Any, is_async: bool = False, **kwargs: Any
) -> Callable[[_T], _T]:
    """Run ``action(req, resp, resource, *args, **kwargs)`` after the responder.

    Args:
        action: The hook.
        *args: Extra positional arguments for the hook.
        is_async: Must be False: restcore serves WSGI.
        **kwargs: Extra keyword arguments for the hook.

    Returns:
        The decorator.
    """
    _refuse_async(action, is_async)

    def wrap(responder: Responder) -> Responder:
        @functools.wraps(responder)
        def do_after(self: Any, req: Any, resp: Any, *pos: Any, **params: Any) -> Any:
            if pos:
                params = _merge_positional(responder, pos, params)
            result = responder(self, req, resp, **params)
            action(req, resp, self, *args, **kwargs)
            return result

        return do_after

    return _decorator(wrap)


def _refuse_async(action: Callable[..., Any], is_async: bool) -> None:
    if is_async or inspect.iscoroutinefunction(action):
        raise CompatibilityError(
            "restcore serves WSGI: hooks must be plain functions (is_async=False)"
        )


def _decorator(wrap: Callable[[Responder], Responder]) -> Callable[[_T], _T]:
    def decorate(target: _T) -> _T:
        if isinstance(target, type):
            for name, member in list(vars(target).items()):
                if not callable(member):
                    continue
                if _RESPONDER_NAME.match(name) or (
                    decorate_on_request and _ON_REQUEST_NAME.match(name)
                ):
                    setattr(target, name, wrap(member))
            return target
        return wrap(target)  # type: ignore[arg-type,return-value]

    return decorate


def _merge_positional(
    responder: Responder, positional: tuple[Any, ...], params: dict[str, Any]
) -> dict[str, Any]:
    """Turn positional responder arguments into keywords, by parameter name."""
    names = [
        name
        for name, parameter in inspect.signature(responder).parameters.items()
        if parameter.kind
        in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD)
    ][3:]
    merged = dict(zip(names, positional, strict=False))
    merged.update(params)
    return merged
