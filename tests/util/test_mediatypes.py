import itertools

import falcon.errors
import pytest
from falcon.util import mediatypes as falcon_mediatypes
from hypothesis import given, settings
from hypothesis import strategies as st

from restcore import errors
from restcore.util import mediatypes

HEADER_LINES = [
    "",
    "text/html",
    "text/html; charset=utf-8",
    "text/html;charset=UTF-8;q=0.5",
    'text/plain; charset="utf-8"',
    'multipart/form-data; boundary="a;b"; x=1',
    'attachment; filename="fo\\"o.txt"',
    'attachment; filename="a\\\\b"',
    "a; b; c=; =d",
    "a;;",
    '"quoted;main"; x=1',
    'a; b="unterminated; c=2',
    "  spaced  ;  Name = Value  ",
    'a; x="\\\\"; y=2',
    'a; x="\\"; y=2',
]


@pytest.mark.parametrize("line", HEADER_LINES)
def test_parse_header_matches_falcon(line):
    assert mediatypes.parse_header(line) == falcon_mediatypes.parse_header(line)


ACCEPTS = [
    "*/*",
    "*",
    "application/json",
    "application/*",
    "text/*;q=0.5, application/json",
    "application/json;q=0.2, application/*;q=0.9",
    "text/html, application/xhtml+xml, application/xml;q=0.9, */*;q=0.8",
    "application/json; charset=utf-8",
    "application/json; charset=latin1, application/json;q=0.1",
    "text/plain;q=0",
    "application/xml;q=1.0, application/json;q=1",
    "application/msgpack",
]
CANDIDATES = [
    ["application/json", "application/xml"],
    ["application/xml", "application/json"],
    ["text/html", "text/plain"],
    ["application/json; charset=utf-8"],
    ["application/msgpack", "text/csv"],
    [],
]


@pytest.mark.parametrize(
    ("candidates", "header"), list(itertools.product(CANDIDATES, ACCEPTS))
)
def test_best_match_matches_falcon(candidates, header):
    expected = falcon_mediatypes.best_match(candidates, header)
    assert mediatypes.best_match(candidates, header) == expected


@pytest.mark.parametrize("header", ACCEPTS)
@pytest.mark.parametrize("media_type", ["application/json", "text/html", "*/*", "*"])
def test_quality_matches_falcon(media_type, header):
    expected = falcon_mediatypes.quality(media_type, header)
    assert mediatypes.quality(media_type, header) == expected


def test_ties_go_to_the_first_candidate():
    assert mediatypes.best_match(["a/b", "a/c"], "a/*") == "a/b"
    assert mediatypes.best_match(["a/c", "a/b"], "a/*") == "a/c"


@pytest.mark.parametrize(
    "header", ["foo", "", "a/b, ", "a/b;q=2", "a/b;q=nan", "a/b;q=x", "a/b;q=-0.1"]
)
def test_invalid_media_range_raises(header):
    with pytest.raises(falcon.errors.InvalidMediaRange):
        falcon_mediatypes.best_match(["a/b"], header)
    with pytest.raises(errors.InvalidMediaRange):
        mediatypes.best_match(["a/b"], header)


def test_invalid_media_type_raises():
    with pytest.raises(errors.InvalidMediaType) as info:
        mediatypes.best_match(["json"], "*/*")
    assert not isinstance(info.value, errors.InvalidMediaRange)


@settings(max_examples=200, database=None)
@given(
    st.text(alphabet="ab/*;q=0.5, ", max_size=25),
    st.lists(st.sampled_from(["a/b", "a/*", "b/a", "*/*", "a/b;q=1"]), max_size=3),
)
def test_best_match_property_matches_falcon(header, candidates):
    try:
        expected = falcon_mediatypes.best_match(candidates, header)
    except falcon.errors.InvalidMediaType as ex:
        expected_error = type(ex).__name__
        with pytest.raises(errors.InvalidMediaType) as info:
            mediatypes.best_match(candidates, header)
        assert type(info.value).__name__ == expected_error
    else:
        assert mediatypes.best_match(candidates, header) == expected


@settings(max_examples=200, database=None)
@given(st.text(alphabet='ab;="\\ ', max_size=25))
def test_parse_header_property_matches_falcon(line):
    assert mediatypes.parse_header(line) == falcon_mediatypes.parse_header(line)


def test_negotiation_caches_are_bounded_and_cache_bad_headers() -> None:
    from restcore.util import mediatypes

    mediatypes._accepts_cache.clear()
    mediatypes._prefers_cache.clear()
    size = mediatypes._NEGOTIATION_CACHE_SIZE
    for number in range(size + 5):
        header = f"text/x{number}"
        assert not mediatypes._accepts(header, "application/json")
        assert mediatypes._prefers(header, ("application/json",)) is None
    assert len(mediatypes._accepts_cache) <= size
    assert len(mediatypes._prefers_cache) <= size
    assert not mediatypes._accepts("text/;q=x", "text/plain")
    assert mediatypes._prefers("text/;q=x", ("text/plain",)) is None
    assert mediatypes._prefers("text/*", ("text/plain",)) == "text/plain"
    assert mediatypes._prefers("text/*", ("text/plain",)) == "text/plain"


@pytest.mark.parametrize(
    "value", ["image/png", "text/plain; charset=latin-1", "*", " a / b ;x=1"]
)
def test_private_media_type_class_matches_falcons(value):
    ours = mediatypes._MediaType.parse(value)
    theirs = falcon_mediatypes._MediaType.parse(value)
    assert repr(ours) == repr(theirs)
    main_type, subtype = theirs.main_type, theirs.subtype
    assert ours == mediatypes._MediaType(main_type, subtype, theirs.params)
    assert ours != mediatypes._MediaType(main_type, subtype, {"z": "1"})


@pytest.mark.parametrize(
    "value", ["image/png", "text/plain; charset=latin-1; Q=0.9", "*; q=0.7", "a/*;q=0"]
)
def test_private_media_range_class_matches_falcons(value):
    ours = mediatypes._MediaRange.parse(value)
    theirs = falcon_mediatypes._MediaRange.parse(value)
    assert repr(ours) == repr(theirs)
    fields = (theirs.main_type, theirs.subtype, theirs.quality, theirs.params)
    assert ours == mediatypes._MediaRange(*fields)
    for media_type in ("image/png", "text/plain; charset=latin-1", "a/b", "*/*"):
        assert ours.match_score(mediatypes._MediaType.parse(media_type)) == (
            theirs.match_score(falcon_mediatypes._MediaType.parse(media_type))
        )


@pytest.mark.parametrize("value", ["nothing", "a/b; q=x", "a/b; q=1.5", "a/b;q=nan"])
def test_private_media_range_class_refuses_what_falcons_refuses(value):
    with pytest.raises(falcon.errors.InvalidMediaRange) as theirs:
        falcon_mediatypes._MediaRange.parse(value)
    with pytest.raises(errors.InvalidMediaRange) as ours:
        mediatypes._MediaRange.parse(value)
    assert str(ours.value) == str(theirs.value)
    with pytest.raises(errors.InvalidMediaType):
        mediatypes._MediaType.parse("nothing")
