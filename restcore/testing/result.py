"""Results of simulated requests: status, headers, cookies and body."""

from __future__ import annotations

import datetime as dt
import json as json_module
from collections.abc import Iterable, Mapping, MutableMapping
from http.cookies import Morsel, SimpleCookie
from typing import Any

from restcore.util.http_date import http_date_to_dt
from restcore.util.mediatypes import parse_header
from restcore.util.structures import CaseInsensitiveDict

__all__ = ("Cookie", "Result", "get_encoding_from_headers")

# Python < 3.14 does not know the Partitioned attribute (CHIPS); without it
# SimpleCookie.load() rejects the whole Set-Cookie value.
# (private to http.cookies: read through vars(), patched as Falcon does)
_MORSEL_RESERVED: dict[str, str] = vars(Morsel)["_reserved"]
if "partitioned" not in _MORSEL_RESERVED:
    _MORSEL_RESERVED["partitioned"] = "Partitioned"
    vars(Morsel)["_flags"].add("partitioned")


class Cookie:
    """A cookie set by a simulated response (parsed from Set-Cookie).

    Args:
        morsel: The parsed cookie.
    """

    __slots__ = (
        "_domain",
        "_expires",
        "_httponly",
        "_max_age",
        "_name",
        "_partitioned",
        "_path",
        "_samesite",
        "_secure",
        "_value",
    )

    def __init__(self, morsel: Morsel[str]) -> None:
        self._name: str = morsel.key
        self._value: str = morsel.value
        self._expires: str | None = morsel["expires"] or None
        self._path: str | None = morsel["path"] or None
        self._domain: str | None = morsel["domain"] or None
        self._max_age: str | None = morsel["max-age"] or None
        self._secure: str | bool | None = morsel["secure"] or None
        self._httponly: str | bool | None = morsel["httponly"] or None
        self._samesite: str | None = morsel["samesite"] or None
        self._partitioned: str | bool | None = morsel["partitioned"] or None

    @property
    def name(self) -> str:
        """The cookie name."""
        return self._name

    @property
    def value(self) -> str:
        """The cookie value."""
        return self._value

    @property
    def expires(self) -> dt.datetime | None:
        """Expiry as an aware UTC datetime, or None when not set."""
        if not self._expires:
            return None
        return http_date_to_dt(self._expires, obs_date=True)

    @property
    def path(self) -> str | None:
        """The Path attribute, or None."""
        return self._path

    @property
    def domain(self) -> str | None:
        """The Domain attribute, or None."""
        return self._domain

    @property
    def max_age(self) -> int | None:
        """The Max-Age attribute in seconds, or None."""
        return int(self._max_age) if self._max_age else None

    @property
    def secure(self) -> bool:
        """Whether the cookie is only sent over HTTPS."""
        return bool(self._secure)

    @property
    def http_only(self) -> bool:
        """Whether the cookie is hidden from scripts (HttpOnly)."""
        return bool(self._httponly)

    @property
    def same_site(self) -> str | None:
        """The SameSite attribute, or None."""
        return self._samesite

    @property
    def partitioned(self) -> bool:
        """Whether the cookie is partitioned (CHIPS)."""
        return bool(self._partitioned)

    def __repr__(self) -> str:
        return f"Cookie<{self._name}={self._value}>"


class Result:
    """The response to a simulated WSGI request.

    Args:
        iterable: The response body chunks.
        status: The status line passed to ``start_response``.
        headers: The header list passed to ``start_response``.
    """

    __slots__ = ("_content", "_cookies", "_encoding", "_headers", "_status", "_text")

    def __init__(
        self, iterable: Iterable[bytes], status: str, headers: Iterable[tuple[str, str]]
    ) -> None:
        header_list = list(headers)
        self._status = status
        self._headers = CaseInsensitiveDict(header_list)
        self._cookies = _parse_cookies(header_list)
        self._encoding = get_encoding_from_headers(self._headers)
        self._content = b"".join(iterable)
        self._text: str | None = None

    @property
    def status(self) -> str:
        """The status line, e.g. ``'200 OK'``."""
        return self._status

    @property
    def status_code(self) -> int:
        """The status code, e.g. ``200``."""
        return int(self._status[:3])

    @property
    def headers(self) -> MutableMapping[str, str]:
        """The response headers; names are case-insensitive."""
        return self._headers

    @property
    def cookies(self) -> dict[str, Cookie]:
        """Cookies set by the response, by name."""
        return self._cookies

    @property
    def encoding(self) -> str | None:
        """The text encoding implied by Content-Type, or None."""
        return self._encoding

    @property
    def content_type(self) -> str | None:
        """The Content-Type header, or None."""
        return self._headers.get("Content-Type")

    @property
    def content(self) -> bytes:
        """The raw response body."""
        return self._content

    @property
    def text(self) -> str:
        """The body decoded with `encoding` (UTF-8 when unknown)."""
        if self._text is None:
            content = self._content
            self._text = content.decode(self._encoding or "UTF-8") if content else ""
        return self._text

    @property
    def json(self) -> Any:
        """The body parsed as JSON, or None when the body is empty."""
        text = self.text
        return json_module.loads(text) if text else None

    def __repr__(self) -> str:
        return "Result<{}>".format(" ".join(filter(None, self._describe())))

    def __rich__(self) -> str:
        """Render the result with ``rich`` console markup."""
        status, content_type, content = self._describe()
        colors = {"1": "blue", "2": "green", "3": "magenta", "4": "red", "5": "red"}
        color = colors.get(status[:1], "cyan")
        return (
            f"[bold]Result[/]<[bold {color}]{status}[/] "
            f"[italic yellow]{content_type}[/] [grey50]{content}[/]>"
        )

    def _describe(self) -> tuple[str, str, str]:
        content = self._content
        if len(content) > 40:
            content = content[:20] + b"..." + content[-20:]
        return self._status, self.content_type or "", str(content)


def get_encoding_from_headers(headers: Mapping[str, str]) -> str | None:
    """Return the text encoding implied by a Content-Type header.

    Args:
        headers: Response headers; names must be lowercase or the mapping
            case-insensitive.

    Returns:
        The ``charset`` parameter; else ``'UTF-8'`` for JSON and event
        streams, ``'ISO-8859-1'`` for other text types, or None.
    """
    content_type = headers.get("content-type")
    if not content_type:
        return None
    media_type, params = parse_header(content_type)
    charset = params.get("charset")
    if charset is not None:
        return charset.strip("'\"")
    if media_type in ("text/event-stream", "application/json"):
        return "UTF-8"
    if "text" in media_type:
        return "ISO-8859-1"
    return None


def _parse_cookies(headers: Iterable[tuple[str, str]]) -> dict[str, Cookie]:
    jar: SimpleCookie = SimpleCookie()
    for name, value in headers:
        if name.lower() == "set-cookie":
            jar.load(value)
    return {morsel.key: Cookie(morsel) for morsel in jar.values()}
