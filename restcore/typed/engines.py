"""Validation engines: msgspec (the default) and pydantic (per type, if installed).

An engine turns one annotated type into the callables an adapter needs, once,
at ``add_route``: a decoder from JSON bytes, a converter from Python objects,
an encoder to JSON bytes, JSON Schemas for OpenAPI, and a list of error
entries from its validation exception. Nothing here runs per request except
those callables.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import sys
import typing
from collections.abc import Callable, Sequence
from typing import Any, Final, Protocol

__all__ = [
    "Engine",
    "MsgspecEngine",
    "PydanticEngine",
    "default_engines",
    "engines_for",
    "is_model",
    "json_pointer",
    "require_msgspec",
]

Decoder = Callable[[bytes], Any]
Converter = Callable[[Any], Any]
Encoder = Callable[[Any], bytes]

_MISSING_MSGSPEC = (
    "App(typed=True) needs msgspec; install it with: pip install 'restcore[typed]'"
)
# msgspec puts the location at the end of its message: "... - at `$.a[3].b`".


class Engine(Protocol):
    """What a validation engine gives the typed floor, per type."""

    name: str

    def supports(self, tp: Any) -> bool:
        """Tell whether the engine handles ``tp`` (a body or return type)."""

    def decoder(self, tp: Any) -> Decoder:
        """Return ``decode(raw_json_bytes) -> instance of tp``."""

    def converter(self, tp: Any) -> Converter:
        """Return ``convert(builtins) -> instance of tp``."""

    def encoder(self, tp: Any) -> Encoder:
        """Return ``encode(instance) -> JSON bytes``."""

    def schemas(
        self, types: Sequence[Any], ref_template: str
    ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        """Return one schema per type and the shared components."""

    def errors(self, ex: Exception) -> list[dict[str, str]]:
        """Return ``{"pointer", "detail"}`` entries for a validation error."""

    def error_types(self) -> tuple[type[Exception], ...]:
        """Return the exception classes the decoder and converter raise."""


def require_msgspec() -> Any:
    """Import msgspec or raise ImportError naming the extra."""
    try:
        import msgspec
    except ImportError as ex:  # pragma: no cover - the test extra installs it
        raise ImportError(_MISSING_MSGSPEC) from ex
    return msgspec


def json_pointer(parts: Sequence[object]) -> str:
    """Return an RFC 6901 pointer in URI-fragment form (``#/lines/3/qty``)."""
    text = "".join(f"/{part}" for part in parts)
    if "~" in text or text.count("/") > len(parts):
        escaped = (str(part).replace("~", "~0").replace("/", "~1") for part in parts)
        text = "".join("/" + part for part in escaped)
    return "#" + text


def _path_parts(path: str) -> list[object]:
    """Split msgspec's ``.lines[3].qty`` into ``["lines", 3, "qty"]``."""
    parts: list[object] = []
    for piece in path.split("."):
        name, _, indexes = piece.partition("[")
        if name:
            parts.append(name)
        if indexes:
            parts.extend(int(index) for index in indexes.rstrip("]").split("]["))
    return parts


def is_model(tp: Any) -> bool:
    """Tell whether ``tp`` is a model: Struct, dataclass, TypedDict, attrs, pydantic."""
    if not isinstance(tp, type):
        return False
    if dataclasses.is_dataclass(tp) or typing.is_typeddict(tp):
        return True
    if hasattr(tp, "__attrs_attrs__") or hasattr(tp, "__struct_fields__"):
        return True
    return _is_pydantic_model(tp)


def _is_pydantic_model(tp: Any) -> bool:
    if "pydantic" not in sys.modules:
        return False  # PERF: no BaseModel can exist yet; skips the MRO walk
    return any(
        base.__module__.startswith("pydantic") and base.__name__ == "BaseModel"
        for base in getattr(tp, "__mro__", ())
    )


class MsgspecEngine:
    """The default engine: msgspec validates while it decodes, in C."""

    name = "msgspec"

    def __init__(self) -> None:
        self._msgspec = require_msgspec()
        # PERF: one Decoder per type, one Encoder for all (both are
        # thread-safe); a model read by POST and PUT is prepared once.
        self._decoders: dict[Any, Decoder] = {}
        self._encode: Encoder = self._msgspec.json.Encoder().encode

    def supports(self, tp: Any) -> bool:  # noqa: D102 - see Engine
        return True

    def decoder(self, tp: Any) -> Decoder:  # noqa: D102 - see Engine
        try:
            return self._decoders[tp]
        except KeyError:
            pass
        except TypeError:  # pragma: no cover - an unhashable annotation
            decode: Decoder = self._msgspec.json.Decoder(tp).decode
            return decode
        decode = self._decoders[tp] = self._msgspec.json.Decoder(tp).decode
        return decode

    def converter(self, tp: Any) -> Converter:  # noqa: D102 - see Engine
        convert = self._msgspec.convert

        def convert_value(value: Any) -> Any:
            return convert(value, tp, strict=False)

        return convert_value

    def encoder(self, tp: Any) -> Encoder:  # noqa: D102 - see Engine
        return self._encode

    def schemas(  # noqa: D102 - see Engine
        self, types: Sequence[Any], ref_template: str
    ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        schemas, components = self._msgspec.json.schema_components(
            types, ref_template=ref_template
        )
        return list(schemas), dict(components)

    def errors(self, ex: Exception) -> list[dict[str, str]]:  # noqa: D102
        if not isinstance(ex, self._msgspec.ValidationError):
            return [{"pointer": "#", "detail": "The body is not valid JSON."}]
        detail, found, path = str(ex).rpartition(" - at `$")
        if not found:
            detail, path = path, ""
        parts = _path_parts(path.removesuffix("`"))
        if "field `" in detail:  # missing required / unknown field `name`
            parts.append(detail.rpartition("field `")[2].partition("`")[0])
        return [{"pointer": json_pointer(parts), "detail": detail}]

    def error_types(self) -> tuple[type[Exception], ...]:  # noqa: D102
        # DecodeError (malformed JSON) is the base of ValidationError.
        return (self._msgspec.DecodeError,)


class PydanticEngine:
    """pydantic ``TypeAdapter``s, built once per type; lists every error."""

    name = "pydantic"

    @property
    def _pydantic(self) -> Any:
        # Imported when a BaseModel is first met: pydantic costs ~100 ms to import.
        import pydantic

        return pydantic

    def supports(self, tp: Any) -> bool:  # noqa: D102 - see Engine
        return _is_pydantic_model(tp)

    def decoder(self, tp: Any) -> Decoder:  # noqa: D102 - see Engine
        decode: Decoder = self._pydantic.TypeAdapter(tp).validate_json
        return decode

    def converter(self, tp: Any) -> Converter:  # noqa: D102 - see Engine
        convert: Converter = self._pydantic.TypeAdapter(tp).validate_python
        return convert

    def encoder(self, tp: Any) -> Encoder:  # noqa: D102 - see Engine
        encode: Encoder = self._pydantic.TypeAdapter(tp).dump_json
        return encode

    def schemas(  # noqa: D102 - see Engine
        self, types: Sequence[Any], ref_template: str
    ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        pairs = [(tp, "validation") for tp in types]
        # pydantic names the placeholder {model}.
        keyed, top = self._pydantic.json_schema.models_json_schema(
            pairs, ref_template=ref_template.replace("{name}", "{model}")
        )
        return [keyed[pair] for pair in pairs], dict(top.get("$defs", {}))

    def errors(self, ex: Exception) -> list[dict[str, str]]:  # noqa: D102
        return [
            {"pointer": json_pointer(error["loc"]), "detail": error["msg"]}
            for error in ex.errors(include_url=False)  # type: ignore[attr-defined]  # a pydantic ValidationError
        ]

    def error_types(self) -> tuple[type[Exception], ...]:  # noqa: D102
        return (self._pydantic.ValidationError,)


def default_engines() -> list[Engine]:
    """Return pydantic (for ``BaseModel`` types only) then msgspec."""
    return [PydanticEngine(), MsgspecEngine()]


_ENGINE_METHODS: Final = (
    "supports",
    "decoder",
    "converter",
    "encoder",
    "schemas",
    "errors",
    "error_types",
)
_TYPED_VALUES = "True, False or a sequence of engines"


def engines_for(typed: object) -> list[Engine]:
    """Return the engines ``App(typed=...)`` asks for.

    Args:
        typed: True (``default_engines()``) or an iterable of engines, tried
            in order for each body and return type.

    Raises:
        TypeError: ``typed`` is neither, an engine lacks part of the
            ``Engine`` protocol, or the sequence is empty.
    """
    if typed is True:
        return default_engines()
    if isinstance(typed, str | bytes | dict) or not isinstance(
        typed, collections.abc.Iterable
    ):
        raise TypeError(f"App(typed=...) takes {_TYPED_VALUES}, not {typed!r}")
    engines = list(typed)
    if not engines:
        raise TypeError(f"App(typed=...) takes {_TYPED_VALUES}, not an empty one")
    for engine in engines:
        if isinstance(engine, type):
            raise TypeError(
                f"App(typed=...): {engine.__name__} is a class; pass an instance "
                f"({engine.__name__}())"
            )
        missing = [
            method
            for method in _ENGINE_METHODS
            if not callable(getattr(engine, method, None))
        ]
        if not isinstance(getattr(engine, "name", None), str):
            missing.insert(0, "name")
        if missing:
            raise TypeError(
                f"App(typed=...): {engine!r} is not an engine (restcore.typed."
                f"Engine); it lacks {', '.join(missing)}"
            )
    return engines
