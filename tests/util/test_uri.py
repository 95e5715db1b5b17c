import itertools

import falcon.uri
import falcon.util
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import restcore.uri
from restcore.util import uri

QUERY_STRINGS = [
    "",
    "a=1",
    "a=1&b=2",
    "a=1&a=2&a=3",
    "a=&b",
    "=",
    "=&a",
    "=x",
    "&&a=1&&",
    "a=b=c",
    "a=1,2&a=3",
    "a=,&a=1,2",
    "a=x&a=,",
    "a=%2C,b&a=x",
    "d=,,&e=%2C,",
    "+=+",
    "a+b=c+d&a%20b=1",
    "q=caf%C3%A9",
    "q=%E9%",
    "q=%zz%41",
    "q=%%%",
    "x=%2",
    "name=J%C3%B6rg&name=",
    "list=a,,b,&list=c",
    "flag&flag=1&flag",
    "k=%2B%26%3D",
    "ключ=значение",
    "a=1;b=2",
    "a==&==",
    ",=,",
]


@pytest.mark.parametrize(
    ("query_string", "keep_blank", "csv"),
    list(itertools.product(QUERY_STRINGS, (False, True), (False, True))),
)
def test_parse_query_string_matches_falcon(query_string, keep_blank, csv):
    expected = falcon.uri.parse_query_string(query_string, keep_blank, csv)
    assert uri.parse_query_string(query_string, keep_blank, csv) == expected


DECODE_CASES = [
    "",
    "plain",
    "a+b",
    "a%20b",
    "a%2Bb",
    "a+b%2",
    "%E9%",
    "%zz%41",
    "%%%",
    "%2541",
    "%C3%A9t%C3%A9",
    "%e2%82%ac",
    "%E2%82",
    "caf\u00e9%20ok",
    "%F0%9F%98%80",
    "100%",
    "%ff%fe",
    "a%2",
    "%%41",
    "+%2B+",
]


@pytest.mark.parametrize("encoded", DECODE_CASES)
@pytest.mark.parametrize("unquote_plus", [True, False])
def test_decode_matches_falcon(encoded, unquote_plus):
    expected = falcon.uri.decode(encoded, unquote_plus=unquote_plus)
    assert uri.decode(encoded, unquote_plus=unquote_plus) == expected


ENCODE_CASES = [
    "",
    "abc",
    "a b",
    "/path/to?x=1&y=2#frag",
    "%26",
    "%2",
    "100%",
    "%zz",
    "caf\u00e9",
    "~user",
    "a+b,c;d",
    "%2Fa%2fb",
    "\u2603 snow",
    "[::1]",
    "'quoted'",
]
ENCODERS = [
    "encode",
    "encode_value",
    "encode_check_escaped",
    "encode_value_check_escaped",
]


@pytest.mark.parametrize("text", ENCODE_CASES)
@pytest.mark.parametrize("name", ENCODERS)
def test_encoders_match_falcon(name, text):
    assert getattr(uri, name)(text) == getattr(falcon.uri, name)(text)


HOSTS = [
    "example.org",
    "example.org:8080",
    "[::1]",
    "[::1]:80",
    "[::1",
    "::1",
    "fe80::1%eth0",
    "h:80",
    "",
    "[]",
    "[]:1",
    "127.0.0.1:65535",
]


@pytest.mark.parametrize("host", HOSTS)
@pytest.mark.parametrize("default_port", [None, 443])
def test_parse_host_matches_falcon(host, default_port):
    assert uri.parse_host(host, default_port) == falcon.uri.parse_host(
        host, default_port
    )


@pytest.mark.parametrize("host", ["a:b", "a:", "[::1]:x", "h:8 0", "[::1]:"])
def test_parse_host_bad_port_raises_value_error_like_falcon(host):
    with pytest.raises(ValueError, match="invalid literal"):
        falcon.uri.parse_host(host)
    with pytest.raises(ValueError, match="invalid literal"):
        uri.parse_host(host)


QUOTED = [
    "",
    '"',
    '""',
    '"abc"',
    "abc",
    '"a\\"b"',
    '"a\\\\b"',
    '"a\\\\\\"b"',
    '"a\\b"',
    '"a\\\\"',
    '"trailing\\"',
    '"\\\\\\\\"',
    '"x',
]


