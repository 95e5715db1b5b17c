"""App: the registration API and the WSGI callable.

A request goes through four named steps (``__call__``):

1. build ``Request`` and ``Response``;
2. dispatch (the binding's): middleware ``process_request``, routing,
   ``process_resource`` and the responder, with errors turned into responses
   by the handlers;
3. ``process_response`` middleware;
4. ``_start``: render the body, fix Content-Length, drop bodies where HTTP
   forbids them, and call ``start_response``.

Everything that can be decided once is decided when routes, middleware and
handlers are added: method maps, middleware method tuples, the error-handler
lookup (cached per exception type), each route's method table
(``restcore.routing.table``) and the dispatch function itself, which
``restcore.binder`` derives in one place from one description of the App's
configuration: an app without middleware routes and calls responders through
the compiled router's dispatcher (inlined in ``__call__``; its readable twin
is ``_dispatch_fused``) or, with a custom router, ``_dispatch_plain``; one with
independent middleware through a function generated for its stack
(``restcore.pipeline``); one with dependent middleware through
``_dispatch_with_middleware``. ``__call__`` reads the result, a ``Binding``,
from one attribute.
"""

from __future__ import annotations

import functools
import re
import sys
import traceback
import warnings
from collections.abc import Callable, Iterable
from typing import Any, ClassVar

from restcore import app_helpers, binder, routing
from restcore.constants import _META_METHODS, DEFAULT_MEDIA_TYPE
from restcore.error_response import default_serialize_error, reset_to_internal_error
from restcore.errors import (
    CompatibilityError,
    HTTPError,
    HTTPInternalServerError,
    HTTPRouteNotFound,
)
from restcore.http_status import HTTPStatus
from restcore.middleware import CORSMiddleware
from restcore.problem_details import serialize_problem
from restcore.request import Request, RequestOptions, _normalize_path
from restcore.responders import path_not_found
from restcore.response import (
    _DEFAULT_STATUS,
    CloseableStreamIterator,
    Response,
    ResponseOptions,
)
from restcore.routing.compiler import ROUTED, Raised
from restcore.routing.table import method_table, refuse_meta_method, responder_for
from restcore.routing.util import Responder
from restcore.status import (
    _BODILESS_CODES,
    _LINES_WITH_CONTENT,
    _TYPELESS_CODES,
    HTTP_500,
    code_to_http_status,
)
from restcore.typing import ErrorHandler
from restcore.util.decimals import DECIMAL_LIMIT, DECIMAL_STRINGS
from restcore.util.deprecation import DeprecatedWarning, deprecated
from restcore.util.introspect import get_argnames
from restcore.util.structures import UNSET as _UNSET

__all__ = ["App"]

ErrorSerializer = Callable[[Any, Any, Any], None]
ErrorReporter = Callable[[Any, BaseException, dict[str, Any], bool], None]
StartResponse = Callable[..., Any]

# Content-Length strings for small bodies, computed once.
_LENGTHS = DECIMAL_STRINGS
# PERF: the lookup bound once. CPython compiles a method call on a name bound by
# ``from ... import`` as an attribute load and a call (it takes the name for a
# module), so ``_LINES_WITH_CONTENT.get(status)`` made a bound method on every
# request with a status set: 190 instructions of the scoreboard's json_post
# (tests/bench/instructions.py; tests/test_hot_path_calls.py keeps it out).
_line_with_content = _LINES_WITH_CONTENT.get

_EMPTY_BODY: list[bytes] = []
# Handed to error handlers when routing failed before producing params. Handlers
# may read it; the App never mutates it.
_NO_PARAMS: dict[str, Any] = {}
# The route miss of apps using the default 404 handling (never shown to app code).
_ROUTE_NOT_FOUND = HTTPRouteNotFound()


_new = object.__new__
# Serializers that render the route miss's hidden error object as any other.
_STOCK_SERIALIZERS = (default_serialize_error, serialize_problem)


def _content_length(length: int) -> str:
    return _LENGTHS[length] if length < DECIMAL_LIMIT else str(length)


