"""Parse and validate URI templates such as ``/repos/{org}/{id:int(min=1)}``.

A template is split on ``/`` into segments. Each segment is one of:

* a **literal** (no field expression): matched with ``==``;
* a **simple field** (one field spanning the segment, e.g. ``{id:int}``): the
  whole segment is the value;
* a **complex** segment (fields mixed with literals, e.g. ``{a}...{b}``):
  matched with a regex where each field is ``(?P<name>.+)``.

Field syntax follows ``FIELD_PATTERN`` (the same grammar as Falcon's
``_FIELD_PATTERN``): a ``{...}`` that does not match it is literal text.
Converter arguments use Python call syntax and must be literals; they are
read with ``ast.literal_eval``, never evaluated.
"""

from __future__ import annotations

import ast
import keyword
import re
from collections.abc import Mapping
from typing import Any, Final

from restcore.routing.converters import BaseConverter, consumes_multiple_segments

__all__ = (
    "FIELD_PATTERN",
    "Field",
    "Segment",
    "UnacceptableRouteError",
    "instantiate_converter",
    "parse_template",
)

FIELD_PATTERN: Final = re.compile(
    r"""\{(
        (?P<fname>[^}:]*)                  # the field name
        (
            (?P<cname_sep>:(?P<cname>[^}(]*))  # ':' and the converter name
            (\((?P<argstr>[^}]*)\))?           # optional call-syntax arguments
        )?
    )\}""",
    re.VERBOSE,
)
IDENTIFIER_PATTERN: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_WHITESPACE = re.compile(r"\s")

LITERAL: Final = 0
COMPLEX: Final = 1
SIMPLE: Final = 2


class UnacceptableRouteError(ValueError):
    """A URI template is malformed or conflicts with an existing route."""


class Field:
    """One ``{name[:converter[(args)]]}`` expression of a template.

    Args:
        name: The field name (a Python identifier).
        converter_name: The converter identifier, or ``None``.
        argstr: The converter's argument text, or ``None``.
        converter: The converter instance, or ``None``.
    """

    __slots__ = ("argstr", "converter", "converter_name", "name")

    def __init__(
        self,
        name: str,
        converter_name: str | None,
        argstr: str | None,
        converter: BaseConverter | None,
    ) -> None:
        self.name = name
        self.converter_name = converter_name
        self.argstr = argstr
        self.converter = converter

    @property
    def is_consuming(self) -> bool:
        """Tell whether the converter takes the rest of the path."""
        return self.converter is not None and consumes_multiple_segments(self.converter)


class Segment:
    """One ``/``-separated piece of a template.

    Args:
        raw: The segment text as written.
        fields: The field expressions it contains, in order.
    """

    __slots__ = ("fields", "kind", "pattern", "raw", "shape")

    def __init__(self, raw: str, fields: tuple[Field, ...]) -> None:
        self.raw = raw
        self.fields = fields
        # Complex segments conflict when equal once field names are erased.
        self.shape = FIELD_PATTERN.sub("v", raw)
        self.pattern: re.Pattern[str] | None = None
        if not fields:
            self.kind = LITERAL
        elif len(fields) == 1 and FIELD_PATTERN.fullmatch(raw):
            self.kind = SIMPLE
        else:
            self.kind = COMPLEX
            self.pattern = re.compile(_segment_regex(raw))

    def conflicts_with(self, other: Segment) -> bool:
        """Tell whether two different segments cannot share a tree level."""
        if self.kind != other.kind or self.kind == LITERAL:
            return False
        if self.kind == SIMPLE:
            return True
        return self.shape == other.shape


def _segment_regex(raw: str) -> str:
    """Build the full-match regex of a complex segment."""
    parts: list[str] = []
    position = 0
    for match in FIELD_PATTERN.finditer(raw):
        parts.append(re.escape(raw[position : match.start()]))
        parts.append(f"(?P<{match.group('fname')}>.+)")
        position = match.end()
    parts.append(re.escape(raw[position:]))
    return "".join(parts)


