"""Falcon's private ``falcon.util.misc`` helpers, as Falcon's own suite uses them."""

from __future__ import annotations

import datetime
import warnings

import falcon.util.misc
import pytest

from restcore.util import misc
from restcore.util.deprecation import DeprecatedWarning


def test_utcnow_is_aware_utc_as_in_falcon():
    ours, theirs = misc._utcnow(), falcon.util.misc._utcnow()
    assert ours.tzinfo is theirs.tzinfo is datetime.UTC
    assert abs(ours - theirs) < datetime.timedelta(minutes=1)


def test_has_arg_name_as_in_falcon():
    def func(a, b, *, c):
        pass

    for name in ("a", "c", "d"):
        assert misc._has_arg_name(func, name) == falcon.util.misc._has_arg_name(
            func, name
        )
        assert misc._has_arg_name_cached(func, name) == misc._has_arg_name(func, name)


@pytest.mark.parametrize("data", [{"a": "b", "é": "ü"}, [("a", "b"), ("x", "y")]])
def test_encode_items_to_latin1_as_in_falcon(data):
    assert misc._encode_items_to_latin1(data) == [
        (bytes(k, "latin1"), bytes(v, "latin1"))
        for k, v in (data.items() if isinstance(data, dict) else data)
    ]
    if isinstance(data, dict):
        assert misc._encode_items_to_latin1(
            data
        ) == falcon.util.misc._encode_items_to_latin1(data)


def test_deprecated_aliases_warn():
    with pytest.warns(DeprecatedWarning):
        assert misc.isascii("abc")
    with pytest.warns(DeprecatedWarning):
        assert misc.strptime("2024", "%Y").year == 2024
    with warnings.catch_warnings():
        # datetime.utcnow itself warns (DeprecationWarning) on CPython >= 3.12.
        warnings.simplefilter("ignore", DeprecationWarning)
        with pytest.warns(DeprecatedWarning):
            assert misc.utcnow().tzinfo is None


def test_lru_cache_nop_caches_nothing():
    def func():
        return object()

    assert misc._lru_cache_nop(8)(func) is func
    assert misc._lru_cache_for_simple_logic is __import__("functools").lru_cache
