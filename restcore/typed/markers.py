"""Where a typed responder's parameters come from: ``Query[int]``, ``Header[str]``...

Each marker is ``Annotated[T, <source>]``: a type checker sees ``T`` (so
``limit: Query[int] = 10`` is an ``int``), and the adapter builder finds the
source object in the annotation's metadata at ``add_route``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Any, Final, TypeVar

__all__ = [
    "Body",
    "Cookie",
    "Header",
    "Injected",
    "Param",
    "Query",
    "Source",
    "responds",
]

_T = TypeVar("_T")
_F = TypeVar("_F", bound=Callable[..., Any])

RESPONDS_ATTRIBUTE: Final = "__restcore_responds__"


class Source:
    """A parameter source (``query``, ``header``, ``cookie``, ``body``, ``injected``).

    Args:
        location: The source name, as in an OpenAPI parameter's ``in``.
    """

    __slots__ = ("location",)

    def __init__(self, location: str) -> None:
        self.location = location

    def __repr__(self) -> str:
        return f"Source({self.location!r})"


class Param:
    """Extra facts about one parameter, put in its ``Annotated`` metadata.

    Args:
        alias: The name on the wire (default: the Python name; for headers
            ``if_none_match`` becomes ``If-None-Match``).
        description: Text for the OpenAPI document.
    """

    __slots__ = ("alias", "description")

    def __init__(
        self, alias: str | None = None, description: str | None = None
    ) -> None:
        self.alias = alias
        self.description = description


QUERY: Final = Source("query")
HEADER: Final = Source("header")
COOKIE: Final = Source("cookie")
BODY: Final = Source("body")
INJECTED: Final = Source("injected")

#: ``limit: Query[int] = 20``: the query parameter named ``limit``, as ``int``.
Query = Annotated[_T, QUERY]
#: ``token: Header[str]``: a request header (``x_token`` reads ``X-Token``).
Header = Annotated[_T, HEADER]
#: ``session: Cookie[str]``: a cookie of the request.
Cookie = Annotated[_T, COOKIE]
#: ``order: Body[Order]``: the request body, decoded into a model (a model
#: parameter without a marker is the body too).
Body = Annotated[_T, BODY]
#: A value a ``before`` hook left in ``params``, passed as it is.
Injected = Annotated[_T, INJECTED]


class Responds:
    """What ``@responds`` recorded: success status, documented errors, operation id.

    Args:
        status: The success status code.
        errors: ``HTTPError`` subclasses the responder may raise.
        operation_id: The OpenAPI ``operationId`` (default: method + path).
    """

    __slots__ = ("errors", "operation_id", "status")

    def __init__(
        self, status: int, errors: Sequence[type[Exception]], operation_id: str | None
    ) -> None:
        self.status = status
        self.errors = tuple(errors)
        self.operation_id = operation_id


def responds(
    status: int = 200,
    errors: Sequence[type[Exception]] = (),
    operation_id: str | None = None,
) -> Callable[[_F], _F]:
    """Give a typed responder its success status and the errors to document.

    The status applies when the responder leaves ``resp.status`` as it was.

    Args:
        status: The success status code (``201`` for a create, say).
        errors: ``HTTPError`` subclasses the responder may raise.
        operation_id: Override the OpenAPI ``operationId``.

    Returns:
        A decorator that returns the responder itself, marked.

    Raises:
        ValueError: ``status`` is not a status code.
    """
    if not 100 <= status <= 599:
        raise ValueError(f"responds() needs a status code, got {status!r}")
    record = Responds(status, errors, operation_id)

    def mark(responder: _F) -> _F:
        setattr(responder, RESPONDS_ATTRIBUTE, record)
        return responder

    return mark
