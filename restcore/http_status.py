"""HTTPStatus: an exception that ends request processing with any status."""

from __future__ import annotations

import http
from collections.abc import Iterable, Mapping

from restcore.status import http_status_to_code

ResponseStatus = http.HTTPStatus | str | int
HeaderArg = Mapping[str, str] | Iterable[tuple[str, str]]


class HTTPStatus(Exception):
    """Short-circuit the request with a status, headers and an optional body.

    Unlike :class:`restcore.errors.HTTPError`, the response has no error body:
    only ``text``, when given.

    Args:
        status: The status as an int, a status line (str or bytes) or an
            ``http.HTTPStatus``; kept as given in :attr:`status`.
        headers: Extra response headers, a mapping or (name, value) pairs.
        text: Response body, encoded as UTF-8.
    """

    def __init__(
        self,
        status: ResponseStatus,
        headers: HeaderArg | None = None,
        text: str | None = None,
    ) -> None:
        self.status = status
        self.headers = headers
        self.text = text

    @property
    def status_code(self) -> int:
        """The numeric status code of :attr:`status`."""
        return http_status_to_code(self.status)
