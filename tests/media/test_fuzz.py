import io
import json
from typing import Any

import hypothesis.strategies as st
from hypothesis import HealthCheck, given, settings

from restcore import errors
from restcore.media import JSONHandler, MultipartFormHandler, URLEncodedFormHandler

FUZZ = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=20,
)


def json_text(value: Any) -> bytes:
    return json.dumps(value).encode("utf-8", "surrogatepass")


@st.composite
def mutated(draw: st.DrawFn, base: st.SearchStrategy[bytes]) -> bytes:
    data = bytearray(draw(base))
    for _ in range(draw(st.integers(0, 4))):
        position = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "replace", "truncate"]))
        if action == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=8))
        elif action == "delete":
            del data[position : position + draw(st.integers(1, 8))]
        elif action == "replace" and position < len(data):
            data[position] = draw(st.integers(0, 255))
        else:
            del data[position:]
    return bytes(data)


def parse_json(data: bytes) -> Any:
    return JSONHandler().deserialize(io.BytesIO(data), "application/json", len(data))


@FUZZ
@given(st.binary(max_size=200) | mutated(json_values.map(json_text)))
def test_json_bodies_only_raise_400(data: bytes) -> None:
    handler = JSONHandler()
    try:
        media = parse_json(data)
    except (errors.MediaMalformedError, errors.MediaNotFoundError):
        return
    # whatever was accepted must serialize back to valid JSON
    assert json.loads(handler.serialize(media, "application/json")) == media


@FUZZ
@given(json_values)
def test_valid_json_round_trips_or_is_rejected_cleanly(value: Any) -> None:
    try:
        media = parse_json(json_text(value))
    except errors.MediaMalformedError:
        return  # NaN, Infinity, lone surrogates, out-of-range integers
    assert media == json.loads(json_text(value))


@FUZZ
@given(st.binary(max_size=300) | st.text(max_size=100).map(str.encode))
def test_form_bodies_only_raise_400(data: bytes) -> None:
    handler = URLEncodedFormHandler()
    try:
        media = handler.deserialize(
            io.BytesIO(data), "application/x-www-form-urlencoded", len(data)
        )
    except errors.MediaMalformedError:
        return
    assert isinstance(media, dict)


def multipart_form(fields: list[tuple[str, bytes, str | None]]) -> bytes:
    chunks = []
    for name, value, filename in fields:
        disposition = f'form-data; name="{name}"'
        if filename is not None:
            disposition += f'; filename="{filename}"'
        chunks.append(
            b"--BOUNDARY\r\nContent-Disposition: "
            + disposition.encode()
            + b"\r\nContent-Type: text/plain\r\n\r\n"
            + value
            + b"\r\n"
        )
    return b"".join(chunks) + b"--BOUNDARY--\r\n"


fields = st.lists(
    st.tuples(
        st.text(
            st.characters(blacklist_categories=("Cs",), blacklist_characters='"\r\n\\'),
            max_size=10,
        ),
        st.binary(max_size=50),
        st.none()
        | st.text(
            st.characters(blacklist_categories=("Cs",), blacklist_characters='"\r\n\\'),
            max_size=10,
        ),
    ),
    max_size=4,
)


def read_form(data: bytes, length: int | None) -> list[Any]:
    handler = MultipartFormHandler()
    form = handler.deserialize(
        io.BytesIO(data), "multipart/form-data; boundary=BOUNDARY", length
    )
    summary = []
    for part in form:
        summary.append(
            (part.name, part.filename, part.content_type, part.data, part.text)
        )
        if part.filename:
            summary.append(part.secure_filename)
    return summary


@FUZZ
@given(st.binary(max_size=300) | mutated(fields.map(multipart_form)), st.booleans())
def test_multipart_bodies_only_raise_4xx(data: bytes, chunked: bool) -> None:
    status = "200"
    try:
        read_form(data, None if chunked else len(data))
    except errors.HTTPError as ex:
        status = ex.status
    assert status[0] in "24"


@FUZZ
@given(fields)
def test_generated_forms_parse_back(
    generated: list[tuple[str, bytes, str | None]],
) -> None:
    data = multipart_form(generated)
    try:
        parsed = read_form(data, len(data))
    except errors.MultipartParseError:
        # a value containing the delimiter, or text that is not UTF-8
        return
    names = [entry[0] for entry in parsed if isinstance(entry, tuple)]
    assert names == [name for name, _, _ in generated]
