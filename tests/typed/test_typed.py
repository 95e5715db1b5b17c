"""Typed responders: parameters, bodies, returns, errors, hooks, compile-time checks."""

from __future__ import annotations

import datetime
import linecache
import subprocess
import sys
import uuid
from typing import Annotated, Any, Literal

import msgspec
import pytest

import restcore
from restcore.errors import CompatibilityError
from restcore.media.validators import jsonschema
from restcore.testing import TestClient
from restcore.typed import (
    Body,
    Cookie,
    Header,
    Injected,
    Param,
    Query,
    RequestValidationError,
    responds,
)
from restcore.typed.binding import TypedRoutes
from restcore.typed.engines import MsgspecEngine, json_pointer
from tests.typed.models import Box, Color, Line, Order, Pair, Person, Point


class ItemResource:
    def on_get(
        self,
        req: restcore.Request,
        resp: restcore.Response,
        item_id: int,
        limit: Query[Annotated[int, msgspec.Meta(ge=1, le=100)]] = 20,
        offset: Query[int] = 0,
        tags: Query[list[str]] = [],  # noqa: B006 - never mutated
        color: Query[Color | None] = None,
        mode: Query[Literal["a", "b"]] = "a",
        x_token: Header[str | None] = None,
        x_count: Header[int] = 0,
        session: Cookie[str | None] = None,
        day: Query[datetime.date | None] = None,
    ) -> dict[str, Any]:
        """Get one item.

        Longer text.
        """
        return {
            "id": item_id,
            "limit": limit,
            "offset": offset,
            "tags": tags,
            "color": color.value if color else None,
            "mode": mode,
            "token": x_token,
            "count": x_count,
            "session": session,
            "day": day.isoformat() if day else None,
        }

    @responds(201, errors=[restcore.HTTPConflict])
    def on_post(
        self, req: restcore.Request, resp: restcore.Response, item_id: int, body: Order
    ) -> Order:
        return body

    def on_put(
        self, req: restcore.Request, resp: restcore.Response, item_id: int
    ) -> None:
        resp.media = {"untyped": item_id}


class RequiredResource:
    def on_get(
        self,
        req: restcore.Request,
        resp: restcore.Response,
        q: Query[int],
        x_key: Annotated[str, Header, Param(alias="X-Api-Key")],
        ids: Header[list[int]] = [],  # noqa: B006 - never mutated
    ) -> dict[str, Any]:
        return {"q": q, "key": x_key, "ids": ids}


def _table(app: restcore.App, path: str) -> dict[str, Any]:
    """The method table the App runs for ``path`` (adapters included)."""
    table: dict[str, Any] = app._router._compiled_lookup()(path, None)[1]
    return table


def test_find_and_inspect_show_the_users_responders() -> None:
    app = restcore.App(typed=True)
    resource = ItemResource()
    app.add_route("/items/{item_id:int}", resource)
    assert app._router.find("/items/1")[1]["GET"] == resource.on_get
    assert _table(app, "/items/1")["GET"].__wrapped__ is ItemResource.on_get


@pytest.fixture
def client() -> TestClient:
    app = restcore.App(typed=True)
    app.add_route("/items/{item_id:int}", ItemResource())
    app.add_route("/required", RequiredResource())
    return TestClient(app)


def test_query_header_cookie_parameters_are_converted(client: TestClient) -> None:
    result = client.simulate_get(
        "/items/7",
        query_string="limit=5&offset=2&tags=a&tags=b&color=red&mode=b&day=2026-01-02",
        headers={"X-Token": "t", "X-Count": "3", "Cookie": "session=abc"},
    )
    assert result.status_code == 200
    assert result.json == {
        "id": 7,
        "limit": 5,
        "offset": 2,
        "tags": ["a", "b"],
        "color": "red",
        "mode": "b",
        "token": "t",
        "count": 3,
        "session": "abc",
        "day": "2026-01-02",
    }


