"""util.bytemask: bytes chosen by class are changed, the others are not."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from restcore.util.bytemask import class_table, mark_bytes

DIGIT_CLASSES = class_table(dict.fromkeys(b"0123456789", ord("d")), other=ord("x"))
DIGIT_TO_STAR = class_table({ord("d"): ord("*") ^ 0x30}, other=0)


def test_class_table_maps_listed_bytes_and_defaults_the_rest() -> None:
    table = class_table({ord("a"): ord("A")}, other=ord("?"))
    assert len(table) == 256
    assert b"abc".translate(table) == b"A??"


def test_only_marked_zeros_change() -> None:
    data = b"a0b00"
    assert mark_bytes(data, data.translate(DIGIT_CLASSES), DIGIT_TO_STAR) == b"a*b**"


@given(st.binary(max_size=64))
def test_unmarked_bytes_stay_and_the_length_is_kept(data: bytes) -> None:
    marked = mark_bytes(data, data.translate(DIGIT_CLASSES), DIGIT_TO_STAR)
    assert len(marked) == len(data)
    for before, after in zip(data, marked, strict=True):
        if before not in b"0123456789":
            assert after == before
        else:
            assert after == before ^ ord("*") ^ 0x30