class App:
    """A WSGI application: routes requests to resources' responders.

    Args:
        media_type: Default media type of responses (and of request bodies).
        request_type: ``Request`` subclass to use.
        response_type: ``Response`` subclass to use.
        middleware: One component or an iterable of them.
        router: A custom router with ``add_route`` and ``find``.
        independent_middleware: Run every ``process_response`` even when a
            ``process_request`` failed.
        cors_enable: Add a default ``CORSMiddleware``.
        sink_before_static_route: Try sinks before static routes.
        problem_details: Render errors as RFC 9457 problem details
            (``restcore.problem_details``; a restcore addition, off by default).
        typed: Read responders' annotations at ``add_route`` and put typed
            adapters in their place (``restcore.typed``; needs msgspec). True,
            or a sequence of engines tried in order for each model type.
    """

    __slots__ = (
        "__weakref__",
        "_binding",
        "_cors_enable",
        "_error_handler_cache",
        "_error_handlers",
        "_independent_middleware",
        "_prepared_middleware",
        "_report_error",
        "_request_type",
        "_response_type",
        "_route_records",
        "_router",
        "_serialize_error",
        "_sink_and_static_routes",
        "_sink_before_static_route",
        "_sinks",
        "_static_routes",
        "_typed_routes",
        "_unprepared_middleware",
        "req_options",
        "resp_options",
    )

    _META_METHODS: ClassVar[list[str]] = _META_METHODS
    _ASGI: ClassVar[bool] = False  # Falcon's flag, read by extensions
    _STREAM_BLOCK_SIZE: ClassVar[int] = 8 * 1024
    _STATIC_ROUTE_TYPE: ClassVar[type[Any]] = routing.StaticRoute

    def __init__(
        self,
        media_type: str = DEFAULT_MEDIA_TYPE,
        request_type: type[Request] | None = None,
        response_type: type[Response] | None = None,
        middleware: object | Iterable[object] | None = None,
        router: Any = None,
        independent_middleware: bool = True,
        cors_enable: bool = False,
        sink_before_static_route: bool = True,
        problem_details: bool = False,
        *,
        typed: bool | Iterable[Any] = False,
    ) -> None:
        self._request_type = request_type or Request
        self._response_type = response_type or Response
        self._sink_before_static_route = sink_before_static_route
        self._sinks: list[tuple[re.Pattern[str], Any, bool]] = []
        self._static_routes: list[tuple[Any, Any, bool]] = []
        self._sink_and_static_routes: tuple[tuple[Any, Any, bool], ...] = ()
        self._router = router if router is not None else routing.CompiledRouter()
        if isinstance(self._router, routing.CompiledRouter):
            # Its routes may change without add_route: it tells us (binder).
            self._router.subscribe(self._unbind)
        # How requests are dispatched: derived by _bind (see restcore.binder).
        self._binding = binder.unbound(self)
        # Issue 15 floors (restcore.typed, restcore.openapi): registration only.
        self._route_records: list[tuple[str, object, str | None]] = []
        self._typed_routes: Any = None
        if typed is not False:
            from restcore.typed.binding import TypedRoutes

            self._typed_routes = TypedRoutes(self._router, typed)
        self.req_options = RequestOptions()
        self.resp_options = ResponseOptions()
        self.req_options.default_media_type = media_type
        self.resp_options.default_media_type = media_type
        # The default read through the module, as Falcon reads it
        # (instrumentation may wrap it).
        self._serialize_error: ErrorSerializer = (
            serialize_problem
            if problem_details
            else app_helpers.default_serialize_error
        )
        self._report_error: ErrorReporter | None = None
        self._error_handlers: dict[type[BaseException], ErrorHandler] = {}
        self._error_handler_cache: dict[type[BaseException], ErrorHandler | None] = {}
        self._independent_middleware = independent_middleware
        self._cors_enable = cors_enable
        self._unprepared_middleware: list[object] = []
        self._prepared_middleware: app_helpers.PreparedMiddleware = ((), (), ())
        # Prepared even when empty, as in Falcon: an instrumented
        # prepare_middleware may add components of its own.
        self.add_middleware(middleware or [])
        if cors_enable:
            # After the app's own components, as in Falcon: its
            # process_response runs first.
            self.add_middleware(CORSMiddleware())
        self.add_error_handler(Exception, self._python_error_handler)
        self.add_error_handler(HTTPError, self._http_error_handler)
        self.add_error_handler(HTTPStatus, self._http_status_handler)

    # -- the WSGI call ------------------------------------------------------------

    # The request loop: its steps are inlined on purpose (PERF, see docstring).
    def __call__(  # noqa: C901 - the request loop, inlined on purpose (see above)
        self, env: dict[str, Any], start_response: StartResponse
    ) -> Iterable[bytes]:
        """Handle one WSGI request (PEP 3333).

        Build req/resp, dispatch (see the module docstring), then start the
        response. PERF: the constructors of the default Request and Response
        types, ``_dispatch_fused`` (the fused dispatcher's call; see
        ``restcore.binder`` for the modes), the text/data case of ``render_body`` and
        the plain-body case of ``_start`` are inlined here (about 0.45 µs a
        request on the scoreboard's hello; calls are dear in CPython 3.11).
        Anything unusual (a stream, HEAD, a bodiless or unknown status, a body
        that fails to render) goes through ``_start``.
        """
        binding = self._binding
        request_type = binding.request_type
        if request_type is None and binding.config is None:
            # The first request since the configuration changed: bind.
            binding = self._bind()
            request_type = binding.request_type
        if request_type is not None:
            # PERF: Request.__init__ and Response.__init__ inlined (0.09 µs: a
            # class call has no fast path in CPython 3.11; ladder.py, and
            # hello -7.5% instructions with the inline renders below). They must stay
            # equal: tests/test_fast_paths.py compares every slot.
            req = _new(request_type)
            req.env = env
            req_options = req.options = self.req_options
            req.method = env["REQUEST_METHOD"]
            path = env.get("PATH_INFO") or "/"
            if not path.isascii() or req_options.strip_url_path_trailing_slash:
                path = _normalize_path(path, req_options.strip_url_path_trailing_slash)
            req.path = path
            req.query_string = env.get("QUERY_STRING", "")
            req.uri_template = None
            req._cached_params = None
            req._media = _UNSET
            resp = _new(Response)
            resp.status = _DEFAULT_STATUS
            resp._headers = {}
            resp.text = None
            resp.data = None
            resp.media = None
            resp._media_rendered = None
            resp._extra_headers = None
            resp.complete = False
            resp.options = self.resp_options
        else:
            req = self._request_type(env, self.req_options)
            resp = self._response_type(self.resp_options)
        route_and_call = binding.route_and_call
        if route_and_call is not None:
            # PERF: _dispatch_fused inlined: a call less per request (about
            # 0.05 µs on hello, json_get, routing; bench.py, docs/benchmarks.md).
            try:
                params = route_and_call(req.path, req, resp)
            except Exception as ex:  # a converter's: responders' come back
                params = self._handle_routing_error(req, resp, ex)
            else:
                if params is not ROUTED:
                    if params is None:
                        # PERF: _finish_dispatch's route miss inlined: a call
                        # less on every 404 (not_found 28779 -> 28356
                        # instructions, -1.5%; tests/bench/instructions.py,
                        # one layout).
                        route_miss = self._binding.route_miss
                        params = route_miss(req, resp)
                    else:
                        params = self._finish_dispatch(req, resp, params)
        else:
            # PERF: read, then call: a method call on a slot holding a
            # function is never specialized (LOAD_METHOD takes the generic
            # lookup; about 100 instructions; tests/bench/instructions.py).
            dispatch = binding.dispatch
            params = dispatch(req, resp)
        status = resp.status
        # PERF: the default status is known by identity (a .get call less):
        # about 250 instructions, 1% of hello (tests/bench/instructions.py).
        status_line = (
            status if status is _DEFAULT_STATUS else _line_with_content(status)
        )
        if status_line is None or req.method == "HEAD":
            return self._start(req, resp, start_response, params)
        try:
            media = resp.media
            if request_type is None:
                data = resp.render_body()
            elif media is None:
                # PERF: Response.render_body inlined for text and data bodies
                # (with the inline Request/Response: about 0.1 µs; ladder.py).
                text = resp.text
                if text is None:
                    data = resp.data
                elif text.__class__ is str:
                    data = text.encode()
                else:
                    data = resp.render_body()
            elif resp.text is None and resp.data is None:
                # PERF: render_body's media case inlined, a Python call less
                # (json_get 28111 -> 27589 instructions, -1.9%;
                # tests/bench/instructions.py, one layout).
                rendered = resp._media_rendered
                if rendered is not None and rendered[0] is media:
                    data = rendered[1]
                else:
                    data = resp._render_media(media)
                    resp._media_rendered = (media, data)
            else:
                data = resp.render_body()
        except Exception:  # _start renders again and handles the error
            data = None
        if data is None:
            return self._start(req, resp, start_response, params)
        length = len(data)
        headers = resp._headers
        headers["content-length"] = (
            _LENGTHS[length] if length < DECIMAL_LIMIT else str(length)
        )
        if resp._extra_headers is None:  # (cookies make it a list too)
            # PERF: the common case of Response._wsgi_headers, inlined (part of
            # hello's -7.5% instructions; tests/bench/instructions.py).
            media_type = self.resp_options.default_media_type
            if media_type is not None and "content-type" not in headers:
                headers["content-type"] = media_type
            header_list = [*headers.items()]
        else:
            header_list = resp._wsgi_headers(self.resp_options.default_media_type)
        try:
            start_response(status_line, header_list)
        except Exception as ex:
            return self._start_failed(req, resp, start_response, params, ex)
        return [data]

    def _dispatch_fused(self, req: Request, resp: Response) -> dict[str, Any]:
        """Route and run the responder through the compiled router's dispatcher.

        The readable twin of what ``__call__`` inlines (tested against it): the
        binding's ``dispatch`` in the fused mode, for callers that do not
        inline. PERF: the dispatcher
        calls the responder itself, with explicit keyword arguments (see
        ``routing.compiler.compile_dispatcher``).

        Returns:
            The params.
        """
        try:
            outcome = self._router._compiled_dispatcher()(req.path, req, resp)
        except Exception as ex:  # a converter's: responders' come back
            return self._handle_routing_error(req, resp, ex)
        if outcome is ROUTED:
            return self._routed_params(req, outcome)
        return self._finish_dispatch(req, resp, outcome)

    def _handle_routing_error(
        self, req: Request, resp: Response, error: Exception
    ) -> dict[str, Any]:
        """Handle a converter's exception; a meta method is refused instead.

        (Falcon refuses meta methods before routing, so no converter runs.)
        """
        if req.method in self._META_METHODS:
            return self._run_responder(req, resp, refuse_meta_method, _NO_PARAMS)
        return self._handle_dispatch_error(req, resp, error, {})

    def _finish_dispatch(
        self, req: Request, resp: Response, outcome: Raised | None
    ) -> dict[str, Any]:
        """Finish what the dispatcher handed back: no route, or an error."""
        if outcome is None:
            route_miss = self._binding.route_miss
            return route_miss(req, resp)
        return self._handle_dispatch_error(req, resp, outcome.error, outcome.params)

    def _dispatch_plain(self, req: Request, resp: Response) -> dict[str, Any]:
        """Route with ``find``, run the responder (no middleware, a custom router)."""
        if req.method in self._META_METHODS:
            # Refused before routing, as in Falcon.
            return self._run_responder(req, resp, refuse_meta_method, _NO_PARAMS)
        try:
            find = self._binding.route
            route = find(req.path, req)
        except Exception as ex:
            return self._handle_dispatch_error(req, resp, ex, {})
        if route is None:
            route_miss = self._binding.route_miss
            return route_miss(req, resp)
        _, method_map, params, req.uri_template = route
        responder = responder_for(method_map, req.method)
        return self._run_responder(req, resp, responder, params)

    def _dispatch_unrouted(self, req: Request, resp: Response) -> dict[str, Any]:
        """Run what serves a path no route matched: sinks, static files, 404.

        The binding's ``route_miss`` when a miss may meet more than the
        default handler (see ``_answer_route_miss``).
        """
        responder, params = self._unrouted_responder(req)
        return self._run_responder(req, resp, responder, params)

    def _run_responder(
        self,
        req: Request,
        resp: Response,
        responder: Responder,
        params: dict[str, Any],
    ) -> dict[str, Any]:
        """Call the responder; hand its exception to the error handlers."""
        try:
            if params:
                responder(req, resp, **params)
            else:  # PERF: no ** when there is nothing to pass (0.36 vs 0.54 µs; timeit)
                responder(req, resp)
        except Exception as ex:
            if params is _NO_PARAMS:
                params = {}  # the handler may change it: never share one dict
            if not self._handle_exception(req, resp, ex, params):
                raise
        return params

    def _handle_dispatch_error(
        self, req: Request, resp: Response, error: Exception, params: dict[str, Any]
    ) -> dict[str, Any]:
        """Handle an error caught elsewhere, from inside an ``except`` clause.

        Handlers may read ``sys.exc_info()`` (``logging.exception``,
        ``traceback.format_exc``), as they can in Falcon, so the error is
        raised again here first.
        """
        try:
            raise error
        except Exception:
            if not self._handle_exception(req, resp, error, params):
                raise
        return params

    def _answer_route_miss(self, req: Request, resp: Response) -> dict[str, Any]:
        """Answer a route miss as the default handler and serializer would.

        The binding's ``route_miss`` when it found, at bind time, that a miss
        meets nothing else: no sink or static route, the default handler, a
        stock serializer, no reporter, restcore's ``_handle_exception``
        (``binder.bind``). Left per request: a meta method (refused instead),
        and ``_handle_exception`` replaced on the class after binding
        (instrumentation may do it any time: an identity test), which take
        ``_dispatch_unrouted``. PERF: on an error object no app code can see,
        without a raise (2.0 -> 0.9 µs on the scoreboard's 404).
        """
        if (
            req.method in self._META_METHODS
            or type(self)._handle_exception is not _OWN_HANDLE_EXCEPTION
        ):
            return self._dispatch_unrouted(req, resp)
        resp.status = _ROUTE_NOT_FOUND.status
        # (the App's serializer, even one set on it directly after binding)
        serialize = self._serialize_error
        serialize(req, resp, _ROUTE_NOT_FOUND)
        return {}

    def _has_own_handle_exception(self) -> bool:
        """Tell whether the class's ``_handle_exception`` is restcore's own."""
        return type(self)._handle_exception is _OWN_HANDLE_EXCEPTION

    def _is_route_not_found_plain(self) -> bool:
        """Tell whether a route miss meets only the default handler and serializer."""
        handler = self._find_error_handler(_ROUTE_NOT_FOUND)
        return (
            getattr(handler, "__func__", None) is App._http_error_handler
            and getattr(handler, "__self__", None) is self
            and self._serialize_error in _STOCK_SERIALIZERS
            and self._report_error is None
        )

    def _dispatch_with_middleware(self, req: Request, resp: Response) -> dict[str, Any]:  # noqa: C901 - every request of a dependent-middleware app, one frame
        """Run middleware around routing and the responder."""
        resource: Any = None
        params: dict[str, Any] = _NO_PARAMS
        succeeded = False
        dependent_responses: list[Any] = []
        try:
            if req.method in self._META_METHODS:
                # Refused before any middleware runs, as in Falcon.
                refuse_meta_method(req, resp)
            self._run_request_middleware(req, resp, dependent_responses)
            if not resp.complete:
                find = self._binding.route
                route = find(req.path, req)
                if route is None:
                    responder, params = self._unrouted_responder(req)
                    req.uri_template = None
                else:
                    resource, methods, params, req.uri_template = route
                    responder = responder_for(methods, req.method)
                if self._prepared_middleware[1]:
                    self._run_resource_middleware(req, resp, resource, params)
                if not resp.complete:
                    responder(req, resp, **params)
            succeeded = True
        except Exception as ex:
            if params is _NO_PARAMS:
                params = {}  # the handler may change it: never share one dict
            if not self._handle_exception(req, resp, ex, params):
                raise
        for process_response in self._prepared_middleware[2] or dependent_responses:
            try:
                process_response(req, resp, resource, succeeded)
            except Exception as ex:
                if not self._handle_exception(req, resp, ex, params):
                    raise
                succeeded = False
        return params

    def _run_request_middleware(
        self, req: Request, resp: Response, dependent_responses: list[Any]
    ) -> None:
        """Call ``process_request`` methods; queue dependent ``process_response``."""
        if self._independent_middleware:
            for process_request in self._prepared_middleware[0]:
                process_request(req, resp)
                if resp.complete:
                    break
            return
        # A component's process_response runs only if its process_request ran
        # (or was skipped by resp.complete) without raising.
        for process_request, process_response in self._prepared_middleware[0]:
            if process_request and not resp.complete:
                process_request(req, resp)
            if process_response:
                dependent_responses.insert(0, process_response)

    def _run_resource_middleware(
        self, req: Request, resp: Response, resource: Any, params: dict[str, Any]
    ) -> None:
        """Call ``process_resource`` methods (routes only: not sinks or 404s)."""
        if not resource:  # Falcon tests truthiness: a falsy resource is skipped
            return
        for process_resource in self._prepared_middleware[1]:
            process_resource(req, resp, resource, params)
            if resp.complete:
                break

    def _unrouted_responder(self, req: Request) -> tuple[Responder, dict[str, Any]]:
        """Return the responder and params for a path no route matched.

        Meta methods are refused; then sinks and static routes are tried in
        order; else ``path_not_found`` (404).
        """
        if req.method in self._META_METHODS:
            return refuse_meta_method, _NO_PARAMS
        path = req.path
        for matcher, target, is_sink in self._sink_and_static_routes:
            match = matcher.match(path)
            if match:
                return target, (match.groupdict() if is_sink else _NO_PARAMS)
        return path_not_found, _NO_PARAMS

    def _routed_params(self, req: Request, params: Any) -> dict[str, Any]:
        """Return the route params, asking the router when the dispatcher ran.

        The dispatcher returns ``ROUTED`` instead of the params nobody reads
        on success; error handlers and reporters called later get them here.
        """
        if params is not ROUTED:
            return params  # type: ignore[no-any-return]  # Any: a dict or the ROUTED marker
        route = self._router.find(req.path, req)  # (a new params dict each call)
        return {} if route is None else route[2]

    def _start(
        self,
        req: Request,
        resp: Response,
        start_response: StartResponse,
        params: Any,
    ) -> Iterable[bytes]:
        """Render the body, finish the headers and call ``start_response``.

        ``params`` may be ``ROUTED`` (see ``_routed_params``).
        """
        try:
            body, length = self._get_body(resp, req.env.get("wsgi.file_wrapper"))
        except Exception as ex:
            params = self._routed_params(req, params)
            if not self._handle_exception(req, resp, ex, params):
                raise
            try:
                body, length = self._get_body(resp, None)
            except Exception:
                body, length = _EMPTY_BODY, 0
        try:
            status_line = code_to_http_status(resp.status)
            if status_line[:3] in _BODILESS_CODES or req.method == "HEAD":
                return self._start_bodiless(
                    resp, status_line, body, length, start_response
                )
            if length is not None:
                resp._headers["content-length"] = _content_length(length)
            start_response(
                status_line, resp._wsgi_headers(self.resp_options.default_media_type)
            )
        except Exception as ex:
            _close(body)
            return self._start_failed(req, resp, start_response, params, ex)
        return body

    def _start_failed(
        self,
        req: Request,
        resp: Response,
        start_response: StartResponse,
        params: Any,
        ex: Exception,
    ) -> Iterable[bytes]:
        """Send a plain 500 when the response cannot start as built.

        An invalid status, or a server that refused the headers: tell the
        reporter (as Falcon does), log the error once, and start a 500 with
        the app's usual error body instead, nothing of the refused response
        kept. ``start_response`` gets ``exc_info``, as PEP 3333 requires of a
        second call; should it fail again, that is the server's to handle.
        """
        if self._report_error is not None:
            self._report_error(req, ex, self._routed_params(req, params), False)
        req.log_error(traceback.format_exc())
        data = reset_to_internal_error(req, resp, self._serialize_error)
        if req.method == "HEAD":
            data = b""
        resp._headers["content-length"] = _content_length(len(data))
        start_response(
            HTTP_500,
            resp._wsgi_headers(self.resp_options.default_media_type),
            sys.exc_info(),
        )
        return [data]

    def _start_bodiless(
        self,
        resp: Response,
        status_line: str,
        body: Iterable[bytes],
        length: int | None,
        start_response: StartResponse,
    ) -> Iterable[bytes]:
        """Start a response that must not have content (HEAD, 1xx, 204, 304)."""
        _close(body)
        code = status_line[:3]
        media_type: str | None = self.resp_options.default_media_type
        if code in _TYPELESS_CODES:
            media_type = None
        elif (
            length is not None
            and code not in _BODILESS_CODES
            and "content-length" not in resp._headers
        ):
            # HEAD: tell the length a GET would have had.
            resp._headers["content-length"] = _content_length(length)
        start_response(status_line, resp._wsgi_headers(media_type))
        return _EMPTY_BODY

    def _get_body(
        self, resp: Response, file_wrapper: Callable[..., Any] | None
    ) -> tuple[Iterable[bytes], int | None]:
        """Return the body iterable and its length (None when unknown)."""
        data = resp.render_body()
        if data is not None:
            return [data], len(data)
        stream = resp.stream
        if stream is None:
            return _EMPTY_BODY, 0
        if hasattr(stream, "read"):
            if file_wrapper is not None:
                return file_wrapper(stream, self._STREAM_BLOCK_SIZE), None
            return CloseableStreamIterator(stream, self._STREAM_BLOCK_SIZE), None
        return stream, None

    # -- errors ---------------------------------------------------------------------

    def _find_error_handler(self, ex: BaseException) -> ErrorHandler | None:
        exception_type = type(ex)
        cache = self._error_handler_cache
        if exception_type in cache:
            return cache[exception_type]
        handler = None
        for candidate in exception_type.__mro__:
            handler = self._error_handlers.get(candidate)
            if handler is not None:
                break
        cache[exception_type] = handler
        return handler

    def _handle_exception(
        self, req: Request, resp: Response, ex: BaseException, params: dict[str, Any]
    ) -> bool:
        """Run the handler registered for ``ex``; False if there is none."""
        handler = self._find_error_handler(ex)
        report = self._report_error
        if handler is None:
            if report is not None:
                report(req, ex, params, False)
            return False
        resp.text = resp.data = resp.media = None
        derived: BaseException | None = None
        try:
            try:
                handler(req, resp, ex, params)
            except HTTPStatus as status:
                derived = status
                self._compose_status_response(req, resp, status)
            except HTTPError as error:
                derived = error
                self._compose_error_response(req, resp, error)
        except Exception as handler_ex:
            if report is not None:
                for failed in _distinct(ex, derived, handler_ex):
                    report(req, failed, params, False)
            # Never let it escape __call__: a plain 500 instead (logged once).
            req.log_error(traceback.format_exc())
            reset_to_internal_error(req, resp, self._serialize_error)
            return True
        if report is not None:
            for handled in _distinct(ex, derived):
                report(req, handled, params, True)
        return True

    def _compose_status_response(
        self, req: Request, resp: Response, http_status: HTTPStatus
    ) -> None:
        resp.status = http_status.status
        if http_status.headers is not None:
            resp.set_headers(http_status.headers)
        resp.text = http_status.text

    def _compose_error_response(
        self, req: Request, resp: Response, error: HTTPError
    ) -> None:
        resp.status = error.status
        if error.headers is not None:
            resp.set_headers(error.headers)
        self._serialize_error(req, resp, error)

    def _http_status_handler(
        self, req: Request, resp: Response, status: HTTPStatus, params: dict[str, Any]
    ) -> None:
        self._compose_status_response(req, resp, status)

    def _http_error_handler(
        self, req: Request, resp: Response, error: HTTPError, params: dict[str, Any]
    ) -> None:
        self._compose_error_response(req, resp, error)

    def _python_error_handler(
        self, req: Request, resp: Response, error: BaseException, params: dict[str, Any]
    ) -> None:
        req.log_error(traceback.format_exc())
        self._compose_error_response(req, resp, HTTPInternalServerError())

    # -- registration ---------------------------------------------------------------

    @property
    def router_options(self) -> Any:
        """The router's options (``CompiledRouterOptions`` by default)."""
        return self._router.options

    def add_route(self, uri_template: str, resource: object, **kwargs: Any) -> None:
        """Map a URI template to a resource.

        Args:
            uri_template: A template such as ``/things/{thing_id:int}``.
            resource: An object with ``on_<method>`` responders.
            **kwargs: Passed to the router (``suffix``, ``compile``).

        Raises:
            TypeError: The template is not a string.
            ValueError: The template does not start with ``/`` or has ``//``.
        """
        if not isinstance(uri_template, str):
            raise TypeError("uri_template is not a string")
        if not uri_template.startswith("/"):
            raise ValueError("uri_template must start with '/'")
        if "//" in uri_template:
            raise ValueError("uri_template may not contain '//'")
        typed = self._typed_routes
        if typed is not None:  # issue 15: adapters replace typed responders
            uri_template = typed.before_add_route(uri_template, resource, kwargs)
        router = self._router
        if isinstance(router, routing.CompiledRouter):
            kwargs.setdefault("method_table", self._method_table)
        router.add_route(uri_template, resource, **kwargs)
        if typed is not None:
            typed.after_add_route()
        self._route_records.append((uri_template, resource, kwargs.get("suffix")))
        self._unbind()

    def _method_table(
        self,
        uri_template: str,
        resource: object,
        method_map: dict[str, Responder],
        suffix: str | None,
    ) -> dict[str, Responder]:
        """Build the method table of a route added through this App.

        The seam for floors that change what a route's methods run (typed
        responders): the compiled router calls it once, at ``add_route``, with
        the method map Falcon's rules built; what it returns is what every
        dispatch path runs (``restcore.routing.table``). Replace entries with
        adapters there, keeping the user's function as ``__wrapped__``; the
        method map (what ``find`` returns and ``restcore.inspect`` shows)
        stays the user's.

        Args:
            uri_template: The route's template (its field names).
            resource: The resource.
            method_map: Method -> responder, defaults included.
            suffix: The responder name suffix, if any.

        Returns:
            The table: every known method -> responder, meta methods refused.
        """
        table = method_table(method_map)
        if self._typed_routes is not None:  # issue 15: restcore.typed.binding
            self._typed_routes.fill_table(table)
        return table

    # -- binding (restcore.binder) ---------------------------------------------------

    def _bind(self) -> binder.Binding:
        """Derive how requests are dispatched, from the configuration now."""
        binding = self._binding = binder.bind(self, binder.describe(self))
        return binding

    def _unbind(self) -> None:
        """Forget the binding: the next request binds again (see the binder)."""
        self._binding = binder.unbound(self)

    def _bind_and_dispatch(self, req: Request, resp: Response) -> Any:
        """Dispatch of the unbound App: bind, then dispatch with the binding."""
        return self._bind().dispatch(req, resp)

    def add_openapi_route(self, uri_template: str, **options: Any) -> Any:
        """Serve the app's OpenAPI 3.1 document (and a docs page); see restcore.openapi.

        Args:
            uri_template: Where the JSON document is served, e.g. ``/openapi.json``.
            **options: ``docs``, ``title``, ``version``...: see
                ``restcore.openapi.add_openapi_route``.

        Returns:
            The document's resource (``document()``, ``document_bytes()``).
        """
        from restcore.openapi import add_openapi_route

        return add_openapi_route(self, uri_template, **options)

    def add_static_route(
        self,
        prefix: str,
        directory: Any,
        downloadable: bool = False,
        fallback_filename: str | None = None,
    ) -> None:
        """Serve files from a directory under a URL prefix (LIFO order).

        Args:
            prefix: The URL prefix, e.g. ``/static``.
            directory: The directory to serve.
            downloadable: Send Content-Disposition ``attachment``.
            fallback_filename: File served when the requested one is missing.
        """
        route = self._STATIC_ROUTE_TYPE(
            prefix,
            directory,
            downloadable=downloadable,
            fallback_filename=fallback_filename,
        )
        self._static_routes.insert(0, (route, route, False))
        self._update_sink_and_static_routes()

    def add_sink(
        self, sink: Callable[..., Any], prefix: str | re.Pattern[str] = r"/"
    ) -> None:
        """Send requests whose path matches ``prefix`` to ``sink`` (LIFO order).

        Args:
            sink: ``sink(req, resp, **groups)``.
            prefix: A regex (string or compiled); named groups become kwargs.

        Raises:
            CompatibilityError: ``sink`` is a coroutine function.
        """
        import inspect

        if inspect.iscoroutinefunction(sink):
            raise CompatibilityError("restcore serves WSGI: a sink must not be async")
        pattern = re.compile(prefix) if isinstance(prefix, str) else prefix
        self._sinks.insert(0, (pattern, sink, True))
        self._update_sink_and_static_routes()

    def _update_sink_and_static_routes(self) -> None:
        if self._sink_before_static_route:
            routes = [*self._sinks, *self._static_routes]
        else:
            routes = [*self._static_routes, *self._sinks]
        self._sink_and_static_routes = tuple(routes)
        self._unbind()  # (a route miss may reach them now: see the binder)

    def add_middleware(self, middleware: object | Iterable[object]) -> None:
        """Add one middleware component or an iterable of them.

        Args:
            middleware: The component(s), run after those added before.

        Raises:
            ValueError: A ``CORSMiddleware`` is added while ``cors_enable`` is on.
        """
        if middleware:
            try:
                components = list(middleware)  # type: ignore[call-overload]  # iterable or one component: tried
            except TypeError:
                components = [middleware]
            combined = self._unprepared_middleware + components
            if self._cors_enable and (
                sum(isinstance(component, CORSMiddleware) for component in combined) > 1
            ):
                raise ValueError(
                    "CORSMiddleware is not allowed in conjunction with cors_enable "
                    "(which already constructs one instance)"
                )
            self._unprepared_middleware = combined
        self._middleware = self._prepare_middleware(
            self._unprepared_middleware,
            independent_middleware=self._independent_middleware,
        )

    @property
    def _middleware(self) -> app_helpers.PreparedMiddleware:
        """The prepared middleware stacks (``app_helpers.prepare_middleware``'s).

        Set by ``add_middleware``, or by instrumentation that prepares the
        stacks again (OpenTelemetry's uninstrument): either way the next
        request binds again and runs what was set.
        """
        return self._prepared_middleware

    @_middleware.setter
    def _middleware(self, prepared: app_helpers.PreparedMiddleware) -> None:
        self._prepared_middleware = prepared
        self._unbind()

    def _prepare_middleware(
        self,
        middleware: list[object],
        independent_middleware: bool = False,
    ) -> app_helpers.PreparedMiddleware:
        # Looked up through the module each time, so instrumentation can wrap it.
        return app_helpers.prepare_middleware(
            middleware=middleware, independent_middleware=independent_middleware
        )

    def add_error_handler(
        self,
        exception: type[BaseException] | Iterable[type[BaseException]],
        handler: ErrorHandler | None = None,
    ) -> None:
        """Register a handler for an exception type (or several).

        The most specific handler by MRO wins; for the same type, the most
        recent registration wins.

        Args:
            exception: An exception class, or an iterable of them.
            handler: ``handler(req, resp, ex, params)``; default: the
                exception class's ``handle`` method.

        Raises:
            AttributeError: No handler given and the class has no ``handle``.
            TypeError: ``exception`` is not an exception class.
        """
        if handler is None:
            handle = getattr(exception, "handle", None)
            if handle is None:
                raise AttributeError(
                    "handler must either be specified explicitly or defined as a "
                    "static method named 'handle' that is a member of the given "
                    "exception class."
                )
            handler = handle
        handler = _wrap_old_error_handler(handler)
        classes: list[Any] = (
            [exception] if isinstance(exception, type) else list(exception)
        )
        for exception_class in classes:
            if not (
                isinstance(exception_class, type)
                and issubclass(exception_class, Exception)
            ):
                raise TypeError(f"{exception_class!r} is not an exception type")
        for exception_class in classes:
            self._error_handlers[exception_class] = handler
        self._error_handler_cache.clear()
        self._unbind()

    def set_error_serializer(self, serializer: ErrorSerializer) -> None:
        """Replace the function that renders ``HTTPError``s into responses.

        Args:
            serializer: ``serializer(req, resp, exception)``.
        """
        self._serialize_error = serializer
        self._unbind()

    def set_error_reporter(self, reporter: ErrorReporter | None) -> None:
        """Set a function told of every exception the App handles or not.

        Args:
            reporter: ``reporter(req, error, params, handled)``, or None.
        """
        self._report_error = reporter
        self._unbind()


