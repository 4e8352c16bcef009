"""The FEOA's "after dark" (a SQL condition, then a label per row) is the candidate's, exactly, at the force's place."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from webapp.daylight import LONDON, is_after_dark, place_of, sun_times
from webapp.extensions import db
from webapp.feoa.activities import risky_activities, risky_with_total
from webapp.models import Activity, Companion, Force
from webapp.plans.prompts import after_dark
from webapp.timeutil import london_day_bounds

MINUTE = timedelta(minutes=1)


def spread_of_times(day: date, place) -> list[tuple]:
    """(starts_at, ends_at) pairs on a UK day: a grid through the day, plus pairs a minute either
    side of sunrise and sunset at `place`, and ones that run past midnight."""
    day_start, day_end = london_day_bounds(day)
    sunrise, sunset = sun_times(day, place)
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
@pytest.mark.parametrize("force_code", ["avon-and-somerset", "police-scotland"])
@pytest.mark.parametrize(
    "first_day",
    [date(2027, 3, 27), date(2027, 10, 30), date(2027, 12, 11)],  # across each clock change, and midwinter
    ids=["march-change", "october-change", "december"],
)
def test_the_feoa_list_picks_out_after_dark_exactly_the_activities_the_candidate_is_warned_about(
        make_user, make_candidate, force_code, first_day):
    feoa = make_user("feoa", force_code=force_code, mobile="+447700900999")
    place = place_of(db.session.scalar(select(Force).where(Force.code == force_code)))
    days = [first_day + timedelta(days=n) for n in range(3)]
    candidacy = make_candidate(force=force_code)
    activities = []
    for day in days:
        for starts_at, ends_at in spread_of_times(day, place):
            # A companion each, so "after dark" is the only reason one can be listed.
            activities.append(Activity(owner_id=candidacy.user_id, kind="canvassing", starts_at=starts_at,
                                       ends_at=ends_at, meeting_point="The library",
                                       companions=[Companion(name="Sam Volunteer")]))
    db.session.add_all(activities)
    db.session.commit()
    window_start, window_end = london_day_bounds(days[0])[0], london_day_bounds(days[-1])[1]

    rows, more = risky_activities(feoa, window_start, window_end, page_size=len(activities))
    _, digest_count = risky_with_total(feoa, window_start, window_end, limit=1)

    dark = {a.id for a in activities if is_after_dark(a.starts_at, a.ends_at, place)}
    assert 0 < len(dark) < len(activities)
    assert dark != {a.id for a in activities if is_after_dark(a.starts_at, a.ends_at, LONDON)}
    assert {row.id for row in rows} == dark and not more
    assert all(row.reasons == ["After dark"] for row in rows)
    assert {a.id for a in activities if after_dark(a.starts_at, a.ends_at, place)} == dark
    assert digest_count == len(dark)
