import io
from typing import Any

import falcon
import falcon.media
import pytest

import restcore.media
from restcore import errors
from restcore.media import BaseHandler, Handlers, JSONHandler, MissingDependencyHandler

CONTENT_TYPES = [
    None,
    "",
    "*/*",
    "application/json",
    "application/json; charset=utf-8",
    "application/json;charset=UTF-8",
    "application/json ; charset=utf-8",
    "application/JSON",
    "APPLICATION/JSON",
    "application/*",
    "application/*; q=0.5",
    "*/json",
    "text/*",
    "text/plain",
    "text/html; charset=utf-8",
    "application/json;q=0",
    "application/json; q=0.001",
    "application/x-www-form-urlencoded",
    "application/x-www-form-urlencoded; charset=utf-8",
    "multipart/form-data",
    "multipart/form-data; boundary=xyz",
    'multipart/form-data; boundary="a b"',
    "multipart/*",
    "multipart/mixed",
    "application/vnd.api+json",
    "application/problem+json",
    "application/msgpack",
    "application/x-msgpack",
    "garbage",
    "/",
    "application/",
    "/json",
    ";",
    "application/json, text/plain",
    "text/plain, application/json",
    "application/json;",
    "application/json; =",
    "application/json; a",
    " application/json",
    "application/json ",
    "application/json; version=2",
    "image/png",
    "*/*; q=0",
    "*",
    "application/json\x00",
    "é/é",
]

REGISTRIES: dict[str, list[str]] = {
    "default": [],
    "wildcards": ["application/*", "text/plain", "application/json"],
    "versioned": ["application/json; version=1", "application/json; version=2", "*/*"],
    "tie": ["application/json", "application/json; charset=utf-8"],
    "catch_all_first": ["*/*", "application/json"],
    "text_range": ["text/*", "application/x-www-form-urlencoded"],
}


class Named(BaseHandler):
    def __init__(self, name: str) -> None:
        self.name = name


class FalconNamed(falcon.media.BaseHandler):
    def __init__(self, name: str) -> None:
        self.name = name


def build(registry: str) -> tuple[Handlers, falcon.media.Handlers]:
    keys = REGISTRIES[registry]
    if not keys:
        return Handlers(), falcon.media.Handlers()
    return (
        Handlers({key: Named(key) for key in keys}),
        falcon.media.Handlers({key: FalconNamed(key) for key in keys}),
    )


def describe(handler: Any) -> str | None:
    if handler is None:
        return None
    return getattr(handler, "name", type(handler).__name__)


def resolve_falcon(handlers: Any, media_type: str | None, raise_not_found: bool) -> Any:
    try:
        return describe(
            handlers._resolve(media_type, "application/json", raise_not_found)[0]
        )
    except falcon.HTTPUnsupportedMediaType as ex:
        return (ex.status[:3], ex.description)


def resolve_ours(
    handlers: Handlers, media_type: str | None, raise_not_found: bool
) -> Any:
    try:
        return describe(
            handlers._resolve(media_type, "application/json", raise_not_found)[0]
        )
    except errors.HTTPUnsupportedMediaType as ex:
        return (ex.status[:3], ex.description)


@pytest.mark.parametrize("registry", list(REGISTRIES))
@pytest.mark.parametrize("media_type", CONTENT_TYPES)
def test_resolution_matches_falcon(registry: str, media_type: str | None) -> None:
    ours, theirs = build(registry)
    for raise_not_found in (True, False):
        expected = resolve_falcon(theirs, media_type, raise_not_found)
        assert resolve_ours(ours, media_type, raise_not_found) == expected
        # and again, from the cache
        assert resolve_ours(ours, media_type, raise_not_found) == expected


def test_resolve_returns_fast_paths() -> None:
    handlers = Handlers()
    handler, serialize_sync, deserialize_sync = handlers._resolve(
        "application/json", "application/json"
    )
    assert isinstance(handler, JSONHandler)
    assert serialize_sync is not None
    assert deserialize_sync is not None
    assert serialize_sync({"a": 1}) == b'{"a":1}'
    assert deserialize_sync(b'{"a": 1}') == {"a": 1}
    multipart, serialize_sync, deserialize_sync = handlers._resolve(
        "multipart/form-data; boundary=x", "application/json"
    )
    assert isinstance(multipart, restcore.media.MultipartFormHandler)
    assert serialize_sync is None
    assert deserialize_sync is None


def test_not_found_without_raising() -> None:
    assert Handlers()._resolve(
        "image/png", "application/json", raise_not_found=False
    ) == (
        None,
        None,
        None,
    )


