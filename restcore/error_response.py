"""Turning ``HTTPError``s into response bodies: the default error serializer.

The body's media type is negotiated with the client's ``Accept`` header, as in
Falcon 4.4: JSON first, then XML (when ``xml_error_serialization`` is on), then
every other registered media handler, in registration order. When nothing
matches, a ``+json`` or ``+xml`` structured-syntax suffix in ``Accept`` picks
JSON or XML; otherwise the error has no body.

One deliberate difference: Falcon hands the error to the negotiated media
handler at render time, so a handler that cannot serialize (multipart, say)
turns any error into a 500. Here the handler is tried at once, and the body
falls back to JSON when it fails (docs/middleware-hooks-errors.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson

from restcore.constants import MEDIA_JSON, MEDIA_XML
from restcore.errors import HTTPError, HTTPInternalServerError
from restcore.media.json import JSONHandler

if TYPE_CHECKING:
    from restcore.request import Request
    from restcore.response import Response

__all__ = ["default_serialize_error", "reset_to_internal_error"]


def default_serialize_error(req: Request, resp: Response, exception: HTTPError) -> None:
    """Render ``exception`` into ``resp`` in the media type the client prefers.

    Args:
        req: The request.
        resp: The response to fill.
        exception: The error to render.
    """
    accept = req.env.get("HTTP_ACCEPT")
    if not accept or accept == "*/*" or accept == MEDIA_JSON:
        # PERF: most clients accept JSON outright: no negotiation needed
        # (tests/bench/perf_notes.py error-accept-shortcut: 12425 vs 22612
        # instructions, 1.1 vs 2.4 µs, a 404 without Accept).
        _serialize_json(resp, exception)
    else:
        _serialize_negotiated(req, resp, exception)
    # PERF: Response.append_header, without re-checking constant name and value
    # (perf_notes.py vary-direct: 80 vs 403 ns).
    headers = resp._headers
    vary = headers.get("vary")
    headers["vary"] = "Accept" if vary is None else f"{vary}, Accept"


def _serialize_json(resp: Response, exception: HTTPError) -> None:
    handlers = resp.options.media_handlers
    handler: Any = handlers.data.get(MEDIA_JSON)
    if handler is None:
        handler = handlers._resolve(MEDIA_JSON, MEDIA_JSON, raise_not_found=False)[0]
    if handler is None or (
        handler.__class__ is JSONHandler and handler._dumps is orjson.dumps
    ):
        # PERF: the stock handler renders exactly what to_json() does, one
        # call sooner (about 0.2 us of a 4.5 us 404; timeit, its bench not kept).
        resp.data = _default_json(exception)
    else:
        # An app's own JSON handler (custom dumps, say) renders errors too.
        try:
            resp.data = exception.to_json(handler)
        except Exception:  # a broken JSON handler must not cause a 500
            resp.data = exception.to_json()
    resp._headers["content-type"] = MEDIA_JSON


# Class -> (title, description, body) of errors built without per-instance
# body fields (HTTPRouteNotFound(), HTTPMethodNotAllowed(...), ...). Keyed by
# exception class: a small space the app's code defines.
_DEFAULT_BODIES: dict[type[HTTPError], tuple[object, object, bytes]] = {}
_BODY_FIELDS = frozenset({"title", "description", "code", "link"})


def _default_json(exception: HTTPError) -> bytes:
    """Return ``exception.to_json()``, reusing it for errors with class defaults.

    PERF: a route miss renders the same 404 document every time; rendering it
    once per class saves about 0.3 us a 404 (timeit; its bench was not kept).
    """
    cls = type(exception)
    if (
        cls.to_json is not HTTPError.to_json
        or cls.to_dict is not HTTPError.to_dict
        or not exception.__dict__.keys().isdisjoint(_BODY_FIELDS)
    ):
        return exception.to_json()
    title, description = exception.title, exception.description
    cached = _DEFAULT_BODIES.get(cls)
    if cached is not None and cached[0] is title and cached[1] is description:
        return cached[2]
    body = exception.to_json()
    _DEFAULT_BODIES[cls] = (title, description, body)
    return body


def _candidates(resp: Response) -> list[str]:
    options = resp.options
    predefined = (
        [MEDIA_JSON, "text/xml", MEDIA_XML]
        if options.xml_error_serialization
        else [MEDIA_JSON]
    )
    # Handlers come after the predefined types, so JSON wins a tie.
    return predefined + [
        media_type
        for media_type in options.media_handlers
        if media_type not in predefined
    ]


def _serialize_negotiated(req: Request, resp: Response, exception: HTTPError) -> None:
    preferred = req.client_prefers(_candidates(resp))
    if preferred is None:
        # No exact match: a structured-syntax suffix (RFC 6839) still tells
        # which of the formats we always have the client can read.
        accept = req.accept.lower()
        if "+json" in accept:
            preferred = MEDIA_JSON
        elif "+xml" in accept:
            preferred = MEDIA_XML
        else:
            return
    if preferred == MEDIA_JSON:
        _serialize_json(resp, exception)
        return
    handlers = resp.options.media_handlers
    handler: Any = handlers._resolve(preferred, MEDIA_JSON, raise_not_found=False)[0]
    if handler is not None:
        document = exception.to_dict()
        if not _can_serialize(handler, document, preferred):
            _serialize_json(resp, exception)
            return
        resp.media = document
    elif resp.options.xml_error_serialization:
        resp.data = exception._to_xml()
    resp.content_type = preferred


def _can_serialize(handler: Any, document: Any, media_type: str) -> bool:
    """Tell whether ``handler`` renders ``document`` (multipart cannot)."""
    try:
        handler.serialize(document, media_type)
    except Exception:  # any failure means: use JSON instead
        return False
    return True


def reset_to_internal_error(
    req: Request, resp: Response, serialize: Any = default_serialize_error
) -> bytes:
    """Make ``resp`` a plain 500 with the app's usual error body; return the body.

    Used when a response cannot be sent as built (a header or status refused
    while an error handler or redirect was composing it, the server refusing
    the headers): everything the app set is dropped, so a refused value is
    never sent, and ``serialize`` (the app's error serializer) renders an
    ``HTTPInternalServerError``. Should that fail too, the default serializer
    does.

    Args:
        req: The request.
        resp: The response to reset.
        serialize: The app's error serializer.

    Returns:
        The rendered body (empty when there is none).
    """
    error = HTTPInternalServerError()
    try:
        return _reset_and_render(req, resp, error, serialize)
    except Exception:  # the app's serializer failed as well: ours cannot
        return _reset_and_render(req, resp, error, default_serialize_error)


def _reset_and_render(
    req: Request, resp: Response, error: HTTPError, serialize: Any
) -> bytes:
    resp.status = error.status
    resp._headers = {}
    resp._extra_headers = None
    resp.__dict__.pop("_cookies", None)
    resp.stream = None
    resp.text = resp.data = resp.media = None
    serialize(req, resp, error)
    return resp.render_body() or b""
