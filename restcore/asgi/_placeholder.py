"""The base of restcore's ASGI stand-ins."""

from __future__ import annotations

from typing import Any, NoReturn

from restcore.errors import CompatibilityError


def refuse(name: str) -> NoReturn:
    """Raise the error every use of an ASGI stand-in raises.

    Raises:
        CompatibilityError: Always.
    """
    raise CompatibilityError(
        f"restcore.asgi.{name} is a placeholder: restcore serves WSGI only "
        "(use restcore.App with a WSGI server)"
    )


class Placeholder:
    """Base of the ASGI stand-ins: creating one raises ``CompatibilityError``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        refuse(type(self).__name__)


def placeholder_function(name: str) -> Any:
    """Make a stand-in for an ASGI helper function: calling it refuses."""

    def stand_in(*args: Any, **kwargs: Any) -> NoReturn:
        refuse(name)

    stand_in.__name__ = stand_in.__qualname__ = name.rpartition(".")[2]
    return stand_in