class API(App):
    """Falcon's deprecated name for :class:`App`: creating one warns."""

    __slots__ = ()

    @deprecated("API class will be removed in Falcon 5.0, use falcon.App instead.")
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


# restcore's own, to tell an instrumented replacement by identity (binder).
_OWN_HANDLE_EXCEPTION = App._handle_exception


# A Falcon 2 handler(ex, req, resp, params) is told apart by its argument names.
_OLD_FIRST_ARGUMENTS = (("e",), ("err",), ("error",), ("ex",), ("exception",))
_OLD_REQUEST_ARGUMENTS = (("req", "resp"), ("request", "response"))


def _wrap_old_error_handler(handler: ErrorHandler) -> ErrorHandler:
    """Adapt a Falcon 2 ``handler(ex, req, resp, params)``, with a warning."""
    names = tuple(get_argnames(handler))
    if (
        names[:1] not in _OLD_FIRST_ARGUMENTS
        and names[1:3] not in _OLD_REQUEST_ARGUMENTS
    ):
        return handler
    warnings.warn(
        f"{handler.__qualname__} takes (ex, req, resp, params), a deprecated "
        "signature: take (req, resp, ex, params) instead.",
        DeprecatedWarning,
        stacklevel=3,
    )

    @functools.wraps(handler)
    def reordered(req: Any, resp: Any, ex: Any, params: dict[str, Any]) -> None:
        handler(ex, req, resp, params)

    return reordered


def _distinct(*exceptions: BaseException | None) -> list[BaseException]:
    seen: list[BaseException] = []
    for exception in exceptions:
        if exception is not None and all(exception is not s for s in seen):
            seen.append(exception)
    return seen


def _close(body: Any) -> None:
    close = getattr(body, "close", None)
    if callable(close):  # a plain attribute named close is not a method
        close()
