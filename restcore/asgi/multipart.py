"""Placeholder for ``falcon.asgi.multipart``."""

from __future__ import annotations

from restcore.asgi._placeholder import Placeholder
from restcore.asgi.reader import BufferedReader as BufferedReader
from restcore.media import multipart as multipart
from restcore.media.multipart import MultipartParseError as MultipartParseError


class BodyPart(Placeholder):
    """Placeholder for a part of Falcon's ASGI multipart form."""


class MultipartForm(Placeholder):
    """Placeholder for Falcon's ASGI multipart form."""
