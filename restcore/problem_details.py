"""RFC 9457 problem details: the default error serializer's opt-in format.

``App(problem_details=True)`` installs :func:`serialize_problem` as the error
serializer; an app may also install it itself with
``app.set_error_serializer(serialize_problem)``. Either way the App keeps its
route-miss fast path, which renders the 404 with whichever of the two
serializers is installed.

Every ``HTTPError`` becomes an ``application/problem+json`` document (or
``application/problem+xml`` for a client that prefers XML, when the app's
``xml_error_serialization`` is on, as Falcon negotiates XML today) with the
members of RFC 9457 §3.1:

* ``type``: the error's ``type``, else ``"about:blank"``;
* ``title``: the error's title; a default title (the status line) becomes the
  status phrase, as §4.2.1 asks of ``about:blank``;
* ``status``: the status code, an integer;
* ``detail``: the error's ``description``, when there is one;
* ``instance``: the error's ``instance``, when it has one;

then the extension members (§3.2): Falcon's ``code`` and ``link`` when set,
the error's ``extensions`` mapping (never replacing a member above), and an
``errors`` array (the error's ``errors`` attribute, as the typed layer's
validation errors carry: objects with ``detail`` and ``pointer``, or ``in``
and ``name`` for parameters).

Errors whose body fields are all class defaults (a route miss, 405, 413, ...)
render once per class and format; the cached bytes are reused while the
class's title and description stay the very same objects.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import orjson

from restcore.constants import MEDIA_JSON
from restcore.errors import HTTPError
from restcore.status import code_to_http_status, http_status_to_code

if TYPE_CHECKING:
    from restcore.request import Request
    from restcore.response import Response

__all__ = [
    "MEDIA_PROBLEM_JSON",
    "MEDIA_PROBLEM_XML",
    "serialize_problem",
    "to_problem",
    "to_problem_xml",
]

MEDIA_PROBLEM_JSON = "application/problem+json"
MEDIA_PROBLEM_XML = "application/problem+xml"

# RFC 9457 Appendix B: the XML namespace of problem documents.
_XML_NAMESPACE = "urn:ietf:rfc:7807"
_XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>'
_STANDARD_MEMBERS = frozenset(("type", "title", "status", "detail", "instance"))
# Names an XML element may have (a conservative subset of XML's Name).
_XML_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")

_JSON_CANDIDATES = [MEDIA_PROBLEM_JSON, MEDIA_JSON]
_XML_TYPES = (MEDIA_PROBLEM_XML, "application/xml", "text/xml")
_ALL_CANDIDATES = [*_JSON_CANDIDATES, *_XML_TYPES]

# (class, media type) -> (title, description, body) of errors whose body
# fields are class defaults. Keyed by exception class: a small space the
# app's code defines.
_CLASS_BODIES: dict[tuple[type[HTTPError], str], tuple[object, object, bytes]] = {}
_BODY_FIELDS = frozenset(
    ("title", "description", "code", "link", "type", "instance", "extensions")
)


def serialize_problem(req: Request, resp: Response, exception: HTTPError) -> None:
    """Render ``exception`` into ``resp`` as an RFC 9457 problem document.

    Args:
        req: The request.
        resp: The response to fill.
        exception: The error to render.
    """
    accept = req.env.get("HTTP_ACCEPT")
    media_type = MEDIA_PROBLEM_JSON
    if accept and accept != "*/*" and accept != MEDIA_JSON:
        media_type = _negotiate(req, resp)
    resp.data = _body(exception, media_type)
    headers = resp._headers
    headers["content-type"] = media_type
    vary = headers.get("vary")
    headers["vary"] = "Accept" if vary is None else f"{vary}, Accept"


def _negotiate(req: Request, resp: Response) -> str:
    """Pick XML for a client that prefers it, else JSON (always a body)."""
    if not resp.options.xml_error_serialization:
        return MEDIA_PROBLEM_JSON
    preferred = req.client_prefers(_ALL_CANDIDATES)
    if preferred in _XML_TYPES:
        return MEDIA_PROBLEM_XML
    return MEDIA_PROBLEM_JSON


def _body(exception: HTTPError, media_type: str) -> bytes:
    """Render the document, reusing it for errors with class-default fields."""
    cls = type(exception)
    if getattr(exception, "errors", None) is not None or not (
        exception.__dict__.keys().isdisjoint(_BODY_FIELDS)
    ):
        return _render(exception, media_type)
    key = (cls, media_type)
    title, description = exception.title, exception.description
    cached = _CLASS_BODIES.get(key)
    if cached is not None and cached[0] is title and cached[1] is description:
        return cached[2]
    body = _render(exception, media_type)
    _CLASS_BODIES[key] = (title, description, body)
    return body


def _render(exception: HTTPError, media_type: str) -> bytes:
    document = to_problem(exception)
    if media_type == MEDIA_PROBLEM_XML:
        return to_problem_xml(document)
    body: bytes = orjson.dumps(document, default=str)
    return body


def to_problem(exception: HTTPError) -> dict[str, Any]:
    """Return the RFC 9457 members of ``exception`` as a dict.

    Args:
        exception: The error.

    Returns:
        The problem document: standard members first, then extensions.
    """
    status_line = code_to_http_status(exception.status)
    title = exception.title
    if title == status_line:
        title = status_line[4:]  # the status phrase (RFC 9457 §4.2.1)
    document: dict[str, Any] = {
        "type": exception.type or "about:blank",
        "title": title,
        "status": http_status_to_code(exception.status),
    }
    if exception.description is not None:
        document["detail"] = exception.description
    if exception.instance is not None:
        document["instance"] = exception.instance
    if exception.code is not None:
        document["code"] = exception.code
    if exception.link is not None:
        document["link"] = exception.link
    extensions = exception.extensions
    if extensions:
        document.update(
            (name, value)
            for name, value in extensions.items()
            if name not in _STANDARD_MEMBERS
        )
    errors = getattr(exception, "errors", None)
    if errors is not None:
        document["errors"] = [dict(entry) for entry in errors]
    return document


def to_problem_xml(document: Mapping[str, Any]) -> bytes:
    """Return a problem document as RFC 9457 Appendix B XML.

    Objects become child elements, arrays ``<i>`` elements; members whose
    names are not XML names are left out.

    Args:
        document: The problem document, as :func:`to_problem` returns it.

    Returns:
        The UTF-8 encoded XML document.
    """
    root = ElementTree.Element("problem", xmlns=_XML_NAMESPACE)
    _fill(root, document)
    body: bytes = ElementTree.tostring(root, encoding="utf-8")
    return _XML_DECLARATION + body


def _fill(element: ElementTree.Element, value: Any) -> None:
    if isinstance(value, Mapping):
        for name, member in value.items():
            if isinstance(name, str) and _XML_NAME.fullmatch(name):
                _fill(ElementTree.SubElement(element, name), member)
    elif isinstance(value, list | tuple):
        for item in value:
            _fill(ElementTree.SubElement(element, "i"), item)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = _xml_text(str(value))


def _xml_text(text: str) -> str:
    """Drop what XML 1.0 cannot carry (control characters, lone surrogates)."""
    return "".join(char for char in text if _is_xml_char(char))


def _is_xml_char(char: str) -> bool:
    point = ord(char)
    return (
        point in (0x9, 0xA, 0xD)
        or 0x20 <= point <= 0xD7FF
        or 0xE000 <= point <= 0xFFFD
        or point >= 0x10000
    )
