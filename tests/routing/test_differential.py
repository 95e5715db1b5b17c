"""Same templates and paths through falcon.routing and restcore.routing."""

from __future__ import annotations

import contextlib
import random
import uuid
from typing import Any

import falcon.routing
import falcon.testing
import pytest

import restcore.errors
import restcore.routing
import restcore.testing

UUID_TEXT = "0fd4c8c6-bd72-11e2-8e47-db5ebd4c8125"
SUBS = ("items", "notes", "members", "history", "tags", "versions")
CONVERTERS = {"int": ":int", "uuid": ":uuid", "str": ""}


class Resource:
    def __init__(self, template: str) -> None:
        self.template = template

    def on_get(self, req: object, resp: object, **params: object) -> None:
        pass

    def on_post(self, req: object, resp: object, **params: object) -> None:
        pass


class GetOnly:
    def __init__(self, template: str) -> None:
        self.template = template

    def on_get(self, req: object, resp: object, **params: object) -> None:
        pass


class Nothing:
    def __init__(self, template: str) -> None:
        self.template = template


class WithOptions(GetOnly):
    def on_options(self, req: object, resp: object, **params: object) -> None:
        pass

    def on_delete(self, req: object, resp: object, **params: object) -> None:
        pass


RESOURCE_TYPES = (Resource, GetOnly, Nothing, WithOptions)


def bench_templates() -> list[str]:
    names = [
        "accounts",
        "users",
        "orders",
        "invoices",
        "products",
        "carts",
        "payments",
        "shipments",
        "customers",
        "suppliers",
        "warehouses",
        "categories",
        "reviews",
        "coupons",
        "refunds",
        "subscriptions",
        "plans",
        "teams",
        "projects",
        "tasks",
        "comments",
        "attachments",
        "notifications",
        "webhooks",
        "events",
        "reports",
        "devices",
        "sessions",
        "tokens",
        "regions",
    ]
    templates = []
    for index, name in enumerate(names):
        item = "{item_id" + CONVERTERS[("int", "uuid", "str")[index % 3]] + "}"
        sub = SUBS[index % len(SUBS)]
        sub_item = "{sub_id" + CONVERTERS[("uuid", "str", "int")[index % 3]] + "}"
        templates += [
            f"/v1/{name}",
            f"/v1/{name}/{item}",
            f"/v1/{name}/{item}/{sub}",
            f"/v1/{name}/{item}/{sub}/{sub_item}",
        ]
    return templates


BENCH_PATHS = [
    "/v1/sessions",
    "/v1/sessions/12345",
    "/v1/sessions/12345/history",
    f"/v1/sessions/12345/history/{UUID_TEXT}",
    "/v1/sessions/12345/history/not-a-uuid",
    "/v1/sessions/12345/missing",
    "/v1/sessions/abc",
    "/v1/sessions/-7",
    "/v1/sessions/007",
    f"/v1/users/{UUID_TEXT}",
    f"/v1/users/{UUID_TEXT.upper()}",
    f"/v1/users/{UUID_TEXT.replace('-', '')}",
    f"/v1/users/{{{UUID_TEXT}}}",
    f"/v1/users/urn:uuid:{UUID_TEXT}",
    f"/v1/users/{UUID_TEXT}/notes/free-text",
    "/v1/users/12",
    "/v1/orders/anything",
    "/v1/orders/anything/members",
    "/v1/orders/anything/members/42",
    "/v1/orders/anything/members/x42",
    "/v1/orders/",
    "/v1/orders//members",
    "/v1/regions/x/tags/",
    "/v1/sessions/",
    "/v1/sessions/12345/",
    "//v1///sessions",
    "/v1",
    "/v1/",
    "/",
    "",
    "/v2/sessions",
    "/v1/unknown",
    "/v1/sessions/12345/history/" + UUID_TEXT + "/extra",
    "/V1/sessions",
]

