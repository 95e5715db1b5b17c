"""Falcon's ``falcon.cyutil.uri`` path: restcore's Python implementations."""

from restcore.util.uri import (
    decode,
    encode,
    encode_check_escaped,
    encode_value,
    encode_value_check_escaped,
    parse_query_string,
)

__all__ = [
    "decode",
    "encode",
    "encode_check_escaped",
    "encode_value",
    "encode_value_check_escaped",
    "parse_query_string",
]
