"""Falcon-compatible alias: ``falcon.response_helpers`` names, from ``response``."""

from restcore.response import _format_etag, _join_list
from restcore.response import _format_range as _format_range

__all__: list[str] = []

_format_etag_header = _format_etag
_format_header_value_list = _join_list
