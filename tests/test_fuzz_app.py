"""Whole-app fuzzing: no request a client can send gets a 5xx or a bad response.

Random methods, paths, query strings, headers and bodies go through a real
App (the differential app, whose resources read params, headers, cookies and
media) and through the notes example (SQLite). Every response must be a
non-5xx with a valid status line, valid header values and a Content-Length that
matches the body, and an error body must be JSON.
"""

from __future__ import annotations

import io
import json
import os
import string
import urllib.parse
import wsgiref.validate

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import restcore
from tests.compat import diffapp

METHODS = st.sampled_from(
    ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "BREW", "PROPFIND"]
)
SEGMENT_TEXT = st.one_of(
    st.text(
        alphabet=st.sampled_from(
            [
                *list(string.ascii_letters + string.digits + "-._~%+!$&'()*,;=:@ "),
                "é",
                "€",
                "\x00",
                "\n",
                "\\",
                "\ud7ff",
            ]
        ),
        max_size=12,
    ),
    st.sampled_from(["..", ".", "", "%2e%2e", "123", "-1", "0fd4c8c6-bd72-11e2"]),
)
KNOWN_PREFIXES = st.sampled_from(
    [
        "/things",
        "/things/1",
        "/things/-2/items",
        "/text",
        "/echo",
        "/headers/x",
        "/cookies",
        "/data",
        "/stream",
        "/empty",
        "/intstatus",
        "/sink",
        "/errors",
        "/notes",
        "/notes/1",
        "/nope",
        "/mw",
    ]
)
PATHS = st.builds(
    lambda prefix, rest: prefix + "".join("/" + part for part in rest),
    KNOWN_PREFIXES,
    st.lists(SEGMENT_TEXT, max_size=3),
)
QUERY = st.text(
    alphabet=st.sampled_from([*list("abcflqtgimn=&%+,;2AF0 "), "é", "\x00"]),
    max_size=40,
)
HEADER_VALUES = st.text(
    alphabet=st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=40
)
HEADERS = st.dictionaries(
    st.sampled_from(
        [
            "CONTENT_TYPE",
            "HTTP_ACCEPT",
            "HTTP_COOKIE",
            "HTTP_HOST",
            "HTTP_RANGE",
            "HTTP_IF_NONE_MATCH",
            "HTTP_IF_MATCH",
            "HTTP_FORWARDED",
            "HTTP_X_NAME",
            "HTTP_X_FORWARDED_FOR",
            "HTTP_IF_MODIFIED_SINCE",
            "HTTP_AUTHORIZATION",
            "HTTP_X_THING",
            "HTTP_USER_AGENT",
        ]
    ),
    st.one_of(
        HEADER_VALUES,
        st.sampled_from(
            [
                "application/json",
                "multipart/form-data; boundary=x",
                "text/csv",
                "application/x-www-form-urlencoded",
                "*/*",
                "application/xml",
                "bytes=0-1",
                "bytes=-5",
                '"abc", W/"x"',
                'a=b; c="d\\"e"',
            ]
        ),
    ),
    max_size=5,
)
BODIES = st.one_of(
    st.binary(max_size=64),
    st.sampled_from(
        [
            b'{"name": "x"}',
            b'{"title": "t", "body": "b"}',
            b"[1, 2",
            b"nul",
            b'{"a": NaN}',
            b"[" * 2000,
            b"--x\r\nContent-Disposition: form-data\r\n\r\n",
        ]
    ),
)
CONTENT_LENGTHS = st.one_of(
    st.none(), st.sampled_from(["", "abc", "-1", "+5", "99999999999999999999", "3"])
)