def test_defaults_apply_when_parameters_are_absent(client: TestClient) -> None:
    result = client.simulate_get("/items/1")
    assert result.json["limit"] == 20
    assert result.json["tags"] == []
    assert result.json["token"] is None


def test_required_parameters_and_alias(client: TestClient) -> None:
    ok = client.simulate_get(
        "/required", query_string="q=1", headers={"X-Api-Key": "k", "Ids": "1, 2"}
    )
    assert ok.json == {"q": 1, "key": "k", "ids": [1, 2]}
    missing = client.simulate_get("/required")
    assert missing.status_code == 400
    assert [(e["in"], e["name"]) for e in missing.json["errors"]] == [
        ("query", "q"),
        ("header", "X-Api-Key"),
    ]


ORDER = {"customer": "c", "lines": [{"sku": "a", "qty": 1}, {"sku": "b", "qty": 2}]}


def _lines(*qty: object) -> dict[str, Any]:
    return {"customer": "c", "lines": [{"sku": "s", "qty": q} for q in qty]}


# (method, path, kwargs, expected [(in, name-or-pointer)])
INVALID = [
    ("GET", "/items/1", {"query_string": "limit=x"}, [("query", "limit")]),
    ("GET", "/items/1", {"query_string": "limit=0"}, [("query", "limit")]),
    ("GET", "/items/1", {"query_string": "limit=101"}, [("query", "limit")]),
    ("GET", "/items/1", {"query_string": "offset=1.5"}, [("query", "offset")]),
    ("GET", "/items/1", {"query_string": "color=green"}, [("query", "color")]),
    ("GET", "/items/1", {"query_string": "mode=c"}, [("query", "mode")]),
    ("GET", "/items/1", {"headers": {"X-Count": "many"}}, [("header", "X-Count")]),
    (
        "GET",
        "/items/1",
        {"query_string": "limit=x&offset=y", "headers": {"X-Count": "z"}},
        [("query", "limit"), ("query", "offset"), ("header", "X-Count")],
    ),
    ("GET", "/required", {"query_string": "q=1"}, [("header", "X-Api-Key")]),
    (
        "GET",
        "/required",
        {"query_string": "q=1", "headers": {"X-Api-Key": "k", "Ids": "1,x"}},
        [("header", "Ids")],
    ),
    ("POST", "/items/1", {"json": _lines(1, 0)}, [("body", "#/lines/1/qty")]),
    ("POST", "/items/1", {"json": _lines("x")}, [("body", "#/lines/0/qty")]),
    ("POST", "/items/1", {"json": {"lines": []}}, [("body", "#/customer")]),
    (
        "POST",
        "/items/1",
        {"json": {**ORDER, "extra": 1}},
        [("body", "#/extra")],
    ),
    ("POST", "/items/1", {"json": [1]}, [("body", "#")]),
    ("POST", "/items/1", {"body": b"{"}, [("body", "#")]),
    ("POST", "/items/1", {"body": b""}, [("body", "#")]),
]


@pytest.mark.parametrize(("method", "path", "kwargs", "expected"), INVALID)
def test_invalid_requests_name_each_problem(
    client: TestClient,
    method: str,
    path: str,
    kwargs: dict[str, Any],
    expected: list[tuple[str, str]],
) -> None:
    result = client.simulate_request(method, path, **kwargs)
    assert result.status_code == 400
    errors = result.json["errors"]
    assert [(e["in"], e.get("name") or e["pointer"]) for e in errors] == expected
    assert all(e["detail"] for e in errors)
    assert result.json["title"] == "Invalid request"


def test_cookie_error_is_named(client: TestClient) -> None:
    class Resource:
        def on_get(self, req: Any, resp: Any, n: Cookie[int]) -> dict[str, int]:
            return {"n": n}

    app = restcore.App(typed=True)
    app.add_route("/c", Resource())
    result = TestClient(app).simulate_get("/c", headers={"Cookie": "n=x"})
    assert result.json["errors"] == [
        {"in": "cookie", "name": "n", "detail": "Expected `int`, got `str`"}
    ]
    assert TestClient(app).simulate_get("/c", headers={"Cookie": "n=4"}).json == {
        "n": 4
    }