HAND_SETS: dict[str, tuple[list[str], list[str]]] = {
    "complex": (
        [
            "/repos/{org}/{repo}/compare/{usr0}:{branch0}...{usr1}:{branch1}",
            "/repos/{org}/{repo}/compare/{usr0}:{branch0}",
            "/repos/{org}/{repo}/compare/all",
            "/serviceRoot/People('{name}')",
            "/files/{name}.{ext}",
            "/files/{name}.{ext}/meta",
            "/files/{name}-v{version:int}.{ext}",
            "/files/{name}",
            "/files/{id:int}x{size:int}.png",
        ],
        [
            "/repos/falcon/falcon/compare/a:b...c:d",
            "/repos/falcon/falcon/compare/a:b",
            "/repos/falcon/falcon/compare/all",
            "/repos/falcon/falcon/compare/a:b...c:",
            "/repos/falcon/falcon/compare/a:b:c...d:e:f",
            "/repos/falcon/falcon/compare/",
            "/serviceRoot/People('russellwhyte')",
            "/serviceRoot/People('')",
            "/serviceRoot/People(x)",
            "/files/a.b",
            "/files/a.b.c",
            "/files/.b",
            "/files/a.",
            "/files/a.b/meta",
            "/files/a/meta",
            "/files/report-v3.pdf",
            "/files/report-vx.pdf",
            "/files/report-v-3.pdf",
            "/files/plain",
            "/files/12x34.png",
            "/files/12x34.jpg",
            "/files/",
        ],
    ),
    "backtracking": (
        [
            "/foo/bar/baz",
            "/foo/{id}/qux",
            "/foo/{id}",
            "/foo/bar",
            "/a/{x}/c/d",
            "/a/b/{y}/e",
            "/a/b/c",
            "/n/{num:int}/x",
            "/n/{num:int}.{ext}/y",
        ],
        [
            "/foo/bar/qux",
            "/foo/bar/baz",
            "/foo/bar",
            "/foo/other",
            "/foo/bar/zzz",
            "/a/b/c/d",
            "/a/b/c/e",
            "/a/b/c",
            "/a/z/c/d",
            "/a/b/z/e",
            "/n/5/x",
            "/n/5.txt/y",
            "/n/5.txt/x",
            "/n/five/x",
        ],
    ),
    "converters": (
        [
            "/int/{n:int}",
            "/int4/{n:int(4)}",
            "/intmin/{n:int(min=10)}",
            "/intrange/{n:int(2, min=10, max=50)}",
            "/float/{x:float}",
            "/floatany/{x:float(finite=False)}",
            "/floatmin/{x:float(min=0.5, max=2)}",
            "/dt/{when:dt}",
            "/date/{day:dt('%Y-%m-%d')}",
            "/uuid/{u:uuid}",
            "/re/{code:re('[a-z]+c')}",
            "/regroup/{code:re('item-(?P<id>[0-9]+)', group='id')}",
            "/path/{rest:path}",
            "/sub/dir/{rest:path}",
            "/mixed/{a:int}/{b:float}/{c:uuid}",
        ],
        [
            "/int/42",
            "/int/-42",
            "/int/0",
            "/int/00042",
            "/int/4.2",
            "/int/",
            "/int/x",
            "/int4/1234",
            "/int4/123",
            "/int4/-123",
            "/int4/12345",
            "/intmin/9",
            "/intmin/10",
            "/intrange/10",
            "/intrange/51",
            "/intrange/9",
            "/intrange/050",
            "/float/1.5",
            "/float/-0.25",
            "/float/1e3",
            "/float/.5",
            "/float/5.",
            "/float/inf",
            "/float/nan",
            "/float/abc",
            "/floatany/inf",
            "/floatany/-inf",
            "/floatmin/0.4",
            "/floatmin/1",
            "/floatmin/2.5",
            "/dt/2024-01-31T12:30:00Z",
            "/dt/2024-01-31T12:30:00+0200",
            "/dt/2024-01-31",
            "/dt/2024-13-31T12:30:00Z",
            "/date/2024-02-29",
            "/date/2023-02-29",
            "/uuid/" + UUID_TEXT,
            "/uuid/" + UUID_TEXT[:-1],
            "/uuid/" + UUID_TEXT[:-1] + "g",
            "/uuid/" + UUID_TEXT.replace("-", ""),
            "/re/abc",
            "/re/abcd",
            "/re/ABC",
            "/regroup/item-17",
            "/regroup/item-",
            "/path/",
            "/path",
            "/path/a",
            "/path/a/b/c",
            "/path/a//b/",
            "/sub/dir/x/y",
            "/sub/dir",
            "/sub/dir/",
            "/mixed/1/2.5/" + UUID_TEXT,
            "/mixed/1/2.5/nope",
        ],
    ),
    "root_and_slashes": (
        ["/", "/x/", "/x", "/y/{id}/", "/{top}"],
        ["/", "", "//", "/x", "/x/", "/x//", "/y/1/", "/y/1", "/y//", "/z", "/z/"],
    ),
    "root_path": (
        ["/{rest:path}", "/static/file"],
        ["/", "", "/a", "/a/b", "/static/file", "/static/file/more", "/static"],
    ),
    "literal_wins": (
        ["/teams/{id}", "/teams/new", "/teams/{id}/members/{member}", "/teams/new/x"],
        [
            "/teams/new",
            "/teams/old",
            "/teams/new/members/3",
            "/teams/new/x",
            "/teams/old/x",
            "/teams/new/members",
        ],
    ),
    "unicode": (
        ["/café/{name}", "/ü/{n:int}", "/emoji/{e}"],
        ["/café/x", "/cafe/x", "/ü/3", "/emoji/😀", "/café/", "/ü/x"],
    ),
    "many_literals": (
        [f"/lit{index}/{{id}}/detail" for index in range(40)] + ["/lit7/exact"],
        [
            "/lit0/1/detail",
            "/lit39/2/detail",
            "/lit40/3/detail",
            "/lit7/exact",
            "/lit7/exact/detail",
            "/lit17/x",
            "/lit3/a/detail/more",
        ],
    ),
}


