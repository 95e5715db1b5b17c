"""restcore.cookies: the one home of RFC 6265, reached through Falcon's paths."""

import http.cookies

import falcon
import falcon.request_helpers
import pytest

import restcore
import restcore.request_helpers
from restcore import cookies


def test_falcon_path_is_an_alias() -> None:
    assert restcore.request_helpers._parse_cookie_header is cookies.parse_cookie_header


@pytest.mark.parametrize(
    "header",
    ['a=1; b="x\\073y"; a=2', "bad name=1; ok=2", ";;=;x", 'q="\\\\\\"\\n"'],
)
def test_parse_matches_falcon(header: str) -> None:
    assert cookies.parse_cookie_header(header) == (
        falcon.request_helpers._parse_cookie_header(header)
    )


@pytest.mark.parametrize(
    ("name", "value", "error"),
    [
        ("é", "v", KeyError),
        ("a", "é", ValueError),
        ("a b", "v", KeyError),
        ("", "v", KeyError),
        ("Path", "v", KeyError),
        ("a b", "", http.cookies.CookieError),
        ("max-age", "", http.cookies.CookieError),
    ],
)
def test_check_name_and_value_refuses(
    name: str, value: str, error: type[Exception]
) -> None:
    with pytest.raises(error):
        cookies.check_name_and_value(name, value, error)


def test_check_same_site_and_attribute() -> None:
    cookies.check_same_site(None)
    cookies.check_same_site("STRICT")
    with pytest.raises(ValueError, match="same_site"):
        cookies.check_same_site("sometimes")
    assert cookies.check_attribute("Path", "/a") == "/a"
    with pytest.raises(ValueError, match="may not contain ';'"):
        cookies.check_attribute("Path", "/a;b")


@pytest.mark.parametrize("value", ["plain", "sp ace", 'q"uote', "semi;colon", ""])
def test_quote_value_matches_http_cookies(value: str) -> None:
    assert (
        cookies.quote_value(value) == http.cookies.SimpleCookie().value_encode(value)[1]
    )


def test_set_cookie_render_matches_falcon() -> None:
    lines = []
    for framework in (restcore, falcon):
        resp = framework.Response()
        resp.set_cookie("a", "b c", max_age=60, path="/p", same_site="lax")
        resp.set_cookie("a", "d", domain="example.com")
        lines.append(
            sorted(
                value
                for name, value in resp._wsgi_headers()
                if name.lower() == "set-cookie"
            )
        )
    assert lines[0] == lines[1]


def test_render_skips_empty_and_false_attributes() -> None:
    cookie = cookies.SetCookie()
    cookie.value = "v"
    cookie.attributes.update(
        {"domain": "", "secure": False, "httponly": True, "max-age": 5}
    )
    assert cookie.render("n") == "n=v; HttpOnly; Max-Age=5"
