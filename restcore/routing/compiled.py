"""Falcon-compatible alias of ``falcon.routing.compiled``."""

from restcore.routing.router import CompiledRouter as CompiledRouter
from restcore.routing.router import CompiledRouterOptions as CompiledRouterOptions
from restcore.routing.router import ConverterDict as ConverterDict
from restcore.routing.template import FIELD_PATTERN as _FIELD_PATTERN
from restcore.routing.template import UnacceptableRouteError as UnacceptableRouteError

__all__ = (
    "_FIELD_PATTERN",
    "CompiledRouter",
    "CompiledRouterOptions",
    "ConverterDict",
    "UnacceptableRouteError",
)
