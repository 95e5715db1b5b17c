"""Reading a responder's signature once: where each parameter comes from.

``plan_responder`` turns annotations into a ``ResponderPlan`` at ``add_route``:
path fields (checked against the template's converters), query, header and
cookie parameters (scalars, ``list[scalar]``, Enum, Literal, UUID, dates,
``| None``, with ``msgspec.Meta`` constraints), at most one body model, and
how the return value becomes the response. Every mistake in the annotations
raises here, never at request time.
"""

from __future__ import annotations

import datetime
import decimal
import enum
import inspect
import types
import typing
import uuid
from collections.abc import Callable, Sequence
from typing import Annotated, Any, Final, Literal, NoReturn, Union

from restcore.typed.engines import Engine, MsgspecEngine, is_model
from restcore.typed.markers import (
    BODY,
    COOKIE,
    HEADER,
    INJECTED,
    QUERY,
    RESPONDS_ATTRIBUTE,
    Param,
    Responds,
    Source,
)

__all__ = [
    "REQUIRED",
    "BodyPlan",
    "ParamPlan",
    "ResponderPlan",
    "converter_for",
    "plan_responder",
    "unwrap_annotated",
]

REQUIRED: Final = inspect.Parameter.empty
_SCALARS: Final = (
    str,
    int,
    float,
    bool,
    uuid.UUID,
    datetime.date,
    datetime.datetime,
    datetime.time,
    decimal.Decimal,
)
# Annotation of a path field -> the converter it needs (None: no converter).
_PATH_CONVERTERS: Final[dict[Any, str | None]] = {
    int: "int",
    float: "float",
    uuid.UUID: "uuid",
    datetime.datetime: "dt",
    str: None,
}
_STRING_CONVERTERS: Final = frozenset({None, "path", "re"})
_UNTYPED_RETURNS: Final = (None, type(None), Any, NoReturn, REQUIRED)


class ParamPlan:
    """One query, header or cookie parameter.

    Args:
        name: The Python name.
        location: ``query``, ``header`` or ``cookie``.
        key: The name on the wire.
        annotation: The type, constraints included, marker removed.
        default: The default, or ``REQUIRED``.
        description: Text for OpenAPI, or None.
    """

    __slots__ = (
        "annotation",
        "default",
        "description",
        "is_list",
        "key",
        "location",
        "name",
    )

    def __init__(
        self,
        name: str,
        location: str,
        key: str,
        annotation: Any,
        default: Any,
        description: str | None,
    ) -> None:
        self.name = name
        self.location = location
        self.key = key
        self.annotation = annotation
        self.default = default
        self.description = description
        self.is_list = _is_list(annotation)


class BodyPlan:
    """The body parameter and the engine that reads it.

    Args:
        name: The Python name.
        annotation: The model type.
        engine: The engine chosen for it.
    """

    __slots__ = ("annotation", "engine", "name")

    def __init__(self, name: str, annotation: Any, engine: Engine) -> None:
        self.name = name
        self.annotation = annotation
        self.engine = engine


class ResponderPlan:
    """Everything the adapter and the OpenAPI builder need about one responder.

    Attributes:
        function: The user's own function (hooks unwrapped).
        wrapper: The responder as the class holds it (hooks included).
        params: Query, header and cookie parameters, in signature order.
        body: The body parameter, or None.
        path_types: Path field name -> annotation (for OpenAPI).
        returns: The return annotation, or None when it says nothing.
        return_engine: The engine that encodes the return value, or None to
            use ``resp.media``.
        responds: What ``@responds`` recorded, or None.
        is_typed: Whether an adapter is needed at all.
    """

    __slots__ = (
        "body",
        "function",
        "is_typed",
        "params",
        "path_types",
        "responds",
        "return_engine",
        "returns",
        "wrapper",
    )

    def __init__(
        self, function: Callable[..., Any], wrapper: Callable[..., Any] | None = None
    ) -> None:
        self.function = function
        self.wrapper = wrapper if wrapper is not None else function
        self.params: list[ParamPlan] = []
        self.body: BodyPlan | None = None
        self.path_types: dict[str, Any] = {}
        self.returns: Any = None
        self.return_engine: Engine | None = None
        self.responds: Responds | None = getattr(
            function, RESPONDS_ATTRIBUTE, None
        ) or getattr(self.wrapper, RESPONDS_ATTRIBUTE, None)
        self.is_typed = False


def unwrap_annotated(annotation: Any) -> tuple[Any, list[Any]]:
    """Split ``Annotated[T, *meta]`` into ``T`` and the metadata list."""
    if typing.get_origin(annotation) is Annotated:
        return annotation.__origin__, list(annotation.__metadata__)
    return annotation, []


