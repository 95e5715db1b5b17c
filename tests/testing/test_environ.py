import io
import sys
from collections import OrderedDict
from typing import Any

import falcon.testing as ft
import pytest

import restcore.testing as rt


class _CookieLike:
    def __init__(self, value: str) -> None:
        self.value = value


ENVIRON_CASES: list[dict[str, Any]] = [
    {},
    {"path": "/hello"},
    {"path": "/hello/world/"},
    {"path": "/caf\u00e9"},
    {"path": "/\u2603/snow"},
    {"path": "/caf%C3%A9"},
    {"path": "/caf%c3%a9"},
    {"path": "/a%20b+c"},
    {"path": "/%"},
    {"path": "/%zz/%4"},
    {"path": "/%C3"},
    {"path": "/%E2%82%AC%2F"},
    {"path": "/mixed/%E2%98%83/\u00e9"},
    {"query_string": "a=1&b=2"},
    {"query_string": "q=%20x+y&flag"},
    {"query_string": "uni=\u00e9"},
    {"http_version": "1.0"},
    {"http_version": "1"},
    {"http_version": "2"},
    {"http_version": "2.0"},
    {"scheme": "https"},
    {"scheme": "HTTPS"},
    {"scheme": "https", "port": 443},
    {"scheme": "https", "port": 8443},
    {"scheme": "http", "port": 80},
    {"scheme": "http", "port": 8080},
    {"scheme": "http", "port": "8000"},
    {"scheme": "ws"},
    {"host": "example.com", "port": 81, "http_version": "1.0"},
    {"host": "localhost"},
    {"headers": {"X-Custom": "  value  ", "Accept": "text/plain"}},
    {"headers": [("X-Dup", "a"), ("X-Dup", "b"), ("x-dup", "c")]},
    {"headers": [("Content-Type", "a/b"), ("content-type", "c/d")]},
    {"headers": {"Content-Length": "3", "User-Agent": "custom/1.0"}},
    {"headers": {"X-None": None, "Cookie": "x=y"}},
    {"headers": OrderedDict([("Accept-Encoding", "gzip"), ("If-Match", "*")])},
    {"headers": [("Cookie", "a=1"), ("Cookie", "b=2")]},
    {"app": "myapp"},
    {"app": "/myapp", "root_path": "root"},
    {"root_path": "/api"},
    {"root_path": ""},
    {"remote_addr": "10.0.0.1"},
    {"remote_addr": ""},
    {"body": "h\u00e9llo"},
    {"body": b"\x00\x01raw"},
    {"body": ""},
    {"method": "POST", "body": '{"json": true}'},
    {"method": "PROPFIND"},
    {"cookies": {"session": "abc", "theme": "dark"}},
    {"cookies": {"obj": _CookieLike("via-attr")}},
    {"cookies": {}},
    {"cookies": {"skipped": "yes"}, "method": "OPTIONS"},
    {"cookies": {"a": "1"}, "headers": {"Cookie": "b=2"}},
    {"file_wrapper": len},
    {"wsgierrors": io.StringIO()},
]


def _comparable(env: dict[str, Any]) -> dict[str, Any]:
    result = dict(env)
    result["wsgi.input"] = env["wsgi.input"].read()
    return result


def _normalize_ua(env: dict[str, Any], ua: str) -> dict[str, Any]:
    if env.get("HTTP_USER_AGENT") == ua:
        env["HTTP_USER_AGENT"] = "<default>"
    return env


@pytest.mark.parametrize("kwargs", ENVIRON_CASES)
def test_create_environ_matches_falcon(kwargs: dict[str, Any]) -> None:
    ours = _normalize_ua(_comparable(rt.create_environ(**kwargs)), rt.DEFAULT_UA)
    theirs = _normalize_ua(_comparable(ft.create_environ(**kwargs)), ft.DEFAULT_UA)
    assert ours == theirs
    assert type(rt.create_environ(**kwargs)["wsgi.input"]) is io.BytesIO


def test_create_environ_defaults() -> None:
    env = rt.create_environ()
    assert env["PATH_INFO"] == "/"
    assert env["HTTP_HOST"] == rt.DEFAULT_HOST == "falconframework.org"
    assert env["wsgi.errors"] is sys.stderr
    assert "REMOTE_ADDR" not in env
    assert "CONTENT_LENGTH" not in env


def test_path_is_tunnelled_as_latin1() -> None:
    env = rt.create_environ(path="/caf%C3%A9/\u2603")
    assert env["PATH_INFO"] == "/caf\u00c3\u00a9/\u00e2\u0098\u0083"
    assert env["PATH_INFO"].encode("iso-8859-1").decode() == "/caf\u00e9/\u2603"
    assert env["RAW_URI"] == "/caf%C3%A9/\u2603"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"http_version": "3"},
        {"http_version": "1.2"},
        {"http_version": "HTTP/1.1"},
        {"query_string": "?a=1"},
        {"port": "eighty"},
    ],
)
def test_create_environ_errors_match_falcon(kwargs: dict[str, Any]) -> None:
    with pytest.raises(Exception) as theirs:  # noqa: PT011 - type compared below
        ft.create_environ(**kwargs)
    with pytest.raises(type(theirs.value)) as ours:
        rt.create_environ(**kwargs)
    assert str(ours.value) == str(theirs.value) or kwargs.get("port")


def test_default_user_agent_is_restcore() -> None:
    # Deliberate difference: Falcon sends falcon-client/<falcon version>.
    from restcore.version import __version__

    assert "restcore-client/" + __version__ == rt.DEFAULT_UA
    assert rt.create_environ()["HTTP_USER_AGENT"] == rt.DEFAULT_UA
    assert ft.DEFAULT_UA.startswith("falcon-client/")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"path": "/caf%C3%A9", "query_string": "a=1&b=%20"},
        {"method": "POST", "body": b"xyz", "headers": {"Content-Type": "text/plain"}},
        {"scheme": "https", "host": "api.example.com", "port": 8443},
        {"root_path": "/v1", "path": "/things"},
        {"cookies": {"a": "1"}, "remote_addr": "1.2.3.4"},
    ],
)
def test_create_req_matches_falcon(kwargs: dict[str, Any]) -> None:
    # The request module is written concurrently; skip only while it cannot import.
    Request = pytest.importorskip("restcore.request").Request
    ours = rt.create_req(**kwargs)
    theirs = ft.create_req(**kwargs)

    assert type(ours) is Request
    for name in (
        "method",
        "path",
        "query_string",
        "host",
        "netloc",
        "relative_uri",
        "scheme",
        "uri",
        "content_type",
        "content_length",
        "root_path",
        "remote_addr",
    ):
        assert getattr(ours, name) == getattr(theirs, name), name


def test_create_req_passes_options() -> None:
    request_module = pytest.importorskip("restcore.request")
    options = request_module.RequestOptions()
    req = rt.create_req(options=options, path="/x")
    assert req.options is options
    assert req.env["PATH_INFO"] == "/x"
