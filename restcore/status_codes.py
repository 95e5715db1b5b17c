"""Falcon's ``falcon.status_codes`` path: the ``HTTP_*`` constants."""

from restcore.status import *  # noqa: F403 - the HTTP_* status lines, as Falcon's path