def make_environ(method, path, query, headers, body, content_length):
    env = {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        "PATH_INFO": path.encode("utf-8", "surrogatepass").decode("iso-8859-1"),
        "QUERY_STRING": query.encode("utf-8").decode("iso-8859-1"),
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    env.update(headers)
    if content_length is None:
        if body:
            env["CONTENT_LENGTH"] = str(len(body))
    else:
        env["CONTENT_LENGTH"] = content_length
    return env


def check_response(app, env):
    captured = {}

    def start_response(status, headers, exc_info=None):
        captured["status"], captured["headers"] = status, headers
        return lambda data: None

    result = app(env, start_response)
    try:
        body = b"".join(result)
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    status = captured["status"]
    code = int(status[:3])
    assert 100 <= code < 500, (status, body[:200], env["wsgi.errors"].getvalue())
    for name, value in captured["headers"]:
        assert name.isascii(), name
        assert name.strip() == name, name
        value.encode("iso-8859-1")
        assert "\r" not in value
        assert "\n" not in value
        assert "\0" not in value
    lengths = [v for k, v in captured["headers"] if k.lower() == "content-length"]
    if lengths and env["REQUEST_METHOD"] != "HEAD":
        assert int(lengths[0]) == len(body)
    content_type = {k.lower(): v for k, v in captured["headers"]}.get(
        "content-type", ""
    )
    if code >= 400 and body and content_type.startswith("application/json"):
        assert isinstance(json.loads(body), dict)


@pytest.fixture(scope="module")
def diff_app():
    return diffapp.build(restcore)


@pytest.fixture(scope="module")
def notes_app(tmp_path_factory):
    # The module builds an app at import, on $NOTES_DB: keep it out of the
    # working directory.
    directory = tmp_path_factory.mktemp("fuzz")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NOTES_DB", str(directory / "import.sqlite3"))
        from examples.notes.app import create_app

        return create_app(str(directory / "notes.sqlite3"))


class _Discard(list[str]):
    """A log the middleware app may append to forever."""

    def append(self, item: str) -> None:
        pass


@pytest.fixture(scope="module", params=[True, False], ids=["independent", "dependent"])
def middleware_app(request):
    # Its one resource crashes on ?crash=1: QUERY's alphabet cannot spell it.
    return diffapp.build_with_middleware(restcore, _Discard(), request.param)


FUZZ_SETTINGS = settings(
    # FUZZ_EXAMPLES=4000 for a longer run by hand (passed on 2026-11-25);
    # FUZZ_EXAMPLES=20000 passed on 2026-12-07 (issue 16: 20,000 examples a
    # test, 2,316 for the body-limit tests, whose space is smaller; about
    # 29 min on a shared, loaded 2-core host, in three processes).
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "200")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ_SETTINGS
@given(METHODS, PATHS, QUERY, HEADERS, BODIES, CONTENT_LENGTHS)
# Found by this test (2026-12-07): the app echoed a multipart form object as
# JSON, its own 500 (tests/compat/diffapp.py now echoes the part names).
@example(
    "POST",
    "/things",
    "",
    {"CONTENT_TYPE": "multipart/form-data; boundary=x"},
    b'--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n',
    None,
)
@example(
    "POST",
    "/things",
    "",
    {"CONTENT_TYPE": "multipart/form-data; boundary=x"},
    b"",
    None,
)
def test_differential_app_never_5xx(
    diff_app, method, path, query, headers, body, content_length
):
    if path.startswith("/errors/crash"):
        return  # the one resource that crashes on purpose
    check_response(
        diff_app, make_environ(method, path, query, headers, body, content_length)
    )


@FUZZ_SETTINGS
@given(METHODS, PATHS, QUERY, HEADERS, BODIES, CONTENT_LENGTHS)
def test_notes_app_never_5xx(
    notes_app, method, path, query, headers, body, content_length
):
    check_response(
        notes_app, make_environ(method, path, query, headers, body, content_length)
    )


@FUZZ_SETTINGS
@given(METHODS, PATHS, QUERY, HEADERS, BODIES, CONTENT_LENGTHS)
def test_app_with_middleware_never_5xx(
    middleware_app, method, path, query, headers, body, content_length
):
    check_response(
        middleware_app,
        make_environ(method, path, query, headers, body, content_length),
    )


# -- issue 16: hostile input an attacker would try, judged by wsgiref.validate ------

LIMIT = 64
TRACEBACK_MARKS = ("Traceback", 'File "', ".py", "Error(", "Exception")
ECHOING_HEADERS = frozenset(
    ["x-echo", "etag", "content-type", "last-modified", "link", "location", "x-why"]
)


def is_unsafe_header_value(value: str) -> bool:
    """What restcore must refuse: a control character or text beyond latin-1."""
    return any(
        char < " " or "\x7f" <= char <= "\x9f" or char > "\xff" for char in value
    )


class Hostile:
    """Echoes client text into headers and reads client numbers and bodies."""

    def on_get(self, req, resp, **fields):
        what = req.get_param("what") or ""
        value = req.get_param("value") or ""
        if what == "header":
            resp.set_header("X-Echo", value)
        elif what == "append":
            resp.append_header("X-Echo", value)
        elif what == "etag":
            resp.etag = value
        elif what == "content_type":
            resp.content_type = value
        elif what == "last_modified":
            resp.last_modified = value
        elif what == "link":
            resp.append_link("/next", "next", title=value)
        elif what == "redirect":
            raise restcore.HTTPFound(value)
        elif what == "error_header":
            raise restcore.HTTPConflict(headers={"X-Why": value})
        elif what == "numbers":
            resp.media = self.numbers(req)
            return
        resp.media = {"fields": {name: str(field) for name, field in fields.items()}}

    @staticmethod
    def numbers(req):
        return {
            "int": req.get_param_as_int("value", min_value=-5, max_value=10**30),
            "float": req.get_param_as_float("value", min_value=0, max_value=1e9),
            "plain_float": str(req.get_param_as_float("value")),
            "list": req.get_param_as_list("value", transform=int),
            "header": req.get_header_as_int("X-Number"),
            "range": req.range,
            "length": req.content_length,
        }

    def on_post(self, req, resp, **fields):
        how = req.get_param("how") or ""
        if how == "stream":
            size = len(req.stream.read())
        elif how == "bounded":
            size = len(req.bounded_stream.read())
        elif how == "lines":
            size = sum(len(line) for line in req.bounded_stream)
        elif how == "form":
            size = len(str(req.get_media()))
        elif how == "multipart":
            size = sum(len(part.stream.read()) for part in req.get_media())
        else:
            size = len(str(req.get_media(default_when_empty=None)))
        assert size <= LIMIT * 4  # (parsed forms may grow; raw bytes may not)
        resp.media = {"size": size}


def build_hostile_app(problem_details):
    app = restcore.App(problem_details=problem_details)
    hostile = Hostile()
    app.add_route("/h", hostile)
    app.add_route("/h/int/{number:int}", hostile)
    app.add_route("/h/float/{number:float(min=0, finite=False)}", hostile)
    app.add_route("/h/bounded/{number:int(min=1, max=99)}", hostile)
    app.req_options.max_body_size = LIMIT
    return app


@pytest.fixture(scope="module", params=[False, True], ids=["falcon-bodies", "problem"])
def hostile_app(request):
    return build_hostile_app(request.param)


ARBITRARY_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs",)),
        st.sampled_from(["\r", "\n", "\x00", "\x01", "\x7f", "\x85", "\t", "é"]),
    ),
    max_size=30,
)
NUMBERS = st.one_of(
    st.integers().map(str),
    st.floats().map(repr),
    st.integers(min_value=15, max_value=6000).map(lambda n: "9" * n),
    st.integers(min_value=15, max_value=6000).map(lambda n: "-" + "1" * n),
    st.sampled_from(
        [
            "nan",
            "NaN",
            "inf",
            "-inf",
            "Infinity",
            "1e400",
            "-0",
            "0x10",
            "1_0",
            "\u0661",
        ]
    ),
    st.text(alphabet="0123456789-+.eE_ ", max_size=12),
)
HEADER_WHATS = st.sampled_from(
    [
        *("header", "append", "etag", "content_type", "last_modified", "link"),
        *("redirect", "error_header"),
    ]
)


