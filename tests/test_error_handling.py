"""Error handlers, serializer and reporter, differential against Falcon 4.4."""

from __future__ import annotations

import json
from types import ModuleType
from typing import Any

import falcon
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import restcore
import restcore.testing

from .compat.driver import Case, Outcome, call, make_environ, parsed_body

FRAMEWORKS = (falcon, restcore)


class Base(Exception):
    pass


class Mid(Base):
    pass


class Leaf(Mid):
    pass


class Other(Exception):
    pass


class SelfHandled(Exception):
    @staticmethod
    def handle(req: Any, resp: Any, ex: Exception, params: dict[str, Any]) -> None:
        resp.status = 418
        resp.media = {"self_handled": str(ex)}


def build(fw: ModuleType, log: list[str], **options: Any) -> Any:
    def handler(name: str) -> Any:
        def handle(req: Any, resp: Any, ex: Exception, params: dict[str, Any]) -> None:
            log.append(
                f"{name}:{type(ex).__name__}:{params}:"
                f"{(resp.text, resp.data, resp.media)}"
            )
            then = req.get_header("X-Then")
            if then == "http-error":
                raise fw.HTTPConflict(title=f"{name} converted", code=7)
            if then == "http-status":
                raise fw.HTTPStatus(fw.HTTP_202, headers={"X-S": name}, text="ok")
            if then == "other":
                raise Other(name)
            if then == "same":
                raise ex
            resp.status = fw.HTTP_409
            resp.media = {"handler": name, "error": str(ex)}

        return handle

    def report(
        req: Any, ex: BaseException, params: dict[str, Any], handled: bool
    ) -> None:
        log.append(f"report:{type(ex).__name__}:{params}:{handled}")

    class Raiser:
        def on_get(self, req: Any, resp: Any, kind: str) -> None:
            resp.text = "partial text"
            resp.data = b"partial data"
            resp.media = {"partial": True}
            resp.set_header("X-Kept", "yes")
            errors: dict[str, BaseException] = {
                "base": Base("b"),
                "mid": Mid("m"),
                "leaf": Leaf("l"),
                "self": SelfHandled("s"),
                "value": ValueError("secret"),
                "notfound": fw.HTTPNotFound(),
                "teapot": fw.HTTPError(
                    fw.HTTP_418,
                    title="Teapot",
                    description="Short and stout",
                    headers={"X-Custom": "c", "Retry-After": "5"},
                    code=1418,
                    href="http://example.com/tea",
                    href_text="Tea docs",
                ),
                "bare": fw.HTTPError(500),
                "status": fw.HTTPStatus(fw.HTTP_206, text="some"),
                "status-empty": fw.HTTPStatus(fw.HTTP_204, headers={"X-S": "s"}),
                "unauthorized": fw.HTTPUnauthorized(challenges=["Basic realm=x"]),
                "redirect": fw.HTTPSeeOther("/there", headers={"X-M": "m"}),
                "toomany": fw.HTTPTooManyRequests(retry_after=9),
            }
            if kind == "unserializable":
                resp.text = resp.data = None
                resp.media = {"set": {1, 2}}
                return
            raise errors[kind]

    app = fw.App(**options)
    app.add_route("/raise/{kind}", Raiser())
    app.add_error_handler(Base, handler("base"))
    app.add_error_handler(Mid, handler("mid-first"))
    app.add_error_handler(Mid, handler("mid"))  # re-registration: latest wins
    app.add_error_handler([KeyError, IndexError], handler("lookup"))
    app.add_error_handler(SelfHandled)
    app.add_error_handler(fw.HTTPNotFound, handler("notfound"))
    app.set_error_reporter(report)
    return app


def snapshot(outcome: Outcome) -> dict[str, Any]:
    headers = sorted(
        (name.lower(), value)
        for name, value in outcome.headers
        if name.lower() != "content-length"
    )
    return {"status": outcome.status, "headers": headers, "body": parsed_body(outcome)}


def run_both(case: Case, **options: Any) -> list[tuple[Any, list[str]]]:
    results = []
    for fw in FRAMEWORKS:
        log: list[str] = []
        app = build(fw, log, **options)
        try:
            outcome: Any = snapshot(call(app, case))
        except Exception as ex:  # the exception is the outcome
            outcome = f"raised {type(ex).__name__}({ex})"
        results.append((outcome, log))
    return results


