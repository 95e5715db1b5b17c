import http
import inspect
from typing import Any

import falcon
import falcon.http_status
import falcon.redirects
import pytest

import restcore.http_status
import restcore.redirects

REDIRECTS = [
    ("HTTPMovedPermanently", 301),
    ("HTTPFound", 302),
    ("HTTPSeeOther", 303),
    ("HTTPTemporaryRedirect", 307),
    ("HTTPPermanentRedirect", 308),
]
LOCATIONS = ["/new", "https://example.com/a?b=c#d", "/ünïcode path", ""]
HEADER_VARIANTS = [
    pytest.param(None, id="none"),
    pytest.param({}, id="empty"),
    pytest.param({"Cache-Control": "no-store"}, id="extra"),
    pytest.param({"location": "/kept"}, id="lower-location"),
    pytest.param({"Location": "/capital"}, id="capital-location"),
]


def assert_same_status(ours: Any, theirs: Any) -> None:
    assert type(ours).__name__ == type(theirs).__name__
    assert ours.status == theirs.status
    assert ours.status_code == theirs.status_code
    assert ours.headers == theirs.headers
    assert ours.text == theirs.text
    if isinstance(theirs.headers, dict):
        assert list(ours.headers.items()) == list(theirs.headers.items())


@pytest.mark.parametrize(("name", "code"), REDIRECTS)
@pytest.mark.parametrize("location", LOCATIONS)
@pytest.mark.parametrize("headers", HEADER_VARIANTS)
def test_redirect_matches_falcon(
    name: str, code: int, location: str, headers: dict[str, str] | None
) -> None:
    ours = getattr(restcore.redirects, name)(
        location, None if headers is None else dict(headers)
    )
    theirs = getattr(falcon.redirects, name)(
        location, None if headers is None else dict(headers)
    )
    assert_same_status(ours, theirs)
    assert ours.status_code == code
    assert isinstance(ours, restcore.http_status.HTTPStatus)


@pytest.mark.parametrize(("name", "code"), REDIRECTS)
def test_redirect_class_shape_matches_falcon(name: str, code: int) -> None:
    ours = getattr(restcore.redirects, name)
    theirs = getattr(falcon.redirects, name)
    assert [c.__name__ for c in ours.__mro__] == [c.__name__ for c in theirs.__mro__]
    assert list(inspect.signature(ours).parameters) == list(
        inspect.signature(theirs).parameters
    )
    assert ours("/x", headers={"X-A": "1"}).headers == {"X-A": "1", "location": "/x"}
    assert ours("/x").status == getattr(falcon, f"HTTP_{code}")


@pytest.mark.parametrize(("name", "code"), REDIRECTS)
def test_redirect_does_not_modify_callers_headers_unlike_falcon(
    name: str, code: int
) -> None:
    # Deliberate difference: Falcon adds "location" to the dict passed in, so a
    # shared headers dict would keep the first redirect's location.
    shared: dict[str, str] = {"Cache-Control": "no-store"}
    first = getattr(restcore.redirects, name)("/first", shared)
    second = getattr(restcore.redirects, name)("/second", shared)
    assert shared == {"Cache-Control": "no-store"}
    assert first.headers["location"] == "/first"
    assert second.headers["location"] == "/second"

    falcon_shared: dict[str, str] = {"Cache-Control": "no-store"}
    getattr(falcon.redirects, name)("/first", falcon_shared)
    assert falcon_shared["location"] == "/first"


@pytest.mark.parametrize(
    "status",
    [200, "202 Accepted", http.HTTPStatus.NO_CONTENT, b"204 No Content", "304", 799],
)
@pytest.mark.parametrize(
    ("headers", "text"),
    [(None, None), ({"X-A": "1"}, "body"), ([("X-A", "1")], "")],
    ids=["bare", "dict-text", "list-empty-text"],
)
def test_http_status_matches_falcon(status: Any, headers: Any, text: Any) -> None:
    ours = restcore.http_status.HTTPStatus(status, headers, text)
    theirs = falcon.HTTPStatus(status, headers, text)
    assert_same_status(ours, theirs)
    assert ours.status is status
    assert ours.headers is headers
    kw_ours = restcore.http_status.HTTPStatus(status, headers=headers, text=text)
    assert_same_status(kw_ours, theirs)


def test_http_status_signature_matches_falcon() -> None:
    ours = inspect.signature(restcore.http_status.HTTPStatus).parameters
    theirs = inspect.signature(falcon.HTTPStatus).parameters
    assert [(n, p.kind, p.default) for n, p in ours.items()] == [
        (n, p.kind, p.default) for n, p in theirs.items()
    ]
    assert [c.__name__ for c in restcore.http_status.HTTPStatus.__mro__] == [
        c.__name__ for c in falcon.HTTPStatus.__mro__
    ]


@pytest.mark.parametrize("status", ["abc", "4x4 Bad", b"xyz", ""])
def test_http_status_code_of_invalid_status_raises_like_falcon(status: Any) -> None:
    ours = restcore.http_status.HTTPStatus(status)
    theirs = falcon.HTTPStatus(status)
    with pytest.raises(ValueError):  # noqa: PT011 - messages differ
        _ = theirs.status_code
    with pytest.raises(ValueError):  # noqa: PT011 - messages differ
        _ = ours.status_code


def test_http_status_is_not_an_http_error() -> None:
    import restcore.errors

    assert not issubclass(restcore.http_status.HTTPStatus, restcore.errors.HTTPError)
    assert not issubclass(falcon.HTTPStatus, falcon.HTTPError)


def test_redirects_all_lists_the_five_classes() -> None:
    assert sorted(restcore.redirects.__all__) == sorted(name for name, _ in REDIRECTS)
