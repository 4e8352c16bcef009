"""When it is dark in the UK: sunrise and sunset for central England (NOAA's approximation).

Good to a few minutes for the whole of Great Britain's "after dark" question; an activity that
ends more than half an hour after sunset (civil dusk) or starts before dawn counts as after dark.
"""

import math
from datetime import UTC, date, datetime, timedelta

LATITUDE, LONGITUDE = 52.5, -1.5
TWILIGHT = timedelta(minutes=30)


def sun_times(day: date) -> tuple[datetime, datetime]:
    """Sunrise and sunset on `day` as aware UTC datetimes."""
    gamma = 2 * math.pi / 365 * (day.timetuple().tm_yday - 1)
    eqtime = 229.18 * (0.000075 + 0.001868 * math.cos(gamma) - 0.032077 * math.sin(gamma)
                       - 0.014615 * math.cos(2 * gamma) - 0.040849 * math.sin(2 * gamma))
    decl = (0.006918 - 0.399912 * math.cos(gamma) + 0.070257 * math.sin(gamma)
            - 0.006758 * math.cos(2 * gamma) + 0.000907 * math.sin(2 * gamma)
            - 0.002697 * math.cos(3 * gamma) + 0.00148 * math.sin(3 * gamma))
    lat = math.radians(LATITUDE)
    cos_ha = math.cos(math.radians(90.833)) / (math.cos(lat) * math.cos(decl)) - math.tan(lat) * math.tan(decl)
    ha = math.degrees(math.acos(max(-1.0, min(1.0, cos_ha))))
    midnight = datetime(day.year, day.month, day.day, tzinfo=UTC)
    sunrise = midnight + timedelta(minutes=720 - 4 * (LONGITUDE + ha) - eqtime)
    sunset = midnight + timedelta(minutes=720 - 4 * (LONGITUDE - ha) - eqtime)
    return sunrise, sunset


def dark_bounds(day: date) -> tuple[datetime, datetime]:
    """(dawn, dusk) on `day`: before dawn or after dusk counts as dark."""
    sunrise, sunset = sun_times(day)
    return sunrise - TWILIGHT, sunset + TWILIGHT


def is_after_dark(starts_at: datetime, ends_at: datetime, local_day: date) -> bool:
    dawn, dusk = dark_bounds(local_day)
    return ends_at > dusk or starts_at < dawn
