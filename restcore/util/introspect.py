"""Introspection of user callables: bound methods and argument names."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

__all__ = ["get_argnames", "get_bound_method", "has_arg_name", "is_python_func"]

_VARIADIC = (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)


def is_python_func(func: Callable[..., Any] | Any) -> bool:
    """Tell whether `func` (or a method's function) is a plain Python function."""
    if inspect.ismethod(func):
        func = func.__func__
    return inspect.isfunction(func)


def get_bound_method(obj: object, method_name: str) -> Callable[..., Any] | None:
    """Return ``obj.<method_name>`` if it exists, else ``None``.

    Raises:
        AttributeError: The attribute exists but is not bound (e.g. `obj` is a
            class rather than an instance).
    """
    method: Callable[..., Any] | None = getattr(obj, method_name, None)
    if method is not None and not hasattr(method, "__self__"):
        raise AttributeError(
            f"{type(method).__name__!r} object has no attribute '__self__'"
        )
    return method


def get_argnames(func: Callable[..., Any]) -> list[str]:
    """Return `func`'s argument names, minus ``*args``, ``**kwargs``, ``self``."""
    names = [
        parameter.name
        for parameter in inspect.signature(func).parameters.values()
        if parameter.kind not in _VARIADIC
    ]
    if names[:1] == ["self"]:
        del names[0]
    return names


@functools.lru_cache(maxsize=1024)
def _has_arg_name_cached(func: Callable[..., Any], name: str) -> bool:
    return name in get_argnames(func)


def has_arg_name(func: Callable[..., Any], name: str) -> bool:
    """Tell whether `func` takes an argument called `name` (cached when hashable)."""
    try:
        return _has_arg_name_cached(func, name)
    except TypeError:
        return name in get_argnames(func)
