# Raw multipart fixtures read best one per line.
# ruff: noqa: E501
import io
import json
from collections.abc import Callable
from typing import Any

import falcon
import falcon.media
import pytest

from restcore import errors
from restcore.media import MultipartFormHandler
from restcore.media.multipart import BodyPart, MultipartForm, MultipartParseOptions

BOUNDARY = "BOUNDARY"
CONTENT_TYPE = f"multipart/form-data; boundary={BOUNDARY}"


def part(
    body: bytes = b"value",
    name: str | None = "field",
    filename: str | None = None,
    content_type: str | None = None,
    extra: bytes = b"",
) -> bytes:
    disposition = b"Content-Disposition: form-data"
    if name is not None:
        disposition += f'; name="{name}"'.encode()
    if filename is not None:
        disposition += f'; filename="{filename}"'.encode()
    headers = disposition + b"\r\n"
    if content_type is not None:
        headers += f"Content-Type: {content_type}\r\n".encode()
    return (
        b"--" + BOUNDARY.encode() + b"\r\n" + headers + extra + b"\r\n" + body + b"\r\n"
    )


def form(*parts: bytes, close: bytes = b"--" + BOUNDARY.encode() + b"--\r\n") -> bytes:
    return b"".join(parts) + close


class OneByteStream:
    """A stream whose read returns at most one byte, like a slow socket."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def read(self, size: int | None = -1) -> bytes:
        return self._data.read(1 if size is None or size < 0 else min(size, 1))


class ChunkStream:
    """A stream returning chunks of varying sizes."""

    def __init__(
        self, data: bytes, sizes: tuple[int, ...] = (3, 1, 7, 64, 2, 1000)
    ) -> None:
        self._data = io.BytesIO(data)
        self._sizes = sizes
        self._calls = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = self._sizes[self._calls % len(self._sizes)]
        self._calls += 1
        return self._data.read(chunk if size is None or size < 0 else min(size, chunk))


FEEDS: dict[str, Callable[[bytes], tuple[Any, int | None]]] = {
    "whole": lambda body: (io.BytesIO(body), len(body)),
    "one_byte": lambda body: (OneByteStream(body), len(body)),
    "chunks": lambda body: (ChunkStream(body), len(body)),
    "chunked_no_length": lambda body: (io.BytesIO(body), None),
    "trailing_data": lambda body: (
        io.BytesIO(body + b"\r\n--BOUNDARY\r\ntrailing junk"),
        len(body),
    ),
}


def summarize(parts: Any) -> list[tuple[Any, ...]]:
    return [(p.name, p.filename, p.content_type, p.data) for p in parts]


def parse_ours(
    body: bytes, feed: str = "whole", options: MultipartParseOptions | None = None
) -> Any:
    stream, length = FEEDS[feed](body)
    handler = MultipartFormHandler(options)
    return summarize(handler.deserialize(stream, CONTENT_TYPE, length))


def parse_falcon(body: bytes) -> Any:
    handler = falcon.media.MultipartFormHandler()
    return summarize(handler.deserialize(io.BytesIO(body), CONTENT_TYPE, len(body)))


VALID_FORMS = {
    "single": form(part()),
    "two": form(part(name="a"), part(name="b", body=b"second")),
    "empty_value": form(part(body=b"")),
    "file": form(
        part(
            body=b"\x00\x01\xff" * 100,
            filename="a.bin",
            content_type="application/octet-stream",
        )
    ),
    "crlf_in_data": form(part(body=b"line1\r\nline2\r\n\r\n")),
    "dashes_in_data": form(part(body=b"--BOUNDARY not at a line start\r\n--BOUNDAR")),
    "boundary_prefix_in_data": form(part(body=b"\r\n--BOUNDAR")),
    "cr_at_end": form(part(body=b"ends with CR\r")),
    "preamble": b"This is a preamble\r\n" + form(part()),
    "epilogue": form(part(), close=b"--BOUNDARY--\r\nepilogue text\r\n"),
    "no_final_crlf": form(part(), close=b"--BOUNDARY--"),
    "utf8_name": form(part(name="é☃", filename="naïve file.txt")),
    "json_part": form(part(body=b'{"a": 1}', content_type="application/json")),
    "many": form(*(part(name=f"f{i}", body=str(i).encode()) for i in range(64))),
    "large": form(part(body=b"x" * 300_000), part(name="after")),
    "quoted_semicolon": form(part(name="a;b")),
    "header_case": form(
        b'--BOUNDARY\r\ncontent-disposition: form-data; name="x"\r\nCONTENT-TYPE: text/csv\r\n\r\nv\r\n'
    ),
    "ignored_headers": form(part(extra=b"X-Other: 1\r\nContent-Length: 99\r\n")),
    "cte_binary": form(part(extra=b"Content-Transfer-Encoding: binary\r\n")),
    "filename_star": form(
        b'--BOUNDARY\r\nContent-Disposition: form-data; name="f"; '
        b"filename*=UTF-8''%E2%98%83.txt\r\n\r\ndata\r\n"
    ),
    "empty_filename": form(part(filename="")),
    "crlf_only_data": form(part(body=b"\r\n")),
    "binary_noise": form(part(body=bytes(range(256)) * 50)),
}


@pytest.mark.parametrize("name", list(VALID_FORMS))
def test_valid_forms_match_falcon(name: str) -> None:
    body = VALID_FORMS[name]
    assert parse_ours(body) == parse_falcon(body)


@pytest.mark.parametrize("feed", list(FEEDS))
@pytest.mark.parametrize("name", [n for n in VALID_FORMS if n != "large"])
def test_valid_forms_any_feed(name: str, feed: str) -> None:
    body = VALID_FORMS[name]
    assert parse_ours(body, feed) == parse_ours(body)


def test_byte_at_a_time_large_part() -> None:
    data = bytes(range(256)) * 400
    body = form(part(body=data, filename="f"))
    stream = OneByteStream(body)
    parts = iter(MultipartFormHandler().deserialize(stream, CONTENT_TYPE, len(body)))
    first = next(parts)
    chunks = []
    while chunk := first.stream.read(7):
        chunks.append(chunk)
    assert b"".join(chunks) == data
    assert list(parts) == []


# Documented differences: RFC 2046 allows these, Falcon rejects or misreads them.
LENIENT_FORMS = {
    "transport_padding": (
        b'--BOUNDARY \t\r\nContent-Disposition: form-data; name="a"\r\n\r\nv\r\n--BOUNDARY--\r\n',
        [("a", None, "text/plain", b"v")],
    ),
    "no_headers": (
        b"--BOUNDARY\r\n\r\nbody\r\n--BOUNDARY--\r\n",
        [(None, None, "text/plain", b"body")],
    ),
    "header_without_space": (
        b'--BOUNDARY\r\nContent-Disposition:form-data; name="a"\r\n\r\nv\r\n--BOUNDARY--\r\n',
        [("a", None, "text/plain", b"v")],
    ),
}


@pytest.mark.parametrize("name", list(LENIENT_FORMS))
def test_lenient_forms_differ_from_falcon(name: str) -> None:
    body, expected = LENIENT_FORMS[name]
    assert parse_ours(body) == expected
    try:
        falcon_result = parse_falcon(body)
    except falcon.MultipartParseError:
        falcon_result = None
    assert falcon_result != expected


P = b'--BOUNDARY\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue'
MALFORMED_BODIES = {
    "empty": b"",
    "no_delimiter": b"just some text",
    "only_preamble": b"preamble\r\n\r\n",
    "wrong_boundary": b"--OTHER\r\n\r\nx\r\n--OTHER--\r\n",
    "truncated_in_data": P,
    "truncated_in_data_crlf": P + b"\r\n",
    "truncated_in_delimiter": P + b"\r\n--BOUND",
    "missing_close": P + b"\r\n--BOUNDARY\r\n",
    "missing_close_no_crlf": P + b"\r\n--BOUNDARY",
    "missing_close_dash": P + b"\r\n--BOUNDARY-",
    "junk_after_delimiter": b"--BOUNDARYX\r\n\r\nv\r\n--BOUNDARY--",
    "junk_after_padding": b"--BOUNDARY  x\r\n\r\nv\r\n--BOUNDARY--",
    "lf_only_delimiter_line": b"--BOUNDARY\nContent-Disposition: form-data\n\nv\n--BOUNDARY--\n",
    "cr_only_delimiter_line": b"--BOUNDARY\rContent-Disposition: form-data\r\rv\r--BOUNDARY--\r",
    "padding_too_long": b"--BOUNDARY" + b" " * 2000 + b"\r\n\r\nv\r\n--BOUNDARY--",
    "truncated_headers": b"--BOUNDARY\r\nContent-Disposition: form-data",
    "truncated_headers_crlf": b"--BOUNDARY\r\nContent-Disposition: form-data\r\n",
    "headers_never_end": b"--BOUNDARY\r\nA: b\r\n" + b"X: y\r\n" * 2000,
    "headers_too_large": b"--BOUNDARY\r\nX: "
    + b"y" * 9000
    + b"\r\n\r\nv\r\n--BOUNDARY--",
    "headers_lf_only": b"--BOUNDARY\r\nContent-Disposition: form-data\n\nv\r\n--BOUNDARY--",
    "cte_base64": form(part(extra=b"Content-Transfer-Encoding: base64\r\n")),
    "cte_quoted_printable": form(
        part(extra=b"Content-Transfer-Encoding: quoted-printable\r\n")
    ),
    "cte_7bit": form(part(extra=b"Content-Transfer-Encoding: 7bit\r\n")),
    "non_utf8_disposition": form(
        b'--BOUNDARY\r\nContent-Disposition: form-data; name="\xff"\r\n\r\nv\r\n'
    ),
    "latin1_filename": form(
        b'--BOUNDARY\r\nContent-Disposition: form-data; filename="caf\xe9"\r\n\r\nv\r\n'
    ),
    "non_ascii_content_type": form(part(content_type="text/pl\xe4in")),
    "overlong_utf8_disposition": form(
        b'--BOUNDARY\r\nContent-Disposition: form-data; name="\xc0\xaf"\r\n\r\nv\r\n'
    ),
    "surrogate_utf8_disposition": form(
        b'--BOUNDARY\r\nContent-Disposition: form-data; name="\xed\xa0\x80"\r\n\r\nv\r\n'
    ),
    "too_many_parts": form(*(part(name=str(i)) for i in range(65))),
    "way_too_many_parts": form(*(part(name=str(i)) for i in range(500))),
    "second_part_truncated": form(part()).replace(
        b"--BOUNDARY--\r\n",
        b"--BOUNDARY\r\nContent-Disposition: form-data\r\n\r\nunfinished",
    ),
    "close_then_nothing_in_second": P + b"\r\n--BOUNDARY\r\nX: y\r\n",
    "nul_bytes": b"\x00" * 100,
    "only_close_delimiter_missing_crlf": b"--BOUNDARY\r\n",
    "delimiter_then_eof": b"--BOUNDARY",
    "delimiter_then_one_dash": b"--BOUNDARY-",
    "truncated_large_part": b"--BOUNDARY\r\n\r\n" + b"x" * 200_000,
    "boundary_in_headers_only": b"--BOUNDARY\r\nX: --BOUNDARY\r\n",
    "lf_before_delimiter": P + b"\n--BOUNDARY--\r\n",
    "space_in_place_of_crlf": P + b" --BOUNDARY--",
    "preamble_then_eof": b"preamble --BOUNDAR",
}

BAD_TEXT_OR_MEDIA = {
    "bad_charset": (form(part(content_type="text/plain; charset=nope")), "text"),
    "undecodable_text": (
        form(part(body=b"\xff\xfe", content_type="text/plain; charset=utf-8")),
        "text",
    ),
    "non_text_codec": (form(part(content_type="text/plain; charset=rot13")), "text"),
    "part_too_large": (form(part(body=b"x" * (1024 * 1024 + 1))), "data"),
    "bad_filename_star_charset": (
        form(
            b"--BOUNDARY\r\nContent-Disposition: form-data; filename*=nope''x\r\n\r\nv\r\n"
        ),
        "filename",
    ),
    "bad_filename_star_bytes": (
        form(
            b"--BOUNDARY\r\nContent-Disposition: form-data; filename*=ascii''%FF\r\n\r\nv\r\n"
        ),
        "filename",
    ),
    "missing_filename": (form(part()), "secure_filename"),
    "empty_filename": (form(part(filename="")), "secure_filename"),
    "malformed_json_part": (
        form(part(body=b"{", content_type="application/json")),
        "media",
    ),
    "empty_json_part": (form(part(body=b"", content_type="application/json")), "media"),
    "unsupported_part_type": (form(part(content_type="image/png")), "media"),
    "non_ascii_form_part": (
        form(part(body=b"a=\xff", content_type="application/x-www-form-urlencoded")),
        "media",
    ),
}


def read_everything(parts: Any) -> None:
    for body_part in parts:
        body_part.get_data()
        _ = (body_part.name, body_part.filename, body_part.content_type)


def consume(parts: Any) -> None:
    for body_part in parts:
        body_part.stream.read(10)


@pytest.mark.parametrize("feed", list(FEEDS))
@pytest.mark.parametrize("name", list(MALFORMED_BODIES))
def test_malformed_bodies_are_400(name: str, feed: str) -> None:
    body = MALFORMED_BODIES[name]
    stream, length = FEEDS[feed](body)
    parts = MultipartFormHandler().deserialize(stream, CONTENT_TYPE, length)
    with pytest.raises(errors.MultipartParseError) as exc_info:
        read_everything(parts)
    assert exc_info.value.status == falcon.HTTP_400
    assert exc_info.value.title == "Malformed multipart/form-data request media"


@pytest.mark.parametrize("name", list(MALFORMED_BODIES))
def test_malformed_bodies_fail_even_when_parts_are_skipped(name: str) -> None:
    body = MALFORMED_BODIES[name]
    parts = MultipartFormHandler().deserialize(
        io.BytesIO(body), CONTENT_TYPE, len(body)
    )
    with pytest.raises(errors.MultipartParseError):
        consume(parts)


@pytest.mark.parametrize("name", list(BAD_TEXT_OR_MEDIA))
def test_bad_part_content_is_4xx(name: str) -> None:
    body, attribute = BAD_TEXT_OR_MEDIA[name]
    parts = MultipartFormHandler().deserialize(
        io.BytesIO(body), CONTENT_TYPE, len(body)
    )
    body_part = next(iter(parts))
    with pytest.raises(errors.HTTPError) as exc_info:
        getattr(body_part, attribute)
    assert exc_info.value.status[:1] == "4"


@pytest.mark.parametrize(
    "content_type",
    [
        None,
        "",
        "multipart/form-data",
        "multipart/form-data; boundary=",
        'multipart/form-data; boundary=""',
        "multipart/form-data; boundary=" + "x" * 71,
        'multipart/form-data; boundary="   "',
        "multipart/form-data; charset=utf-8",
        "multipart/form-data; boundary=é",
    ],
)
def test_invalid_boundary_is_400(content_type: str | None) -> None:
    with pytest.raises(errors.HTTPInvalidHeader) as exc_info:
        MultipartFormHandler().deserialize(io.BytesIO(b""), content_type, 0)
    assert exc_info.value.status == falcon.HTTP_400
    if content_type is not None and "é" not in content_type:
        with pytest.raises(falcon.HTTPInvalidHeader) as falcon_error:
            falcon.media.MultipartFormHandler().deserialize(
                io.BytesIO(b""), content_type, 0
            )
        assert exc_info.value.description == falcon_error.value.description


@pytest.mark.parametrize(
    ("content_type", "boundary"),
    [
        ("multipart/form-data; boundary=abc", b"abc"),
        ('multipart/form-data; boundary="a b:c"', b"a b:c"),
        ("multipart/form-data; boundary=abc  ", b"abc"),
        ("multipart/form-data; boundary=" + "x" * 70, b"x" * 70),
        ("multipart/form-data;boundary=abc;charset=utf-8", b"abc"),
    ],
)
def test_boundary_parameter(content_type: str, boundary: bytes) -> None:
    body = form(part()).replace(BOUNDARY.encode(), boundary)
    parts = MultipartFormHandler().deserialize(
        io.BytesIO(body), content_type, len(body)
    )
    assert [p.data for p in parts] == [b"value"]


def open_form(
    body: bytes, options: MultipartParseOptions | None = None
) -> MultipartForm:
    return MultipartFormHandler(options).deserialize(
        io.BytesIO(body), CONTENT_TYPE, len(body)
    )


def test_skipped_parts_have_no_data() -> None:
    body = form(
        part(name="text", body="naïve".encode()),
        part(
            name="latin",
            body="naïve".encode("latin-1"),
            content_type="text/plain; charset=latin-1",
        ),
        part(
            name="upload",
            filename="../../etc/pass wd.txt",
            body=b"bin",
            content_type="image/png",
        ),
        part(name="doc", body=b'{"k": [1]}', content_type="application/json"),
        part(
            name="form",
            body=b"a=1&b=2",
            content_type="application/x-www-form-urlencoded",
        ),
    )
    parts = list(open_form(body))
    assert all(isinstance(p, BodyPart) for p in parts)
    # each part's stream was skipped when the next was requested
    assert [p.data for p in parts] == [b"", b"", b"", b"", b""]


def test_body_part_api_in_order() -> None:
    body = form(
        part(name="text", body="naïve".encode()),
        part(
            name="latin",
            body="naïve".encode("latin-1"),
            content_type="text/plain; charset=latin-1",
        ),
        part(
            name="upload",
            filename="../../etc/pass wd.txt",
            body=b"bin",
            content_type="image/png",
        ),
        part(name="doc", body=b'{"k": [1]}', content_type="application/json"),
        part(
            name="form",
            body=b"a=1&b=2",
            content_type="application/x-www-form-urlencoded",
        ),
    )
    seen = []
    for body_part in open_form(body):
        if body_part.name == "text":
            assert body_part.text == "naïve"
            assert body_part.get_text() == "naïve"
            assert body_part.content_type == "text/plain"
            assert body_part.filename is None
        elif body_part.name == "latin":
            assert body_part.text == "naïve"
        elif body_part.name == "upload":
            assert body_part.filename == "../../etc/pass wd.txt"
            assert body_part.secure_filename == "_._.._etc_pass_wd.txt"
            assert body_part.text is None
            assert body_part.data == b"bin"
            assert body_part.get_data() == b"bin"
        elif body_part.name == "doc":
            assert body_part.media == {"k": [1]}
            assert body_part.get_media() == {"k": [1]}
        else:
            assert body_part.get_media() == {"a": "1", "b": "2"}
        seen.append(body_part.name)
    assert seen == ["text", "latin", "upload", "doc", "form"]


def test_secure_filename_matches_falcon() -> None:
    names = [
        "Ångström unit physics.pdf",
        ".hidden",
        "a/b\\c.txt",
        "Bold Digit \U0001d7cf",
        "x" * 50 + ".tar.gz",
    ]
    for max_length in (None, 10):
        options = MultipartParseOptions()
        options.max_secure_filename_length = max_length
        falcon_handler = falcon.media.MultipartFormHandler()
        falcon_handler.parse_options.max_secure_filename_length = max_length
        body = form(*(part(name=str(i), filename=n) for i, n in enumerate(names)))
        ours = [p.secure_filename for p in open_form(body, options)]
        theirs = [
            p.secure_filename
            for p in falcon_handler.deserialize(
                io.BytesIO(body), CONTENT_TYPE, len(body)
            )
        ]
        assert ours == theirs


def test_stream_reading_methods() -> None:
    data = b"line one\nline two\r\nline three\n\nlast"
    body = form(part(body=data), part(name="next", body=b"n"))
    parts = iter(open_form(body))
    first = next(parts)
    assert first.stream.peek(4) == b"line"
    assert first.stream.readline() == b"line one\n"
    assert first.stream.readline(4) == b"line"
    assert first.stream.read(5) == b" two\r"
    assert first.stream.readlines() == [b"\n", b"line three\n", b"\n", b"last"]
    assert first.stream.read() == b""
    assert first.stream.readable()
    assert not first.stream.seekable()
    assert not first.stream.writable()
    second = next(parts)
    assert second.stream.read() == b"n"


def test_stream_iteration_and_pipe() -> None:
    data = b"a\nb\nc"
    body = form(part(body=data), part(body=b"x" * 200_000))
    parts = iter(open_form(body))
    assert list(next(parts).stream) == [b"a\n", b"b\n", b"c"]
    sink = io.BytesIO()
    next(parts).stream.pipe(sink)
    assert sink.getvalue() == b"x" * 200_000


def test_readlines_hint() -> None:
    body = form(part(body=b"1\n2\n3\n4\n"))
    assert next(iter(open_form(body))).stream.readlines(3) == [b"1\n", b"2\n"]


def test_stale_part_stream_reads_nothing() -> None:
    body = form(part(name="a", body=b"first"), part(name="b", body=b"second"))
    parts = iter(open_form(body))
    first = next(parts)
    second = next(parts)
    assert first.stream.read() == b""
    assert first.stream.peek(3) == b""
    assert first.data == b""
    assert second.data == b"second"


def test_partial_read_then_next_part() -> None:
    body = form(
        part(name="a", body=b"0123456789" * 10_000), part(name="b", body=b"second")
    )
    parts = iter(open_form(body))
    assert next(parts).stream.read(5) == b"01234"
    assert next(parts).data == b"second"


def test_interrupted_iteration_resumes() -> None:
    body = form(*(part(name=str(i)) for i in range(4)))
    parts = open_form(body)
    names = []
    for body_part in parts:
        names.append(body_part.name)
        if body_part.name == "1":
            break
    names.extend(p.name for p in parts)
    assert names == ["0", "1", "2", "3"]
    assert list(parts) == []


@pytest.mark.parametrize("count", [0, 3])
def test_part_count_limit(count: int) -> None:
    options = MultipartParseOptions()
    options.max_body_part_count = count
    body = form(*(part(name=str(i)) for i in range(100)))
    if count == 0:
        assert len(list(open_form(body, options))) == 100
    else:
        with pytest.raises(errors.MultipartParseError) as exc_info:
            list(open_form(body, options))
        assert (
            exc_info.value.description == "maximum number of form body parts exceeded"
        )


def test_header_size_limit() -> None:
    options = MultipartParseOptions()
    options.max_body_part_headers_size = 100
    ok = form(part(extra=b"X: " + b"y" * 20 + b"\r\n"))
    assert len(list(open_form(ok, options))) == 1
    too_big = form(part(extra=b"X: " + b"y" * 200 + b"\r\n"))
    with pytest.raises(errors.MultipartParseError) as exc_info:
        list(open_form(too_big, options))
    assert exc_info.value.description == "incomplete body part headers"


def test_buffer_size_limit() -> None:
    options = MultipartParseOptions()
    options.max_body_part_buffer_size = 10
    body = form(part(body=b"x" * 10), part(body=b"x" * 11))
    parts = iter(open_form(body, options))
    assert next(parts).data == b"x" * 10
    with pytest.raises(errors.MultipartParseError) as exc_info:
        _ = next(parts).data
    assert exc_info.value.description == "body part is too large"


def test_default_charset_option() -> None:
    options = MultipartParseOptions()
    options.default_charset = "latin-1"
    body = form(part(body="é".encode("latin-1")))
    assert next(iter(open_form(body, options))).text == "é"


def test_parse_options_defaults_match_falcon() -> None:
    ours, theirs = (
        MultipartParseOptions(),
        falcon.media.multipart.MultipartParseOptions(),
    )
    for name in theirs.__slots__:
        if name == "media_handlers":
            assert sorted(getattr(ours, name)) == sorted(getattr(theirs, name))
        else:
            assert getattr(ours, name) == getattr(theirs, name), name
    assert MultipartParseOptions().media_handlers is not ours.media_handlers


def test_body_part_members_match_falcon() -> None:
    public = {n for n in dir(falcon.media.multipart.BodyPart) if not n.startswith("_")}
    public.add("stream")
    assert public <= set(dir(BodyPart))


def test_serialize_is_unsupported() -> None:
    with pytest.raises(NotImplementedError):
        MultipartFormHandler().serialize({}, CONTENT_TYPE)


def test_does_not_read_past_content_length() -> None:
    body = form(part())
    stream = io.BytesIO(body + b"extra bytes that belong to nobody")
    assert [
        p.data
        for p in MultipartFormHandler().deserialize(stream, CONTENT_TYPE, len(body))
    ] == [b"value"]
    assert stream.tell() <= len(body)


def test_stops_reading_at_close_delimiter() -> None:
    body = form(part(), close=b"--BOUNDARY--\r\n" + b"e" * 1_000_000)
    stream = io.BytesIO(body)
    assert (
        len(list(MultipartFormHandler().deserialize(stream, CONTENT_TYPE, None))) == 1
    )
    assert stream.tell() < 200_000


def test_json_part_with_stdlib_roundtrip() -> None:
    payload = {"a": [1, 2, {"b": "é"}]}
    body = form(
        part(
            body=json.dumps(payload).encode(),
            content_type="application/json; charset=utf-8",
        )
    )
    assert next(iter(open_form(body))).media == payload


def test_readline_on_truncated_body_is_400() -> None:
    body = b"--BOUNDARY\r\n\r\nline without end"
    body_part = next(iter(open_form(body)))
    with pytest.raises(errors.MultipartParseError):
        body_part.stream.readline()


def test_peek_fills_from_slow_stream() -> None:
    body = form(part(body=b"0123456789"))
    parts = MultipartFormHandler().deserialize(
        OneByteStream(body), CONTENT_TYPE, len(body)
    )
    body_part = next(iter(parts))
    assert body_part.stream.peek(6) == b"012345"
    assert body_part.stream.peek() == b"0123456789"
    body_part.stream.exhaust()
    assert body_part.stream.read() == b""


def test_scanner_rebases_a_found_delimiter_on_refill() -> None:
    from restcore.media.multipart import _Scanner

    stream = ChunkStream(b"abc--Xdef", sizes=(4,))
    scanner = _Scanner(stream.read, None, b"--X")
    assert scanner.read_part(2, 0) == b"ab"
    assert scanner.peek_part(10, 0) == b"c"
    assert scanner._ensure(7)
    assert scanner.read_part(10, 0) == b"c"
    scanner.skip_part()
    assert scanner._buffer[scanner._pos :].startswith(b"d")


def test_get_media_exhausts_when_the_handler_asks() -> None:
    from restcore.media import BaseHandler

    class FirstByte(BaseHandler):
        exhaust_stream = True

        def deserialize(
            self, stream: Any, content_type: str | None, length: int | None
        ) -> Any:
            return stream.read(1)

    options = MultipartParseOptions()
    options.media_handlers["text/plain"] = FirstByte()
    body = form(part(body=b"xyz"))
    body_part = next(iter(open_form(body, options)))
    assert body_part.media == b"x"
    assert body_part.stream.read() == b""


def test_an_empty_multipart_body_is_400_where_falcon_gives_500() -> None:
    # docs/differences.md: iterating the form of an empty body raises outside
    # Falcon's MultipartParseError in Falcon 4.4; restcore answers 400.
    import falcon.testing

    import restcore
    import restcore.testing

    class PartNames:
        def on_post(self, req: Any, resp: Any) -> None:
            resp.media = [part.name for part in req.get_media()]

    statuses = []
    for fw in (falcon, restcore):
        app = fw.App()
        app.add_route("/", PartNames())
        result = fw.testing.simulate_post(
            app,
            "/",
            headers={"Content-Type": "multipart/form-data; boundary=x"},
            body=b"",
        )
        statuses.append(result.status_code)
    assert statuses == [500, 400]


@pytest.mark.parametrize("problem_details", [False, True])
def test_media_in_a_type_no_handler_serializes_is_415_where_falcon_gives_500(
    problem_details: bool,
) -> None:
    # docs/differences.md: the multipart handler cannot serialize, so a
    # response of that type is answered as one with no handler at all.
    import falcon.testing

    import restcore
    import restcore.testing

    class Typed:
        def on_get(self, req: Any, resp: Any) -> None:
            resp.content_type = req.get_param("type")
            resp.media = {"a": 1}

    statuses = []
    for fw, options in ((falcon, {}), (restcore, {"problem_details": problem_details})):
        app = fw.App(**options)
        app.add_route("/", Typed())
        for media_type in ("multipart/form-data", "text/x-unknown"):
            result = fw.testing.simulate_get(app, "/", params={"type": media_type})
            statuses.append(result.status_code)
            if fw is restcore:
                assert result.headers["content-type"].startswith("application/")
                assert "unsupported media type" in result.text
    assert statuses == [500, 415, 415, 415]
