"""Falcon's ``falcon.status_codes`` path: the ``HTTP_*`` constants."""

from restcore import status as _status
from restcore.status import *  # noqa: F403

__all__ = tuple(name for name in dir(_status) if name.startswith("HTTP_"))

# Falcon's older names for 413 (outside __all__, as in Falcon).
HTTP_PAYLOAD_TOO_LARGE = HTTP_413  # noqa: F405
HTTP_REQUEST_ENTITY_TOO_LARGE = HTTP_413  # noqa: F405
