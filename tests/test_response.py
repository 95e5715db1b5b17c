"""Response: differential tests against Falcon 4.4 (same calls, same headers out)."""

import datetime
import http
import io
import re
import warnings
from typing import Any

import falcon
import pytest

import restcore
from restcore.response import Response, ResponseOptions

_DATE = re.compile(r"expires=([A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} [\d:]{8} GMT)")


def _recent_dates_to_now(text: str) -> str:
    # unset_cookie() sends "one second ago": equal up to the clock.
    def replace(match: re.Match[str]) -> str:
        moment = datetime.datetime.strptime(match[1], "%a, %d %b %Y %H:%M:%S GMT")
        age = datetime.datetime.now(datetime.UTC).replace(tzinfo=None) - moment
        return "expires=NOW" if abs(age.total_seconds()) < 30 else match[0]

    return _DATE.sub(replace, text)


def outcome(framework: Any, action: Any, secure_default: bool = True) -> Any:
    options = framework.ResponseOptions()
    options.secure_cookies_by_default = secure_default
    resp = framework.Response(options=options)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = action(resp)
    except Exception as ex:
        return ("error", type(ex).__name__, str(ex))
    headers = [
        (name, _recent_dates_to_now(value)) for name, value in resp._wsgi_headers()
    ]
    return ("ok", result, headers)


CASES: list[tuple[str, Any, bool]] = []


def case(case_id: str, action: Any, secure_default: bool = True) -> None:
    CASES.append((case_id, action, secure_default))


# -- cookies ------

EXPIRES = datetime.datetime(2030, 1, 2, 3, 4, 5)
EXPIRES_TZ = datetime.datetime(
    2030, 1, 2, 3, 4, 5, tzinfo=datetime.timezone(datetime.timedelta(hours=2))
)
COOKIE_KWARGS: dict[str, dict[str, Any]] = {
    "plain": {},
    "expires": {"expires": EXPIRES},
    "expires-tz": {"expires": EXPIRES_TZ},
    "max_age": {"max_age": 3600},
    "max_age-zero": {"max_age": 0},
    "max_age-str": {"max_age": "60"},
    "domain": {"domain": "example.com"},
    "domain-empty": {"domain": ""},
    "path": {"path": "/api"},
    "secure-false": {"secure": False},
    "secure-true": {"secure": True},
    "http_only-false": {"http_only": False},
    "same_site-lax": {"same_site": "lax"},
    "same_site-Strict": {"same_site": "Strict"},
    "same_site-NONE": {"same_site": "NONE"},
    "same_site-empty": {"same_site": ""},
    "same_site-bad": {"same_site": "sometimes"},
    "partitioned": {"partitioned": True},
    "all": {
        "expires": EXPIRES,
        "max_age": 10,
        "domain": "x.org",
        "path": "/",
        "secure": True,
        "http_only": True,
        "same_site": "none",
        "partitioned": True,
    },
}
for kw_id, kwargs in COOKIE_KWARGS.items():
    for secure_default in (True, False):
        case(
            f"set_cookie-{kw_id}-{secure_default}",
            lambda r, kw=kwargs: r.set_cookie("sid", "abc", **kw),
            secure_default,
        )

COOKIE_VALUES = [
    "",
    "simple",
    "with space",
    'quo"te',
    "back\\slash",
    "semi;colon",
    "com,ma",
    "eq=sign",
    "\x01ctl",
    "caf\u00e9",
    "!#$%&'*+-.^_`|~:",
    "()<>@[]?{}/",
]
for value in COOKIE_VALUES:
    case(f"cookie-value-{value!r}", lambda r, v=value: r.set_cookie("n", v))

COOKIE_NAMES = [
    "ok",
    "a:b",
    "$x",
    "a b",
    "a;b",
    "",
    "\u00e9",
    "a\x7f",
    "expires",
    "Path",
    "MAX-AGE",
    "partitioned",
    "samesite",
    "version",
]
for name in COOKIE_NAMES:
    case(f"cookie-name-{name!r}", lambda r, n=name: r.set_cookie(n, "v"))
