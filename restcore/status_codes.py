"""Falcon's ``falcon.status_codes`` path: the ``HTTP_*`` constants."""

from restcore.status import *  # noqa: F403

# Falcon's older names for 413.
HTTP_PAYLOAD_TOO_LARGE = HTTP_413  # noqa: F405
HTTP_REQUEST_ENTITY_TOO_LARGE = HTTP_413  # noqa: F405
