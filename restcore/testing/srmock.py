"""A recording stand-in for the WSGI ``start_response`` callable."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from restcore.util.structures import CaseInsensitiveDict

__all__ = ("StartResponseMock",)


class StartResponseMock:
    """Record what an app passes to ``start_response`` (PEP 3333)."""

    status: str | None
    """The status line of the last call, e.g. ``'200 OK'``."""
    headers: list[tuple[str, str]] | None
    """The headers of the last call, names lowercased."""
    headers_dict: CaseInsensitiveDict
    """The headers of the last call as a case-insensitive mapping."""
    exc_info: Any | None
    """The ``exc_info`` of the last call."""

    def __init__(self) -> None:
        self._called = 0
        self.status = None
        self.headers = None
        self.exc_info = None

    def __call__(
        self, status: str, headers: Iterable[tuple[str, str]], exc_info: Any = None
    ) -> Any:
        """Record a ``start_response`` call."""
        header_list = list(headers)
        self._called += 1
        self.status = status
        self.headers = [(name.lower(), value) for name, value in header_list]
        self.headers_dict = CaseInsensitiveDict(header_list)
        self.exc_info = exc_info

    @property
    def call_count(self) -> int:
        """How many times ``start_response`` was called."""
        return self._called
