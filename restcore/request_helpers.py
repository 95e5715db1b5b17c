"""Falcon-compatible alias: ``falcon.request_helpers`` names, from where they live."""

from restcore import cookies
from restcore.request import _header_property as _header_property
from restcore.request import _parse_etags as _parse_etags

__all__: list[str] = []

_parse_cookie_header = cookies.parse_cookie_header
