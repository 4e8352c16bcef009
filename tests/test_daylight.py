"""Sun times at a place (London unless told) and the one "after dark" rule that the candidate and the FEOA both see."""

from datetime import date, datetime, timedelta

import pytest

from tests.helpers import uk_clock
from webapp.daylight import LONDON, Place, is_after_dark, place_at, place_of, sun_times
from webapp.timeutil import to_london


def minutes_apart(moment: datetime, clock_time: str) -> float:
    """How far `moment` is, in minutes, from `clock_time` ("HH:MM", UK clock time) on the same day."""
    local = to_london(moment)
    hours, minutes = map(int, clock_time.split(":"))
    published = local.replace(hour=hours, minute=minutes, second=0, microsecond=0)
    return abs((local - published).total_seconds()) / 60


@pytest.mark.parametrize(
    ("day", "sunrise", "sunset"),
    [
        (date(2027, 6, 21), "04:43", "21:21"),  # midsummer, BST
        (date(2026, 12, 21), "08:04", "15:53"),  # midwinter, GMT
        (date(2027, 1, 1), "08:06", "16:02"),
    ],
)
def test_sun_times_are_within_a_few_minutes_of_the_published_london_times(day, sunrise, sunset):
    computed_sunrise, computed_sunset = sun_times(day)
    assert minutes_apart(computed_sunrise, sunrise) <= 3
    assert minutes_apart(computed_sunset, sunset) <= 3


@pytest.mark.parametrize(
    ("place", "sunrise", "sunset"),
    [
        (Place(55.95, -3.19), "08:42", "15:40"),  # Edinburgh
        (Place(57.48, -4.22), "08:57", "15:33"),  # Inverness
    ],
    ids=["edinburgh", "inverness"],
)
def test_sun_times_elsewhere_are_within_a_few_minutes_of_the_published_midwinter_times(place, sunrise, sunset):
    computed_sunrise, computed_sunset = sun_times(date(2026, 12, 21), place)
    assert minutes_apart(computed_sunrise, sunrise) <= 3
    assert minutes_apart(computed_sunset, sunset) <= 3


def test_sun_times_are_whole_minutes_in_utc():
    for moment in sun_times(date(2027, 3, 28)):
        assert moment.utcoffset() == timedelta(0) and moment.second == moment.microsecond == 0


@pytest.mark.parametrize(
    ("starts_at", "ends_at", "dark"),
    [
        # October change (Sunday 31 October 2027): sunset is about 17:40 BST on the Friday before and
        # about 16:35 GMT on the Monday after, so the same 16:00–17:30 turns dark.
        (uk_clock(2027, 10, 29, 16, 0), uk_clock(2027, 10, 29, 17, 30), False),
        (uk_clock(2027, 11, 1, 16, 0), uk_clock(2027, 11, 1, 17, 30), True),
        # March change (Sunday 28 March 2027): sunset is about 18:23 GMT on the Friday before and
        # about 19:28 BST on the Monday after, so the same 18:00–19:00 turns light.
        (uk_clock(2027, 3, 26, 18, 0), uk_clock(2027, 3, 26, 19, 0), True),
        (uk_clock(2027, 3, 29, 18, 0), uk_clock(2027, 3, 29, 19, 0), False),
        # Midsummer: sunset about 21:21 BST.
        (uk_clock(2027, 6, 21, 19, 0), uk_clock(2027, 6, 21, 21, 0), False),
        (uk_clock(2027, 6, 21, 19, 0), uk_clock(2027, 6, 21, 21, 45), True),
        # Midwinter: sunset about 15:53 GMT.
        (uk_clock(2027, 12, 8, 14, 0), uk_clock(2027, 12, 8, 15, 30), False),
        (uk_clock(2027, 12, 8, 14, 0), uk_clock(2027, 12, 8, 16, 30), True),
        # Early starts: sunrise about 07:53 GMT in December, 04:43 BST at midsummer.
        (uk_clock(2027, 12, 8, 7, 0), uk_clock(2027, 12, 8, 9, 0), True),
        (uk_clock(2027, 6, 21, 5, 0), uk_clock(2027, 6, 21, 7, 0), False),
        # Running past midnight ends after that day's sunset whatever the time of year.
        (uk_clock(2027, 7, 1, 10, 0), uk_clock(2027, 7, 2, 1, 0), True),
    ],
)
def test_an_activity_is_after_dark_if_it_starts_before_sunrise_or_ends_after_sunset(starts_at, ends_at, dark):
    assert is_after_dark(starts_at, ends_at) is dark


def test_ending_at_sunset_is_not_after_dark_but_a_minute_later_is():
    sunrise, sunset = sun_times(date(2027, 4, 10))
    assert not is_after_dark(sunrise, sunset)
    assert is_after_dark(sunrise, sunset + timedelta(minutes=1))
    assert is_after_dark(sunrise - timedelta(minutes=1), sunset)


def test_there_is_no_twilight_allowance_after_sunset():
    _, sunset = sun_times(date(2027, 4, 10))
    assert is_after_dark(sunset - timedelta(hours=1), sunset + timedelta(minutes=10))


SCOTLAND, DEVON = Place(56.0, -4.0), Place(50.5, -4.0)  # the seeded points of those two forces


@pytest.mark.parametrize(
    ("place", "ends_at", "dark"),
    [
        # 8 December 2027 from 14:00: sunset about 15:43 in Scotland's central belt, 15:53 in London, 16:13 in Devon.
        (SCOTLAND, uk_clock(2027, 12, 8, 15, 45), True),
        (LONDON, uk_clock(2027, 12, 8, 15, 45), False),
        (DEVON, uk_clock(2027, 12, 8, 16, 5), False),
        (LONDON, uk_clock(2027, 12, 8, 16, 5), True),
    ],
    ids=["scotland-15:45", "london-15:45", "devon-16:05", "london-16:05"],
)
def test_the_same_december_afternoon_can_be_dark_in_one_place_and_light_in_another(place, ends_at, dark):
    assert is_after_dark(uk_clock(2027, 12, 8, 14, 0), ends_at, place) is dark


def test_a_later_sunrise_further_north_makes_the_same_early_start_dark():
    starts_at, ends_at = uk_clock(2027, 12, 8, 8, 15), uk_clock(2027, 12, 8, 10, 0)  # sunrise about 07:53 and 08:33
    assert not is_after_dark(starts_at, ends_at, LONDON)
    assert is_after_dark(starts_at, ends_at, SCOTLAND)


def test_sun_times_are_kept_per_day_and_place():
    day = date(2027, 12, 8)
    assert sun_times(day, SCOTLAND) is sun_times(day, SCOTLAND)
    assert sun_times(day, SCOTLAND) != sun_times(day, LONDON) != sun_times(day, DEVON)


def test_with_no_known_place_the_times_are_londons():
    assert place_at(None, None) == place_at(56.0, None) == place_of(None) == LONDON
    assert place_at(56.0, -4.0) == SCOTLAND
    assert sun_times(date(2027, 12, 8)) == sun_times(date(2027, 12, 8), LONDON)
