"""The adapter of one typed responder, generated as readable Python source.

``build_adapter(plan, label)`` writes straight-line code: one block per
parameter (read, convert, collect the error), one body read, the
responder's call with explicit keywords, and the result handling chosen from
the return annotation. The source is compiled once, registered in
``linecache`` under ``<restcore typed Class.on_get>`` so tracebacks show it,
and kept on the adapter as ``__restcore_source__``; ``__wrapped__`` is the
user's function. Nothing is looked up per request but what the request
carries.

What would break it: a name the generated code uses that is not in the
namespace (the snapshot tests show the source), or a parameter name that is
not an identifier (signatures guarantee it is).
"""

from __future__ import annotations

import functools
import io
import linecache
import types
import typing
from collections.abc import Callable
from typing import Annotated, Any

from restcore import codegen
from restcore.constants import MEDIA_JSON
from restcore.request import _UNSET
from restcore.typed.engines import Engine, MsgspecEngine
from restcore.typed.errors import RequestValidationError, add_error
from restcore.typed.signature import REQUIRED, BodyPlan, ParamPlan, ResponderPlan
from restcore.util.decimals import DECIMAL_VALUES

__all__ = ["InvalidBody", "build_adapter", "compile_source", "make_body_reader"]

_PLAIN_STRINGS = (str, str | None)
_PLAIN_INTS = (int, int | None)
_ERROR_CACHE_SIZE = 256
_MISSING = "Missing required parameter"
_NOT_JSON = "The body is not valid JSON."
_EMPTY = "A JSON body is required."


class InvalidBody:
    """What a body reader returns (not raises) when the body is invalid.

    PERF: returning it keeps exceptions, their tracebacks and the reference
    cycles those make out of the 400 path (measured: about 2x faster).
    """

    __slots__ = ("entries",)

    def __init__(self, entries: list[dict[str, str]]) -> None:
        self.entries = entries

    def extend(self, errors: list[dict[str, str]] | None) -> list[dict[str, str]]:
        """Return ``errors`` (or a new list) with this body's entries added."""
        if errors is None:
            return self.entries
        errors.extend(self.entries)
        return errors


def compile_source(source: str, label: str, namespace: dict[str, Any]) -> None:
    """Compile ``source`` into ``namespace`` with ``restcore.codegen``.

    PERF: responders of the same shape give the same source, and compile() is
    most of add_route's cost: a shape seen before reuses its module code
    under this adapter's own ``linecache`` name. Keys are the app's own
    responder shapes, never request data.
    """
    label = "typed " + label
    name = source[len("def ") : source.index("(")]
    code = _CODE_CACHE.get(source)
    if code is None:
        codegen.compile_source(source, label, namespace)
        _CODE_CACHE[source] = namespace[name].__code__
        return
    filename = codegen.source_filename(label)
    # As codegen.compile_source registers it: mtime None, never stale.
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    namespace[name] = types.FunctionType(code.replace(co_filename=filename), namespace)


# Adapter source -> its function's code (the adapter has no defaults or cells).
_CODE_CACHE: dict[str, types.CodeType] = {}


def _error_entries(engine: Engine) -> Callable[[Exception], InvalidBody]:
    """Return ``invalid(ex)``: the engine's error as body entries, cached.

    PERF: turning msgspec's message into a pointer costs more than decoding,
    and the same few problems recur. Keys come from client input, so the
    cache is cleared when it reaches ``_ERROR_CACHE_SIZE`` entries.
    """
    to_entries = engine.errors
    cache: dict[tuple[type[Exception], str], list[dict[str, str]]] = {}

    def invalid(ex: Exception) -> InvalidBody:
        key = (ex.__class__, str(ex))
        entries = cache.get(key)
        if entries is None:
            entries = [{"in": "body", **entry} for entry in to_entries(ex)]
            if len(cache) >= _ERROR_CACHE_SIZE:
                cache.clear()
            cache[key] = entries
        return InvalidBody(list(entries))

    return invalid


