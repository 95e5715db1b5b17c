"""URI routing: the compiled router, field converters, method maps, static files.

Public names are those of ``falcon.routing`` in Falcon 4.4.
"""

from restcore.routing import compiled as compiled  # Falcon's module path
from restcore.routing.converters import BaseConverter as BaseConverter
from restcore.routing.converters import DateTimeConverter as DateTimeConverter
from restcore.routing.converters import FloatConverter as FloatConverter
from restcore.routing.converters import IntConverter as IntConverter
from restcore.routing.converters import PathConverter as PathConverter
from restcore.routing.converters import RegexConverter as RegexConverter
from restcore.routing.converters import UUIDConverter as UUIDConverter
from restcore.routing.router import CompiledRouter as CompiledRouter
from restcore.routing.router import CompiledRouterOptions as CompiledRouterOptions
from restcore.routing.static import StaticRoute as StaticRoute
from restcore.routing.static import StaticRouteAsync as StaticRouteAsync
from restcore.routing.util import map_http_methods as map_http_methods
from restcore.routing.util import set_default_responders as set_default_responders

DefaultRouter = CompiledRouter


__all__ = (
    "BaseConverter",
    "CompiledRouter",
    "CompiledRouterOptions",
    "DateTimeConverter",
    "FloatConverter",
    "IntConverter",
    "PathConverter",
    "RegexConverter",
    "StaticRoute",
    "StaticRouteAsync",
    "UUIDConverter",
    "map_http_methods",
    "set_default_responders",
)
