from __future__ import annotations

import pytest

import restcore
import restcore.asgi
from restcore.asgi import reader  # noqa: F401 - extensions import submodules


@pytest.mark.parametrize("name", restcore.asgi.__all__)
def test_placeholders_import_but_refuse_use(name):
    cls = getattr(restcore.asgi, name)
    assert isinstance(cls, type)
    with pytest.raises(restcore.CompatibilityError, match="WSGI"):
        cls()


def test_placeholders_can_be_subclassed_and_checked():
    class MyApp(restcore.asgi.App):
        pass

    assert not isinstance(restcore.App(), restcore.asgi.App)
    assert issubclass(MyApp, restcore.asgi.App)


def test_every_falcon_asgi_submodule_imports_with_its_stand_ins():
    import importlib

    import falcon.asgi

    for name in ("app", "multipart", "reader", "request", "response", "stream"):
        ours = importlib.import_module(f"restcore.asgi.{name}")
        assert getattr(restcore.asgi, name) is ours
        assert getattr(falcon.asgi, name).__name__ == f"falcon.asgi.{name}"
    assert restcore.asgi.reader.BufferedReader.__name__ == "BufferedReader"
    with pytest.raises(restcore.CompatibilityError, match="WSGI"):
        restcore.asgi.multipart.MultipartForm()


@pytest.mark.parametrize(
    "function",
    [
        restcore.asgi.ws.http_status_to_ws_code,
        restcore.asgi._asgi_helpers._validate_asgi_scope,
        restcore.asgi._asgi_helpers._wrap_asgi_coroutine_func,
        restcore.asgi._request_helpers._header_property,
    ],
)
def test_asgi_helper_stand_ins_refuse_when_called(function):
    assert not function.__name__.startswith("stand_in")
    with pytest.raises(restcore.CompatibilityError, match="placeholder"):
        function(404)
