"""Importable stand-ins for Falcon's ASGI names: restcore serves WSGI.

Extensions often ``import falcon.asgi`` at module level even when they only
serve WSGI. Importing this module, subclassing its classes and naming them in
``isinstance`` checks all work; creating or calling one raises
``CompatibilityError``.
"""

from __future__ import annotations

import sys
import types
from typing import Any, NoReturn

from restcore.errors import CompatibilityError

__all__ = [
    "App",
    "BoundedStream",
    "Request",
    "Response",
    "SSEvent",
    "WebSocket",
    "WebSocketOptions",
]


def _refuse(name: str) -> NoReturn:
    raise CompatibilityError(
        f"restcore.asgi.{name} is a placeholder: restcore serves WSGI only "
        "(use restcore.App with a WSGI server)"
    )


class _Placeholder:
    """Base of the ASGI stand-ins: using one raises ``CompatibilityError``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        _refuse(type(self).__name__)


class App(_Placeholder):
    """Placeholder for Falcon's ASGI App."""


class Request(_Placeholder):
    """Placeholder for Falcon's ASGI Request."""


class Response(_Placeholder):
    """Placeholder for Falcon's ASGI Response."""


class BoundedStream(_Placeholder):
    """Placeholder for Falcon's ASGI BoundedStream."""


class SSEvent(_Placeholder):
    """Placeholder for Falcon's server-sent event."""


class WebSocket(_Placeholder):
    """Placeholder for Falcon's WebSocket."""


class WebSocketOptions(_Placeholder):
    """Placeholder for Falcon's WebSocket options."""


def _submodule(name: str, **members: Any) -> types.ModuleType:
    module = types.ModuleType(
        f"{__name__}.{name}", f"Placeholder for falcon.asgi.{name}."
    )
    module.__dict__.update(members)
    sys.modules[module.__name__] = module
    return module


app = _submodule("app", App=App)
request = _submodule("request", Request=Request)
response = _submodule("response", Response=Response)
stream = _submodule("stream", BoundedStream=BoundedStream)
reader = _submodule("reader", BufferedReader=BoundedStream)
ws = _submodule("ws", WebSocket=WebSocket, WebSocketOptions=WebSocketOptions)
structures = _submodule("structures", SSEvent=SSEvent)
multipart = _submodule("multipart")
