import falcon.forwarded
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from restcore.forwarded import Forwarded, _parse_forwarded_header


def as_tuples(elements):
    return [(e.src, e.dest, e.host, e.scheme) for e in elements]


HEADERS = [
    "",
    "for=192.0.2.60;proto=http;by=203.0.113.43",
    'for="[2001:db8:cafe::17]:4711"',
    "For=a, for=b",
    "for=a;host=example.com;proto=HTTPS",
    "for=a for=b",
    "for=a;;for=b",
    "for=a,,for=b",
    'for="a\\"b"',
    'for="unterminated',
    "for=é, for=ok",
    "garbage, for=ok",
    "for = a",
    " \tfor=a\t, by=b ",
    "unknown=x;for=y",
    'by="a,b";for=c',
    "for=a;proto=http,for=b;proto=https",
    ";,;,",
    'host="x"y, for=z',
    "for=\x01",
]


@pytest.mark.parametrize("header", HEADERS)
def test_parse_matches_falcon(header):
    expected = as_tuples(falcon.forwarded._parse_forwarded_header(header))
    assert as_tuples(_parse_forwarded_header(header)) == expected


def test_forwarded_has_slots():
    element = Forwarded()
    assert (element.src, element.dest, element.host, element.scheme) == (None,) * 4
    with pytest.raises(AttributeError):
        element.other = 1


@pytest.mark.parametrize(
    "header",
    ['a="' + "x," * 100_000 + "\x01", "," * 200_000, ('a="x,' * 50_000) + "\x01"],
)
def test_hostile_headers_match_falcon(header):
    expected = as_tuples(falcon.forwarded._parse_forwarded_header(header))
    assert as_tuples(_parse_forwarded_header(header)) == expected


PIECES = ["for", "by", "host", "proto", "HTTP", "=", ",", ";", " ", "\t", '"', "\\"]


@settings(max_examples=200, database=None)
@given(st.lists(st.sampled_from([*PIECES, "a", 'x"y', "\x01", "é"]), max_size=14))
def test_property_matches_falcon(pieces):
    header = "".join(pieces)
    expected = as_tuples(falcon.forwarded._parse_forwarded_header(header))
    assert as_tuples(_parse_forwarded_header(header)) == expected