case("cookie-value-int", lambda r: r.set_cookie("n", 5))
case("cookie-name-int", lambda r: r.set_cookie(5, "v"))

case(
    "cookie-reset-keeps-attributes",
    lambda r: (
        r.set_cookie("a", "1", domain="d", max_age=5, same_site="lax"),
        r.set_cookie("a", "2", http_only=False, secure=False),
    ),
)
case(
    "cookie-order",
    lambda r: (r.set_cookie("b", "1"), r.set_cookie("a", "1"), r.set_cookie("b", "2")),
)
case(
    "cookie-then-unset",
    lambda r: (r.set_cookie("a", "1", domain="d"), r.unset_cookie("a")),
)
case(
    "unset-then-set",
    lambda r: (r.unset_cookie("a", path="/p"), r.set_cookie("a", "v")),
)
case(
    "cookie-and-append",
    lambda r: (r.set_cookie("a", "1"), r.append_header("Set-Cookie", "x=1")),
)

UNSET_KWARGS: dict[str, dict[str, Any]] = {
    "plain": {},
    "domain": {"domain": "example.com"},
    "path": {"path": "/"},
    "same_site-strict": {"same_site": "Strict"},
    "same_site-None": {"same_site": None},
    "same_site-odd": {"same_site": "whatever"},
    "samesite-deprecated": {"samesite": "None"},
    "all": {"domain": "d", "path": "/p", "same_site": "None"},
}
for kw_id, kwargs in UNSET_KWARGS.items():
    case(f"unset_cookie-{kw_id}", lambda r, kw=kwargs: r.unset_cookie("sid", **kw))
case("unset_cookie-bad-name", lambda r: r.unset_cookie("a b"))

# -- header properties ------

PROPERTY_VALUES: dict[str, list[Any]] = {
    "accept_ranges": ["bytes", "none"],
    "cache_control": [["no-cache"], ["private", "max-age=0"], []],
    "content_length": [0, 123, "45"],
    "content_location": ["/a b", "/caf\u00e9?x=1&y=\u00e9", "/already%20escaped"],
    "content_range": [(0, 99, 1000), (0, 9, "*"), (1, 2, 3, "items")],
    "content_type": ["text/plain", falcon.MEDIA_JSON],
    "downloadable_as": [
        "report.pdf",
        "r\u00e9sum\u00e9.pdf",
        "\u65e5\u672c.txt",
        "a b;c.txt",
        "",
    ],
    "viewable_as": ["image.png", "\u00e9t\u00e9.jpg"],
    "etag": ["abc", '"abc"', 'W/"abc"', 'w/"abc"', "12345"],
    "expires": [EXPIRES, EXPIRES_TZ],
    "last_modified": [EXPIRES, EXPIRES_TZ],
    "location": ["/path with space", "http://x.org/a?b=c d", "/%E2%9C%93", "/\u2713"],
    "retry_after": [120, "3600"],
    "vary": [["Accept"], ["Accept", "Origin"], ("Accept-Encoding",)],
}
for member, values in PROPERTY_VALUES.items():
    for value in values:

        def set_and_get(r: Any, m: str = member, v: Any = value) -> Any:
            setattr(r, m, v)
            return getattr(r, m)

        case(f"prop-{member}-{value!r}", set_and_get)
    case(
        f"prop-{member}-none",
        lambda r, m=member, v=values[0]: (
            setattr(r, m, v),
            setattr(r, m, None),
            getattr(r, m),
        )[2],
    )
    case(f"prop-{member}-unset", lambda r, m=member: getattr(r, m))
    case(f"prop-{member}-del-missing", lambda r, m=member: delattr(r, m))

# -- links ------

