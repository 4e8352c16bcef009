"""When it is dark: sunrise and sunset each day at a place, and the one "after dark" rule.

The rule, used by the candidate's safety prompt and the FEOA's higher-risk list alike: an
activity is after dark if it starts before sunrise or ends after sunset at its place, on the UK
calendar day it starts (so one that runs past midnight is after dark too). There is no allowance
for twilight: the cautious reading is the right one for the candidate's safety.

The place is the representative point of a police force area (`Force.latitude`/`longitude`): the
activity owner's candidacy force for the candidate's prompt, the FEOA's own force for the list
(which is per force). London when none is known, such as an owner with no candidacy or no force.

Sun times are NOAA's approximation, rounded to the minute; they are within a minute or two of the
published tables for that point. A force area is large (Scotland's most of all), so the times are
a guide, and the wording that shows them says "around".
"""

import calendar
import math
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import NamedTuple

from webapp.timeutil import to_london

SUN_BELOW_HORIZON = 90.833  # degrees from the zenith at sunrise and sunset (refraction and the sun's disc)


class Place(NamedTuple):
    latitude: float
    longitude: float


LONDON = Place(51.51, -0.13)


def place_at(latitude: float | None, longitude: float | None) -> Place:
    """The point, or London if either coordinate is unknown (None, as from an outer join that found no force)."""
    return LONDON if latitude is None or longitude is None else Place(latitude, longitude)


def place_of(force) -> Place:
    """A force's representative point, or London for no force."""
    return place_at(force.latitude, force.longitude) if force is not None else LONDON


@lru_cache(maxsize=4096)  # a pure function of the day and place, asked for once per listed row
def sun_times(day: date, place: Place = LONDON) -> tuple[datetime, datetime]:
    """Sunrise and sunset at `place` on `day`, as aware UTC datetimes to the minute."""
    days_in_year = 366 if calendar.isleap(day.year) else 365
    gamma = 2 * math.pi / days_in_year * (day.timetuple().tm_yday - 1 + 0.5)  # at noon
    eqtime = 229.18 * (0.000075 + 0.001868 * math.cos(gamma) - 0.032077 * math.sin(gamma)
                       - 0.014615 * math.cos(2 * gamma) - 0.040849 * math.sin(2 * gamma))
    decl = (0.006918 - 0.399912 * math.cos(gamma) + 0.070257 * math.sin(gamma)
            - 0.006758 * math.cos(2 * gamma) + 0.000907 * math.sin(2 * gamma)
            - 0.002697 * math.cos(3 * gamma) + 0.00148 * math.sin(3 * gamma))
    lat = math.radians(place.latitude)
    cos_ha = (math.cos(math.radians(SUN_BELOW_HORIZON)) / (math.cos(lat) * math.cos(decl))
              - math.tan(lat) * math.tan(decl))
    ha = math.degrees(math.acos(cos_ha))
    midnight = datetime(day.year, day.month, day.day, tzinfo=UTC)
    sunrise = midnight + timedelta(minutes=round(720 - 4 * (place.longitude + ha) - eqtime))
    sunset = midnight + timedelta(minutes=round(720 - 4 * (place.longitude - ha) - eqtime))
    return sunrise, sunset


def start_day(starts_at: datetime) -> date:
    """The UK calendar day an activity starts on: the day whose sun times apply to it."""
    return to_london(starts_at).date()


def starts_before_sunrise(starts_at: datetime, place: Place = LONDON) -> bool:
    sunrise, _ = sun_times(start_day(starts_at), place)
    return starts_at < sunrise


def ends_after_sunset(starts_at: datetime, ends_at: datetime, place: Place = LONDON) -> bool:
    _, sunset = sun_times(start_day(starts_at), place)
    return ends_at > sunset


def is_after_dark(starts_at: datetime, ends_at: datetime, place: Place = LONDON) -> bool:
    """The rule in this module's docstring; the FEOA list's SQL condition must say the same."""
    return starts_before_sunrise(starts_at, place) or ends_after_sunset(starts_at, ends_at, place)
