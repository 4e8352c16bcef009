"""The FEOA's "after dark" (a SQL condition, then a label per row) is the candidate's, exactly."""

from datetime import date, timedelta

import pytest

from webapp.daylight import is_after_dark, sun_times
from webapp.extensions import db
from webapp.feoa.activities import risky_activities, risky_with_total
from webapp.models import Activity, Companion
from webapp.plans.prompts import after_dark
from webapp.timeutil import london_day_bounds

MINUTE = timedelta(minutes=1)


def spread_of_times(day: date) -> list[tuple]:
    """(starts_at, ends_at) pairs on a London day: a grid through the day, plus pairs a minute
    either side of sunrise and sunset, and ones that run past midnight."""
    day_start, day_end = london_day_bounds(day)
    sunrise, sunset = sun_times(day)
    pairs = []
    start = day_start + 10 * MINUTE
    while start < day_end:
        pairs += [(start, start + 30 * MINUTE), (start, start + 165 * MINUTE)]
        start += 50 * MINUTE
    for offset in (-90, -1, 0, 1):
        pairs.append((sunrise + offset * MINUTE, sunrise + 120 * MINUTE))
    for offset in (-1, 0, 1, 30, 31):
        pairs.append((sunset - 120 * MINUTE, sunset + offset * MINUTE))
    pairs.append((day_end - 30 * MINUTE, day_end + 60 * MINUTE))
    return pairs


@pytest.mark.both_databases
@pytest.mark.parametrize(
    "first_day",
    [date(2027, 3, 27), date(2027, 10, 30)],  # Saturday to Monday across each clock change
    ids=["march-change", "october-change"],
)
def test_the_feoa_list_picks_out_after_dark_exactly_the_activities_the_candidate_is_warned_about(
        feoa, make_candidate, first_day):
    days = [first_day + timedelta(days=n) for n in range(3)]
    candidacy = make_candidate()
    activities = []
    for day in days:
        for starts_at, ends_at in spread_of_times(day):
            # A companion each, so "after dark" is the only reason one can be listed.
            activities.append(Activity(owner_id=candidacy.user_id, kind="canvassing", starts_at=starts_at,
                                       ends_at=ends_at, meeting_point="The library",
                                       companions=[Companion(name="Sam Volunteer")]))
    db.session.add_all(activities)
    db.session.commit()
    window_start, window_end = london_day_bounds(days[0])[0], london_day_bounds(days[-1])[1]

    rows, more = risky_activities(feoa, window_start, window_end, page_size=len(activities))
    _, digest_count = risky_with_total(feoa, window_start, window_end, limit=1)

    dark = {a.id for a in activities if is_after_dark(a.starts_at, a.ends_at)}
    assert 0 < len(dark) < len(activities)
    assert {row.id for row in rows} == dark and not more
    assert all(row.reasons == ["After dark"] for row in rows)
    assert {a.id for a in activities if after_dark(a.starts_at, a.ends_at)} == dark
    assert digest_count == len(dark)