LINKS: dict[str, dict[str, Any]] = {
    "plain": {},
    "title": {"title": "Next page"},
    "title_star": {"title_star": ("en", "caf\u00e9 page")},
    "title_star-escaped": {"title_star": ("", "a%20b")},
    "anchor": {"anchor": "/a b"},
    "hreflang": {"hreflang": "en-US"},
    "hreflang-list": {"hreflang": ["en", "de"]},
    "type_hint": {"type_hint": "text/html"},
    "crossorigin-anon": {"crossorigin": "ANONYMOUS"},
    "crossorigin-cred": {"crossorigin": "use-credentials"},
    "crossorigin-bad": {"crossorigin": "maybe"},
    "extension": {"link_extension": [("k", "v"), ("x", '"q"')]},
}
for link_id, kwargs in LINKS.items():
    case(f"link-{link_id}", lambda r, kw=kwargs: r.append_link("/next", "next", **kw))
case("link-rel-uri", lambda r: r.append_link("/t", "http://rel.example/a"))
case(
    "link-rel-uris",
    lambda r: r.append_link("/t", "http://rel.example/a http://rel.example/b"),
)
case("link-target-encoded", lambda r: r.append_link("/a b/\u00e9", "item"))
case(
    "link-twice",
    lambda r: (r.append_link("/a", "prev"), r.append_link("/b", "next")),
)
case("link-add_link-removed", lambda r: r.add_link)

# -- header API ------

case("set_header", lambda r: r.set_header("X-Thing", "v"))
case("set_header-int", lambda r: r.set_header("X-Num", 5))
case(
    "set_header-replace", lambda r: (r.set_header("X-A", "1"), r.set_header("x-a", "2"))
)
case("set_header-set-cookie", lambda r: r.set_header("Set-Cookie", "a=1"))
case("set_headers-dict", lambda r: r.set_headers({"X-A": "1", "X-B": 2}))
case("set_headers-list", lambda r: r.set_headers([("X-A", "1"), ("x-a", "3")]))
case("set_headers-set-cookie", lambda r: r.set_headers({"set-cookie": "a=1"}))
case(
    "append_header",
    lambda r: (r.append_header("Vary", "Accept"), r.append_header("vary", "Origin")),
)
case("append_header-new", lambda r: r.append_header("X-New", 1))
case(
    "append_header-set-cookie",
    lambda r: (
        r.append_header("Set-Cookie", "a=1"),
        r.append_header("Set-Cookie", "b=2"),
    ),
)
case("get_header", lambda r: (r.set_header("X-A", "1"), r.get_header("x-A"))[1])
case("get_header-default", lambda r: r.get_header("X-Nope", "dflt"))
case("get_header-set-cookie", lambda r: r.get_header("Set-Cookie"))
case(
    "delete_header",
    lambda r: (r.set_header("X-A", "1"), r.delete_header("x-a"), r.headers)[2],
)
case("delete_header-missing", lambda r: r.delete_header("X-Nope"))
case("delete_header-set-cookie", lambda r: r.delete_header("Set-Cookie"))
case("headers-copy", lambda r: (r.set_header("X-A", "1"), r.headers)[1])
case(
    "headers-is-copy",
    lambda r: (r.set_header("X-A", "1"), r.headers.clear(), r.headers)[2],
)
case("wsgi_headers-media-type", lambda r: r._wsgi_headers("text/plain"))

# -- status and body ------

STATUSES = [200, 404, "201 Created", falcon.HTTP_418, http.HTTPStatus.NO_CONTENT, 299]
for status in STATUSES:
    case(
        f"status_code-{status!r}",
        lambda r, s=status: (setattr(r, "status", s), r.status_code, repr(r))[1:],
    )
