"""Middleware call order, differential against Falcon 4.4.

One recorder app is built with ``falcon`` and with ``restcore``; each request
must produce the same response and the same log of middleware, responder,
error-handler and error-reporter calls.
"""

from __future__ import annotations

import io
import json
import types
import typing
from pathlib import Path
from types import ModuleType
from typing import Any

import falcon
import pytest

import restcore
import restcore.testing
from restcore.errors import CompatibilityError
from restcore.middleware import prepare_middleware

from .compat.driver import Case, Outcome, call, parsed_body

FRAMEWORKS = (falcon, restcore)


class Boom(Exception):
    pass


class Fatal(Exception):
    """Its handler re-raises: the exception leaves the app."""


def build(  # noqa: C901 - one recorder app, many small parts
    fw: ModuleType,
    log: list[str],
    *,
    independent: bool = True,
    layout: str = "list",
    static_dir: Path | None = None,
) -> Any:
    """Build the recorder app; behaviour is driven by request headers."""

    def control(req: Any, stage: str, name: str) -> str | None:
        value = req.get_header(f"X-{stage}")
        if value and value.split(":")[0] == name:
            return value.split(":")[1]
        return None

    def act(req: Any, resp: Any, stage: str, name: str) -> None:
        action = control(req, stage, name)
        if action == "fail":
            raise fw.HTTPForbidden(title=f"{name} {stage} says no")
        if action == "crash":
            raise Boom(f"{name} {stage}")
        if action == "status":
            raise fw.HTTPStatus(fw.HTTP_202, text=f"{name} {stage}")
        if action == "fatal":
            raise Fatal(f"{name} {stage}")
        if action == "complete":
            resp.complete = True
            resp.media = {"completed_by": f"{name} {stage}"}

    class Full:
        def __init__(self, name: str) -> None:
            self.name = name

        def process_request(self, req: Any, resp: Any) -> None:
            log.append(f"{self.name}.req")
            act(req, resp, "Req", self.name)

        def process_resource(
            self, req: Any, resp: Any, resource: Any, params: dict[str, Any]
        ) -> None:
            log.append(f"{self.name}.rsrc:{type(resource).__name__}:{sorted(params)}")
            act(req, resp, "Rsrc", self.name)

        def process_response(
            self, req: Any, resp: Any, resource: Any, req_succeeded: bool
        ) -> None:
            resource_name = type(resource).__name__ if resource is not None else None
            log.append(f"{self.name}.resp:{resource_name}:{req_succeeded}")
            resp.append_header("X-Trail", self.name)
            act(req, resp, "Resp", self.name)

    class RequestOnly:
        def process_request(self, req: Any, resp: Any) -> None:
            log.append("q.req")
            act(req, resp, "Req", "q")

    class ResourceOnly:
        def process_resource(
            self, req: Any, resp: Any, resource: Any, params: dict[str, Any]
        ) -> None:
            log.append("r.rsrc")
            act(req, resp, "Rsrc", "r")

    class ResponseOnly:
        def process_response(
            self, req: Any, resp: Any, resource: Any, req_succeeded: bool
        ) -> None:
            log.append(f"s.resp:{req_succeeded}")
            act(req, resp, "Resp", "s")

    class Item:
        def on_get(self, req: Any, resp: Any, item_id: str) -> None:
            log.append(f"responder:{item_id}")
            act(req, resp, "Responder", "item")
            resp.media = {"item": item_id}

        def on_get_meta(self, req: Any, resp: Any, item_id: str) -> None:
            log.append(f"meta:{item_id}")
            resp.media = {"meta": item_id}

        def on_delete(self, req: Any, resp: Any, item_id: str) -> None:
            log.append("delete")
            resp.status = fw.HTTP_204

    def sink(req: Any, resp: Any, rest: str) -> None:
        log.append(f"sink:{rest}")
        act(req, resp, "Responder", "item")
        resp.text = f"sink {rest}"

    def on_boom(req: Any, resp: Any, ex: Exception, params: dict[str, Any]) -> None:
        log.append(f"handler:{ex}:{sorted(params)}")
        resp.status = fw.HTTP_409
        resp.media = {"handled": str(ex)}

    def on_fatal(req: Any, resp: Any, ex: Exception, params: dict[str, Any]) -> None:
        log.append(f"handler:{ex}")
        raise ex

    def report(
        req: Any, ex: BaseException, params: dict[str, Any], handled: bool
    ) -> None:
        log.append(f"report:{type(ex).__name__}:{handled}")

    full = [Full("m1"), Full("m2"), Full("m3")]
    components: dict[str, list[Any]] = {
        "list": full,
        "single": full[:1],
        "partial": [RequestOnly(), Full("m1"), ResourceOnly(), ResponseOnly()],
    }
    if layout == "one-object":
        app = fw.App(middleware=full[0], independent_middleware=independent)
    elif layout == "added-later":
        app = fw.App(middleware=full[:1], independent_middleware=independent)
        app.add_middleware(full[1])
        app.add_middleware([full[2]])
    else:
        app = fw.App(middleware=components[layout], independent_middleware=independent)
    app.add_route("/items/{item_id}", Item())
    app.add_route("/items/{item_id}/meta", Item(), suffix="meta")
    app.add_sink(sink, r"/sink/(?P<rest>.*)")
    if static_dir is not None:
        app.add_static_route("/static", str(static_dir))
    app.add_error_handler(Boom, on_boom)
    app.add_error_handler(Fatal, on_fatal)
    app.set_error_reporter(report)
    return app


