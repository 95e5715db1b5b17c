"""HTTP dates (RFC 9110 §5.6.7): formatting, parsing and a GMT tzinfo."""

from __future__ import annotations

import datetime

from restcore.util.deprecation import deprecated

__all__ = ["TimezoneGMT", "dt_to_http", "http_date_to_dt", "http_now"]

_UTC = datetime.UTC
_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTH_NAMES = (
    "", "Jan", "Feb", "Mar", "Apr", "May", "Jun",
    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip
_IMF_FIXDATE = "%a, %d %b %Y %H:%M:%S GMT"
# RFC 9110 §5.6.7: recipients also accept the obsolete RFC 850 and asctime forms.
_OBSOLETE_FORMATS = (
    "%a, %d %b %Y %H:%M:%S %Z",
    "%a, %d-%b-%Y %H:%M:%S %Z",
    "%A, %d-%b-%y %H:%M:%S %Z",
    "%a %b %d %H:%M:%S %Y",
)


def dt_to_http(dt: datetime.datetime) -> str:
    """Format a datetime (taken as UTC) as an IMF-fixdate.

    Args:
        dt: The moment to format; any tzinfo is ignored.

    Returns:
        A string such as ``'Tue, 15 Nov 1994 12:45:26 GMT'``.
    """
    # Table lookups rather than strftime keep the result locale-independent.
    return (
        f"{_DAY_NAMES[dt.weekday()]}, {dt.day:02d} {_MONTH_NAMES[dt.month]} "
        f"{dt.year} {dt.hour:02d}:{dt.minute:02d}:{dt.second:02d} GMT"
    )


def http_now() -> str:
    """Return the current UTC time as an IMF-fixdate."""
    return dt_to_http(datetime.datetime.now(_UTC))


def http_date_to_dt(http_date: str, obs_date: bool = False) -> datetime.datetime:
    """Parse an HTTP date into an aware UTC datetime.

    Args:
        http_date: The date, e.g. ``'Tue, 15 Nov 1994 12:45:26 GMT'``.
        obs_date: Also accept the obsolete RFC 850 and asctime formats.

    Returns:
        The parsed moment, with ``tzinfo`` set to UTC.

    Raises:
        ValueError: The string matches none of the accepted formats.
    """
    if not obs_date:
        return datetime.datetime.strptime(http_date, _IMF_FIXDATE).replace(tzinfo=_UTC)
    for time_format in _OBSOLETE_FORMATS:
        try:
            parsed = datetime.datetime.strptime(http_date, time_format)
        except ValueError:
            continue
        # strptime only understands the GMT and UTC zone names, so UTC is right.
        return parsed.replace(tzinfo=_UTC)
    raise ValueError(f"time data {http_date!r} does not match known formats")


class TimezoneGMT(datetime.tzinfo):
    """A GMT (UTC+0) tzinfo; deprecated in favour of ``datetime.timezone.utc``."""

    GMT_ZERO = datetime.timedelta(hours=0)

    @deprecated(
        "TimezoneGMT is deprecated, use datetime.timezone.utc instead. "
        "(TimezoneGMT will be removed in Falcon 5.0.)"
    )
    def __init__(self) -> None:
        super().__init__()

    def utcoffset(self, dt: datetime.datetime | None) -> datetime.timedelta:
        """Return a zero offset."""
        return self.GMT_ZERO

    def tzname(self, dt: datetime.datetime | None) -> str:
        """Return ``'GMT'``."""
        return "GMT"

    def dst(self, dt: datetime.datetime | None) -> datetime.timedelta:
        """Return a zero DST adjustment."""
        return self.GMT_ZERO