case("status_code-set", lambda r: (setattr(r, "status_code", 404), r.status)[1])
case("status-default", lambda r: (r.status, r.status_code, repr(r)))
case("render-text", lambda r: (setattr(r, "text", "h\u00e9"), r.render_body())[1])
case("render-text-bytes", lambda r: (setattr(r, "text", b"raw"), r.render_body())[1])
case("render-data", lambda r: (setattr(r, "data", b"d"), r.render_body())[1])
case(
    "render-text-wins",
    lambda r: (setattr(r, "data", b"d"), setattr(r, "text", "t"), r.render_body())[2],
)
case("render-none", lambda r: r.render_body())
case("render-media-none", lambda r: (setattr(r, "media", None), r.render_body())[1])
case(
    "render-media-form",
    lambda r: (
        setattr(r, "content_type", falcon.MEDIA_URLENCODED),
        setattr(r, "media", {"a": "1"}),
        r.render_body(),
    )[2],
)
case("media-default", lambda r: r.media)
case("media-set", lambda r: (setattr(r, "media", [1]), r.media)[1])
case("data-default", lambda r: r.data)
case("text-default", lambda r: r.text)
case("stream-default", lambda r: r.stream)
case("complete-default", lambda r: r.complete)
case("context-empty", lambda r: dict(r.context))
case(
    "set_stream",
    lambda r: (r.set_stream(io.BytesIO(b"abc"), 3), r.stream.read())[1],
)
case("body-removed", lambda r: r.body)
case("body-set-removed", lambda r: setattr(r, "body", "x"))


@pytest.mark.parametrize(
    ("action", "secure_default"),
    [pytest.param(act, sec, id=cid) for cid, act, sec in CASES],
)
def test_response_matches_falcon(action: Any, secure_default: bool) -> None:
    expected = outcome(falcon, action, secure_default)
    assert outcome(restcore, action, secure_default) == expected


def test_case_count() -> None:
    assert len(CASES) >= 150


def test_render_media_json() -> None:
    resp = Response()
    resp.media = {"a": [1, 2]}
    assert resp.render_body() == b'{"a":[1,2]}'
    assert resp.content_type == "application/json"


def public(cls: type) -> set[str]:
    return {name for name in dir(cls) if not name.startswith("_")}


def test_response_has_falcon_members() -> None:
    assert public(falcon.Response) <= public(Response)
    assert public(falcon.ResponseOptions) <= public(ResponseOptions)


def test_init_sets_only_core_state() -> None:
    resp = Response()
    assert resp.__dict__ == {}
    resp.set_cookie("a", "b")
    # Cookies come with an (empty) extra-header list: App.__call__ tests only that.
    assert set(resp.__dict__) == {"_cookies"}
    assert resp._extra_headers == []


# -- strict output: deliberate differences (docs/request-response.md) -----------------

BAD_VALUES = ["a\r\nX-Injected: 1", "a\nb", "a\rb", "a\x00b", "snow \u2603"]


@pytest.mark.parametrize("value", BAD_VALUES)
@pytest.mark.parametrize(
    "setter",
    [
        lambda r, v: r.set_header("X-A", v),
        lambda r, v: r.set_headers({"X-A": v}),
        lambda r, v: r.append_header("X-A", v),
        lambda r, v: setattr(r, "content_type", v),
        lambda r, v: setattr(r, "accept_ranges", v),
        lambda r, v: setattr(r, "retry_after", v),
        lambda r, v: setattr(r, "etag", v),
        lambda r, v: setattr(r, "cache_control", [v]),
        lambda r, v: setattr(r, "vary", [v]),
        lambda r, v: setattr(r, "content_range", (0, v, 1)),
        lambda r, v: setattr(r, "downloadable_as", v if v.isascii() else "ok\n"),
        lambda r, v: r.append_link("/x", v),
        lambda r, v: r.append_header("Set-Cookie", v),
    ],
    ids=[
        "set_header",
        "set_headers",
        "append_header",
        "content_type",
        "accept_ranges",
        "retry_after",
        "etag",
        "cache_control",
        "vary",
        "content_range",
        "downloadable_as",
        "append_link",
        "append_header-set-cookie",
    ],
)
def test_bad_header_values_raise(setter: Any, value: str) -> None:
    resp = Response()
    with pytest.raises(ValueError, match="header"):
        setter(resp, value)
    assert resp._wsgi_headers() == []


@pytest.mark.parametrize("value", BAD_VALUES)
def test_falcon_passes_bad_values_through(value: str) -> None:
    resp = falcon.Response()
    resp.set_header("X-A", value)
    assert resp._wsgi_headers() == [("x-a", value)]