KINDS = [
    *("base", "mid", "leaf", "self", "value", "notfound", "teapot", "bare"),
    *("status", "status-empty", "unauthorized", "redirect", "toomany"),
]
THENS = ("http-error", "http-status", "other", "same")
ACCEPTS = (
    "application/xml",
    "text/xml",
    "application/problem+json",
    "application/vnd.x+xml",
    "text/html",
    "application/x-www-form-urlencoded",
    "*/*;q=0.1, application/xml;q=0.5",
)

CASES = [
    *[Case("GET", f"/raise/{kind}") for kind in KINDS],
    *[
        Case("GET", f"/raise/{kind}", headers={"X-Then": then})
        for kind in ("leaf", "base", "notfound")
        for then in THENS
    ],
    Case("GET", "/nowhere"),
    Case("GET", "/nowhere", headers={"X-Then": "http-status"}),
    *[Case("GET", "/raise/teapot", headers={"Accept": accept}) for accept in ACCEPTS],
    *[Case("GET", "/raise/toomany", headers={"Accept": accept}) for accept in ACCEPTS],
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_error_handling_matches_falcon(case: Case) -> None:
    expected, actual = run_both(case)
    assert actual == expected


@pytest.mark.parametrize(
    "case",
    [
        Case("GET", "/raise/teapot", headers={"Accept": "application/xml"}),
        Case("GET", "/raise/teapot", headers={"Accept": "text/xml"}),
        Case("GET", "/raise/teapot", headers={"Accept": "application/vnd.x+xml"}),
        Case("GET", "/raise/bare", headers={"Accept": "application/atom+xml"}),
    ],
    ids=str,
)
def test_without_xml_serialization_matches_falcon(case: Case) -> None:
    results = []
    for fw in FRAMEWORKS:
        log: list[str] = []
        app = build(fw, log)
        app.resp_options.xml_error_serialization = False
        results.append(snapshot(call(app, case)))
    assert results[1] == results[0]


def test_mro_most_specific_and_latest_registration_win() -> None:
    log: list[str] = []
    app = build(restcore, log)
    bodies = [json.loads(call(app, Case("GET", f"/raise/{k}")).body) for k in KINDS[:3]]
    assert [body["handler"] for body in bodies] == ["base", "mid", "mid"]


@pytest.mark.parametrize("fw", FRAMEWORKS, ids=["falcon", "restcore"])
def test_registering_later_replaces_the_cached_choice(fw: ModuleType) -> None:
    log: list[str] = []
    app = build(fw, log)
    assert json.loads(call(app, Case("GET", "/raise/leaf")).body)["handler"] == "mid"

    def leaf_handler(req: Any, resp: Any, ex: Exception, params: Any) -> None:
        resp.media = {"handler": "leaf"}

    app.add_error_handler(Leaf, leaf_handler)
    assert json.loads(call(app, Case("GET", "/raise/leaf")).body)["handler"] == "leaf"


@pytest.mark.parametrize("fw", FRAMEWORKS, ids=["falcon", "restcore"])
def test_iterables_of_classes(fw: ModuleType) -> None:
    app = fw.App()

    def handle(req: Any, resp: Any, ex: Exception, params: Any) -> None:
        resp.media = {"handled": type(ex).__name__}

    app.add_error_handler((exc for exc in (Base, Other)), handle)
    app.add_error_handler((KeyError,), handle)

    class Thing:
        def on_get(self, req: Any, resp: Any, kind: str) -> None:
            raise {"b": Base(), "o": Other(), "k": KeyError()}[kind]

    app.add_route("/{kind}", Thing())
    handled = [json.loads(call(app, Case("GET", f"/{k}")).body) for k in "bok"]
    assert handled == [
        {"handled": "Base"},
        {"handled": "Other"},
        {"handled": "KeyError"},
    ]


@pytest.mark.parametrize("fw", FRAMEWORKS, ids=["falcon", "restcore"])
def test_handler_none_needs_handle(fw: ModuleType) -> None:
    app = fw.App()
    with pytest.raises(AttributeError, match="handle"):
        app.add_error_handler(Other)


@pytest.mark.parametrize("fw", FRAMEWORKS, ids=["falcon", "restcore"])
@pytest.mark.parametrize("bad", [object, "ValueError", 42, [ValueError, int]])
def test_non_exception_types_are_refused(fw: ModuleType, bad: Any) -> None:
    app = fw.App()
    with pytest.raises(TypeError):
        app.add_error_handler(bad, lambda req, resp, ex, params: None)


def test_base_exception_subclass_is_refused() -> None:
    app = restcore.App()
    with pytest.raises(TypeError):
        app.add_error_handler(KeyboardInterrupt, lambda req, resp, ex, params: None)


def test_old_handler_signature_is_shimmed() -> None:
    seen: list[Any] = []

    def old(ex: Exception, req: Any, resp: Any, params: Any) -> None:
        seen.append(type(ex).__name__)
        resp.media = {"old": True}

    app = restcore.App()
    # Falcon's own tests match this wording.
    with pytest.warns(
        restcore.util.deprecation.DeprecatedWarning, match="deprecated signature"
    ):
        app.add_error_handler(Other, old)

    class Thing:
        def on_get(self, req: Any, resp: Any) -> None:
            raise Other()

    app.add_route("/", Thing())
    assert json.loads(call(app, Case("GET", "/")).body) == {"old": True}
    assert seen == ["Other"]


def test_falcon_shims_old_handler_signature() -> None:
    def old(ex: Exception, req: Any, resp: Any, params: Any) -> None:
        resp.media = {"old": True}

    with pytest.warns(
        falcon.util.deprecation.DeprecatedWarning, match="deprecated signature"
    ):
        falcon.App().add_error_handler(Other, old)


# -- serializer -------------------------------------------------------------------


@pytest.mark.parametrize(
    "case",
    [
        Case("GET", "/raise/teapot"),
        Case("GET", "/raise/notfound", headers={"X-Then": "http-error"}),
        Case("GET", "/nowhere"),
        Case("GET", "/raise/value"),
        Case("GET", "/raise/status"),
    ],
    ids=str,
)
def test_serializer_override_matches_falcon(case: Case) -> None:
    results = []
    for fw in FRAMEWORKS:
        log: list[str] = []
        app = build(fw, log)

        def serialize(req: Any, resp: Any, exception: Any, log: Any = log) -> None:
            log.append(f"serialize:{exception.status}")
            resp.content_type = "text/plain"
            resp.text = f"{exception.title}|{exception.code}|{exception.link}"

        app.set_error_serializer(serialize)
        results.append((snapshot(call(app, case)), log))
    assert results[1] == results[0]


@pytest.mark.parametrize("fw", FRAMEWORKS, ids=["falcon", "restcore"])
def test_custom_json_handler_renders_errors(fw: ModuleType) -> None:
    app = fw.App()
    handler = fw.media.JSONHandler(dumps=lambda obj: json.dumps(obj, indent=1))
    app.resp_options.media_handlers[fw.MEDIA_JSON] = handler
    outcome = call(app, Case("GET", "/nowhere"))
    assert outcome.body == b'{\n "title": "404 Not Found"\n}'


# -- reporter -----------------------------------------------------------------------


def test_reporter_is_called_once_per_exception() -> None:
    expected, actual = run_both(Case("GET", "/raise/leaf", headers={"X-Then": "same"}))
    assert actual == expected
    reports = [line for line in actual[1] if line.startswith("report:")]
    assert reports == ["report:Leaf:{'kind': 'leaf'}:False"]


def test_reporter_sees_original_then_derived() -> None:
    expected, actual = run_both(
        Case("GET", "/raise/leaf", headers={"X-Then": "http-error"})
    )
    assert actual == expected
    assert [line for line in actual[1] if line.startswith("report:")] == [
        "report:Leaf:{'kind': 'leaf'}:True",
        "report:HTTPConflict:{'kind': 'leaf'}:True",
    ]


def test_render_failure_reports_route_params() -> None:
    expected, actual = run_both(Case("GET", "/raise/unserializable"))
    # The exception type differs (Falcon: the JSON library's TypeError).
    assert expected[1] == ["report:TypeError:{'kind': 'unserializable'}:True"]
    assert [line.split(":", 2)[2] for line in actual[1]] == [
        "{'kind': 'unserializable'}:True"
    ]


def test_render_failure_gives_500_like_falcon_with_a_body() -> None:
    # A documented difference: Falcon sends the 500 with an empty body (it
    # drops whatever the error handler rendered); restcore renders it.
    expected, actual = run_both(Case("GET", "/raise/unserializable"))
    assert actual[0]["status"] == expected[0]["status"] == "500 Internal Server Error"
    assert actual[0]["headers"] == expected[0]["headers"]
    assert expected[0]["body"] is None
    assert actual[0]["body"] == {"title": "500 Internal Server Error"}


# -- Accept negotiation never turns an error into a 5xx ------------------------------


def test_multipart_accept_is_500_in_falcon_but_not_here() -> None:
    # A documented difference (docs/middleware-hooks-errors.md).
    case = Case("GET", "/raise/notfound", headers={"Accept": "multipart/form-data"})
    falcon_outcome = call(falcon.App(), Case("GET", "/x", headers=case.headers))
    assert falcon_outcome.status == "500 Internal Server Error"
    outcome = call(restcore.App(), Case("GET", "/x", headers=case.headers))
    assert outcome.status == "404 Not Found"
    assert outcome.header("content-type") == "application/json"
    assert json.loads(outcome.body) == {"title": "404 Not Found"}


TOKEN = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyz0123456789-+.*", min_size=1, max_size=12
)
MEDIA_RANGE = st.one_of(
    st.sampled_from(
        [
            "application/json",
            "application/xml",
            "text/xml",
            "multipart/form-data",
            "application/x-www-form-urlencoded",
            "application/msgpack",
            "*/*",
            "text/*",
            "application/*",
            "application/problem+json",
            "image/svg+xml",
        ]
    ),
    st.builds(lambda a, b: f"{a}/{b}", TOKEN, TOKEN),
)
PARAM = st.one_of(
    st.builds(lambda q: f";q={q}", st.sampled_from(["0", "0.1", "0.5", "1", "x", ""])),
    st.builds(lambda k, v: f";{k}={v}", TOKEN, TOKEN),
    st.just(";"),
)
ACCEPT = st.one_of(
    st.lists(
        st.builds(
            lambda r, p: r + "".join(p), MEDIA_RANGE, st.lists(PARAM, max_size=2)
        ),
        min_size=1,
        max_size=4,
    ).map(", ".join),
    st.text(max_size=30).filter(lambda text: "\n" not in text and "\r" not in text),
)


