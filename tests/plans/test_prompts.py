"""The safety prompts a plan shows, as pure functions of its times and people."""

from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest

from webapp.plans.prompts import after_dark, going_alone, no_one_told, safety_prompts, too_long


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
    return [p.key for p in safety_prompts(plan, emergency_contact)]


def test_a_short_daytime_outing_with_a_reachable_companion_has_no_prompts():
    plan = Plan(utc(2027, 4, 10, 9), utc(2027, 4, 10, 11), [Person("Sam", "+447911123457")])
    assert keys(plan, emergency_contact=False) == []


def test_going_alone_suggests_a_pair_or_telling_someone():
    prompt = going_alone([])
    assert "alone" in prompt.text and "someone knows where you are" in prompt.text
    assert going_alone([Person("Sam")]) is None


@pytest.mark.parametrize(
    ("starts_at", "ends_at", "dark"),
    [
        # December: sunset around 15:50 GMT.
        (utc(2027, 12, 8, 14), utc(2027, 12, 8, 15, 45), False),
        (utc(2027, 12, 8, 14), utc(2027, 12, 8, 16, 30), True),
        # June: sunset around 21:20 BST (20:20 UTC).
        (utc(2027, 6, 15, 17), utc(2027, 6, 15, 20), False),
        (utc(2027, 6, 15, 19), utc(2027, 6, 15, 21), True),
        # Finishing the next morning is after dark whatever the month.
        (utc(2027, 7, 1, 10), utc(2027, 7, 2, 1), True),
    ],
)
def test_after_dark_compares_the_end_with_sunset_for_the_month_in_uk_time(starts_at, ends_at, dark):
    assert (after_dark(starts_at, ends_at) is not None) is dark


def test_the_after_dark_prompt_names_the_sunset_time_and_what_to_do():
    prompt = after_dark(utc(2027, 11, 20, 15), utc(2027, 11, 20, 18))
    assert "around 16:15 in November" in prompt.text
    assert "well-lit" in prompt.text


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
    assert (no_one_told(companions, emergency_contact) is None) is told


def test_an_evening_marathon_alone_with_no_one_told_shows_every_prompt():
    plan = Plan(utc(2027, 1, 12, 12), utc(2027, 1, 12, 18))
    assert keys(plan, emergency_contact=False) == ["alone", "after_dark", "long", "no_one_told"]
