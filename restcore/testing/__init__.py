"""Test helpers: simulate WSGI requests and inspect the results.

Mirrors ``falcon.testing``: `simulate_request` and `TestClient` drive any WSGI
callable in-process, `create_environ`/`create_req` build inputs for unit
tests, and `TestCase` is a unittest base class with a fresh app per test.
"""

from restcore.testing.asgi import ASGIConductor as ASGIConductor
from restcore.testing.asgi import (
    ASGILifespanEventEmitter as ASGILifespanEventEmitter,
)
from restcore.testing.asgi import ASGIRequestEventEmitter as ASGIRequestEventEmitter
from restcore.testing.asgi import (
    ASGIResponseEventCollector as ASGIResponseEventCollector,
)
from restcore.testing.asgi import ASGIWebSocketSimulator as ASGIWebSocketSimulator
from restcore.testing.asgi import ResultBodyStream as ResultBodyStream
from restcore.testing.asgi import SimpleTestResourceAsync as SimpleTestResourceAsync
from restcore.testing.asgi import StreamedResult as StreamedResult
from restcore.testing.asgi import (
    capture_responder_args_async as capture_responder_args_async,
)
from restcore.testing.asgi import create_asgi_req as create_asgi_req
from restcore.testing.asgi import create_scope as create_scope
from restcore.testing.asgi import create_scope_ws as create_scope_ws
from restcore.testing.asgi import set_resp_defaults_async as set_resp_defaults_async
from restcore.testing.client import TestClient as TestClient
from restcore.testing.client import closed_wsgi_iterable as closed_wsgi_iterable
from restcore.testing.client import simulate_delete as simulate_delete
from restcore.testing.client import simulate_get as simulate_get
from restcore.testing.client import simulate_head as simulate_head
from restcore.testing.client import simulate_options as simulate_options
from restcore.testing.client import simulate_patch as simulate_patch
from restcore.testing.client import simulate_post as simulate_post
from restcore.testing.client import simulate_put as simulate_put
from restcore.testing.client import simulate_request as simulate_request
from restcore.testing.environ import DEFAULT_HOST as DEFAULT_HOST
from restcore.testing.environ import DEFAULT_UA as DEFAULT_UA
from restcore.testing.environ import create_environ as create_environ
from restcore.testing.environ import create_req as create_req
from restcore.testing.fixture import get_unused_port as get_unused_port
from restcore.testing.fixture import rand_string as rand_string
from restcore.testing.fixture import redirected as redirected
from restcore.testing.resource import SimpleTestResource as SimpleTestResource
from restcore.testing.resource import capture_responder_args as capture_responder_args
from restcore.testing.resource import set_resp_defaults as set_resp_defaults
from restcore.testing.result import Cookie as Cookie
from restcore.testing.result import Result as Result
from restcore.testing.result import (
    get_encoding_from_headers as get_encoding_from_headers,
)
from restcore.testing.srmock import StartResponseMock as StartResponseMock
from restcore.testing.test_case import TestCase as TestCase
from restcore.util.deprecation import deprecated as _deprecated
from restcore.util.http_date import http_now as _http_now

__all__ = (  # the same names as falcon.testing.__all__
    "DEFAULT_HOST",
    "DEFAULT_UA",
    "ASGIConductor",
    "ASGILifespanEventEmitter",
    "ASGIRequestEventEmitter",
    "ASGIResponseEventCollector",
    "ASGIWebSocketSimulator",
    "Cookie",
    "Result",
    "ResultBodyStream",
    "SimpleTestResource",
    "SimpleTestResourceAsync",
    "StartResponseMock",
    "StreamedResult",
    "TestCase",
    "TestClient",
    "capture_responder_args",
    "capture_responder_args_async",
    "closed_wsgi_iterable",
    "create_asgi_req",
    "create_environ",
    "create_req",
    "create_scope",
    "create_scope_ws",
    "get_encoding_from_headers",
    "get_unused_port",
    "rand_string",
    "redirected",
    "set_resp_defaults",
    "set_resp_defaults_async",
    "simulate_delete",
    "simulate_get",
    "simulate_head",
    "simulate_options",
    "simulate_patch",
    "simulate_post",
    "simulate_put",
    "simulate_request",
)

httpnow = _deprecated(
    "This will be removed in Falcon 5.0. Use `falcon.util.http_now` instead."
)(_http_now)
