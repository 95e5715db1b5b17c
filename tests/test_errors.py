import collections
import datetime
import http
import inspect
import json
import pickle
import subprocess
import sys
from typing import Any

import falcon
import falcon.errors
import falcon.util.deprecation
import orjson
import pytest

import restcore.errors
import restcore.http_error
from restcore.util.deprecation import DeprecatedWarning

ERROR_ATTRS = (
    "status",
    "status_code",
    "title",
    "description",
    "headers",
    "link",
    "code",
)

# Class name -> required positional arguments.
POSITIONAL: dict[str, tuple[Any, ...]] = {
    "HTTPInvalidHeader": ("Must be an int.", "X-Count"),
    "HTTPMissingHeader": ("X-Token",),
    "HTTPInvalidParam": ("Must be positive.", "limit"),
    "HTTPMissingParam": ("cursor",),
    "MediaNotFoundError": ("JSON",),
    "MediaMalformedError": ("YAML",),
    "HTTPMethodNotAllowed": (["GET", "POST"],),
    "HTTPRangeNotSatisfiable": (1024,),
}
# Classes whose title (and, for most, description) are fixed by the class.
FIXED_TEXT = {
    "HTTPInvalidHeader",
    "HTTPMissingHeader",
    "HTTPInvalidParam",
    "HTTPMissingParam",
    "MediaNotFoundError",
    "MediaMalformedError",
    "MultipartParseError",
}
HTTP_ERROR_CLASSES = [
    *sorted(
        name
        for name in falcon.errors.__all__
        if name != "HTTPError"
        and issubclass(getattr(falcon.errors, name), falcon.HTTPError)
    ),
    "HTTPPayloadTooLarge",
]
NON_HTTP_CLASSES = sorted(
    name
    for name in falcon.errors.__all__
    if not issubclass(getattr(falcon.errors, name), falcon.HTTPError)
)

VARIANTS: dict[str, dict[str, Any]] = {
    "no-kwargs": {},
    "title-description": {"title": "Nope", "description": "Try again later."},
    "empty-title": {"title": "", "description": ""},
    "dict-headers-link-code": {
        "headers": {"X-Trace": "abc", "Cache-Control": "no-store"},
        "href": "https://example.com/docs/errors#e1",
        "href_text": "Error docs",
        "code": 4217,
    },
    "list-headers-unicode-href": {
        "headers": [("X-A", "1"), ("X-B", "2")],
        "href": "/hilfe/fehler ä?x=1&y=50%",
        "code": 0,
    },
}


def make_cases() -> list[Any]:
    cases = []
    for name in HTTP_ERROR_CLASSES:
        for variant, kwargs in VARIANTS.items():
            if name in FIXED_TEXT:
                kwargs = {k: v for k, v in kwargs.items() if k not in ("title",)}
                if name != "MultipartParseError":
                    kwargs.pop("description", None)
            cases.append(
                pytest.param(
                    name, POSITIONAL.get(name, ()), kwargs, id=f"{name}-{variant}"
                )
            )
    return cases


