"""Property tests: cookie parsing and header validation never leak exceptions."""

from typing import Any

import falcon.request_helpers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import restcore
import restcore.testing
from restcore.cookies import parse_cookie_header as _parse_cookie_header
from restcore.cookies import unquote_value as _unquote_cookie_value
from restcore.request import _parse_etags
from restcore.response import Response

COOKIE_PIECES = st.sampled_from(
    ["a", "b", "=", ";", " ", '"', "\\", "\\073", "\\0", ",", "\t", "\u00e9", "x=y"]
)
cookie_headers = st.one_of(
    st.text(max_size=60),
    st.lists(COOKIE_PIECES, max_size=20).map("".join),
)
# Values http.cookies can quote: printable ASCII.
cookie_values = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126))
cookie_names = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~",
    min_size=1,
    max_size=12,
).filter(
    lambda name: (
        name.lower()
        not in {"expires", "path", "comment", "domain", "max-age", "secure"}
        | {"httponly", "version", "samesite", "partitioned"}
    )
)


@settings(max_examples=200)
@given(cookie_headers)
def test_cookie_parser_matches_falcon(header: str) -> None:
    assert _parse_cookie_header(header) == (
        falcon.request_helpers._parse_cookie_header(header)
    )


@settings(max_examples=200)
@given(cookie_headers)
def test_cookie_properties_never_raise(header: str) -> None:
    req = restcore.testing.create_req(headers={"Cookie": header})
    cookies = req.cookies
    for name, value in cookies.items():
        assert req.get_cookie_values(name)[0] == value


@settings(max_examples=200)
@given(cookie_names, cookie_values)
def test_set_cookie_round_trips(name: str, value: str) -> None:
    resp = Response()
    resp.set_cookie(name, value)
    ((_, line),) = resp._wsgi_headers()
    pair = line.split("; HttpOnly")[0]
    # Like Falcon, an empty quoted value ('""') is kept as sent.
    assert _parse_cookie_header(pair) == {name: [value or '""']}


@settings(max_examples=200)
@given(st.text(max_size=40))
def test_etag_parser_never_raises(header: str) -> None:
    etags = _parse_etags(header)
    assert etags is None or len(etags) >= 1


@settings(max_examples=200)
@given(st.text(max_size=40))
def test_header_value_validation(value: str) -> None:
    resp = Response()
    # PEP 3333: no control character (C0, DEL, C1), latin-1 text only.
    valid = all(" " <= char <= "~" or "\xa0" <= char <= "\xff" for char in value)
    if valid:
        resp.set_header("X-Value", value)
        assert resp.get_header("x-value") == value
    else:
        with pytest.raises(ValueError, match="X-Value"):
            resp.set_header("X-Value", value)
        assert resp.headers == {}


@settings(max_examples=200)
@given(st.text(max_size=20), st.text(max_size=20))
def test_header_name_validation(name: str, value: str) -> None:
    resp = Response()
    try:
        resp.append_header(name, value)
    except ValueError:
        assert resp._wsgi_headers() == []
    else:
        ((sent_name, sent_value),) = resp._wsgi_headers()
        assert sent_name == name.lower()
        assert sent_value == value


@settings(max_examples=200)
@given(
    st.text(max_size=20),
    st.sampled_from(["domain", "path", "same_site"]),
)
def test_cookie_attributes_never_break_out(text: str, attribute: str) -> None:
    resp = Response()
    kwargs: dict[str, Any] = {attribute: text}
    try:
        resp.set_cookie("a", "b", **kwargs)
    except ValueError:
        assert resp._wsgi_headers() == []
        return
    ((_, line),) = resp._wsgi_headers()
    assert not any(char in line for char in "\r\n\0")
    attributes = [part.split("=")[0] for part in line.split("; ")[1:]]
    assert len(attributes) == len(set(attributes))


def _is_latin1(text: str) -> bool:
    try:
        text.encode("iso-8859-1")
    except UnicodeEncodeError:
        return False
    return True


@pytest.mark.parametrize("size", [10, 10_000])
def test_quoted_cookie_value_is_unquoted_like_falcon(size: int) -> None:
    header = 'a="' + "\\073x\\\\" * size + '"'
    assert _parse_cookie_header(header) == (
        falcon.request_helpers._parse_cookie_header(header)
    )


ESCAPE_TEXT = st.lists(
    st.sampled_from(
        [
            *'03478a\n"\u00e9\u00ff\u20ac',
            "\\",
            "\\\\",
            "\\x41",
            "\\u0041",
            "\\N",
            "\U0010fffd",
            "\U0010fffe",
            "\U0010ffff",
            "\ud800",
            "\\\n",
        ]
    ),
    max_size=16,
).map("".join)


@settings(max_examples=200)
@given(ESCAPE_TEXT)
def test_unquote_matches_http_cookies(inner: str) -> None:
    import http.cookies

    quoted = f'"{inner}"'
    expected = http.cookies._unquote(quoted)
    assert _unquote_cookie_value(quoted) == expected