def header(stage: str, name: str, action: str) -> dict[str, str]:
    return {f"X-{stage}": f"{name}:{action}"}


GET = "/items/7"


def staged(stage: str, names: tuple[str, ...], actions: tuple[str, ...]) -> list[Case]:
    return [
        Case("GET", GET, headers=header(stage, n, a)) for n in names for a in actions
    ]


# Serving a static file needs Request.range (and conditional headers) in restcore.
NEEDS_RANGE_HEADERS = pytest.mark.skipif(
    not all(
        hasattr(restcore.Request, name)
        for name in ("if_none_match", "if_modified_since", "range", "range_unit")
    ),
    reason="restcore.Request lacks if_none_match/if_modified_since/range",
)
ACTIONS = ("fail", "crash", "status", "complete")

CASES = [
    Case("GET", GET),
    Case("GET", "/items/7/meta"),
    Case("DELETE", GET),
    Case("PUT", GET),  # 405: process_resource still runs (falconry/falcon#2433)
    Case("OPTIONS", GET),
    Case("GET", "/nowhere"),  # 404: no resource, no process_resource
    Case("GET", "/sink/a/b"),
    pytest.param(Case("GET", "/static/hello.txt"), marks=NEEDS_RANGE_HEADERS),
    Case("GET", "/static/missing.txt"),
    *[Case("GET", GET, headers=header("Responder", "item", a)) for a in ACTIONS[:3]],
    Case("GET", "/sink/x", headers=header("Responder", "item", "crash")),
    *staged("Req", ("m1", "m2"), ACTIONS),
    Case("GET", GET, headers=header("Req", "m3", "complete")),
    *staged("Rsrc", ("m1", "m3"), ACTIONS),
    Case("PUT", GET, headers=header("Rsrc", "m2", "complete")),
    *staged("Resp", ("m1", "m3"), ACTIONS[:3]),
    Case("GET", "/nowhere", headers=header("Resp", "m2", "fail")),
    Case("GET", "/nowhere", headers=header("Req", "m2", "complete")),
    Case("GET", "/sink/y", headers=header("Req", "m1", "fail")),
    Case(
        "GET",
        GET,
        headers={**header("Req", "m2", "fail"), **header("Resp", "m3", "crash")},
    ),
    Case(
        "GET",
        GET,
        headers={**header("Rsrc", "m1", "crash"), **header("Resp", "m1", "fail")},
    ),
]

