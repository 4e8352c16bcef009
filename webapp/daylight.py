"""When it is dark: London's sunrise and sunset each day, and the one "after dark" rule.

The rule, used by the candidate's safety prompt and the FEOA's higher-risk list alike: an
activity is after dark if it starts before sunrise or ends after sunset on its London start day
(so one that runs past midnight is after dark too). There is no allowance for twilight: the
cautious reading is the right one for the candidate's safety.

Sun times are NOAA's approximation for central London, rounded to the minute; they are within a
minute or two of the published tables. Further north it is darker earlier in winter, so the
times are a guide, and the wording that shows them says "around".
"""

import calendar
import math
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from webapp.timeutil import to_london

LATITUDE, LONGITUDE = 51.51, -0.13
SUN_BELOW_HORIZON = 90.833  # degrees from the zenith at sunrise and sunset (refraction and the sun's disc)


@lru_cache(maxsize=1024)  # a pure function of the day, asked for once per listed row
def sun_times(day: date) -> tuple[datetime, datetime]:
    """Sunrise and sunset in London on `day`, as aware UTC datetimes to the minute."""
    days_in_year = 366 if calendar.isleap(day.year) else 365
    gamma = 2 * math.pi / days_in_year * (day.timetuple().tm_yday - 1 + 0.5)  # at noon
    eqtime = 229.18 * (0.000075 + 0.001868 * math.cos(gamma) - 0.032077 * math.sin(gamma)
                       - 0.014615 * math.cos(2 * gamma) - 0.040849 * math.sin(2 * gamma))
    decl = (0.006918 - 0.399912 * math.cos(gamma) + 0.070257 * math.sin(gamma)
            - 0.006758 * math.cos(2 * gamma) + 0.000907 * math.sin(2 * gamma)
            - 0.002697 * math.cos(3 * gamma) + 0.00148 * math.sin(3 * gamma))
    lat = math.radians(LATITUDE)
    cos_ha = (math.cos(math.radians(SUN_BELOW_HORIZON)) / (math.cos(lat) * math.cos(decl))
              - math.tan(lat) * math.tan(decl))
    ha = math.degrees(math.acos(cos_ha))
    midnight = datetime(day.year, day.month, day.day, tzinfo=UTC)
    sunrise = midnight + timedelta(minutes=round(720 - 4 * (LONGITUDE + ha) - eqtime))
    sunset = midnight + timedelta(minutes=round(720 - 4 * (LONGITUDE - ha) - eqtime))
    return sunrise, sunset


def start_day(starts_at: datetime) -> date:
    """The London calendar day an activity starts on: the day whose sun times apply to it."""
    return to_london(starts_at).date()


def starts_before_sunrise(starts_at: datetime) -> bool:
    sunrise, _ = sun_times(start_day(starts_at))
    return starts_at < sunrise


def ends_after_sunset(starts_at: datetime, ends_at: datetime) -> bool:
    _, sunset = sun_times(start_day(starts_at))
    return ends_at > sunset


def is_after_dark(starts_at: datetime, ends_at: datetime) -> bool:
    """The rule in this module's docstring; the FEOA list's SQL condition must say the same."""
    return starts_before_sunrise(starts_at) or ends_after_sunset(starts_at, ends_at)
