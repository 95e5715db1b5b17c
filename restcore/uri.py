"""Falcon-compatible alias: ``falcon.uri`` lives in :mod:`restcore.util.uri`."""

from restcore.util.uri import decode as decode
from restcore.util.uri import encode as encode
from restcore.util.uri import encode_check_escaped as encode_check_escaped
from restcore.util.uri import encode_value as encode_value
from restcore.util.uri import encode_value_check_escaped as encode_value_check_escaped
from restcore.util.uri import parse_host as parse_host
from restcore.util.uri import parse_query_string as parse_query_string
from restcore.util.uri import unquote_string as unquote_string

__all__ = [
    "decode",
    "encode",
    "encode_check_escaped",
    "encode_value",
    "encode_value_check_escaped",
    "parse_host",
    "parse_query_string",
    "unquote_string",
]