def _strip_marker(annotation: Any) -> tuple[Any, Source | None, Param | None]:
    """Return the annotation without its Source and Param metadata, and those."""
    base, metadata = unwrap_annotated(annotation)
    # ``Annotated[int, Query]``: a bare marker alias stands for its source.
    metadata = [_marker_source(item) for item in metadata]
    sources = [item for item in metadata if isinstance(item, Source)]
    params = [item for item in metadata if isinstance(item, Param)]
    if len(sources) > 1:
        raise TypeError(f"{annotation!r} names more than one parameter source")
    rest = [item for item in metadata if not isinstance(item, Source | Param)]
    stripped = Annotated[(base, *rest)] if rest else base
    return (
        stripped,
        sources[0] if sources else None,
        params[0] if params else None,
    )


def _marker_source(item: Any) -> Any:
    _, metadata = unwrap_annotated(item)
    sources = [entry for entry in metadata if isinstance(entry, Source)]
    return sources[0] if sources else item


def _non_none(annotation: Any) -> list[Any]:
    """Return the members of a union other than None (or the type itself)."""
    base, _ = unwrap_annotated(annotation)
    if typing.get_origin(base) in (Union, types.UnionType):
        return [arg for arg in typing.get_args(base) if arg is not type(None)]
    return [base]


def _allows_none(annotation: Any) -> bool:
    base, _ = unwrap_annotated(annotation)
    return typing.get_origin(base) in (Union, types.UnionType) and type(
        None
    ) in typing.get_args(base)


def _is_scalar(annotation: Any) -> bool:
    base, _ = unwrap_annotated(annotation)
    if typing.get_origin(base) is Literal:
        return True
    if isinstance(base, type) and (issubclass(base, (*_SCALARS, enum.Enum))):
        return True
    members = _non_none(base)
    return members != [base] and all(_is_scalar(member) for member in members)


def _is_list(annotation: Any) -> bool:
    members = _non_none(annotation)
    if len(members) != 1:
        return False
    base, _ = unwrap_annotated(members[0])
    return typing.get_origin(base) in (list, Sequence, tuple, set, frozenset)


def _is_parameter_type(annotation: Any) -> bool:
    """Tell whether a query/header/cookie parameter may have this type."""
    if _is_scalar(annotation):
        return True
    if not _is_list(annotation):
        return False
    base, _ = unwrap_annotated(_non_none(annotation)[0])
    args = typing.get_args(base)
    return len(args) == 1 and _is_scalar(args[0])


def _wire_name(name: str, location: str, param: Param | None) -> str:
    if param is not None and param.alias:
        return param.alias
    if location == "header":
        return "-".join(part.capitalize() for part in name.split("_"))
    return name


def converter_for(annotation: Any) -> str | None:
    """Return the path converter an annotation needs (``int``, ``uuid``, ...).

    Raises:
        TypeError: The annotation is not a type a path field can have.
    """
    base, _ = unwrap_annotated(annotation)
    if base not in _PATH_CONVERTERS:
        raise TypeError(
            f"a path field cannot be {annotation!r}; use int, float, UUID, "
            "datetime or str"
        )
    return _PATH_CONVERTERS[base]


def _check_path_field(
    name: str, annotation: Any, converter: str | None, where: str
) -> None:
    known = converter in _PATH_CONVERTERS.values() or converter in _STRING_CONVERTERS
    if not known:
        return  # a custom converter: its type is its own business
    expected = converter_for(annotation)
    if expected == converter or (expected is None and converter in _STRING_CONVERTERS):
        return
    raise ValueError(
        f"{where}: path field {name!r} is annotated {annotation!r} but the "
        f"template converts it with {converter or 'no converter'!r}"
    )


def _engine_for(annotation: Any, engines: Sequence[Engine], where: str) -> Engine:
    for engine in engines:
        if engine.supports(annotation):
            return engine
    raise TypeError(f"{where}: no engine handles {annotation!r}")  # pragma: no cover


def _is_model(tp: Any, engines: Sequence[Engine]) -> bool:
    """A model: a Struct, dataclass... or a type an engine claims.

    msgspec, the fallback, takes any type, so its ``supports`` claims none.
    """
    return is_model(tp) or any(
        engine.supports(tp)
        for engine in engines
        if not isinstance(engine, MsgspecEngine)
    )


def _mentions_model(annotation: Any, engines: Sequence[Engine]) -> bool:
    return _find_model(annotation, engines) is not None


def _find_model(annotation: Any, engines: Sequence[Engine]) -> Any:
    base, _ = unwrap_annotated(annotation)
    if _is_model(base, engines):
        return base
    for arg in typing.get_args(base):
        found = _find_model(arg, engines)
        if found is not None:
            return found
    return None


