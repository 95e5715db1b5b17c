"""Type-checked, never run: restcore used the way a Falcon 4 app uses Falcon.

``.ci/run`` checks this file with ``mypy --strict``; an API whose annotations
break typical app code fails CI here.
"""

from __future__ import annotations

import datetime
from typing import Any

import restcore as falcon
import restcore.testing


class AuthMiddleware:
    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        token = req.get_header("Authorization")
        if token is None:
            raise falcon.HTTPUnauthorized(title="Auth required")
        req.context.user = token

    def process_response(
        self,
        req: falcon.Request,
        resp: falcon.Response,
        resource: object,
        req_succeeded: bool,
    ) -> None:
        resp.set_header("X-Served-By", "restcore")


def check_limit(
    req: falcon.Request, resp: falcon.Response, resource: object, params: dict[str, Any]
) -> None:
    limit = req.get_param_as_int("limit", min_value=1, max_value=100)
    if limit is not None:
        params["limit"] = limit


class Things:
    @falcon.before(check_limit)
    def on_get(self, req: falcon.Request, resp: falcon.Response, **params: Any) -> None:
        resp.media = {"limit": params.get("limit", 10), "q": req.get_param("q")}
        resp.status = falcon.HTTP_200
        resp.last_modified = datetime.datetime.now(datetime.UTC)

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        doc: Any = req.get_media()
        resp.status = 201
        resp.location = "/things/1"
        resp.media = doc


def handle_value_error(
    req: falcon.Request, resp: falcon.Response, ex: Exception, params: dict[str, Any]
) -> None:
    raise falcon.HTTPBadRequest(description=str(ex))


def build() -> falcon.App:
    app = falcon.App(middleware=[AuthMiddleware()], cors_enable=True)
    app.add_route("/things", Things())
    app.add_error_handler(ValueError, handle_value_error)
    app.req_options.strip_url_path_trailing_slash = True
    return app


def exercise() -> None:
    client = restcore.testing.TestClient(build())
    result = client.simulate_get("/things", params={"limit": 5})
    status: int = result.status_code
    body: Any = result.json
    print(status, body, result.headers.get("X-Served-By"))