def hostile_environ(method, path, query, body=b"", headers=None, chunked=False):
    env = make_environ(method, path, "", headers or {}, body, None)
    env["QUERY_STRING"] = query
    if chunked:
        env.pop("CONTENT_LENGTH", None)
        env["wsgi.input_terminated"] = True
    return env


def check_hostile(app, env, may_fail):
    """Judge one response by wsgiref.validate and the issue's rules."""
    captured = {}

    def start_response(status, headers, exc_info=None):
        captured["status"], captured["headers"] = status, headers
        return lambda data: None

    result = wsgiref.validate.validator(app)(env, start_response)
    try:
        body = b"".join(result)
    finally:
        result.close()
    code = int(captured["status"][:3])
    if may_fail:
        assert code in (500, 302, 200, 409), captured["status"]
    else:
        assert code < 500, (captured["status"], body[:300])
    # Headers that carry the client's own text may echo anything it sent.
    own = [
        (name, value)
        for name, value in captured["headers"]
        if name.lower() not in ECHOING_HEADERS
    ]
    text = body.decode("utf-8", "replace") + repr(own)
    for mark in TRACEBACK_MARKS:
        assert mark not in text, (mark, text[:300])
    return code


def quote(value):
    return urllib.parse.quote(value.encode("utf-8"), safe="")