@pytest.fixture(scope="module")
def fuzz_app() -> Any:
    class Raiser:
        def on_get(self, req: Any, resp: Any, kind: str) -> None:
            if kind == "teapot":
                raise restcore.HTTPError(
                    418, title="Teapot", code=3, href="http://example.com/t"
                )
            if kind == "crash":
                raise ValueError("crash")
            raise restcore.HTTPNotFound(description="No such thing")

    app = restcore.App()
    app.add_route("/raise/{kind}", Raiser())
    handlers = app.resp_options.media_handlers
    handlers["application/msgpack"] = restcore.media.MessagePackHandler()
    return app


def assert_valid_body(outcome: Outcome) -> None:
    content_type = (outcome.header("content-type") or "").split(";")[0]
    if not outcome.body:
        return
    if content_type == "application/json":
        json.loads(outcome.body)
    elif content_type.endswith("xml"):
        import xml.etree.ElementTree as ET

        ET.fromstring(outcome.body)
    elif content_type == "application/msgpack":
        import msgpack

        assert isinstance(msgpack.unpackb(outcome.body), dict)
    elif content_type == "application/x-www-form-urlencoded":
        assert b"title=" in outcome.body
    else:
        raise AssertionError(f"unexpected error media type {content_type!r}")


@settings(max_examples=200, deadline=None)
@given(
    accept=ACCEPT,
    path=st.sampled_from(["/raise/notfound", "/raise/teapot", "/nowhere", "/crash"]),
    method=st.sampled_from(["GET", "PUT"]),
)
def test_no_accept_makes_an_error_5xx(
    fuzz_app: Any, accept: str, path: str, method: str
) -> None:
    outcome = call(fuzz_app, Case(method, path, headers={"Accept": accept}))
    assert not outcome.status.startswith("5"), (accept, outcome.status)
    assert_valid_body(outcome)


