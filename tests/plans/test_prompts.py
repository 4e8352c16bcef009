"""The safety prompts a plan shows, as pure functions of its times, people and place (London unless given)."""

from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest

from webapp.daylight import Place
from webapp.plans.prompts import after_dark, going_alone, no_one_told, prompts_for, too_long


@dataclass
class Person:
    name: str
    mobile: str | None = None


@dataclass
class Plan:
    starts_at: datetime
    ends_at: datetime
    going_along: list = field(default_factory=list)  # team members and companions going


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def keys(plan, emergency_contact=True):
    return [p.key for p in prompts_for(plan, emergency_contact)]


def test_a_short_daytime_outing_with_a_reachable_companion_has_no_prompts():
    plan = Plan(utc(2027, 4, 10, 9), utc(2027, 4, 10, 11), [Person("Sam", "+447911123457")])
    assert keys(plan, emergency_contact=False) == []


def test_going_alone_suggests_a_pair_or_telling_someone():
    prompt = going_alone(0)
    assert "alone" in prompt.text and "someone knows where you are" in prompt.text
    assert going_alone(1) is None


@pytest.mark.parametrize(
    ("starts_at", "ends_at", "dark"),
    [
        # 8 December: sunset about 15:53 GMT that day.
        (utc(2027, 12, 8, 14), utc(2027, 12, 8, 15, 45), False),
        (utc(2027, 12, 8, 14), utc(2027, 12, 8, 16, 30), True),
        # 30 November: sunset about 15:57 GMT, earlier than mid-November's 16:15, so 16:05 is dark.
        (utc(2027, 11, 30, 14), utc(2027, 11, 30, 16, 5), True),
        # 15 June: sunset about 21:19 BST (20:19 UTC).
        (utc(2027, 6, 15, 17), utc(2027, 6, 15, 20), False),
        (utc(2027, 6, 15, 19), utc(2027, 6, 15, 21), True),
        # 16 March: sunrise about 06:14 GMT, so a 05:30 start begins in the dark.
        (utc(2027, 3, 16, 5, 30), utc(2027, 3, 16, 7, 30), True),
        # Finishing the next morning is after dark whatever the month.
        (utc(2027, 7, 1, 10), utc(2027, 7, 2, 1), True),
    ],
)
def test_after_dark_compares_the_times_with_that_days_sunrise_and_sunset(starts_at, ends_at, dark):
    assert (after_dark(starts_at, ends_at) is not None) is dark


@pytest.mark.parametrize(
    ("starts_at", "ends_at", "sunset"),
    [
        (utc(2027, 11, 20, 15), utc(2027, 11, 20, 18), "16:06"),
        # Either side of the October clock change, in UK clock time: BST on the Friday, GMT on the Monday.
        (utc(2027, 10, 29, 15), utc(2027, 10, 29, 17), "17:40"),
        (utc(2027, 11, 1, 16), utc(2027, 11, 1, 17, 30), "16:35"),
    ],
)
def test_the_after_dark_prompt_names_that_days_sunset_in_uk_time_and_what_to_do(starts_at, ends_at, sunset):
    prompt = after_dark(starts_at, ends_at)
    assert f"sunset is around {sunset} that day" in prompt.text
    assert "well-lit" in prompt.text


def test_the_after_dark_prompt_names_the_sunset_and_sunrise_at_the_place_given():
    central_scotland = Place(56.0, -4.0)
    assert "sunset is around 15:43 that day" in after_dark(utc(2027, 12, 8, 14), utc(2027, 12, 8, 15, 45),
                                                           central_scotland).text
    assert "sunrise is around 08:33 that day" in after_dark(utc(2027, 12, 8, 8, 15), utc(2027, 12, 8, 10),
                                                            central_scotland).text


def test_an_early_start_names_that_days_sunrise_instead():
    prompt = after_dark(utc(2027, 12, 8, 7), utc(2027, 12, 8, 9))
    assert "sunrise is around 07:53 that day" in prompt.text and "well-lit" in prompt.text


@pytest.mark.parametrize(("hours", "long"), [(4, False), (4.25, True), (8, True)])
def test_longer_than_four_hours_suggests_breaks_and_check_ins(hours, long):
    starts_at = utc(2027, 4, 10, 8)
    ends_at = starts_at.replace(hour=8 + int(hours), minute=int((hours % 1) * 60))
    prompt = too_long(starts_at, ends_at)
    assert (prompt is not None) is long
    if long:
        assert "check in" in prompt.text


@pytest.mark.parametrize(
    ("companions", "emergency_contact", "told"),
    [
        ([], False, False),
        ([Person("Sam")], False, False),
        ([Person("Sam", "+447911123457")], False, True),
        ([], True, True),
    ],
)
def test_no_one_told_unless_a_companion_has_a_mobile_or_there_is_an_emergency_contact(companions,
                                                                                        emergency_contact, told):
    daytime = Plan(utc(2027, 4, 10, 9), utc(2027, 4, 10, 11), companions)
    assert ("no_one_told" not in keys(daytime, emergency_contact)) is told


def test_an_evening_marathon_alone_with_no_one_told_shows_every_prompt():
    plan = Plan(utc(2027, 1, 12, 12), utc(2027, 1, 12, 18))
    assert keys(plan, emergency_contact=False) == ["alone", "after_dark", "long", "no_one_told"]


def test_someone_else_reading_the_plan_reads_it_about_the_owner_by_name():
    alone = going_alone(0, owner_name="Alex Morgan")
    assert alone.text.startswith("Alex Morgan is going alone. Offer to go along")
    told = no_one_told(False, False, owner_name="Alex Morgan")
    assert "Ask Alex Morgan to add" in told.text and "your profile" not in told.text
    assert not told.fixed_on_your_profile
    assert no_one_told(False, False).fixed_on_your_profile
