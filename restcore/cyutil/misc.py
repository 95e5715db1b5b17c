"""Falcon's ``falcon.cyutil.misc`` path: restcore's Python implementation."""

from restcore.util.misc import (
    _encode_items_to_latin1 as encode_items_to_latin1,
)

__all__ = ["encode_items_to_latin1"]
