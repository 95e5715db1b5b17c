"""Typed responders: parameters from annotations, compiled once at ``add_route``.

Opt in with ``restcore.App(typed=True)``; see docs/typed-openapi.md.
"""

from restcore.typed.engines import Engine as Engine
from restcore.typed.engines import MsgspecEngine as MsgspecEngine
from restcore.typed.engines import PydanticEngine as PydanticEngine
from restcore.typed.errors import RequestValidationError as RequestValidationError
from restcore.typed.markers import Body as Body
from restcore.typed.markers import Cookie as Cookie
from restcore.typed.markers import Header as Header
from restcore.typed.markers import Injected as Injected
from restcore.typed.markers import Param as Param
from restcore.typed.markers import Query as Query
from restcore.typed.markers import responds as responds

__all__ = [
    "Body",
    "Cookie",
    "Engine",
    "Header",
    "Injected",
    "MsgspecEngine",
    "Param",
    "PydanticEngine",
    "Query",
    "RequestValidationError",
    "responds",
]
