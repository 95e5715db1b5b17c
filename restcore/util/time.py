"""Falcon-compatible alias: ``falcon.util.time`` is in ``restcore.util.http_date``."""

from restcore.util.http_date import TimezoneGMT as TimezoneGMT

__all__ = ["TimezoneGMT"]