@pytest.mark.parametrize("quoted", QUOTED)
def test_unquote_string_matches_falcon(quoted):
    assert uri.unquote_string(quoted) == falcon.uri.unquote_string(quoted)


QUERY_PARAMS = [
    None,
    {},
    {"a": "1"},
    {"a": 1, "b": True, "c": False, "d": None},
    {"list": [1, "two", True, False, "x y"]},
    {"a b": "c&d", "ü": "é"},
    {"e": []},
    {"f": ["", ","]},
]


@pytest.mark.parametrize("params", QUERY_PARAMS)
@pytest.mark.parametrize("comma", [True, False])
@pytest.mark.parametrize("prefix", [True, False])
def test_to_query_str_matches_falcon(params, comma, prefix):
    expected = falcon.util.to_query_str(params, comma, prefix)
    assert uri.to_query_str(params, comma, prefix) == expected


def test_alias_module_reexports_the_same_functions():
    assert restcore.uri.__all__ == sorted(falcon.uri.__all__)
    for name in restcore.uri.__all__:
        assert getattr(restcore.uri, name) is getattr(uri, name)


@pytest.mark.parametrize("size", [1, 2, 1000, 100_000])
@pytest.mark.parametrize("unit", ["%", "&", "=", "+", ",", "%2", "a=%", "&="])
def test_hostile_repetitions_match_falcon(unit, size):
    hostile = unit * size
    for keep_blank, csv in itertools.product((False, True), repeat=2):
        assert uri.parse_query_string(
            hostile, keep_blank, csv
        ) == falcon.uri.parse_query_string(hostile, keep_blank, csv)
    assert uri.decode(hostile) == falcon.uri.decode(hostile)


def test_lone_surrogate_is_replaced_not_raised():
    # Deliberate difference: Falcon raises UnicodeEncodeError here.
    with pytest.raises(UnicodeEncodeError):
        falcon.uri.decode("\udc80%41")
    assert uri.decode("\udc80%41") == "\ufffd" * 3 + "A"
    assert uri.parse_query_string("a=\udc80%41") == {"a": "\ufffd" * 3 + "A"}


TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)),
    max_size=40,
)
QUERY_TEXT = st.text(alphabet="ab=&,%+2CE9f\u00e9 ", max_size=40) | TEXT


@settings(max_examples=200, database=None)
@given(TEXT)
def test_decode_round_trips_encode_value(text):
    assert uri.decode(uri.encode_value(text)) == text
    assert uri.decode(uri.encode(text), unquote_plus=False) == text


@settings(max_examples=200, database=None)
@given(QUERY_TEXT, st.booleans())
def test_decode_property_matches_falcon(text, unquote_plus):
    assert uri.decode(text, unquote_plus) == falcon.uri.decode(text, unquote_plus)


@settings(max_examples=200, database=None)
@given(QUERY_TEXT, st.booleans(), st.booleans())
def test_parse_query_string_property_matches_falcon(text, keep_blank, csv):
    result = uri.parse_query_string(text, keep_blank, csv)
    assert result == falcon.uri.parse_query_string(text, keep_blank, csv)


@settings(max_examples=200, database=None)
@given(st.dictionaries(TEXT.filter(bool), TEXT.filter(bool), max_size=5))
def test_query_string_round_trip(params):
    query = uri.to_query_str(params, prefix=False)
    assert uri.parse_query_string(query) == params


@settings(max_examples=200, database=None)
@given(st.text(alphabet="[]:0123456789abc.%", max_size=20), st.none() | st.integers())
def test_parse_host_property_matches_falcon(host, default_port):
    try:
        expected = falcon.uri.parse_host(host, default_port)
    except ValueError:
        with pytest.raises(ValueError, match="invalid literal"):
            uri.parse_host(host, default_port)
    else:
        assert uri.parse_host(host, default_port) == expected


# -- the C-level escape decoder against a plain reference ---------------------