PARTIAL_CASES = [
    Case("GET", GET),
    Case("GET", "/nowhere"),
    Case("PUT", GET),
    *[Case("GET", GET, headers=header("Req", "q", a)) for a in ACTIONS],
    *[Case("GET", GET, headers=header("Rsrc", "r", a)) for a in ACTIONS],
    *[Case("GET", GET, headers=header("Resp", "s", a)) for a in ACTIONS[:3]],
    Case("GET", GET, headers=header("Req", "m1", "complete")),
]


@pytest.fixture(scope="module")
def static_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("static")
    (directory / "hello.txt").write_text("hello")
    return directory


def snapshot(outcome: Outcome) -> dict[str, Any]:
    headers = sorted(
        (name.lower(), value)
        for name, value in outcome.headers
        if name.lower() != "content-length"
    )
    return {"status": outcome.status, "headers": headers, "body": parsed_body(outcome)}


def run_both(case: Case, **options: Any) -> tuple[Any, Any]:
    """Return ((snapshot, log), (snapshot, log)) for falcon and restcore."""
    results = []
    for fw in FRAMEWORKS:
        log: list[str] = []
        app = build(fw, log, **options)
        try:
            outcome: Any = snapshot(call(app, case))
        except Fatal as ex:
            outcome = f"raised Fatal({ex})"
        results.append((outcome, log))
    return results[0], results[1]


@pytest.mark.parametrize("independent", [True, False], ids=["independent", "dependent"])
@pytest.mark.parametrize("case", CASES, ids=str)
def test_order_matches_falcon(case: Case, independent: bool, static_dir: Path) -> None:
    expected, actual = run_both(case, independent=independent, static_dir=static_dir)
    assert actual == expected


@pytest.mark.parametrize("independent", [True, False], ids=["independent", "dependent"])
@pytest.mark.parametrize("case", PARTIAL_CASES, ids=str)
def test_partial_components_match_falcon(case: Case, independent: bool) -> None:
    expected, actual = run_both(case, independent=independent, layout="partial")
    assert actual == expected


@pytest.mark.parametrize("layout", ["single", "one-object", "added-later"])
@pytest.mark.parametrize("independent", [True, False], ids=["independent", "dependent"])
@pytest.mark.parametrize(
    "case",
    [
        Case("GET", GET),
        Case("GET", GET, headers=header("Req", "m1", "fail")),
        Case("GET", GET, headers=header("Rsrc", "m3", "crash")),
        Case("GET", GET, headers=header("Resp", "m1", "status")),
    ],
    ids=str,
)
def test_layouts_match_falcon(case: Case, independent: bool, layout: str) -> None:
    expected, actual = run_both(case, independent=independent, layout=layout)
    assert actual == expected


@pytest.mark.parametrize("independent", [True, False], ids=["independent", "dependent"])
def test_handler_reraising_logs_alike_and_gives_a_500(
    independent: bool,
) -> None:
    case = Case("GET", GET, headers=header("Responder", "item", "fatal"))
    expected, actual = run_both(case, independent=independent)
    assert expected[0] == "raised Fatal(item Responder)"
    # A documented difference: nothing leaves restcore's App.__call__.
    assert actual[0]["status"] == "500 Internal Server Error"
    # The same calls, then process_response (told the request failed).
    assert actual[1][: len(expected[1])] == expected[1]
    assert actual[1][len(expected[1]) :] == [
        "m3.resp:Item:False",
        "m2.resp:Item:False",
        "m1.resp:Item:False",
    ]
    assert expected[1][-1] == "report:Fatal:False"


def test_the_cases_are_many() -> None:
    assert 2 * (len(CASES) + len(PARTIAL_CASES)) + 24 >= 60