def build(module: Any, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    cls = getattr(module, name)
    # Fresh copies: Falcon adds headers to the caller's dict.
    kwargs = {k: (dict(v) if isinstance(v, dict) else v) for k, v in kwargs.items()}
    args = tuple(list(a) if isinstance(a, list) else a for a in args)
    if name == "HTTPPayloadTooLarge":
        warning = (
            falcon.util.deprecation.DeprecatedWarning
            if module is falcon.errors
            else DeprecatedWarning
        )
        with pytest.warns(warning, match="HTTPPayloadTooLarge is deprecated"):
            return cls(*args, **kwargs)
    return cls(*args, **kwargs)


def assert_same_error(ours: Any, theirs: Any) -> None:
    assert type(ours).__name__ == type(theirs).__name__
    for attr in ERROR_ATTRS:
        assert getattr(ours, attr) == getattr(theirs, attr), attr
    assert ours.to_dict() == theirs.to_dict()
    assert list(ours.to_dict()) == list(theirs.to_dict())
    assert json.loads(ours.to_json()) == json.loads(theirs.to_json())
    assert ours._to_xml() == theirs._to_xml()
    assert repr(ours) == repr(theirs)
    assert str(ours) == str(theirs)


@pytest.mark.parametrize(("name", "args", "kwargs"), make_cases())
def test_subclass_matches_falcon(
    name: str, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    ours = build(restcore.errors, name, args, kwargs)
    theirs = build(falcon.errors, name, args, kwargs)
    assert_same_error(ours, theirs)


@pytest.mark.parametrize("name", HTTP_ERROR_CLASSES)
def test_subclass_bases_match_falcon(name: str) -> None:
    ours = getattr(restcore.errors, name)
    theirs = getattr(falcon.errors, name)
    assert [c.__name__ for c in ours.__mro__] == [c.__name__ for c in theirs.__mro__]


@pytest.mark.parametrize("name", HTTP_ERROR_CLASSES)
def test_subclass_keywords_cover_falcon(name: str) -> None:
    ours = inspect.signature(getattr(restcore.errors, name)).parameters
    # Falcon's deprecated class forwards *args, **kwargs to HTTPContentTooLarge.
    reference = "HTTPContentTooLarge" if name == "HTTPPayloadTooLarge" else name
    theirs = inspect.signature(getattr(falcon.errors, reference)).parameters
    named = {n: p for n, p in theirs.items() if p.kind is not p.VAR_KEYWORD}
    # Falcon's **kwargs forward href, href_text and code (and headers for media errors).
    # Classes built on the shared initialiser also take RFC 9457's members.
    assert set(ours) - {"type", "instance", "extensions"} == set(named) | {
        "headers",
        "href",
        "href_text",
        "code",
    }
    for param_name, param in named.items():
        assert ours[param_name].kind == param.kind, param_name


@pytest.mark.parametrize(
    "status",
    [
        404,
        "404 Not Found",
        http.HTTPStatus.NOT_FOUND,
        b"404 Not Found",
        "404",
        400,
        418,
        http.HTTPStatus.IM_A_TEAPOT,
        499,
        "499 Client Closed Request",
        701,
        799,
        "500 Internal Server Error",
    ],
)
@pytest.mark.parametrize(
    "kwargs", [{}, {"title": "T", "code": 7}], ids=["bare", "titled"]
)
def test_http_error_status_forms_match_falcon(
    status: Any, kwargs: dict[str, Any]
) -> None:
    ours = restcore.errors.HTTPError(status, **kwargs)
    theirs = falcon.HTTPError(status, **kwargs)
    assert ours.status is status
    assert_same_error(ours, theirs)


@pytest.mark.parametrize("status", ["abc", 99, 1000, "40", ""])
def test_http_error_invalid_status_raises_like_falcon(status: Any) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - messages differ
        falcon.HTTPError(status)
    with pytest.raises(ValueError):  # noqa: PT011 - messages differ
        restcore.errors.HTTPError(status)


def test_http_error_with_title_skips_status_validation_like_falcon() -> None:
    ours = restcore.errors.HTTPError("nonsense", title="Custom")
    theirs = falcon.HTTPError("nonsense", title="Custom")
    assert ours.title == theirs.title == "Custom"
    with pytest.raises(ValueError):  # noqa: PT011
        _ = ours.status_code


@pytest.mark.parametrize(
    ("name", "args", "kwargs"),
    [
        ("HTTPBadRequest", ("positional",), {}),
        ("HTTPNotFound", (), {"unknown": 1}),
        ("HTTPInvalidHeader", ("m", "X-A"), {"title": "t"}),
        ("HTTPMissingParam", ("p",), {"description": "d"}),
        ("MediaMalformedError", ("JSON",), {"description": "d"}),
        ("MediaNotFoundError", ("JSON",), {"title": "t"}),
        ("MultipartParseError", (), {"title": "t"}),
        ("HTTPMethodNotAllowed", (), {}),
        ("HTTPRangeNotSatisfiable", (), {}),
        ("HTTPError", (400, "title"), {}),
    ],
)
def test_bad_arguments_raise_type_error_like_falcon(
    name: str, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    with pytest.raises(TypeError):
        getattr(falcon.errors, name)(*args, **kwargs)
    with pytest.raises(TypeError):
        getattr(restcore.errors, name)(*args, **kwargs)


RETRY_AFTER_VALUES = [
    pytest.param(0, id="zero"),
    pytest.param(120, id="seconds"),
    pytest.param("3600", id="str"),
    pytest.param(datetime.datetime(2024, 2, 29, 7, 5, 9), id="naive-datetime"),
    pytest.param(
        datetime.datetime(2030, 12, 1, 23, 0, 0, tzinfo=datetime.UTC), id="utc-datetime"
    ),
]


@pytest.mark.parametrize(
    "name", ["HTTPContentTooLarge", "HTTPTooManyRequests", "HTTPServiceUnavailable"]
)
@pytest.mark.parametrize("retry_after", RETRY_AFTER_VALUES)
@pytest.mark.parametrize(
    "headers", [None, {"X-A": "1"}, [("X-A", "1")], {"Retry-After": "old"}]
)
def test_retry_after_matches_falcon(name: str, retry_after: Any, headers: Any) -> None:
    kwargs = {"retry_after": retry_after, "headers": headers}
    ours = build(restcore.errors, name, (), kwargs)
    theirs = build(falcon.errors, name, (), kwargs)
    assert_same_error(ours, theirs)
    assert list(ours.headers.items()) == list(theirs.headers.items())


@pytest.mark.parametrize(
    "challenges",
    [
        None,
        [],
        ["Basic"],
        ["Basic realm=x", 'Bearer error="invalid_token"'],
        ("A", "B"),
    ],
)
@pytest.mark.parametrize("headers", [None, {"X-A": "1"}, [("X-A", "1")]])
def test_unauthorized_challenges_match_falcon(challenges: Any, headers: Any) -> None:
    kwargs = {"challenges": challenges, "headers": headers}
    ours = build(restcore.errors, "HTTPUnauthorized", (), kwargs)
    theirs = build(falcon.errors, "HTTPUnauthorized", (), kwargs)
    assert_same_error(ours, theirs)


@pytest.mark.parametrize("allowed", [[], ["GET"], ("GET", "HEAD", "OPTIONS")])
def test_method_not_allowed_matches_falcon(allowed: Any) -> None:
    ours = restcore.errors.HTTPMethodNotAllowed(allowed, headers={"Allow": "x"})
    theirs = falcon.HTTPMethodNotAllowed(allowed, headers={"Allow": "x"})
    assert_same_error(ours, theirs)
    assert ours.headers == {"Allow": ", ".join(allowed)}


def test_headers_are_kept_by_identity_when_nothing_is_added() -> None:
    headers = {"X-A": "1"}
    assert restcore.errors.HTTPBadRequest(headers=headers).headers is headers
    assert falcon.HTTPBadRequest(headers=headers).headers is headers


@pytest.mark.parametrize(
    ("name", "args", "kwargs"),
    [
        ("HTTPMethodNotAllowed", (["GET"],), {}),
        ("HTTPRangeNotSatisfiable", (10,), {}),
        ("HTTPUnauthorized", (), {"challenges": ["Basic"]}),
        ("HTTPTooManyRequests", (), {"retry_after": 5}),
    ],
)
def test_callers_headers_dict_is_not_modified_unlike_falcon(
    name: str, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    # Deliberate difference: Falcon adds its header to the dict passed in.
    ours_headers = {"X-A": "1"}
    theirs_headers = {"X-A": "1"}
    ours = getattr(restcore.errors, name)(*args, headers=ours_headers, **kwargs)
    theirs = getattr(falcon.errors, name)(*args, headers=theirs_headers, **kwargs)
    assert ours.headers == theirs.headers
    assert ours_headers == {"X-A": "1"}
    assert theirs_headers != {"X-A": "1"}


def test_media_malformed_description_tells_the_cause_in_restcore_words() -> None:
    def raise_from(module: Any) -> Any:
        try:
            try:
                json.loads("{bad")
            except ValueError as ex:
                raise module.MediaMalformedError("JSON") from ex
        except module.MediaMalformedError as ex:
            return ex
        raise AssertionError("not raised")

    ours = raise_from(restcore.errors)
    theirs = raise_from(falcon.errors)
    # Falcon quotes the parser; restcore says what and where in its own words.
    assert theirs.description.startswith("Could not parse JSON body - Expecting")
    assert ours.description == (
        "Could not parse JSON body - invalid syntax at line 1, column 2"
    )
    assert ours.title == theirs.title


def test_media_malformed_description_ignores_assignment_like_falcon() -> None:
    ours = restcore.errors.MediaMalformedError("JSON")
    theirs = falcon.MediaMalformedError("JSON")
    ours.description = "other"
    theirs.description = "other"
    assert ours.description == theirs.description == "Could not parse JSON body"


def test_multipart_parse_error_description_is_assignable_like_falcon() -> None:
    ours = restcore.errors.MultipartParseError()
    theirs: Any = falcon.errors.MultipartParseError()
    assert ours.description is theirs.description is None
    ours.description = "boundary missing"
    theirs.description = "boundary missing"
    assert_same_error(ours, theirs)
    with pytest.raises(ValueError):  # noqa: PT012, PT011
        try:
            raise ValueError("inner")
        except ValueError as ex:
            error = restcore.errors.MultipartParseError(description="d")
            error.__cause__ = ex
            assert error.description == "d"
            raise


@pytest.mark.parametrize("name", NON_HTTP_CLASSES)
def test_non_http_exception_bases_match_falcon(name: str) -> None:
    ours = getattr(restcore.errors, name)
    theirs = getattr(falcon.errors, name)
    assert [c.__name__ for c in ours.__mro__] == [c.__name__ for c in theirs.__mro__]
    assert issubclass(
        ours, tuple(c for c in theirs.__mro__ if c.__module__ == "builtins")
    )


@pytest.mark.parametrize(
    "name",
    [
        "WebSocketDisconnected",
        "WebSocketPathNotFound",
        "WebSocketHandlerNotFound",
        "WebSocketServerError",
    ],
)
@pytest.mark.parametrize("code", [None, 0, 1000, 1011, 3000])
def test_websocket_disconnected_code_matches_falcon(name: str, code: Any) -> None:
    ours = getattr(restcore.errors, name)(code)
    theirs = getattr(falcon.errors, name)(code)
    assert ours.code == theirs.code
    assert ours.args == theirs.args


@pytest.mark.parametrize(
    "name",
    [
        "CompatibilityError",
        "DelimiterError",
        "HeaderNotSupported",
        "InvalidMediaRange",
        "InvalidMediaType",
        "OperationNotAllowed",
        "PayloadTypeError",
        "UnsupportedError",
        "UnsupportedScopeError",
    ],
)
def test_plain_exceptions_take_a_message(name: str) -> None:
    ours = getattr(restcore.errors, name)("message")
    theirs = getattr(falcon.errors, name)("message")
    assert str(ours) == str(theirs) == "message"


def test_all_matches_falcon() -> None:
    assert sorted(restcore.errors.__all__) == sorted(falcon.errors.__all__)
    assert len(restcore.errors.__all__) == len(set(restcore.errors.__all__)) == 53
    for name in restcore.errors.__all__:
        assert getattr(restcore.errors, name).__name__ == name


def test_payload_too_large_is_outside_all_like_falcon() -> None:
    assert "HTTPPayloadTooLarge" not in restcore.errors.__all__
    assert "HTTPPayloadTooLarge" not in falcon.errors.__all__
    assert issubclass(
        restcore.errors.HTTPPayloadTooLarge, restcore.errors.HTTPContentTooLarge
    )


def test_http_error_alias_module() -> None:
    assert restcore.http_error.HTTPError is restcore.errors.HTTPError


def test_to_xml_warns_like_falcon() -> None:
    ours = restcore.errors.HTTPNotFound(description="<gone> & 'lost'", code=3)
    theirs = falcon.HTTPNotFound(description="<gone> & 'lost'", code=3)
    with pytest.warns(DeprecatedWarning) as ours_record:
        ours_xml = ours.to_xml()
    with pytest.warns(falcon.util.deprecation.DeprecatedWarning) as theirs_record:
        theirs_xml = theirs.to_xml()
    assert ours_xml == theirs_xml
    assert str(ours_record[0].message) == str(theirs_record[0].message)
    assert ours_record[0].filename == theirs_record[0].filename == __file__


def test_payload_too_large_warning_points_at_caller() -> None:
    with pytest.warns(DeprecatedWarning) as record:
        restcore.errors.HTTPPayloadTooLarge(retry_after=1)
    assert record[0].filename == __file__
    assert str(record[0].message) == (
        "Call to deprecated function __init__(...). HTTPPayloadTooLarge is "
        "deprecated; use HTTPContentTooLarge instead."
    )


def test_to_json_is_compact_orjson_unlike_falcon() -> None:
    # Deliberate difference: compact separators; parsed documents are equal.
    ours = restcore.errors.HTTPBadRequest(title="Bad", description="Ünïcode", code=1)
    theirs = falcon.HTTPBadRequest(title="Bad", description="Ünïcode", code=1)
    assert ours.to_json() == orjson.dumps(ours.to_dict())
    assert (
        ours.to_json()
        == b'{"title":"Bad","description":"\xc3\x9cn\xc3\xafcode","code":1}'
    )
    assert ours.to_json() != theirs.to_json()
    assert json.loads(ours.to_json()) == json.loads(theirs.to_json())


def test_to_json_uses_handler_serialize() -> None:
    class RecordingHandler:
        def __init__(self) -> None:
            self.calls: list[tuple[object, str]] = []

        def serialize(self, media: object, content_type: str) -> bytes:
            self.calls.append((media, content_type))
            return b"serialized"

    handler = RecordingHandler()
    error = restcore.errors.HTTPConflict(description="d")
    assert error.to_json(handler) == b"serialized"
    assert handler.calls == [
        ({"title": "409 Conflict", "description": "d"}, "application/json")
    ]


@pytest.mark.parametrize("obj_type", [dict, collections.OrderedDict])
def test_to_dict_obj_type_like_falcon(obj_type: Any) -> None:
    kwargs: dict[str, Any] = {"description": "d", "href": "/docs", "code": 9}
    ours = restcore.errors.HTTPGone(**kwargs).to_dict(obj_type)
    theirs = falcon.HTTPGone(**kwargs).to_dict(obj_type)
    assert type(ours) is type(theirs) is obj_type
    assert list(ours.items()) == list(theirs.items())


def test_no_argument_construction_stores_nothing() -> None:
    error = restcore.errors.HTTPRouteNotFound()
    assert error.__dict__ == {}
    assert (error.status, error.title, error.status_code) == ("404 Not Found",) * 2 + (
        404,
    )
    assert error.args == ()


def test_class_defaults_are_not_shared_between_instances() -> None:
    first = restcore.errors.HTTPNotFound(headers={"X-A": "1"}, title="First")
    second = restcore.errors.HTTPNotFound()
    assert second.headers is None
    assert second.title == "404 Not Found"
    assert first.title == "First"


@pytest.mark.parametrize(
    "error",
    [
        restcore.errors.HTTPRouteNotFound(),
        restcore.errors.HTTPError(429, title="Slow down", code=5, href="/rate"),
        restcore.errors.HTTPInvalidParam("Must be an int.", "page"),
    ],
    ids=repr,
)
def test_pickle_round_trip(error: Any) -> None:
    restored = pickle.loads(pickle.dumps(error))
    assert type(restored) is type(error)
    assert restored.to_dict() == error.to_dict()
    assert restored.status == error.status


def test_errors_module_imports_first_in_a_fresh_interpreter(tmp_path: Any) -> None:
    # Guards against import cycles through restcore.util and the package.
    result = subprocess.run(
        [sys.executable, "-c", "import restcore.errors, restcore.redirects"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
