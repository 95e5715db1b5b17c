"""restcore exposes Falcon 4.4's public names and module paths."""

from __future__ import annotations

import importlib

import falcon
import pytest

import restcore


def test_top_level_all_matches_falcon():
    assert sorted(restcore.__all__) == sorted(falcon.__all__)


@pytest.mark.parametrize("name", falcon.__all__)
def test_every_name_is_importable(name):
    assert getattr(restcore, name) is not None


@pytest.mark.parametrize(
    "name", [n for n in falcon.__all__ if n.startswith("HTTP_") and n != "HTTP_METHODS"]
)
def test_status_constants_equal(name):
    assert getattr(restcore, name) == getattr(falcon, name)


@pytest.mark.parametrize(
    "name",
    [n for n in falcon.__all__ if n.startswith("MEDIA_") or n.endswith("METHODS")],
)
def test_media_and_method_constants_equal(name):
    assert getattr(restcore, name) == getattr(falcon, name)


MODULE_PATHS = [
    "app",
    "app_helpers",
    "asgi",
    "constants",
    "errors",
    "forwarded",
    "hooks",
    "http_error",
    "http_status",
    "media",
    "media.json",
    "media.multipart",
    "media.urlencoded",
    "media.handlers",
    "media.base",
    "middleware",
    "redirects",
    "request",
    "responders",
    "response",
    "routing",
    "routing.compiled",
    "routing.converters",
    "routing.static",
    "routing.util",
    "status_codes",
    "stream",
    "testing",
    "typing",
    "uri",
    "util",
    "util.misc",
    "util.structures",
    "util.uri",
    "util.mediatypes",
    "util.reader",
    "util.time",
    "util.sync",
    "util.deprecation",
    "version",
    "inspect",
    "cmd.inspect_app",
    "request_helpers",
    "response_helpers",
]


def test_typing_names_match_falcon():
    import falcon.typing

    import restcore.typing

    assert set(falcon.typing.__all__) <= set(restcore.typing.__all__)


@pytest.mark.parametrize("path", MODULE_PATHS)
def test_falcon_module_paths_exist(path):
    importlib.import_module(f"falcon.{path}")  # the oracle has it
    importlib.import_module(f"restcore.{path}")


def test_app_has_slots_like_falcon():
    app = restcore.App()
    with pytest.raises(AttributeError):
        app.config = {}


def test_app_helpers_seams():
    from restcore import app_helpers

    assert callable(app_helpers.prepare_middleware)
    assert callable(app_helpers.default_serialize_error)
    assert callable(restcore.App._handle_exception)
    assert callable(restcore.App._prepare_middleware)
