import io

import falcon.stream
import pytest

from restcore.stream import Body, BoundedStream
from restcore.util.deprecation import DeprecatedWarning

DATA = b"first\nsecond\nthird\nrest"


def both(length=23):
    return [
        BoundedStream(io.BytesIO(DATA), length),
        falcon.stream.BoundedStream(io.BytesIO(DATA), length),
    ]


@pytest.mark.parametrize("length", [0, 1, 5, 6, 13, len(DATA), len(DATA) + 10])
@pytest.mark.parametrize("size", [None, -1, 0, 1, 4, 100])
def test_read_matches_falcon(length, size):
    ours, theirs = both(length)
    assert ours.read(size) == theirs.read(size)
    assert ours.read() == theirs.read()
    assert ours.eof == theirs.eof


def bounded_lines(length, hint):
    lines = io.BytesIO(DATA[:length]).readlines()
    if hint is not None and hint > 0:
        total = 0
        for count, line in enumerate(lines, 1):
            total += len(line)
            if total >= hint:
                return lines[:count]
    return lines


@pytest.mark.parametrize("length", [0, 3, 10, len(DATA)])
@pytest.mark.parametrize("hint", [None, -1, 1, 6, 7])
def test_readlines_never_passes_the_length(length, hint):
    ours, theirs = both(length)
    expected = bounded_lines(length, hint)
    falcon_lines = theirs.readlines(hint)
    if len(b"".join(falcon_lines)) <= length:
        assert falcon_lines == expected
    else:
        # Deliberate difference: Falcon's readlines() reads whole lines past
        # the length (and readlines(0)/(-1) read the entire raw stream).
        assert b"".join(falcon_lines).startswith(b"".join(expected))
    assert ours.readlines(hint) == expected


@pytest.mark.parametrize("limit", [1, 3, 100])
def test_readline_limit_matches_falcon(limit):
    ours, theirs = both(10)
    assert ours.readline(limit) == theirs.readline(limit)


def test_readline_keeps_the_rest_readable():
    # Deliberate difference: Falcon counts the whole limit as consumed, so its
    # read() after readline() returns b''.
    ours, theirs = both()
    assert ours.readline() == theirs.readline() == b"first\n"
    assert theirs.read() == b""
    assert ours.read() == DATA[6:]


def test_iteration_is_bounded():
    # Deliberate difference: Falcon iterates the raw stream past the length.
    ours, theirs = both(8)
    assert list(theirs) == [b"first\n", b"second\n", b"third\n", b"rest"]
    assert list(ours) == [b"first\n", b"se"]


def test_flags_write_close_and_exhaust():
    stream = BoundedStream(io.BytesIO(DATA), 10)
    assert stream.readable()
    assert not stream.seekable()
    assert not stream.writable()
    with pytest.raises(OSError, match="not writeable"):
        stream.write(b"x")
    assert not stream.eof
    with pytest.warns(DeprecatedWarning):
        assert not stream.is_exhausted
    stream.exhaust(chunk_size=3)
    assert stream.eof
    assert stream.read() == b""
    stream.close()
    assert stream.closed
    assert Body is BoundedStream
    assert isinstance(stream, io.IOBase)


def test_short_body_marks_eof():
    stream = BoundedStream(io.BytesIO(b"abc"), 10)
    assert stream.read(5) == b"abc"
    assert not stream.eof
    assert stream.read() == b""
    assert stream.eof