def test_latin1_value_is_allowed() -> None:
    resp = Response()
    resp.set_header("X-A", "caf\u00e9")
    assert resp.get_header("x-a") == "caf\u00e9"


@pytest.mark.parametrize("name", ["X A", "X:A", "", "X\r\nY", "\u00e9"])
def test_bad_header_names_raise(name: str) -> None:
    with pytest.raises(ValueError, match="invalid header name"):
        Response().set_header(name, "v")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"domain": "x.org; Secure"}, "may not contain ';'"),
        ({"path": "/a;b"}, "may not contain ';'"),
        ({"path": "/a\r\nb"}, "control character U\\+000D"),
        ({"domain": "\u2603.org"}, "latin-1"),
    ],
)
def test_bad_cookie_attributes_raise(kwargs: Any, message: str) -> None:
    resp = Response()
    with pytest.raises(ValueError, match=message):
        resp.set_cookie("a", "b", **kwargs)
    assert resp._wsgi_headers() == []


def test_bad_unset_cookie_attributes_raise() -> None:
    with pytest.raises(ValueError, match="may not contain ';'"):
        Response().unset_cookie("a", same_site="Lax; Secure")


DIFFERENCES: list[tuple[str, Any, Any]] = [
    ("etag-inner-quote", lambda r: setattr(r, "etag", 'a"b'), '"a\\"b"'),
    ("etag-trailing-quote", lambda r: setattr(r, "etag", 'x"'), '"x\\""'),
    ("etag-empty", lambda r: setattr(r, "etag", ""), '""'),
    (
        "downloadable_as-quote",
        lambda r: setattr(r, "downloadable_as", 'a"b.txt'),
        'attachment; filename="a\\"b.txt"',
    ),
    (
        "link-title-quote",
        lambda r: r.append_link("/x", "next", title='say "hi"'),
        '</x>; rel=next; title="say \\"hi\\""',
    ),
    ("vary-str", lambda r: setattr(r, "vary", "Accept"), "Accept"),
    (
        "cache_control-str",
        lambda r: setattr(r, "cache_control", "no-store"),
        "no-store",
    ),
    (
        "content_range-str",
        lambda r: setattr(r, "content_range", "bytes */100"),
        "bytes */100",
    ),
    (
        "last_modified-str",
        lambda r: setattr(r, "last_modified", "Tue, 01 Jan 2030 00:00:00 GMT"),
        "Tue, 01 Jan 2030 00:00:00 GMT",
    ),
]


@pytest.mark.parametrize(
    ("action", "expected"),
    [pytest.param(act, exp, id=cid) for cid, act, exp in DIFFERENCES],
)
def test_deliberate_differences(action: Any, expected: str) -> None:
    ours = outcome(restcore, action)
    assert ours[0] == "ok"
    assert ours[2][0][1] == expected
    assert outcome(falcon, action) != ours


def test_stream_with_a_non_callable_close_attribute_is_not_called() -> None:
    # As in Falcon: a ``close`` attribute that is not a method is ignored.
    import restcore.testing

    class NonClosing:
        close = False

        def __init__(self) -> None:
            self._data = io.BytesIO(b"payload")
            self.read = self._data.read

    class Thing:
        def on_get(self, req: Any, resp: Any) -> None:
            resp.stream = NonClosing()

    app = restcore.App()
    app.add_route("/", Thing())
    result = restcore.testing.simulate_get(app, "/")
    assert (result.status_code, result.content) == (200, b"payload")


@pytest.mark.parametrize("preset", [None, "text/csv"])
@pytest.mark.parametrize("media_type", [None, "text/plain", "application/json"])
def test_private_set_media_type_matches_falcon(
    preset: str | None, media_type: str | None
) -> None:
    ours, theirs = Response(), falcon.Response()
    for resp in (ours, theirs):
        if preset is not None:
            resp.content_type = preset
        resp._set_media_type(media_type)
    assert ours.headers == theirs.headers
    assert ours.content_type == theirs.content_type