def generated_set(seed: int) -> tuple[list[str], list[str]]:
    """Random templates from small pools, and paths filled from them."""
    rng = random.Random(seed)
    literals = ["a", "b", "users", "v1", "x.y"]
    fields = ["{f}", "{f:int}", "{f}.{g}", "{f}-{g:int}", "{f:uuid}"]
    values = ["a", "b", "7", "-3", "x.y", "1-2", "q.r", UUID_TEXT, "", "users"]
    templates: list[str] = []
    for _ in range(25):
        segments = []
        for depth in range(rng.randint(1, 4)):
            if rng.random() < 0.5:
                segments.append(rng.choice(literals))
            else:
                pick = rng.choice(fields)
                segments.append(
                    pick.replace("f", f"f{depth}").replace("g", f"g{depth}")
                )
        templates.append("/" + "/".join(segments))
    paths = []
    for _ in range(40):
        template = rng.choice(templates)
        parts = [
            rng.choice(values) if "{" in segment else segment
            for segment in template.lstrip("/").split("/")
        ]
        if rng.random() < 0.2:
            parts.append(rng.choice(values))
        paths.append("/" + "/".join(parts))
    return templates, paths


def build(module: Any, templates: list[str]) -> tuple[Any, dict[str, Any]]:
    router = module.CompiledRouter()
    resources = {}
    for index, template in enumerate(templates):
        resource = RESOURCE_TYPES[index % len(RESOURCE_TYPES)](template)
        resources[template] = resource
        router.add_route(template, resource)
    return router, resources


def describe(found: Any) -> Any:
    if found is None:
        return None
    resource, method_map, params, template = found
    typed = {name: (type(value), value) for name, value in params.items()}
    return resource.template, template, typed, sorted(method_map)


def build_ignoring_conflicts(module: Any, templates: list[str]) -> Any:
    router = module.CompiledRouter()
    for template in templates:
        with contextlib.suppress(ValueError):
            router.add_route(template, Resource(template))
    return router


GENERATED = [generated_set(seed) for seed in range(3)]
GENERATED_CASES = [
    pytest.param(templates, path, id=f"generated{seed}:{path}")
    for seed, (templates, paths) in enumerate(GENERATED)
    for path in paths
]


@pytest.mark.parametrize(("templates", "path"), GENERATED_CASES)
def test_generated_find_same_as_falcon(templates: list[str], path: str) -> None:
    ours = build_ignoring_conflicts(restcore.routing, templates)
    theirs = build_ignoring_conflicts(falcon.routing, templates)
    assert describe(ours.find(path)) == describe(theirs.find(path))


@pytest.mark.parametrize("seed", range(3))
def test_generated_registration_errors_same_as_falcon(seed: int) -> None:
    templates, _ = GENERATED[seed]
    outcomes = []
    for module in (restcore.routing, falcon.routing):
        router = module.CompiledRouter()
        accepted = []
        for template in templates:
            try:
                router.add_route(template, Resource(template))
            except ValueError:
                accepted.append(False)
            else:
                accepted.append(True)
        outcomes.append(accepted)
    assert outcomes[0] == outcomes[1]


CASES = [
    pytest.param(templates, path, id=f"{name}:{path}")
    for name, (templates, paths) in HAND_SETS.items()
    for path in paths
] + [pytest.param(bench_templates(), path, id=f"bench:{path}") for path in BENCH_PATHS]


@pytest.mark.parametrize(("templates", "path"), CASES)
def test_find_same_as_falcon(templates: list[str], path: str) -> None:
    ours, _ = build(restcore.routing, templates)
    theirs, _ = build(falcon.routing, templates)
    assert describe(ours.find(path)) == describe(theirs.find(path))