def test_body_model_is_echoed_with_responds_status(client: TestClient) -> None:
    result = client.simulate_post("/items/1", json=ORDER)
    assert result.status_code == 201
    assert result.json == ORDER
    assert result.headers["content-type"] == "application/json"


def test_untyped_responder_is_the_users_own(client: TestClient) -> None:
    app = restcore.App(typed=True)
    resource = ItemResource()
    app.add_route("/items/{item_id:int}", resource)
    method_map = _table(app, "/items/1")
    assert method_map["PUT"] == resource.on_put
    assert method_map["GET"].__wrapped__ is ItemResource.on_get
    assert TestClient(app).simulate_put("/items/2").json == {"untyped": 2}


def test_untyped_app_ignores_annotations() -> None:
    app = restcore.App()
    resource = ItemResource()
    app.add_route("/items/{item_id:int}", resource)
    assert _table(app, "/items/1")["GET"] == resource.on_get
    result = TestClient(app).simulate_get("/items/3", query_string="limit=x")
    # As in Falcon: nothing is read from the query, the return value is ignored.
    assert result.status_code == 200
    assert result.text == ""


def test_per_route_typed_false() -> None:
    app = restcore.App(typed=True)
    resource = ItemResource()
    app.add_route("/items/{item_id:int}", resource, typed=False)
    assert _table(app, "/items/1")["GET"] == resource.on_get


def test_adapter_source_is_readable_and_in_linecache() -> None:
    app = restcore.App(typed=True)
    app.add_route("/items/{item_id:int}", ItemResource())
    adapter = _table(app, "/items/1")["POST"]
    source = adapter.__restcore_source__
    assert source == (
        "def typed_on_post(self, req, resp, **params):\n"
        "    errors = None\n"
        "    body = read_body(req)\n"
        "    if body.__class__ is InvalidBody:\n"
        "        errors = body.extend(errors)\n"
        "    if errors is not None:\n"
        "        raise Invalid(errors)\n"
        "    resp.status = 201\n"
        "    result = responder(self, req, resp, body=body, **params)\n"
        "    if result is not None:\n"
        "        resp.data = encode(result)\n"
        "        resp.content_type = JSON\n"
    )
    filename = adapter.__func__.__code__.co_filename
    assert filename == "<restcore typed ItemResource.on_post>"
    assert linecache.getline(filename, 1).startswith("def typed_on_post")


def _deny(req: Any, resp: Any, resource: Any, params: dict[str, Any]) -> None:
    if req.get_header("Authorization") is None:
        raise restcore.HTTPUnauthorized()
    params["user"] = req.get_header("Authorization")


def _mark(req: Any, resp: Any, resource: Any) -> None:
    resp.set_header("X-After", "yes")


class HookedResource:
    @restcore.before(_deny)
    @restcore.after(_mark)
    def on_get(
        self, req: Any, resp: Any, n: Query[int], user: Injected[str] = ""
    ) -> dict[str, Any]:
        return {"n": n, "user": user}


@restcore.before(_deny)
class ClassHookedResource:
    def on_get(
        self, req: Any, resp: Any, n: Query[int], user: Injected[str] = ""
    ) -> Any:
        return {"n": n, "user": user}


@pytest.mark.parametrize("resource", [HookedResource(), ClassHookedResource()])
def test_before_hooks_run_before_validation(resource: object) -> None:
    app = restcore.App(typed=True)
    app.add_route("/h", resource)
    client = TestClient(app)
    assert client.simulate_get("/h", query_string="n=x").status_code == 401
    bad = client.simulate_get("/h", query_string="n=x", headers={"Authorization": "u"})
    assert bad.status_code == 400
    good = client.simulate_get("/h", query_string="n=1", headers={"Authorization": "u"})
    assert good.json == {"n": 1, "user": "u"}