def test_recorded_order_is_what_falcon_documents() -> None:
    # Not differential: pins the order itself, so both could not drift together.
    log: list[str] = []
    app = build(restcore, log, independent=True)
    call(app, Case("GET", GET))
    assert log == [
        "m1.req",
        "m2.req",
        "m3.req",
        "m1.rsrc:Item:['item_id']",
        "m2.rsrc:Item:['item_id']",
        "m3.rsrc:Item:['item_id']",
        "responder:7",
        "m3.resp:Item:True",
        "m2.resp:Item:True",
        "m1.resp:Item:True",
    ]
    log.clear()
    app = build(restcore, log, independent=False)
    call(app, Case("GET", GET, headers=header("Req", "m2", "fail")))
    # m2 raised before its process_response was queued: only m1 answers.
    assert log == [
        "m1.req",
        "m2.req",
        "report:HTTPForbidden:True",
        "m1.resp:None:False",
    ]


# -- preparing components -------------------------------------------------------


class AsyncOnly:
    async def process_request_async(self, req: Any, resp: Any) -> None:
        pass


class CoroutineMethod:
    async def process_request(self, req: Any, resp: Any) -> None:
        pass


class Nothing:
    pass


class Universal:
    def process_request(self, req: Any, resp: Any) -> None:
        pass

    async def process_request_async(self, req: Any, resp: Any) -> None:
        pass


@pytest.mark.parametrize("fw", FRAMEWORKS, ids=["falcon", "restcore"])
def test_coroutine_process_method_is_refused(fw: ModuleType) -> None:
    with pytest.raises(fw.CompatibilityError, match="coroutine"):
        fw.App(middleware=[CoroutineMethod()])


@pytest.mark.parametrize("fw", FRAMEWORKS, ids=["falcon", "restcore"])
def test_component_without_methods_is_a_type_error(fw: ModuleType) -> None:
    with pytest.raises(TypeError, match="at least one middleware method"):
        fw.App(middleware=[Nothing()])


@pytest.mark.parametrize("fw", FRAMEWORKS, ids=["falcon", "restcore"])
def test_async_only_component_is_a_type_error_in_both(fw: ModuleType) -> None:
    with pytest.raises(TypeError):
        fw.App(middleware=[AsyncOnly()])


def test_async_only_component_is_refused_clearly() -> None:
    # A documented difference: Falcon says "must implement at least one
    # middleware method"; restcore names the *_async methods it found.
    with pytest.raises(CompatibilityError, match="process_request_async"):
        restcore.App(middleware=[AsyncOnly()])


@pytest.mark.parametrize("fw", FRAMEWORKS, ids=["falcon", "restcore"])
def test_universal_component_uses_its_plain_method(fw: ModuleType) -> None:
    app = fw.App(middleware=Universal())
    assert call(app, Case("GET", "/x")).status == "404 Not Found"


@pytest.mark.parametrize("fw", FRAMEWORKS, ids=["falcon", "restcore"])
def test_class_instead_of_instance_is_refused(fw: ModuleType) -> None:
    with pytest.raises(AttributeError):
        fw.App(middleware=[Universal])


@pytest.mark.parametrize("fw", FRAMEWORKS, ids=["falcon", "restcore"])
def test_asgi_preparation(fw: ModuleType) -> None:
    if fw is restcore:
        with pytest.raises(CompatibilityError, match="WSGI"):
            prepare_middleware([Universal()], asgi=True)
    else:
        prepared = fw.app_helpers.prepare_middleware([Universal()], asgi=True)
        assert len(prepared[0]) == 1


@pytest.mark.parametrize("independent", [True, False])
def test_prepared_tuples_have_falcon_shape(independent: bool) -> None:
    log: list[str] = []
    components = build(restcore, log, layout="partial")._unprepared_middleware
    ours = prepare_middleware(components, independent_middleware=independent)
    theirs = falcon.app_helpers.prepare_middleware(
        components, independent_middleware=independent
    )
    assert ours == theirs
    assert all(isinstance(stack, tuple) for stack in ours)


@pytest.mark.parametrize("fw", FRAMEWORKS, ids=["falcon", "restcore"])
@pytest.mark.parametrize("empty", [None, [], ()])
def test_empty_middleware_is_accepted(fw: ModuleType, empty: Any) -> None:
    app = fw.App(middleware=empty)
    app.add_middleware(empty)
    outcome = call(app, Case("GET", "/x"))
    assert outcome.status == "404 Not Found"
    assert json.loads(outcome.body)["title"] == "404 Not Found"


