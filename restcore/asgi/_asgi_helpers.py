"""Placeholder for ``falcon.asgi._asgi_helpers``."""

from __future__ import annotations

from restcore.asgi._placeholder import placeholder_function

_validate_asgi_scope = placeholder_function("_validate_asgi_scope")
_wrap_asgi_coroutine_func = placeholder_function("_wrap_asgi_coroutine_func")