def _json_reader(
    decode: Callable[[bytes], Any],
    engine_errors: tuple[type[Exception], ...],
    invalid: Callable[[Exception], InvalidBody],
) -> Callable[[Any], Any]:
    """Return ``read_json(req)``: decode the raw body bytes in one call."""
    empty = [{"in": "body", "pointer": "#", "detail": _EMPTY}]

    def read_json(req: Any) -> Any:
        limit = req.options.max_body_size
        if limit is not None and (req.content_length or 0) > limit:
            req.get_media()  # raises the 413 get_media() gives
        raw = req._read_body()
        if not raw:
            return InvalidBody(list(empty))
        # A later req.get_media() reads the same bytes again.
        req._stream = io.BytesIO(raw)
        try:
            return decode(raw)
        except engine_errors as ex:
            return invalid(ex)

    return read_json


def make_body_reader(body: BodyPlan) -> Callable[[Any], Any]:
    """Return ``read(req)``: the body as ``body.annotation``, or an ``InvalidBody``."""
    engine: Engine = body.engine
    convert = engine.converter(body.annotation)
    engine_errors = engine.error_types()
    invalid = _error_entries(engine)
    read_json = _json_reader(engine.decoder(body.annotation), engine_errors, invalid)

    def read(req: Any) -> Any:
        content_type = req._content_type
        if content_type is _UNSET:  # PERF: req.content_type without the property
            content_type = req.env.get("CONTENT_TYPE")
        if (
            req._media is _UNSET
            and req._media_error is None
            and (content_type is None or content_type.startswith(MEDIA_JSON))
        ):
            return read_json(req)
        try:
            return convert(req.get_media())
        except engine_errors as ex:
            return invalid(ex)

    return read


def _param_block(index: int, param: ParamPlan, namespace: dict[str, Any]) -> list[str]:
    """Lines that read one parameter into a local of its own name."""
    name, key = param.name, param.key
    if param.location == "query":
        read = (
            f"req.get_param_as_list({key!r})"
            if param.is_list
            else (f"req.get_param({key!r})")
        )
        lines = [f"    value = {read}"]
    elif param.location == "header":
        lines = [f"    value = req.get_header({key!r})"]
        if param.is_list:
            # RFC 9110 5.3: a list header's members are comma-separated, with
            # optional whitespace around them.
            lines.append(
                "    value = value if value is None else "
                "[part.strip() for part in value.split(',')]"
            )
    else:
        lines = [
            f"    value = req.get_cookie_values({key!r})",
            "    value = value if value is None else value[0]",
        ]
    lines.append("    if value is None:")
    if param.default is REQUIRED:
        lines.append(
            f"        errors = add_error(errors, {param.location!r}, {key!r}, MISSING)"
        )
    else:
        namespace[f"default_{index}"] = param.default
        lines.append(f"        {name} = default_{index}")
    lines.append("    else:")
    if param.annotation in _PLAIN_STRINGS:
        lines.append(f"        {name} = value")
        return lines
    namespace[f"convert_{index}"] = _engine_converter(param.annotation)
    indent = "        "
    convert = [f"{indent}    {name} = convert_{index}(value)"]
    if param.annotation in _PLAIN_INTS:
        # PERF: small canonical numbers come from the decimal table.
        lines.append(f"        {name} = DECIMALS.get(value)")
        lines.append(f"        if {name} is None:")
        indent = "            "
        convert = [f"{indent}    {name} = convert_{index}(value)"]
    elif _is_constrained_int(param.annotation):
        # PERF: msgspec.convert hashes an Annotated type on every call (~2 us);
        # a canonical number is valid JSON, so a prebuilt Decoder checks it,
        # with the same messages.
        namespace[f"check_{index}"] = _msgspec_engine().decoder(param.annotation)
        convert = [
            f"{indent}    if value in DECIMALS:",
            f"{indent}        {name} = check_{index}(value.encode())",
            f"{indent}    else:",
            f"{indent}        {name} = convert_{index}(value)",
        ]
    lines += [
        f"{indent}try:",
        *convert,
        f"{indent}except CONVERT_ERRORS as ex:",
        f"{indent}    errors = add_error(errors, {param.location!r}, {key!r}, str(ex))",
    ]
    return lines