def plan_responder(
    function: Callable[..., Any],
    wrapper: Callable[..., Any],
    path_fields: dict[str, str | None],
    engines: Sequence[Engine],
    where: str,
) -> ResponderPlan:
    """Read a responder's signature into a plan.

    Args:
        function: The user's function (unbound, hooks unwrapped).
        wrapper: The function as the class holds it (hooks included).
        path_fields: The template's field names and their converter names;
            updated in place with converters inferred from annotations.
        engines: Engines, tried in order for models.
        where: A label for error messages (``Class.on_get``).

    Raises:
        TypeError: An annotation cannot be resolved or used.
        ValueError: A path field disagrees with the template's converter.
    """
    plan = ResponderPlan(function, wrapper)
    try:
        hints = typing.get_type_hints(function, include_extras=True)
    except Exception as ex:
        raise TypeError(f"{where}: cannot resolve its annotations: {ex}") from ex
    for name, default in _parameters(function):
        _plan_parameter(plan, name, default, hints, path_fields, engines, where)
    _plan_return(plan, hints.get("return", REQUIRED), engines)
    plan.is_typed = bool(
        plan.params
        or plan.body is not None
        or plan.returns is not None
        or plan.responds is not None
    )
    return plan


def _parameters(function: Callable[..., Any]) -> list[tuple[str, Any]]:
    """Return ``(name, default)`` of each named parameter after self, req, resp.

    ``*args`` and ``**kwargs`` are left out; ``default`` is ``REQUIRED`` when
    there is none. PERF: a plain function's code object says it all, so
    ``inspect.signature`` (most of a route's planning time) is used only for
    other callables and functions with ``__wrapped__``.
    """
    code = getattr(function, "__code__", None)
    if type(function) is not types.FunctionType or hasattr(function, "__wrapped__"):
        return [
            (parameter.name, parameter.default)
            for parameter in list(inspect.signature(function).parameters.values())[3:]
            if parameter.kind not in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD)
        ]
    assert code is not None  # a FunctionType has one
    positional = code.co_argcount
    names = code.co_varnames[: positional + code.co_kwonlyargcount]
    defaults = function.__defaults__ or ()
    keyword_defaults = function.__kwdefaults__ or {}
    first_default = positional - len(defaults)
    parameters: list[tuple[str, Any]] = []
    for index, name in enumerate(names):
        if index >= positional:
            default = keyword_defaults.get(name, REQUIRED)
        elif index >= first_default:
            default = defaults[index - first_default]
        else:
            default = REQUIRED
        parameters.append((name, default))
    return parameters[3:]


def _plan_parameter(
    plan: ResponderPlan,
    name: str,
    default: Any,
    hints: dict[str, Any],
    path_fields: dict[str, str | None],
    engines: Sequence[Engine],
    where: str,
) -> None:
    if name not in hints:
        return  # unannotated: passed through from params, as in Falcon
    annotation, source, param = _strip_marker(hints[name])
    if source is INJECTED:
        return
    if name in path_fields and source is None:
        _plan_path_field(plan, name, annotation, path_fields, where)
    elif source is BODY or (source is None and _mentions_model(annotation, engines)):
        if plan.body is not None:
            raise TypeError(f"{where}: two body parameters ({plan.body.name}, {name})")
        engine = _engine_for(annotation, engines, where)
        plan.body = BodyPlan(name, annotation, engine)
    else:
        location = (source or QUERY).location
        if source not in (None, QUERY, HEADER, COOKIE) or not _is_parameter_type(
            annotation
        ):
            raise TypeError(
                f"{where}: parameter {name!r} has an unsupported type {annotation!r}"
            )
        if default is REQUIRED and _allows_none(annotation):
            default = None
        plan.params.append(
            ParamPlan(
                name,
                location,
                _wire_name(name, location, param),
                annotation,
                default,
                param.description if param is not None else None,
            )
        )


def _plan_path_field(
    plan: ResponderPlan,
    name: str,
    annotation: Any,
    path_fields: dict[str, str | None],
    where: str,
) -> None:
    converter = path_fields[name]
    if converter is None:
        # No converter in the template: infer one from the annotation.
        path_fields[name] = converter = converter_for(annotation)
    _check_path_field(name, annotation, converter, where)
    plan.path_types[name] = annotation


def _plan_return(
    plan: ResponderPlan, annotation: Any, engines: Sequence[Engine]
) -> None:
    if any(annotation is untyped for untyped in _UNTYPED_RETURNS):
        return
    plan.returns = annotation
    model = _find_model(annotation, engines)
    if model is not None:
        plan.return_engine = _engine_for(model, engines, "return")
