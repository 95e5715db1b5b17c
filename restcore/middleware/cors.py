"""The CORS component: CORS headers on responses, preflights completed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

__all__ = ["CORSMiddleware"]


class CORSMiddleware:
    """Add CORS headers to responses, and complete preflight requests.

    A preflight (``OPTIONS`` with ``Access-Control-Request-Method``) is answered
    from the ``Allow`` header the default OPTIONS responder sets: it becomes
    ``Access-Control-Allow-Methods``.

    Args:
        allow_origins: ``'*'``, or an origin or iterable of origins to allow.
        expose_headers: Header name(s) for ``Access-Control-Expose-Headers``.
        allow_credentials: ``'*'``, or origin(s) allowed to send credentials.
        allow_private_network: Allow private-network access on preflights.

    Raises:
        ValueError: ``'*'`` is given inside an iterable of origins.
    """

    __slots__ = (
        "allow_credentials",
        "allow_origins",
        "allow_private_network",
        "expose_headers",
    )

    allow_origins: Literal["*"] | frozenset[str]
    allow_credentials: Literal["*"] | frozenset[str]
    expose_headers: str | None

    def __init__(
        self,
        allow_origins: str | Iterable[str] = "*",
        expose_headers: str | Iterable[str] | None = None,
        allow_credentials: str | Iterable[str] | None = None,
        allow_private_network: bool = False,
    ) -> None:
        self.allow_origins = _origin_set(allow_origins, "allow_origins")
        if expose_headers is not None and not isinstance(expose_headers, str):
            expose_headers = ", ".join(expose_headers)
        self.expose_headers = expose_headers
        self.allow_credentials = (
            frozenset()
            if allow_credentials is None
            else _origin_set(allow_credentials, "allow_credentials")
        )
        self.allow_private_network = allow_private_network

    def process_response(
        self, req: Any, resp: Any, resource: object, req_succeeded: bool
    ) -> None:
        """Set the CORS headers for a request that has an allowed Origin."""
        origin = req.get_header("Origin")
        if origin is None:
            return
        if self.allow_origins != "*" and origin not in self.allow_origins:
            return
        # A header set by the app (or an earlier component) is left alone,
        # credentials included.
        if resp.get_header("Access-Control-Allow-Origin") is None:
            allow_origin = "*" if self.allow_origins == "*" else origin
            if self.allow_credentials == "*" or origin in self.allow_credentials:
                # Fetch spec: a credentialed response may not use the wildcard.
                allow_origin = origin
                resp.set_header("Access-Control-Allow-Credentials", "true")
            resp.set_header("Access-Control-Allow-Origin", allow_origin)
        if self.expose_headers:
            resp.set_header("Access-Control-Expose-Headers", self.expose_headers)
        if (
            req_succeeded
            and req.method == "OPTIONS"
            and req.get_header("Access-Control-Request-Method")
        ):
            self._complete_preflight(req, resp)

    def _complete_preflight(self, req: Any, resp: Any) -> None:
        allow = resp.get_header("Allow")
        resp.delete_header("Allow")
        if allow is None:
            # No OPTIONS responder told us the methods: deny the preflight.
            for name in (
                "Access-Control-Allow-Methods",
                "Access-Control-Allow-Headers",
                "Access-Control-Max-Age",
                "Access-Control-Expose-Headers",
                "Access-Control-Allow-Origin",
            ):
                resp.delete_header(name)
        else:
            resp.set_header("Access-Control-Allow-Methods", allow)
            resp.set_header(
                "Access-Control-Allow-Headers",
                req.get_header("Access-Control-Request-Headers", default="*"),
            )
            resp.set_header("Access-Control-Max-Age", "86400")
        if self.allow_private_network and (
            req.get_header("Access-Control-Request-Private-Network") == "true"
        ):
            resp.set_header("Access-Control-Allow-Private-Network", "true")


def _origin_set(
    value: str | Iterable[str], argument: str
) -> Literal["*"] | frozenset[str]:
    if value == "*":
        return "*"
    origins = frozenset({value}) if isinstance(value, str) else frozenset(value)
    if "*" in origins:
        raise ValueError(
            f'The wildcard string "*" may only be passed to {argument} as a string '
            "literal, not inside an iterable."
        )
    return origins