def _is_constrained_int(annotation: Any) -> bool:
    """``Annotated[int, msgspec.Meta(...)]``."""
    return typing.get_origin(annotation) is Annotated and annotation.__origin__ is int


def _engine_converter(annotation: Any) -> Callable[[Any], Any]:
    return _msgspec_engine().converter(annotation)


@functools.cache
def _msgspec_engine() -> MsgspecEngine:
    """The msgspec engine that converts query, header and cookie values."""
    return MsgspecEngine()


def adapter_source(plan: ResponderPlan, name: str, namespace: dict[str, Any]) -> str:
    """Return the adapter's source, filling ``namespace`` with what it uses."""
    lines = [f"def {name}(self, req, resp, **params):"]
    checks = bool(plan.params or plan.body)
    if checks:
        lines.append("    errors = None")
    for index, param in enumerate(plan.params):
        lines += _param_block(index, param, namespace)
    keywords = [f"{param.name}={param.name}" for param in plan.params]
    if plan.body is not None:
        namespace["read_body"] = make_body_reader(plan.body)
        body = plan.body.name
        lines += [
            f"    {body} = read_body(req)",
            f"    if {body}.__class__ is InvalidBody:",
            f"        errors = {body}.extend(errors)",
        ]
        keywords.append(f"{body}={body}")
    if checks:
        lines += ["    if errors is not None:", "        raise Invalid(errors)"]
    if plan.responds is not None and plan.responds.status != 200:
        lines.append(f"    resp.status = {plan.responds.status}")
    call = ", ".join(["self", "req", "resp", *keywords, "**params"])
    lines.append(f"    result = responder({call})")
    lines += _result_lines(plan, namespace)
    return "\n".join(lines) + "\n"


def _result_lines(plan: ResponderPlan, namespace: dict[str, Any]) -> list[str]:
    if plan.return_engine is not None:
        namespace["encode"] = plan.return_engine.encoder(plan.returns)
        return [
            "    if result is not None:",
            "        resp.data = encode(result)",
            "        resp.content_type = JSON",
        ]
    return ["    if result is not None:", "        resp.media = result"]


def build_adapter(plan: ResponderPlan, label: str) -> Callable[..., Any]:
    """Generate, compile and return the adapter function of ``plan``.

    Args:
        plan: The responder's plan.
        label: ``Class.on_get``: names the source in ``linecache``.

    Returns:
        ``adapter(self, req, resp, **params)``.
    """
    namespace: dict[str, Any] = {
        "responder": plan.function,
        "add_error": add_error,
        "Invalid": RequestValidationError,
        "InvalidBody": InvalidBody,
        "MISSING": _MISSING,
        "DECIMALS": DECIMAL_VALUES,
        "CONVERT_ERRORS": _msgspec_engine().error_types(),
        "JSON": MEDIA_JSON,
    }
    name = "typed_" + plan.function.__name__
    source = adapter_source(plan, name, namespace)
    compile_source(source, label, namespace)
    adapter: Callable[..., Any] = namespace[name]
    adapter.__doc__ = plan.function.__doc__
    adapter.__name__ = plan.function.__name__
    adapter.__qualname__ = plan.function.__qualname__
    adapter.__module__ = plan.function.__module__
    vars(adapter).update(
        __wrapped__=plan.function,  # as functools.wraps does
        __restcore_source__=source,  # shown by tests and docs
        __restcore_plan__=plan,  # read by restcore.openapi
    )
    return adapter
