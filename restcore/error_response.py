"""Turning exceptions into responses: the default error serializer.

The serializer negotiates the body's media type with the client: JSON first,
then XML (when enabled), then any registered media handler. A handler that
cannot serialize (multipart, say) is never allowed to turn an error into a 500:
the body falls back to JSON.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from restcore.constants import MEDIA_JSON, MEDIA_XML

if TYPE_CHECKING:
    from restcore.errors import HTTPError
    from restcore.request import Request
    from restcore.response import Response

__all__ = ["default_serialize_error"]

_XML_TYPES = (MEDIA_XML, "text/xml")


def default_serialize_error(req: Request, resp: Response, exception: HTTPError) -> None:
    """Render ``exception`` into ``resp`` in the media type the client prefers.

    Args:
        req: The request.
        resp: The response to fill.
        exception: The error to render.
    """
    accept = req.env.get("HTTP_ACCEPT")
    if not accept or accept == "*/*" or accept == MEDIA_JSON:
        # PERF: the common case needs no negotiation: JSON is the first choice.
        resp.data = exception.to_json()
        resp._headers["content-type"] = MEDIA_JSON
    else:
        _serialize_negotiated(req, resp, exception)
    resp.append_header("Vary", "Accept")


def _candidates(resp: Response) -> tuple[str, ...]:
    predefined: tuple[str, ...] = (MEDIA_JSON,)
    if resp.options.xml_error_serialization:
        predefined += ("text/xml", MEDIA_XML)
    handlers = resp.options.media_handlers
    return predefined + tuple(
        media_type for media_type in handlers if media_type not in predefined
    )


def _serialize_negotiated(req: Request, resp: Response, exception: HTTPError) -> None:
    candidates = _candidates(resp)
    preferred = req.client_prefers(candidates)
    if preferred is None:
        accept = req.accept.lower()
        if "+json" in accept:
            preferred = MEDIA_JSON
        elif "+xml" in accept and resp.options.xml_error_serialization:
            preferred = MEDIA_XML
    if preferred is None:
        return
    if preferred == MEDIA_JSON:
        body = exception.to_json()
    elif preferred in _XML_TYPES:
        body = exception._to_xml()
    else:
        rendered = _serialize_with_handler(resp, preferred, exception)
        if rendered is None:
            preferred, body = MEDIA_JSON, exception.to_json()
        else:
            body = rendered
    resp.data = body
    resp._headers["content-type"] = preferred


def _serialize_with_handler(
    resp: Response, media_type: str, exception: HTTPError
) -> bytes | None:
    handler: Any = resp.options.media_handlers.get(media_type)
    if handler is None:
        return None
    try:
        rendered = handler.serialize(exception.to_dict(), media_type)
    except Exception:  # noqa: BLE001 - a handler that cannot serialize falls back
        return None
    if isinstance(rendered, str):
        return rendered.encode()
    return rendered if isinstance(rendered, bytes) else None
