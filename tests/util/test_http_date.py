import datetime

import falcon
import pytest

from restcore.util import http_date, time
from restcore.util.deprecation import DeprecatedWarning

DATES = [
    "Tue, 15 Nov 1994 12:45:26 GMT",
    "Tue, 15 Nov 1994 12:45:26 UTC",
    "tue, 15 nov 1994 12:45:26 GMT",
    "Tue, 15 Nov 1994 12:45:26 GMT ",
    " Tue, 15 Nov 1994 12:45:26 GMT",
    "Tue, 5 Nov 1994 1:45:26 GMT",
    "Sunday, 06-Nov-94 08:49:37 GMT",
    "Sun Nov  6 08:49:37 1994",
    "Sun, 06-Nov-1994 08:49:37 GMT",
    "Thu, 01 Jan 1970 00:00:00 GMT",
    "not a date",
    "",
]


@pytest.mark.parametrize("text", DATES)
@pytest.mark.parametrize("obs_date", [False, True])
def test_http_date_to_dt_matches_falcon(text, obs_date):
    try:
        expected = falcon.http_date_to_dt(text, obs_date=obs_date)
    except ValueError:
        with pytest.raises(ValueError, match=r"time data|unconverted data"):
            http_date.http_date_to_dt(text, obs_date=obs_date)
    else:
        assert http_date.http_date_to_dt(text, obs_date=obs_date) == expected


@pytest.mark.parametrize(
    "moment",
    [
        datetime.datetime(1994, 11, 15, 12, 45, 26),
        datetime.datetime(2024, 2, 29, 0, 0, 0),
        datetime.datetime(1, 1, 1),
        datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
        datetime.datetime(9999, 12, 31, 23, 59, 59),
    ],
)
def test_dt_to_http_matches_falcon(moment):
    assert http_date.dt_to_http(moment) == falcon.dt_to_http(moment)


def test_http_now_round_trips():
    parsed = http_date.http_date_to_dt(http_date.http_now())
    now = datetime.datetime.now(datetime.UTC)
    assert abs((now - parsed).total_seconds()) < 5


def test_timezone_gmt_is_deprecated():
    with pytest.warns(DeprecatedWarning, match="TimezoneGMT is deprecated"):
        zone = time.TimezoneGMT()
    assert zone.tzname(None) == "GMT"
    assert zone.utcoffset(None) == datetime.timedelta(0)
    assert zone.dst(None) == datetime.timedelta(0)