def test_default_is_used_for_missing_type() -> None:
    handlers = Handlers()
    form = handlers._resolve(None, "application/x-www-form-urlencoded")[0]
    assert isinstance(form, restcore.media.URLEncodedFormHandler)
    assert isinstance(handlers._resolve("*/*", "application/json")[0], JSONHandler)


@pytest.mark.parametrize("operation", ["set", "del", "update", "pop", "clear"])
def test_mutation_invalidates_the_cache(operation: str) -> None:
    handlers = Handlers()
    original = handlers._resolve("application/json; charset=utf-8", "application/json")[
        0
    ]
    replacement = JSONHandler()
    if operation == "set":
        handlers["application/json"] = replacement
        assert (
            handlers._resolve("application/json; charset=utf-8", "x")[0] is replacement
        )
    elif operation == "update":
        handlers.update({"application/json": replacement})
        assert (
            handlers._resolve("application/json; charset=utf-8", "x")[0] is replacement
        )
    else:
        if operation == "del":
            del handlers["application/json"]
        elif operation == "pop":
            handlers.pop("application/json")
        else:
            handlers.clear()
        with pytest.raises(errors.HTTPUnsupportedMediaType):
            handlers._resolve("application/json; charset=utf-8", "x")
    assert original is not replacement


def test_cache_is_bounded() -> None:
    handlers = Handlers()
    for number in range(1000):
        handlers._resolve(
            f"application/x-{number}", "application/json", raise_not_found=False
        )
    assert len(handlers._resolved) <= 64


def test_empty_initial_means_defaults() -> None:
    assert sorted(Handlers({})) == sorted(falcon.media.Handlers({}))
    assert sorted(Handlers()) == sorted(falcon.media.Handlers())


def test_copy_is_independent() -> None:
    handlers = Handlers()
    copied = handlers.copy()
    assert type(copied) is Handlers
    copied["application/msgpack"] = restcore.media.MessagePackHandler()
    assert "application/msgpack" not in handlers
    assert copied["application/json"] is handlers["application/json"]

    class Sub(Handlers):
        pass

    assert type(Sub().copy()) is Sub


def test_missing_dependency_handler() -> None:
    handler = MissingDependencyHandler("MessagePackHandler", "msgpack")
    falcon_handler = falcon.media.MissingDependencyHandler(
        "MessagePackHandler", "msgpack"
    )
    with pytest.raises(RuntimeError) as falcon_error:
        falcon_handler.serialize({})
    for call in (lambda: handler.serialize({}), lambda: handler.deserialize(b"")):
        with pytest.raises(RuntimeError) as exc_info:
            call()
        assert str(exc_info.value) == str(falcon_error.value)


def test_base_handler_not_implemented() -> None:
    handler = Named("x")
    with pytest.raises(NotImplementedError, match="JSON"):
        handler.serialize({}, "application/json")
    with pytest.raises(NotImplementedError):
        handler.serialize({}, "text/plain")
    with pytest.raises(NotImplementedError, match="JSON"):
        handler.deserialize(io.BytesIO(b""), "application/json", 0)
    with pytest.raises(NotImplementedError):
        handler.deserialize(io.BytesIO(b""), None, 0)
    assert handler.exhaust_stream is False
    assert handler._serialize_sync is None
    assert handler._deserialize_sync is None


def test_websocket_base_classes_raise() -> None:
    class Text(restcore.media.TextBaseHandlerWS):
        pass

    class Binary(restcore.media.BinaryBaseHandlerWS):
        pass

    for handler in (Text(), Binary()):
        with pytest.raises(NotImplementedError):
            handler.serialize({})
        with pytest.raises(NotImplementedError):
            handler.deserialize("")


def test_exported_names_match_falcon() -> None:
    assert sorted(restcore.media.__all__) == sorted(falcon.media.__all__)
    for name in restcore.media.__all__:
        assert hasattr(restcore.media, name)


def test_submodules_match_falcon() -> None:
    import importlib

    for module in ("base", "handlers", "json", "msgpack", "multipart", "urlencoded"):
        ours = importlib.import_module(f"restcore.media.{module}")
        theirs = importlib.import_module(f"falcon.media.{module}")
        public = {
            name
            for name, value in vars(theirs).items()
            if not name.startswith("_")
            and getattr(value, "__module__", "") == theirs.__name__
            and isinstance(value, type)
            and name not in {"ResolverMethod", "UnpackMethod"}
        }
        assert public <= set(vars(ours)), module
    from restcore.media.validators import jsonschema

    assert callable(jsonschema.validate)
