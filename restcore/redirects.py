"""Redirects: :class:`HTTPStatus` subclasses that set the Location header.

Each takes ``(location, headers=None)``. The Location value goes in under the
lower-case key ``'location'`` unless ``headers`` already has that key, as in
Falcon; the caller's dict is copied, never modified.
"""

from __future__ import annotations

from restcore.http_status import HTTPStatus
from restcore.status import HTTP_301, HTTP_302, HTTP_303, HTTP_307, HTTP_308
from restcore.util.headers import refuse_header_value

__all__ = [
    "HTTPFound",
    "HTTPMovedPermanently",
    "HTTPPermanentRedirect",
    "HTTPSeeOther",
    "HTTPTemporaryRedirect",
]


def _with_location(headers: dict[str, str] | None, location: str) -> dict[str, str]:
    if location.__class__ is str and not (
        location.isascii() and location.isprintable()
    ):
        # Refused here, at its source: `raise HTTPFound(target)` becomes a
        # ValueError in the responder (a 500), never a malformed Location.
        refuse_header_value("Location", location)
    merged = {} if headers is None else dict(headers)
    merged.setdefault("location", location)
    return merged


class HTTPMovedPermanently(HTTPStatus):
    """301 Moved Permanently: the resource has a new permanent URI.

    Clients may change POST to GET; use 308 to forbid that (RFC 9110 §15.4.2).

    Args:
        location: URI for the Location header.
        headers: Extra response headers.
    """

    def __init__(self, location: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(HTTP_301, _with_location(headers, location))


class HTTPFound(HTTPStatus):
    """302 Found: the resource is temporarily under another URI.

    Clients may change POST to GET; use 307 to forbid that (RFC 9110 §15.4.3).

    Args:
        location: URI for the Location header.
        headers: Extra response headers.
    """

    def __init__(self, location: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(HTTP_302, _with_location(headers, location))


class HTTPSeeOther(HTTPStatus):
    """303 See Other: the result is at another URI, to fetch with GET.

    RFC 9110 §15.4.4.

    Args:
        location: URI for the Location header.
        headers: Extra response headers.
    """

    def __init__(self, location: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(HTTP_303, _with_location(headers, location))


class HTTPTemporaryRedirect(HTTPStatus):
    """307 Temporary Redirect: like 302, but the method must not change.

    RFC 9110 §15.4.8.

    Args:
        location: URI for the Location header.
        headers: Extra response headers.
    """

    def __init__(self, location: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(HTTP_307, _with_location(headers, location))


class HTTPPermanentRedirect(HTTPStatus):
    """308 Permanent Redirect: like 301, but the method must not change.

    RFC 9110 §15.4.9.

    Args:
        location: URI for the Location header.
        headers: Extra response headers.
    """

    def __init__(self, location: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(HTTP_308, _with_location(headers, location))