def test_after_hook_still_runs() -> None:
    app = restcore.App(typed=True)
    app.add_route("/h", HookedResource())
    result = TestClient(app).simulate_get(
        "/h", query_string="n=1", headers={"Authorization": "u"}
    )
    assert result.headers["X-After"] == "yes"


class SchemaResource:
    @jsonschema.validate(req_schema={"type": "object", "required": ["a"]})
    def on_post(self, req: Any, resp: Any, n: Query[int] = 0) -> dict[str, Any]:
        return {"media": req.get_media(), "n": n}


def test_jsonschema_layer_is_kept_outside_the_adapter() -> None:
    app = restcore.App(typed=True)
    app.add_route("/s", SchemaResource())
    client = TestClient(app)
    assert client.simulate_post("/s", json={"b": 1}).status_code == 400
    assert client.simulate_post("/s", json={"a": 1}, query_string="n=2").json == {
        "media": {"a": 1},
        "n": 2,
    }


class ModelsResource:
    def on_post_point(self, req: Any, resp: Any, body: Point) -> Point:
        return Point(body.y, body.x)

    def on_post_pair(self, req: Any, resp: Any, body: Pair) -> dict[str, int]:
        return {"sum": body["left"] + body["right"]}

    def on_post_box(self, req: Any, resp: Any, body: Box) -> dict[str, int]:
        return {"width": body.width}

    def on_post_person(self, req: Any, resp: Any, body: Person) -> Person:
        return body

    def on_post_people(self, req: Any, resp: Any, body: Body[list[Line]]) -> list[Line]:
        return body[::-1]


@pytest.fixture
def models_client() -> TestClient:
    app = restcore.App(typed=True)
    resource = ModelsResource()
    for name in ("point", "pair", "box", "person", "people"):
        app.add_route(f"/{name}", resource, suffix=name)
    return TestClient(app)


def test_every_model_kind_reads_the_body(models_client: TestClient) -> None:
    client = models_client
    assert client.simulate_post("/point", json={"x": 1, "y": 2}).json == {
        "x": 2,
        "y": 1,
    }
    assert client.simulate_post("/pair", json={"left": 1, "right": 2}).json == {
        "sum": 3
    }
    assert client.simulate_post("/box", json={"width": 3}).json == {"width": 3}
    person = {"name": "a", "age": 3}
    assert client.simulate_post("/person", json=person).json == person
    lines = [{"sku": "a", "qty": 1}, {"sku": "b", "qty": 2}]
    assert client.simulate_post("/people", json=lines).json == lines[::-1]


def test_pydantic_lists_every_body_error(models_client: TestClient) -> None:
    result = models_client.simulate_post(
        "/person", json={"name": "", "age": -1, "x": 1}
    )
    assert result.status_code == 400
    assert sorted(e["pointer"] for e in result.json["errors"]) == [
        "#/age",
        "#/name",
        "#/x",
    ]
    assert models_client.simulate_post("/person", body=b"{").status_code == 400


class FormResource:
    @restcore.before(lambda req, resp, resource, params: req.get_media())
    def on_post(self, req: Any, resp: Any, body: Point) -> dict[str, Any]:
        return {"x": body.x, "media": req.get_media()}


