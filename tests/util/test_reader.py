import io
import random

import pytest
from falcon.util.reader import BufferedReader as FalconReader

from restcore import errors
from restcore.util.reader import BufferedReader

OPERATIONS = [
    "read",
    "readline",
    "read_until",
    "peek",
    "readlines",
    "pipe_until",
    "delimit",
]


def run_script(cls, data, max_len, chunk_size, script):
    source = io.BytesIO(data)

    def read(size):
        # Short reads exercise the retry loop.
        return source.read(max(1, size // 2) if size > 1 else size)

    reader = cls(read, max_len, chunk_size)
    out = []
    for kind, size, delimiter, consume in script:
        try:
            if kind == "read":
                out.append(reader.read(size))
            elif kind == "readline":
                out.append(reader.readline(size))
            elif kind == "read_until":
                out.append(reader.read_until(delimiter, size, consume))
            elif kind == "peek":
                out.append(reader.peek(size))
            elif kind == "readlines":
                out.append(reader.readlines(size))
            elif kind == "pipe_until":
                sink = io.BytesIO()
                reader.pipe_until(delimiter, sink, consume)
                out.append(sink.getvalue())
            else:
                out.append(reader.delimit(delimiter).read(size))
        except OSError as ex:  # DelimiterError, for both
            out.append(type(ex).__name__)
    out.append(reader.read())
    return out


def make_script(seed):
    rng = random.Random(seed)
    data = bytes(rng.choice(b"ab\n-") for _ in range(rng.randint(0, 60)))
    script = [
        (
            rng.choice(OPERATIONS),
            rng.randint(-1, 12),
            rng.choice([b"-", b"ab", b"b", b"\n-"]),
            rng.random() < 0.4,
        )
        for _ in range(8)
    ]
    return data, rng.randint(0, 70), rng.randint(2, 9), script


@pytest.mark.parametrize("seed", range(60))
def test_random_scripts_match_falcon(seed):
    data, max_len, chunk_size, script = make_script(seed)
    assert run_script(BufferedReader, data, max_len, chunk_size, script) == run_script(
        FalconReader, data, max_len, chunk_size, script
    )


def reader_over(data, max_len=None, chunk_size=4):
    max_len = len(data) if max_len is None else max_len
    return BufferedReader(io.BytesIO(data).read, max_len, chunk_size)


def test_never_reads_past_max_len():
    reader = reader_over(b"0123456789", max_len=4)
    assert reader.read() == b"0123"
    assert reader.read() == b""


def test_read_until_consumes_delimiter_or_raises():
    reader = reader_over(b"head--body--tail", chunk_size=3)
    assert reader.read_until(b"--", consume_delimiter=True) == b"head"
    assert reader.read_until(b"--", consume_delimiter=True) == b"body"
    with pytest.raises(errors.DelimiterError):
        reader.read_until(b"--", consume_delimiter=True)


def test_read_until_across_chunk_boundaries():
    data = b"x" * 1000 + b"\r\n--boundary" + b"y" * 10
    for chunk_size in (12, 13, 64, 4096):
        reader = reader_over(data, chunk_size=chunk_size)
        assert (
            reader.read_until(b"\r\n--boundary", consume_delimiter=True) == b"x" * 1000
        )
        assert reader.read() == b"y" * 10


def test_pipe_until_and_exhaust():
    reader = reader_over(b"abc|def|ghi")
    sink = io.BytesIO()
    reader.pipe_until(b"|", sink, consume_delimiter=True)
    assert sink.getvalue() == b"abc"
    reader.pipe_until(b"|")
    assert reader.peek(1) == b"|"
    reader.exhaust()
    assert reader.read() == b""


def test_delimiter_length_checked():
    with pytest.raises(ValueError, match="delimiter length"):
        reader_over(b"abc", chunk_size=2).read_until(b"abc")
    with pytest.raises(ValueError, match="delimiter length"):
        reader_over(b"abc").read_until(b"")


def test_lines_and_flags():
    reader = reader_over(b"one\ntwo\nthree")
    assert reader.readline() == b"one\n"
    assert reader.readlines() == [b"two\n", b"three"]
    assert reader.readable()
    assert not reader.seekable()
    assert not reader.writeable()
    assert not reader.writable()


def test_pipe_writes_everything():
    reader = reader_over(b"z" * 100, chunk_size=7)
    sink = io.BytesIO()
    reader.pipe(sink)
    assert sink.getvalue() == b"z" * 100


def test_private_read_as_in_falcons_pure_python_reader():
    # Falcon's own suite checks ``_read`` exists on the non-Cython reader.
    import io

    from restcore.util.reader import BufferedReader

    reader = BufferedReader(io.BytesIO(b"abcdef").read, 4)
    assert reader._read(10) == b"abcd"
