"""App features not covered elsewhere: custom routers and custom HTTP methods."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

import restcore
import restcore.testing


class DictRouter:
    """The smallest custom router: exact paths, one method map per path."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[object, dict[str, object], str]] = {}

    def add_route(self, uri_template, resource, **kwargs):
        method_map = restcore.routing.map_http_methods(resource, kwargs.get("suffix"))
        restcore.routing.set_default_responders(method_map)
        self.routes[uri_template] = (resource, method_map, uri_template)

    def find(self, uri, req=None):
        found = self.routes.get(uri)
        if found is None:
            return None
        resource, method_map, template = found
        return resource, method_map, {}, template


class Hello:
    def on_get(self, req, resp):
        resp.media = {"template": req.uri_template}

    def on_get_other(self, req, resp):
        resp.media = {"suffix": True}


@pytest.fixture
def app():
    app = restcore.App(router=DictRouter())
    app.add_route("/hello", Hello())
    app.add_route("/other", Hello(), suffix="other")
    return app


def test_custom_router_is_used(app):
    client = restcore.testing.TestClient(app)
    assert client.simulate_get("/hello").json == {"template": "/hello"}
    assert client.simulate_get("/other").json == {"suffix": True}
    assert client.simulate_get("/nope").status_code == 404
    result = client.simulate_put("/hello")
    assert result.status_code == 405
    assert result.headers["Allow"] == "GET, OPTIONS"


def test_router_options_needs_a_router_with_options(app):
    with pytest.raises(AttributeError):
        app.router_options  # noqa: B018 - the property raises


def test_routes_added_after_a_request_are_found(app):
    client = restcore.testing.TestClient(app)
    assert client.simulate_get("/late").status_code == 404
    app.add_route("/late", Hello())
    assert client.simulate_get("/late").status_code == 200


CUSTOM_METHOD_APP = """
import json, sys
sys.path.insert(0, {root!r})
import {framework} as fw
import {framework}.testing as testing

class Resource:
    def on_foo(self, req, resp):
        resp.media = {{"method": req.method}}

app = fw.App()
app.add_route("/", Resource())
# Called directly: wsgiref's validator (used by simulate_request) warns on
# methods it does not know.
results = []
for method in ("FOO", "BAR"):
    statuses = []
    app(testing.create_environ("/", method=method), lambda s, h: statuses.append(s))
    results.append(int(statuses[0][:3]))
print(json.dumps(results))
"""


def run_app(framework: str, variable: str | None) -> list[int]:
    env = dict(os.environ)
    env.pop("FALCON_CUSTOM_HTTP_METHODS", None)
    env.pop("RESTCORE_CUSTOM_HTTP_METHODS", None)
    if variable is not None:
        env[variable] = "foo"
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    code = textwrap.dedent(CUSTOM_METHOD_APP.format(root=root, framework=framework))
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=True,
    )
    import json

    return json.loads(result.stdout)


@pytest.mark.parametrize("variable", [None, "FALCON_CUSTOM_HTTP_METHODS"])
def test_custom_methods_like_falcon(variable):
    assert run_app("restcore", variable) == run_app("falcon", variable)


def test_custom_methods_from_the_restcore_variable():
    assert run_app("restcore", "RESTCORE_CUSTOM_HTTP_METHODS") == [200, 400]
    assert run_app("restcore", None) == [400, 400]


def test_api_is_a_deprecated_subclass_of_app():
    # As in Falcon 4.4: creating an API warns; an App is not an API.
    import falcon

    for framework in (falcon, restcore):
        with pytest.warns(framework.util.DeprecatedWarning, match="API class"):
            api = framework.API()
        assert isinstance(api, framework.App)
        assert not isinstance(framework.App(), framework.API)


def test_testing_httpnow_is_deprecated():
    import restcore.testing

    with pytest.warns(restcore.util.DeprecatedWarning):
        assert restcore.testing.httpnow().endswith(" GMT")


def test_testing_httpnow_warns_with_falcons_advice():
    import falcon.testing

    for testing in (falcon.testing, restcore.testing):
        with pytest.warns(UserWarning, match="Use `falcon.util.http_now` instead."):
            testing.httpnow()
