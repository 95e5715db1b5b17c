"""JSON Schema validation of ``req.media``/``resp.media`` (optional ``jsonschema``)."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from restcore import errors

try:
    import jsonschema  # type: ignore[import-untyped]  # stubs are a separate package
except ImportError:  # the optional extra is missing; validate() says so
    _jsonschema: Any = None
else:
    _jsonschema = jsonschema

__all__ = ["validate"]

Schema = dict[str, Any] | None
Responder = Callable[..., Any]

_MISSING_LIBRARY = (
    "restcore.media.validators.jsonschema.validate() requires the jsonschema "
    "package; install it with: pip install restcore[jsonschema]"
)


def _check_request(media: Any, schema: dict[str, Any]) -> None:
    try:
        _jsonschema.validate(media, schema, format_checker=_jsonschema.FormatChecker())
    except _jsonschema.ValidationError as ex:
        raise errors.MediaValidationError(
            title="Request data failed validation", description=ex.message
        ) from ex


def _check_response(media: Any, schema: dict[str, Any]) -> None:
    try:
        _jsonschema.validate(media, schema, format_checker=_jsonschema.FormatChecker())
    except _jsonschema.ValidationError as ex:
        raise errors.HTTPInternalServerError(
            title="Response data failed validation"
        ) from ex


def validate(
    req_schema: Schema = None, resp_schema: Schema = None
) -> Callable[[Responder], Responder]:
    """Validate a responder's ``req.media`` and ``resp.media`` with JSON Schema.

    ``format`` is checked with ``jsonschema.FormatChecker``. Invalid request
    media raises :class:`~restcore.errors.MediaValidationError` (400, the
    validator's message as description) before the responder runs; invalid
    response media raises :class:`~restcore.errors.HTTPInternalServerError`.

    Args:
        req_schema: Schema for the request media, or ``None`` to skip.
        resp_schema: Schema for the response media, or ``None`` to skip.

    Returns:
        A decorator for responder methods ``(self, req, resp, **params)``.

    Raises:
        ImportError: ``jsonschema`` is not installed.
    """
    if _jsonschema is None:
        raise ImportError(_MISSING_LIBRARY)

    def decorator(responder: Responder) -> Responder:
        if inspect.iscoroutinefunction(responder):
            return _wrap_async(responder, req_schema, resp_schema)
        return _wrap(responder, req_schema, resp_schema)

    return decorator


def _wrap(responder: Responder, req_schema: Schema, resp_schema: Schema) -> Responder:
    @functools.wraps(responder)
    def wrapper(self: Any, req: Any, resp: Any, *args: Any, **kwargs: Any) -> Any:
        if req_schema is not None:
            _check_request(req.media, req_schema)
        result = responder(self, req, resp, *args, **kwargs)
        if resp_schema is not None:
            _check_response(resp.media, resp_schema)
        return result

    return wrapper


def _wrap_async(
    responder: Responder, req_schema: Schema, resp_schema: Schema
) -> Responder:
    @functools.wraps(responder)
    async def wrapper(self: Any, req: Any, resp: Any, *args: Any, **kwargs: Any) -> Any:
        if req_schema is not None:
            _check_request(await req.get_media(), req_schema)
        result = await responder(self, req, resp, *args, **kwargs)
        if resp_schema is not None:
            _check_response(resp.media, resp_schema)
        return result

    return wrapper
