"""Placeholder for ``falcon.asgi.reader``."""

from __future__ import annotations

from restcore.asgi._placeholder import Placeholder
from restcore.errors import DelimiterError as DelimiterError
from restcore.errors import OperationNotAllowed as OperationNotAllowed
from restcore.typing import AsyncReadableIO as AsyncReadableIO
from restcore.util.reader import DEFAULT_CHUNK_SIZE as DEFAULT_CHUNK_SIZE


class BufferedReader(Placeholder):
    """Placeholder for Falcon's ASGI BufferedReader."""