def parse_converter_arguments(argstr: str) -> tuple[list[Any], dict[str, Any]]:
    """Read ``"4, min=1"`` as positional and keyword literals.

    Raises:
        ValueError: The text is not a call argument list of literals.
    """
    call = ast.parse(f"_({argstr})", mode="eval").body
    if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Name):
        raise ValueError(f"not an argument list: {argstr!r}")
    args: list[Any] = []
    for node in call.args:
        if isinstance(node, ast.Starred):
            raise ValueError("starred arguments are not supported")
        args.append(ast.literal_eval(node))
    kwargs: dict[str, Any] = {}
    for keyword_node in call.keywords:
        if keyword_node.arg is None:
            raise ValueError("** arguments are not supported")
        kwargs[keyword_node.arg] = ast.literal_eval(keyword_node.value)
    return args, kwargs


def instantiate_converter(
    converter_class: type[BaseConverter], argstr: str | None
) -> BaseConverter:
    """Create a converter from its class and call-syntax argument text.

    Raises:
        ValueError: The arguments are not literals.
        Exception: Whatever the converter's constructor raises.
    """
    if argstr is None:
        return converter_class()
    args, kwargs = parse_converter_arguments(argstr)
    return converter_class(*args, **kwargs)


def _parse_field(
    match: re.Match[str],
    used_names: set[str],
    converters: Mapping[str, type[BaseConverter]],
) -> Field:
    """Validate one field expression and instantiate its converter."""
    name = match.group("fname")
    if not IDENTIFIER_PATTERN.fullmatch(name) or name in keyword.kwlist:
        raise UnacceptableRouteError(
            f'Field names must be valid identifiers ("{name}" is not valid)'
        )
    if name in used_names:
        raise UnacceptableRouteError(
            f'Field names may not be duplicated ("{name}" was used more than once)'
        )
    used_names.add(name)
    if match.group("cname_sep") == ":":
        raise UnacceptableRouteError(f'Missing converter for field "{name}"')
    converter_name: str | None = match.group("cname")
    argstr: str | None = match.group("argstr")
    if not converter_name:
        return Field(name, None, None, None)
    converter_class = converters.get(converter_name)
    if converter_class is None:
        raise UnacceptableRouteError(f'Unknown converter: "{converter_name}"')
    try:
        converter = instantiate_converter(converter_class, argstr)
    except Exception as ex:
        raise UnacceptableRouteError(
            f'Cannot instantiate converter "{converter_name}"'
        ) from ex
    return Field(name, converter_name, argstr, converter)


def parse_template(
    uri_template: str, converters: Mapping[str, type[BaseConverter]]
) -> list[Segment]:
    """Split a template into validated segments.

    Args:
        uri_template: The template, e.g. ``/items/{id:int}``.
        converters: Converter classes by identifier.

    Returns:
        The segments of ``uri_template.lstrip('/')`` split on ``/``.

    Raises:
        UnacceptableRouteError: Whitespace outside fields, an invalid or
            duplicate field name, an unknown converter or bad arguments, or a
            path-consuming converter that is not alone in the last segment.
    """
    if _WHITESPACE.search(FIELD_PATTERN.sub("{FIELD}", uri_template)):
        raise UnacceptableRouteError("URI templates may not include whitespace.")
    raw_segments = uri_template.lstrip("/").split("/")
    used_names: set[str] = set()
    segments = [
        Segment(
            raw,
            tuple(
                _parse_field(match, used_names, converters)
                for match in FIELD_PATTERN.finditer(raw)
            ),
        )
        for raw in raw_segments
    ]
    _check_consuming_fields(uri_template, segments)
    return segments


def _check_consuming_fields(uri_template: str, segments: list[Segment]) -> None:
    """Reject a path-consuming field that is not alone in the last segment."""
    last = len(segments) - 1
    for index, segment in enumerate(segments):
        for field in segment.fields:
            if not field.is_consuming:
                continue
            if segment.kind == COMPLEX:
                raise UnacceptableRouteError(
                    f'Cannot use converter "{field.converter_name}" of variable '
                    f'"{field.name}" in a template that includes other characters '
                    "or variables."
                )
            if index != last:
                raise UnacceptableRouteError(no_children_message(uri_template, field))


def no_children_message(uri_template: str, field: Field) -> str:
    """Say that a path-consuming field leaves nothing for later segments."""
    return (
        f'Cannot add route with template "{uri_template}". Field name '
        f'"{field.name}" uses the converter "{field.converter_name}" that will '
        "consume all the path, making it impossible to match this route."
    )