@settings(max_examples=50, deadline=None)
@given(accept=ACCEPT)
def test_a_crash_stays_a_plain_500(fuzz_app: Any, accept: str) -> None:
    outcome = call(fuzz_app, Case("GET", "/raise/crash", headers={"Accept": accept}))
    assert outcome.status == "500 Internal Server Error"
    assert_valid_body(outcome)


@pytest.fixture(scope="module")
def accept_apps() -> list[Any]:
    apps = []
    for fw in FRAMEWORKS:
        app = fw.App()
        app.resp_options.media_handlers["application/msgpack"] = (
            fw.media.MessagePackHandler()
        )
        apps.append(app)
    return apps


@settings(max_examples=150, deadline=None)
@given(accept=ACCEPT)
def test_error_negotiation_matches_falcon_where_falcon_succeeds(
    accept_apps: list[Any], accept: str
) -> None:
    case = Case("PUT", "/nowhere", headers={"Accept": accept})
    expected, actual = (snapshot(call(app, case)) for app in accept_apps)
    if expected["status"].startswith("500"):
        # Falcon's negotiated handler could not serialize (multipart).
        assert actual["status"] == "404 Not Found"
        assert dict(actual["headers"])["content-type"] == "application/json"
    else:
        assert actual == expected


def params_seen_by_handler(fw: ModuleType) -> list[dict[str, Any]]:
    seen: list[dict[str, Any]] = []

    class Refuse:
        def process_request(self, req: Any, resp: Any) -> None:
            raise Other("before routing")

    def handle(req: Any, resp: Any, ex: Exception, params: dict[str, Any]) -> None:
        # Kept, not changed: changing a shared dict would leak into other tests.
        seen.append(params)

    app = fw.App(middleware=[Refuse()])
    app.add_error_handler(Other, handle)
    for _ in range(2):
        call(app, Case("GET", "/x"))
    return seen