def test_case_count_reaches_200() -> None:
    assert len(CASES) + len(GENERATED_CASES) + len(method_cases()) >= 200


class FakeResponse:
    def __init__(self) -> None:
        self.status: str | None = None
        self.headers: dict[str, str] = {}

    def set_header(self, name: str, value: str) -> None:
        self.headers[name] = value


def responder_outcome(responder: Any) -> tuple[Any, ...]:
    resp = FakeResponse()
    try:
        responder(None, resp)
    except (falcon.HTTPError, restcore.errors.HTTPError) as ex:
        return ("raised", ex.status, ex.headers)
    return ("ok", resp.status, resp.headers)


def method_cases() -> list[Any]:
    methods = ("GET", "POST", "PUT", "OPTIONS", "DELETE", "PROPFIND", "QUERY")
    return [
        pytest.param(resource_type, method, id=f"{resource_type.__name__}-{method}")
        for resource_type in RESOURCE_TYPES
        for method in methods
    ]


@pytest.mark.parametrize(("resource_type", "method"), method_cases())
def test_default_responders_same_as_falcon(resource_type: type, method: str) -> None:
    outcomes = []
    for module in (restcore.routing, falcon.routing):
        router = module.CompiledRouter()
        router.add_route("/r/{id}", resource_type("/r/{id}"))
        _, method_map, _, _ = router.find("/r/1")
        responder = method_map[method]
        if getattr(responder, "__self__", None) is not None:
            outcomes.append(("resource", responder.__name__))
        else:
            outcomes.append(responder_outcome(responder))
    assert outcomes[0] == outcomes[1]


@pytest.mark.parametrize("suffix", ["item", "collection"])
def test_suffix_same_as_falcon(suffix: str) -> None:
    class Suffixed:
        def on_get_item(self, req: object, resp: object) -> None:
            pass

        def on_post_collection(self, req: object, resp: object) -> None:
            pass

        def on_get(self, req: object, resp: object) -> None:
            pass

    keys = []
    for module in (restcore.routing, falcon.routing):
        router = module.CompiledRouter()
        router.add_route("/s", Suffixed(), suffix=suffix)
        _, method_map, _, _ = router.find("/s")
        keys.append(
            {m: r.__name__ for m, r in method_map.items() if hasattr(r, "__self__")}
        )
    assert keys[0] == keys[1]


def test_bench_uuid_param_is_a_uuid() -> None:
    router, _ = build(restcore.routing, bench_templates())
    found = router.find(f"/v1/sessions/12345/history/{UUID_TEXT}")
    assert found is not None
    assert found[2] == {"item_id": 12345, "sub_id": uuid.UUID(UUID_TEXT)}


LEADING_TEMPLATES = (
    "/",
    "/a",
    "/a/b",
    "/{x}",
    "/a/{y}",
    "/{x}/b",
    "/files/{p:path}",
    "/n/{n:int}",
)
LEADING_PATHS = (
    *("", "/", "//", "///", "/a", "//a", "a", "a/b", "/a/", "//a/b", "/a//b"),
    *("/x", "//x", "x", "/x/b", "x/b", "/files/a/b", "//files/a/b", "files/"),
    *("/n/12", "n/12", "//n/12", "/n/" + "9" * 25),
)


class _Echo:
    def on_get(self, req: Any, resp: Any, **params: Any) -> None:
        resp.text = f"{req.uri_template} {params!r}"


@pytest.mark.parametrize("with_literal_routes", [True, False])
def test_leading_slashes_match_falcon(with_literal_routes: bool) -> None:
    """No, one or several leading slashes: the split path keeps one (compiler)."""
    templates = [
        template
        for template in LEADING_TEMPLATES
        if with_literal_routes or "{" in template
    ]
    outcomes = []
    for fw in (falcon, restcore):
        router = fw.routing.CompiledRouter()
        app = fw.App()
        for template in templates:
            router.add_route(template, _Echo())
            app.add_route(template, _Echo())
        seen = []
        for path in LEADING_PATHS:
            found = router.find(path)
            seen.append(None if found is None else (repr(found[2]), found[3]))
            environ = fw.testing.create_environ("/")
            environ["PATH_INFO"] = path
            result = fw.testing.StartResponseMock()
            body = b"".join(app(environ, result))
            seen.append((result.status, body if result.status[0] == "2" else b""))
        outcomes.append(seen)
    assert outcomes[0] == outcomes[1]