# -- App-level parity (WEBSOCKET refusal, falsy resources) ----------------------


@pytest.mark.parametrize("independent", [True, False], ids=["independent", "dependent"])
def test_websocket_method_skips_request_middleware(independent: bool) -> None:
    expected, actual = run_both(Case("WEBSOCKET", GET), independent=independent)
    assert actual == expected


class Falsy:
    def __len__(self) -> int:
        return 0

    def on_get(self, req: Any, resp: Any) -> None:
        resp.media = {"falsy": True}


def test_falsy_resource_skips_process_resource() -> None:
    logs = []
    for fw in FRAMEWORKS:
        log: list[str] = []
        app = build(fw, log)
        app.add_route("/falsy", Falsy())
        call(app, Case("GET", "/falsy"))
        logs.append(log)
    assert logs[1] == logs[0]


# -- The generated pipeline (independent middleware) ------------------------------


class Tracer:
    def __init__(self, name: str, log: list[str]) -> None:
        self.name = name
        self.log = log

    def process_request(self, req: Any, resp: Any) -> None:
        self.log.append(f"{self.name}.request")

    def process_resource(self, req: Any, resp: Any, resource: Any, params: Any) -> None:
        self.log.append(f"{self.name}.resource {sorted(params)}")

    def process_response(self, req: Any, resp: Any, resource: Any, ok: bool) -> None:
        self.log.append(f"{self.name}.response {ok}")


class Thing:
    def on_get(self, req: Any, resp: Any, thing_id: int) -> None:
        if thing_id == 0:
            raise Boom("zero")
        resp.media = {"id": thing_id}


def test_pipeline_source_is_readable_and_in_tracebacks() -> None:
    import linecache

    log: list[str] = []
    app = restcore.App(middleware=[Tracer("a", log), Tracer("b", log)])
    app.add_route("/things/{thing_id:int}", Thing())
    dispatch = typing.cast(types.FunctionType, app._bind().dispatch)
    source = vars(dispatch)["pipeline_src"]
    assert "process_request_1(req, resp)" in source
    assert source.count("process_response_") == 2
    filename = dispatch.__code__.co_filename
    assert linecache.getlines(filename) == source.splitlines(True)

    def reraise(req: Any, resp: Any, ex: Exception, params: Any) -> None:
        raise ex

    app.add_error_handler(Boom, reraise)
    errors = io.StringIO()
    result = restcore.testing.simulate_get(
        app, "/things/0", extras={"wsgi.errors": errors}
    )
    assert result.status_code == 500
    # The logged traceback shows the generated pipeline's line.
    assert "responder(req, resp, **params)" in errors.getvalue()


def test_pipeline_is_rebuilt_when_middleware_is_added() -> None:
    log: list[str] = []
    app = restcore.App(middleware=Tracer("a", log))
    app.add_route("/things/{thing_id:int}", Thing())
    restcore.testing.simulate_get(app, "/things/1")
    app.add_middleware(Tracer("b", log))
    log.clear()
    result = restcore.testing.simulate_get(app, "/things/2")
    assert result.json == {"id": 2}
    assert log == [
        "a.request",
        "b.request",
        "a.resource ['thing_id']",
        "b.resource ['thing_id']",
        "b.response True",
        "a.response True",
    ]


def test_pipeline_sees_routes_added_after_the_first_request() -> None:
    log: list[str] = []
    app = restcore.App(middleware=Tracer("a", log))
    assert restcore.testing.simulate_get(app, "/things/1").status_code == 404
    app.add_route("/things/{thing_id:int}", Thing())
    assert restcore.testing.simulate_get(app, "/things/1").json == {"id": 1}


def test_dependent_middleware_keeps_the_loop() -> None:
    app = restcore.App(middleware=Tracer("a", []), independent_middleware=False)
    dispatch = app._bind().dispatch
    assert dispatch == app._dispatch_with_middleware
    assert not hasattr(dispatch, "pipeline_src")
