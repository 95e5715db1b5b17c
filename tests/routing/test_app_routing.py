"""Routing through the whole App: status, Allow and params, against Falcon."""

from __future__ import annotations

from typing import Any

import falcon
import falcon.testing
import pytest

import restcore
import restcore.testing


def make_app(fw: Any, testing: Any) -> Any:
    class Items:
        def on_get(self, req: Any, resp: Any, **params: Any) -> None:
            resp.media = {
                "template": req.uri_template,
                "params": {k: [type(v).__name__, str(v)] for k, v in params.items()},
            }

        def on_post(self, req: Any, resp: Any, **params: Any) -> None:
            resp.status = fw.HTTP_201

    class Empty:
        pass

    class Suffixed:
        def on_get_collection(self, req: Any, resp: Any) -> None:
            resp.media = {"suffix": "collection"}

        def on_put(self, req: Any, resp: Any) -> None:
            resp.media = {"suffix": None}

    app = fw.App()
    app.add_route("/items", Suffixed(), suffix="collection")
    app.add_route("/items/{id:int}", Items())
    app.add_route("/items/{id:int}/tags/{tag}", Items())
    app.add_route("/files/{name}.{ext}", Items())
    app.add_route("/docs/{rest:path}", Items())
    app.add_route("/nothing", Empty())
    app.add_route("/suffixed", Suffixed())
    return app


APPS = {
    "falcon": make_app(falcon, falcon.testing),
    "restcore": make_app(restcore, restcore.testing),
}
SIMULATE = {
    "falcon": falcon.testing.simulate_request,
    "restcore": restcore.testing.simulate_request,
}

CASES = [
    (method, path)
    for path in (
        "/items",
        "/items/7",
        "/items/-7",
        "/items/x",
        "/items/7/tags/red",
        "/files/report.pdf",
        "/files/report",
        "/docs/a/b/c",
        "/docs/",
        "/nothing",
        "/suffixed",
        "/missing",
    )
    for method in ("GET", "POST", "PUT", "DELETE", "OPTIONS", "HEAD", "PROPFIND")
] + [("BREW", "/items/7"), ("BREW", "/missing"), ("QUERY", "/items/7")]


# wsgiref's validator warns on WebDAV and unknown methods, which are the point here.
@pytest.mark.filterwarnings("ignore::wsgiref.validate.WSGIWarning")
@pytest.mark.parametrize(("method", "path"), CASES)
def test_app_routing_same_as_falcon(method: str, path: str) -> None:
    outcomes = []
    for name in ("restcore", "falcon"):
        result = SIMULATE[name](APPS[name], method, path)
        body = result.json if result.content and result.status_code < 300 else None
        outcomes.append(
            (
                result.status_code,
                result.headers.get("Allow"),
                body,
            )
        )
    assert outcomes[0] == outcomes[1]


class _Passive:
    """A middleware component that changes nothing."""

    def process_request(self, req: Any, resp: Any) -> None:
        pass

    def process_response(
        self, req: Any, resp: Any, resource: Any, req_succeeded: bool
    ) -> None:
        pass


class _Named:
    def on_get(self, req: Any, resp: Any, **params: Any) -> None:
        resp.media = {"template": req.uri_template, "params": params}


@pytest.mark.parametrize("middleware", ["none", "independent", "dependent"])
@pytest.mark.parametrize("compile_routes", [False, True])
def test_routes_added_to_the_router_are_served_like_falcon(
    middleware: str, compile_routes: bool
) -> None:
    """The router an App was given keeps routing what is added to it later."""
    outcomes = []
    for fw, testing in ((falcon, falcon.testing), (restcore, restcore.testing)):
        router = fw.routing.CompiledRouter()
        components = None if middleware == "none" else [_Passive()]
        app = fw.App(
            router=router,
            middleware=components,
            independent_middleware=middleware != "dependent",
        )
        app.add_route("/a", _Named())
        seen = [testing.simulate_get(app, "/a")]
        router.add_route("/b/{x}", _Named(), compile=compile_routes)
        seen.append(testing.simulate_get(app, "/b/1"))
        router.add_route("/c", _Named(), compile=compile_routes)
        seen += [testing.simulate_get(app, "/c"), testing.simulate_get(app, "/b/2")]
        app.add_route("/d/{y:int}", _Named())
        router.add_route("/e", _Named())
        seen += [testing.simulate_get(app, path) for path in ("/d/3", "/e", "/a")]
        outcomes.append([(result.status_code, result.json) for result in seen])
    assert outcomes[0] == outcomes[1]
    assert [status for status, _ in outcomes[1]] == [200] * 7