def test_falcon_gives_each_handler_call_fresh_params() -> None:
    first, second = params_seen_by_handler(falcon)
    assert first == second == {}
    assert first is not second


def test_handlers_get_fresh_params_before_routing() -> None:
    first, second = params_seen_by_handler(restcore)
    assert first == second == {}
    assert first is not second


def reports_when_start_response_fails(fw: ModuleType) -> list[str]:
    reports: list[str] = []
    app = fw.App()
    app.set_error_reporter(
        lambda req, ex, params, handled: reports.append(
            f"{type(ex).__name__}:{handled}"
        )
    )

    def start_response(status: str, headers: Any, exc_info: Any = None) -> Any:
        raise OSError("client went away")

    env = make_environ(Case("GET", "/x"))
    with pytest.raises(OSError, match="client went away"):
        app(env, start_response)
    return reports


def test_falcon_reports_a_failing_start_response() -> None:
    assert reports_when_start_response_fails(falcon) == [
        "HTTPRouteNotFound:True",
        "OSError:False",
    ]


def test_a_failing_start_response_is_reported() -> None:
    assert reports_when_start_response_fails(restcore) == [
        "HTTPRouteNotFound:True",
        "OSError:False",
    ]


# -- the default JSON body reused per error class ------------------------------


def _json_body(app, path="/missing"):
    result = restcore.testing.simulate_get(app, path)
    return result.status_code, result.json


def test_default_body_follows_class_attribute_changes(monkeypatch):
    app = restcore.App()
    assert _json_body(app) == (404, {"title": "404 Not Found"})
    monkeypatch.setattr(restcore.HTTPRouteNotFound, "title", "Nothing here")
    assert _json_body(app) == (404, {"title": "Nothing here"})
    monkeypatch.setattr(restcore.HTTPRouteNotFound, "description", "Try /docs")
    assert _json_body(app) == (
        404,
        {"title": "Nothing here", "description": "Try /docs"},
    )


def test_instance_fields_are_never_served_from_the_class_cache():
    class Resource:
        def on_get(self, req, resp):
            raise restcore.HTTPNotFound(description=req.get_param("d"))

    app = restcore.App()
    app.add_route("/thing", Resource())
    first = restcore.testing.simulate_get(app, "/thing", params={"d": "one"})
    second = restcore.testing.simulate_get(app, "/thing", params={"d": "two"})
    assert first.json["description"] == "one"
    assert second.json["description"] == "two"
    plain = restcore.testing.simulate_get(app, "/thing")
    assert plain.json == {"title": "404 Not Found"}


def test_subclass_overriding_to_dict_is_rendered_by_it():
    class Custom(restcore.HTTPNotFound):
        def to_dict(self, obj_type=dict):
            return obj_type(custom=True)

    class Resource:
        def on_get(self, req, resp):
            raise Custom()

    app = restcore.App()
    app.add_route("/thing", Resource())
    assert restcore.testing.simulate_get(app, "/thing").json == {"custom": True}


class _BrokenJSON(restcore.media.JSONHandler):
    def serialize(self, media: object, content_type: str | None = None) -> bytes:
        raise RuntimeError("broken")


@pytest.mark.parametrize("where", ["replaced", "only-wildcard"])
def test_error_body_survives_an_odd_json_handler(where: str) -> None:
    app = restcore.App()
    handlers = app.resp_options.media_handlers
    if where == "replaced":
        handlers[restcore.MEDIA_JSON] = _BrokenJSON()
    else:
        del handlers[restcore.MEDIA_JSON]
        handlers["application/*"] = restcore.media.JSONHandler()
    result = restcore.testing.simulate_get(app, "/missing")
    assert result.status_code == 404
    assert result.json["title"] == "404 Not Found"
