"""Falcon-compatible alias: ``falcon.request_helpers`` names, from ``request``."""

from restcore.request import _header_property as _header_property
from restcore.request import _parse_cookie_header as _parse_cookie_header
from restcore.request import _parse_etags as _parse_etags

__all__: list[str] = []