_ESCAPE_ALPHABET = st.sampled_from(
    [
        "%",
        "=",
        "a",
        " ",
        "\n",
        "\r",
        "\t",
        "\x00",
        "é",
        "€",
        "\ud800",
        "%4",
        "%41",
        "%e9",
        "%C3%A9",
        "%E2%82%AC",
        "%ff",
        "_",
        "\\",
        "+",
        "%0A",
        "%0d",
        "%20",
        "=\n",
        " \n",
        "%3D",
        "=3D",
        "%25",
        "%%",
        "%zz",
        "%3",
        "%=41",
    ]
)


@given(st.lists(_ESCAPE_ALPHABET, max_size=20).map("".join))
@settings(max_examples=200, database=None)
def test_decode_escapes_matches_reference(text):
    from urllib.parse import unquote_to_bytes

    from restcore.util.uri import _decode_escapes

    reference = unquote_to_bytes(text.encode("utf-8", "surrogatepass"))
    assert _decode_escapes(text) == reference.decode("utf-8", "replace")


@pytest.mark.parametrize(
    "text",
    [
        "%",
        "%%",
        "=",
        "%3D=",
        "a=%41&b",
        "%0A=\n",
        "=\r\n%41",
        "% 41",
        "%4",
        "%C3%A9",
        # invalid escapes are found by byte class: letters that name the
        # classes, and non-ASCII text around them, must not confuse it
        "%hh",
        "%vv",
        "%ff%hh%",
        "\u00ff%41%",
        "%\u00ff",
        "%%%41%%",
        "%\r\n%0a",
    ],
)
def test_decode_escapes_edge_cases(text):
    from urllib.parse import unquote_to_bytes

    from restcore.util.uri import _decode_escapes

    expected = unquote_to_bytes(text.encode()).decode("utf-8", "replace")
    assert _decode_escapes(text) == expected


def test_all_allowed_is_what_encode_keeps_as_in_falcon():
    from urllib.parse import quote

    import falcon.util.uri

    assert set(uri._ALL_ALLOWED) == set(falcon.util.uri._ALL_ALLOWED)
    assert set(uri._UNRESERVED) == set(falcon.util.uri._UNRESERVED)
    text = "".join(sorted(set(uri._ALL_ALLOWED))) + " é%"
    assert uri.encode(text) == quote(text, safe=uri._ALL_ALLOWED)


_STRATEGIES = ["_join_tokens_bytearray", "_join_tokens_list", "_join_tokens_whole"]


@given(st.lists(_ESCAPE_ALPHABET, max_size=20).map("".join))
@settings(max_examples=200, database=None)
def test_decoding_strategies_match_falcons_on_the_same_tokens(text):
    import falcon.util.uri

    tokens = text.encode("utf-8", "surrogatepass").split(b"%")
    expected = falcon.util.uri._join_tokens_bytearray(tokens)
    assert falcon.util.uri._join_tokens_list(tokens) == expected
    for name in _STRATEGIES:
        assert getattr(uri, name)(tokens) == expected, name


@pytest.mark.parametrize("name", _STRATEGIES)
@pytest.mark.parametrize(
    "encoded", ["ab%2Gcd", "+%80%", "%fc%83%bf%bf", "%41" * 9, "a%e2%82%ac%"]
)
def test_decode_uses_the_strategy_installed_in_the_module(monkeypatch, name, encoded):
    import falcon.util.uri

    calls = []
    strategy = getattr(uri, name)

    def spy(tokens):
        calls.append(tokens)
        return strategy(tokens)

    monkeypatch.setattr(uri, "_join_tokens", spy)
    # Falcon hands short inputs to its inline loop; its result is the oracle.
    assert uri.decode(encoded) == falcon.util.uri.decode(encoded)
    assert calls == [encoded.replace("+", " ").encode().split(b"%")]
    assert uri.decode("no escapes+here") == "no escapes here"
    assert len(calls) == 1  # the fast path never looks the strategy up


def test_a_replaced_strategy_decides_the_result(monkeypatch):
    monkeypatch.setattr(uri, "_join_tokens", lambda tokens: f"{len(tokens)} tokens")
    assert uri.decode("a%41%42") == "3 tokens"
    assert uri.parse_query_string("k=%41%42") == {"k": "3 tokens"}
    assert restcore.uri.decode("%41") == "2 tokens"
