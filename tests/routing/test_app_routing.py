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