@FUZZ_SETTINGS
@given(HEADER_WHATS, ARBITRARY_TEXT)
# Found by this test (2026-12-07): a media type whose handler cannot
# serialize (multipart's) was a 500; it is the 415 of one with no handler.
@example("content_type", "multipart/form-data")
@example("content_type", "*/form-data")
def test_header_echo_and_redirects(hostile_app, what, value):
    env = hostile_environ("GET", "/h", f"what={what}&value={quote(value)}")
    unsafe = is_unsafe_header_value(value)
    code = check_hostile(hostile_app, env, may_fail=unsafe)
    if unsafe:
        assert code == 500  # refused at the source, never sent


@FUZZ_SETTINGS
@given(NUMBERS, st.sampled_from(["query", "path-int", "path-float", "path-bounded"]))
def test_client_numbers(hostile_app, number, where):
    if where == "query":
        path, query = "/h", f"what=numbers&value={quote(number)}"
    else:
        path, query = f"/h/{where[5:]}/{quote(number)}", ""
    headers = {
        "HTTP_X_NUMBER": number,
        "HTTP_RANGE": f"bytes={number}-{number}",
    }  # (Content-Length: wsgiref.validate lets only servers' through)
    env = hostile_environ("GET", path, query, headers={})
    env.update({key: value for key, value in headers.items() if value.isprintable()})
    check_hostile(hostile_app, env, may_fail=False)


@FUZZ_SETTINGS
@given(
    st.sampled_from(["stream", "bounded", "lines", "media", "form", "multipart"]),
    st.integers(min_value=0, max_value=3 * LIMIT),
    st.booleans(),
)
def test_bodies_over_the_limit(hostile_app, how, size, chunked):
    content_type = {
        "form": "application/x-www-form-urlencoded",
        "multipart": "multipart/form-data; boundary=b",
    }.get(how, "application/json")
    if how == "multipart":
        body = b"--b\r\nContent-Disposition: form-data; name=a\r\n\r\n"
        body += b"x" * size + b"\r\n--b--\r\n"
    elif how == "form":
        body = b"a=" + b"x" * size
    else:
        body = b'"' + b"x" * size + b'"'
    env = hostile_environ(
        "POST", "/h", f"how={how}", body, {"CONTENT_TYPE": content_type}, chunked
    )
    code = check_hostile(hostile_app, env, may_fail=False)
    assert (code == 413) == (len(body) > LIMIT), (code, len(body))
