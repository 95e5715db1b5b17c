"""Falcon-compatible path for :class:`HTTPError` (``falcon.http_error``)."""

from restcore.errors import HTTPError as HTTPError

__all__ = ["HTTPError"]
