"""RequestOptions: the request-handling options an App shares with its requests.

Its own module so that both halves of ``Request`` (``restcore.query`` and
``restcore.request``) can name its type; ``restcore.request.RequestOptions``
is the Falcon path.
"""

from __future__ import annotations

from collections.abc import Iterable

from restcore.constants import DEFAULT_MEDIA_TYPE
from restcore.media.handlers import Handlers
from restcore.proxies import TrustedProxies
from restcore.util import deprecation

__all__ = ["RequestOptions"]


class RequestOptions:
    """Request-handling options shared by every request of an App.

    Attributes:
        keep_blank_qs_values: Keep query parameters that have an empty value.
        auto_parse_qs_csv: Split comma-separated query values into lists.
        strip_url_path_trailing_slash: Remove one trailing slash from the path.
        default_media_type: Media type assumed when the request has none.
        media_handlers: The registry used by ``req.get_media()``.
        max_body_size: If set, bodies longer than this many bytes are refused
            with 413 before they are read (a restcore addition; off by default).
        trusted_proxies: Proxies (addresses, CIDR networks) whose forwarding
            headers ``remote_addr``, ``scheme``, ``forwarded_host`` and
            ``access_route`` believe (a restcore addition, see
            ``restcore.proxies``; None, the default, keeps Falcon's behaviour).
    """

    __slots__ = (
        "_auto_parse_form_urlencoded",
        "_auto_parse_qs_csv",
        "_keep_blank_qs_values",
        "_scan_params",
        "_trusted_proxies",
        "default_media_type",
        "max_body_size",
        "media_handlers",
        "strip_url_path_trailing_slash",
    )

    strip_url_path_trailing_slash: bool
    default_media_type: str
    media_handlers: Handlers
    max_body_size: int | None

    def __init__(self) -> None:
        self._keep_blank_qs_values = True
        self._auto_parse_form_urlencoded = False
        self._auto_parse_qs_csv = False
        self._scan_params = True
        self.strip_url_path_trailing_slash = False
        self.default_media_type = DEFAULT_MEDIA_TYPE
        self.media_handlers = Handlers()
        self.max_body_size = None
        self._trusted_proxies: TrustedProxies | None = None

    @property
    def trusted_proxies(self) -> TrustedProxies | None:
        """The proxies whose forwarding headers are believed, or None."""
        return self._trusted_proxies

    @trusted_proxies.setter
    def trusted_proxies(self, proxies: Iterable[str] | None) -> None:
        if proxies is None or isinstance(proxies, TrustedProxies):
            self._trusted_proxies = proxies
        else:
            self._trusted_proxies = TrustedProxies(proxies)

    def _update_scan_params(self) -> None:
        # Whether get_param() may scan the query string (see _scan_param).
        self._scan_params = (
            self._keep_blank_qs_values
            and not self._auto_parse_qs_csv
            and not self._auto_parse_form_urlencoded
        )

    @property
    def keep_blank_qs_values(self) -> bool:
        """Keep query parameters that have an empty value."""
        return self._keep_blank_qs_values

    @keep_blank_qs_values.setter
    def keep_blank_qs_values(self, value: bool) -> None:
        self._keep_blank_qs_values = value
        self._update_scan_params()

    @property
    def auto_parse_qs_csv(self) -> bool:
        """Split comma-separated query values into lists."""
        return self._auto_parse_qs_csv

    @auto_parse_qs_csv.setter
    def auto_parse_qs_csv(self, value: bool) -> None:
        self._auto_parse_qs_csv = value
        self._update_scan_params()

    @property
    def auto_parse_form_urlencoded(self) -> bool:
        """Deprecated: merge urlencoded form bodies into ``params``."""
        return self._auto_parse_form_urlencoded

    @auto_parse_form_urlencoded.setter
    def auto_parse_form_urlencoded(self, value: bool) -> None:
        if value:
            import warnings

            warnings.warn(
                "The RequestOptions.auto_parse_form_urlencoded option is "
                "deprecated. Please use Request.get_media() to consume "
                "the submitted URL-encoded form instead.",
                category=deprecation.DeprecatedWarning,
                stacklevel=2,
            )
        self._auto_parse_form_urlencoded = value
        self._update_scan_params()
