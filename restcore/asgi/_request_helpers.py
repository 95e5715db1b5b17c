"""Placeholder for ``falcon.asgi._request_helpers``."""

from __future__ import annotations

from restcore.asgi._placeholder import placeholder_function

_header_property = placeholder_function("_header_property")
