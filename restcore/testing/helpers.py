"""Alias of Falcon's ``falcon.testing.helpers`` path over the real modules."""

from restcore.testing.asgi import (
    ASGILifespanEventEmitter as ASGILifespanEventEmitter,
)
from restcore.testing.asgi import ASGIRequestEventEmitter as ASGIRequestEventEmitter
from restcore.testing.asgi import (
    ASGIResponseEventCollector as ASGIResponseEventCollector,
)
from restcore.testing.asgi import ASGIWebSocketSimulator as ASGIWebSocketSimulator
from restcore.testing.asgi import create_asgi_req as create_asgi_req
from restcore.testing.asgi import create_scope as create_scope
from restcore.testing.asgi import create_scope_ws as create_scope_ws
from restcore.testing.client import closed_wsgi_iterable as closed_wsgi_iterable
from restcore.testing.environ import DEFAULT_HOST as DEFAULT_HOST
from restcore.testing.environ import DEFAULT_UA as DEFAULT_UA
from restcore.testing.environ import create_environ as create_environ
from restcore.testing.environ import create_req as create_req
from restcore.testing.fixture import get_unused_port as get_unused_port
from restcore.testing.fixture import rand_string as rand_string
from restcore.testing.fixture import redirected as redirected
from restcore.testing.result import (
    get_encoding_from_headers as get_encoding_from_headers,
)
