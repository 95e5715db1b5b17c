"""Deprecation decorators and the warning/exception types they use."""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from typing import Any

__all__ = [
    "AttributeRemovedError",
    "DeprecatedWarning",
    "deprecated",
    "deprecated_args",
]


class AttributeRemovedError(AttributeError):
    """A deprecated attribute, class or function has since been removed."""


class DeprecatedWarning(UserWarning):
    """Warn about a deprecated API (shown by default, unlike DeprecationWarning)."""


def deprecated(
    instructions: str, is_property: bool = False, method_name: str | None = None
) -> Callable[[Callable[..., Any]], Any]:
    """Return a decorator that warns each time the decorated callable is used.

    Args:
        instructions: Guidance for the developer, appended to the message.
        is_property: The callable backs a property (no ``(...)`` in the message).
        method_name: Name to show instead of the callable's ``__name__``.
    """

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        kind, suffix = ("property", "") if is_property else ("function", "(...)")
        name = method_name or func.__name__
        message = f"Call to deprecated {kind} {name}{suffix}. {instructions}"

        @functools.wraps(func)
        def warn_and_call(*args: Any, **kwargs: Any) -> Any:
            warnings.warn(message, category=DeprecatedWarning, stacklevel=2)
            return func(*args, **kwargs)

        return warn_and_call

    return decorate


def deprecated_args(
    *, allowed_positional: int, is_method: bool = True
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Return a decorator that warns when too many arguments are positional.

    Args:
        allowed_positional: How many positional arguments stay allowed.
        is_method: Count ``self`` as one more allowed positional argument.
    """
    more = f" more than {allowed_positional}" if allowed_positional else ""
    limit = allowed_positional + 1 if is_method else allowed_positional

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        message = (
            f"Calls to {func.__qualname__}(...) with{more} positional args are"
            " deprecated. Please specify them as keyword arguments instead."
        )

        @functools.wraps(func)
        def warn_and_call(*args: Any, **kwargs: Any) -> Any:
            if len(args) > limit:
                warnings.warn(message, DeprecatedWarning, stacklevel=2)
            return func(*args, **kwargs)

        return warn_and_call

    return decorate