def test_body_already_read_or_not_json_is_converted() -> None:
    app = restcore.App(typed=True)
    app.add_route("/f", FormResource())
    client = TestClient(app)
    assert client.simulate_post("/f", json={"x": 1, "y": 2}).json == {
        "x": 1,
        "media": {"x": 1, "y": 2},
    }
    form = client.simulate_post(
        "/f",
        body="x=1&y=2",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert form.json == {"x": 1, "media": {"x": "1", "y": "2"}}
    bad = client.simulate_post(
        "/f", body="x=a&y=2", content_type="application/x-www-form-urlencoded"
    )
    assert bad.json["errors"][0]["pointer"] == "#/x"


def test_later_get_media_returns_builtins() -> None:
    class Resource:
        def on_post(self, req: Any, resp: Any, body: Point) -> dict[str, Any]:
            return {"media": req.get_media(), "x": body.x}

    app = restcore.App(typed=True)
    app.add_route("/m", Resource())
    result = TestClient(app).simulate_post("/m", json={"x": 1, "y": 2})
    assert result.json == {"media": {"x": 1, "y": 2}, "x": 1}


def test_body_over_the_limit_is_413() -> None:
    app = restcore.App(typed=True)
    app.req_options.max_body_size = 10
    app.add_route("/items/{item_id:int}", ItemResource())
    result = TestClient(app).simulate_post("/items/1", json=ORDER)
    assert result.status_code == 413


def test_unsupported_media_type_is_415() -> None:
    app = restcore.App(typed=True)
    app.add_route("/items/{item_id:int}", ItemResource())
    result = TestClient(app).simulate_post(
        "/items/1", body=b"x", content_type="text/plain"
    )
    assert result.status_code == 415


class PathResource:
    def on_get(self, req: Any, resp: Any, key: uuid.UUID, n: int) -> dict[str, Any]:
        return {"key": str(key), "n": n}


def test_path_converters_are_inferred_from_annotations() -> None:
    app = restcore.App(typed=True)
    app.add_route("/p/{key}/{n}", PathResource())
    client = TestClient(app)
    key = uuid.uuid4()
    assert client.simulate_get(f"/p/{key}/3").json == {"key": str(key), "n": 3}
    assert client.simulate_get(f"/p/{key}/x").status_code == 404
    assert client.simulate_get("/p/nope/3").status_code == 404


@pytest.mark.parametrize(
    "template", ["/p/{key:int}/{n}", "/p/{key}/{n:uuid}", "/p/{key}/{n:path}"]
)
def test_path_converter_mismatch_raises_at_add_route(template: str) -> None:
    app = restcore.App(typed=True)
    with pytest.raises(ValueError, match="path field"):
        app.add_route(template, PathResource())


class StrPath:
    def on_get(self, req: Any, resp: Any, name: str) -> dict[str, str]:
        return {"name": name}


@pytest.mark.parametrize(
    "template", ["/s/{name}", "/s/{name:path}", '/s/{name:re("x+")}']
)
def test_string_path_fields_accept_string_converters(template: str) -> None:
    app = restcore.App(typed=True)
    app.add_route(template, StrPath())
    assert TestClient(app).simulate_get("/s/xx").json == {"name": "xx"}


class CustomConverter(restcore.routing.BaseConverter):
    def convert(self, value: str) -> str:
        return value.upper()


def test_custom_converter_is_trusted() -> None:
    app = restcore.App(typed=True)
    app.router_options.converters["upper"] = CustomConverter
    app.add_route("/s/{name:upper}", StrPath())
    assert TestClient(app).simulate_get("/s/ab").json == {"name": "AB"}


class TwoBodies:
    def on_post(self, req: Any, resp: Any, a: Point, b: Point) -> None: ...


class BadQuery:
    def on_get(self, req: Any, resp: Any, q: Query[dict[str, int]]) -> None: ...


class BadPath:
    def on_get(self, req: Any, resp: Any, item: list[int]) -> None: ...


class Unresolvable:
    def on_get(self, req: Any, resp: Any, q: NoSuchType) -> None: ...  # noqa: F821


class TwoSources:
    def on_get(self, req: Any, resp: Any, q: Annotated[int, Query, Header]) -> None: ...


@pytest.mark.parametrize(
    ("resource", "template", "message"),
    [
        (TwoBodies(), "/x", "two body"),
        (BadQuery(), "/x", "unsupported type"),
        (BadPath(), "/x/{item}", "path field"),
        (Unresolvable(), "/x", "cannot resolve"),
        (TwoSources(), "/x", "more than one"),
    ],
)
def test_annotation_errors_raise_at_add_route(
    resource: object, template: str, message: str
) -> None:
    app = restcore.App(typed=True)
    with pytest.raises(TypeError, match=message):
        app.add_route(template, resource)


def test_responds_rejects_a_non_status() -> None:
    with pytest.raises(ValueError, match="status code"):
        responds(42)


class ReturnsResource:
    def on_get(self, req: Any, resp: Any, n: Query[int] = 0) -> Any:
        resp.media = {"set": True}

    def on_get_none(self, req: Any, resp: Any, n: Query[int] = 0):
        return None if n else {"n": n}

    def on_get_models(self, req: Any, resp: Any) -> list[Line]:
        return [Line("a", 1)]

    @responds(204)
    def on_delete(self, req: Any, resp: Any) -> None:
        pass


def test_return_values() -> None:
    app = restcore.App(typed=True)
    resource = ReturnsResource()
    app.add_route("/r", resource)
    app.add_route("/r/none", resource, suffix="none")
    app.add_route("/r/models", resource, suffix="models")
    client = TestClient(app)
    assert client.simulate_get("/r").json == {"set": True}
    assert client.simulate_get("/r/none", query_string="n=1").text == ""
    assert client.simulate_get("/r/none").json == {"n": 0}
    assert client.simulate_get("/r/models").json == [{"sku": "a", "qty": 1}]
    assert client.simulate_delete("/r").status_code == 204


class NoMapRouter:
    def __init__(self) -> None:
        self.routes: dict[str, Any] = {}

    def add_route(self, uri_template: str, resource: object, **kwargs: Any) -> None:
        self.routes[uri_template] = resource

    def find(self, uri: str, req: Any = None) -> Any:
        return None


def test_router_without_map_http_methods_is_refused() -> None:
    app = restcore.App(typed=True, router=NoMapRouter())
    with pytest.raises(CompatibilityError, match="map_http_methods"):
        app.add_route("/items/{item_id:int}", ItemResource())
    app.add_route("/plain/{item_id:int}", ItemResource(), typed=False)


class IgnoringRouter(restcore.routing.CompiledRouter):
    def add_route(self, uri_template: str, resource: object, **kwargs: Any) -> None:
        return None


def test_router_that_skips_map_http_methods_is_refused() -> None:
    app = restcore.App(typed=True, router=IgnoringRouter())
    with pytest.raises(CompatibilityError, match="did not call"):
        app.add_route("/items/{item_id:int}", ItemResource())


def test_function_attributes_are_left_alone() -> None:
    class Resource:
        pass

    resource = Resource()
    resource.on_get = lambda req, resp: None
    app = restcore.App(typed=True)
    app.add_route("/f", resource)
    assert _table(app, "/f")["GET"] is resource.on_get


def test_validation_error_to_dict() -> None:
    error = RequestValidationError([{"in": "body", "pointer": "#/a", "detail": "bad"}])
    assert error.to_dict() == {
        "title": "Invalid request",
        "description": "body #/a: bad",
        "errors": [{"in": "body", "pointer": "#/a", "detail": "bad"}],
    }
    assert isinstance(error, restcore.HTTPBadRequest)


def test_json_pointer_escapes() -> None:
    assert json_pointer(["a/b", "c~d", 3]) == "#/a~1b/c~0d/3"


def test_msgspec_engine_schemas() -> None:
    schemas, components = MsgspecEngine().schemas(
        [Order], "#/components/schemas/{name}"
    )
    assert schemas == [{"$ref": "#/components/schemas/Order"}]
    assert set(components) == {"Order", "Line"}


def test_explicit_engines() -> None:
    floor = TypedRoutes(restcore.routing.CompiledRouter(), engines=[MsgspecEngine()])
    assert floor.plans == {}


def test_import_restcore_loads_no_floor() -> None:
    code = (
        "import sys, restcore, restcore.testing;"
        "bad = [m for m in ('msgspec', 'pydantic', 'restcore.typed', "
        "'restcore.openapi') if m in sys.modules];"
        "print(bad)"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert output.stdout.strip() == "[]"


class SameShapeA:
    def on_get(self, req: Any, resp: Any, n: Query[int] = 0) -> dict[str, int]:
        return {"a": n}


class SameShapeB:
    def on_get(self, req: Any, resp: Any, n: Query[int] = 0) -> dict[str, int]:
        return {"b": n}


def test_same_shapes_share_code_under_their_own_names() -> None:
    app = restcore.App(typed=True)
    app.add_route("/a", SameShapeA())
    app.add_route("/b", SameShapeB())
    first = _table(app, "/a")["GET"]
    second = _table(app, "/b")["GET"]
    assert first.__restcore_source__ == second.__restcore_source__
    names = {m.__func__.__code__.co_filename for m in (first, second)}
    assert names == {
        "<restcore typed SameShapeA.on_get>",
        "<restcore typed SameShapeB.on_get>",
    }
    client = TestClient(app)
    assert client.simulate_get("/b", query_string="n=2").json == {"b": 2}


def test_body_error_cache_is_bounded() -> None:
    app = restcore.App(typed=True)
    app.add_route("/items/{item_id:int}", ItemResource())
    client = TestClient(app)
    for index in range(300):  # more distinct messages than the cache holds
        result = client.simulate_post("/items/1", json={**ORDER, f"x{index}": 1})
        assert result.json["errors"][0]["pointer"] == f"#/x{index}"
    again = client.simulate_post("/items/1", json={**ORDER, "x299": 1})
    assert again.json["errors"][0]["pointer"] == "#/x299"


class ComboResource:
    def on_post(
        self,
        req: Any,
        resp: Any,
        body: Order,
        n: Query[int],
        maybe: Query[int | None],
        plain: int = 0,
        user=None,  # unannotated: left to hooks
        either: Query[int | str] = 0,
        *rest: Any,
        **extra: Any,
    ) -> dict[str, Any]:
        return {
            "n": n,
            "either": either,
            "maybe": maybe,
            "plain": plain,
            "lines": len(body.lines),
        }


def test_parameter_and_body_errors_are_reported_together() -> None:
    app = restcore.App(typed=True)
    app.add_route("/combo", ComboResource())
    client = TestClient(app)
    result = client.simulate_post("/combo", query_string="n=x", json=_lines(0))
    assert [
        (e["in"], e.get("name") or e["pointer"]) for e in result.json["errors"]
    ] == [
        ("query", "n"),
        ("body", "#/lines/0/qty"),
    ]
    good = client.simulate_post(
        "/combo", query_string="n=1&either=abc&plain=5", json=ORDER
    )
    assert good.json == {
        "n": 1,
        "either": "abc",
        "maybe": None,
        "plain": 5,
        "lines": 2,
    }


def test_content_type_set_by_a_hook_is_used() -> None:
    def as_json(req: Any, resp: Any, resource: Any, params: Any) -> None:
        req.content_type = "application/json"

    class Resource:
        @restcore.before(as_json)
        def on_post(self, req: Any, resp: Any, body: Point) -> dict[str, int]:
            return {"x": body.x}

    app = restcore.App(typed=True)
    app.add_route("/j", Resource())
    result = TestClient(app).simulate_post(
        "/j", body=b'{"x": 1, "y": 2}', content_type="text/plain"
    )
    assert result.json == {"x": 1}


def test_inferred_and_explicit_converters_mix() -> None:
    app = restcore.App(typed=True)
    app.add_route("/p/{key}/{n:int}", PathResource())
    key = uuid.uuid4()
    assert TestClient(app).simulate_get(f"/p/{key}/3").json == {
        "key": str(key),
        "n": 3,
    }


def test_validation_error_to_dict_with_code_and_mapping_type() -> None:
    import collections

    error = RequestValidationError([{"in": "query", "name": "n", "detail": "bad"}])
    error.code = 7
    document = error.to_dict(collections.OrderedDict)
    assert isinstance(document, collections.OrderedDict)
    assert document == {
        "title": "Invalid request",
        "description": "query n: bad",
        "code": 7,
        "errors": [{"in": "query", "name": "n", "detail": "bad"}],
    }


class BoundedResource:
    def on_get(
        self,
        req: Any,
        resp: Any,
        limit: Query[Annotated[int, msgspec.Meta(ge=1, le=100)]] = 20,
        page: Query[int | None] = None,
    ) -> dict[str, Any]:
        return {"limit": limit, "page": page}


def test_constrained_int_source() -> None:
    app = restcore.App(typed=True)
    app.add_route("/bounded", BoundedResource())
    source = _table(app, "/bounded")["GET"].__restcore_source__
    assert source == (
        "def typed_on_get(self, req, resp, **params):\n"
        "    errors = None\n"
        "    value = req.get_param('limit')\n"
        "    if value is None:\n"
        "        limit = default_0\n"
        "    else:\n"
        "        try:\n"
        "            if value in DECIMALS:\n"
        "                limit = check_0(value.encode())\n"
        "            else:\n"
        "                limit = convert_0(value)\n"
        "        except CONVERT_ERRORS as ex:\n"
        "            errors = add_error(errors, 'query', 'limit', str(ex))\n"
        "    value = req.get_param('page')\n"
        "    if value is None:\n"
        "        page = default_1\n"
        "    else:\n"
        "        page = DECIMALS.get(value)\n"
        "        if page is None:\n"
        "            try:\n"
        "                page = convert_1(value)\n"
        "            except CONVERT_ERRORS as ex:\n"
        "                errors = add_error(errors, 'query', 'page', str(ex))\n"
        "    if errors is not None:\n"
        "        raise Invalid(errors)\n"
        "    result = responder(self, req, resp, limit=limit, page=page, **params)\n"
        "    if result is not None:\n"
        "        resp.media = result\n"
    )


@pytest.mark.parametrize(
    "value", ["0", "1", "20", "100", "101", "4095", "5000", "007", "-3", "x", "1.5"]
)
def test_fast_int_paths_answer_as_msgspec_convert(value: str) -> None:
    """The decimal table and the prebuilt Decoder give convert()'s results."""
    app = restcore.App(typed=True)
    app.add_route("/bounded", BoundedResource())
    client = TestClient(app)
    expected: dict[str, Any] = {}
    problems = []
    for name, tp in [
        ("limit", Annotated[int, msgspec.Meta(ge=1, le=100)]),
        ("page", int | None),
    ]:
        try:
            expected[name] = msgspec.convert(value, tp, strict=False)
        except msgspec.ValidationError as ex:
            problems.append({"in": "query", "name": name, "detail": str(ex)})
    result = client.simulate_get("/bounded", params={"limit": value, "page": value})
    if problems:
        assert result.status_code == 400
        assert result.json["errors"] == problems
    else:
        assert result.json == expected


def _kinds(
    self: Any,
    req: Any,
    resp: Any,
    a: int,
    b: Query[int] = 2,
    *args: Any,
    c: Query[str],
    d: Query[int] = 4,
    **kwargs: Any,
) -> None:
    """Every kind of parameter a responder can have."""


def test_parameters_agree_with_inspect_signature() -> None:
    """The code-object reading gives what inspect.signature gives."""
    import functools
    import inspect

    from restcore.typed.signature import _parameters

    @functools.wraps(_kinds)
    def wrapped(*args: Any, **kwargs: Any) -> None:
        """A decorator's wrapper: read through ``__wrapped__``."""

    expected = [
        (parameter.name, parameter.default)
        for parameter in list(inspect.signature(_kinds).parameters.values())[3:]
        if parameter.kind not in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD)
    ]
    assert expected == [
        ("a", inspect.Parameter.empty),
        ("b", 2),
        ("c", inspect.Parameter.empty),
        ("d", 4),
    ]
    assert _parameters(_kinds) == expected
    assert _parameters(wrapped) == expected
