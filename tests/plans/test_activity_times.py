"""Activity times are entered in UK time, stored in UTC, and right across the clock changes."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Activity

pytestmark = pytest.mark.both_databases


def stored(activity_id):
    db.session.expire_all()
    return db.session.scalar(select(Activity).where(Activity.id == activity_id))


def plan(client, activity_form, **changes):
    response = client.post("/activities/new", data=activity_form(**changes))
    assert response.status_code == 303, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def test_times_round_trip_as_aware_utc(client, login_as, activity_form):
    login_as("candidate")
    activity = stored(plan(client, activity_form))
    assert activity.starts_at == datetime(2027, 3, 18, 10, tzinfo=UTC)
    assert activity.starts_at.tzinfo is not None and activity.starts_at.utcoffset().total_seconds() == 0


def test_ten_in_the_morning_after_the_spring_change_is_nine_utc(client, login_as, activity_form):
    login_as("candidate")
    activity = stored(plan(client, activity_form, day="2027-03-29", start_time="10:00", end_time="12:00"))
    assert activity.starts_at == datetime(2027, 3, 29, 9, tzinfo=UTC)
    assert activity.ends_at == datetime(2027, 3, 29, 11, tzinfo=UTC)


def test_ten_in_the_morning_after_the_autumn_change_is_ten_utc(client, login_as, activity_form):
    login_as("candidate")
    activity = stored(plan(client, activity_form, day="2027-11-01", start_time="10:00", end_time="12:00"))
    assert activity.starts_at == datetime(2027, 11, 1, 10, tzinfo=UTC)


def test_the_repeated_autumn_hour_means_the_first_one(client, login_as, activity_form):
    login_as("candidate")
    # Sunday 31 October 2027: 01:30 happens twice; the first is BST (00:30 UTC).
    activity = stored(plan(client, activity_form, day="2027-10-31", start_time="01:30", end_time="03:00"))
    assert activity.starts_at == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
    assert activity.ends_at == datetime(2027, 10, 31, 3, tzinfo=UTC)


def test_an_evening_across_the_spring_change_lasts_one_hour_less(client, login_as, activity_form):
    login_as("candidate")
    activity = stored(plan(client, activity_form, day="2027-03-27", start_time="22:00", end_time="03:00",
                           end_day="2027-03-28"))
    assert activity.ends_at - activity.starts_at == datetime(2027, 3, 28, 2, tzinfo=UTC) - datetime(
        2027, 3, 27, 22, tzinfo=UTC)


def test_the_spring_gap_is_refused_and_nothing_is_stored(client, login_as, activity_form):
    login_as("candidate")
    response = client.post("/activities/new", data=activity_form(day="2027-03-28", start_time="01:15",
                                                                 end_time="04:00"))
    assert response.status_code == 422
    assert db.session.scalar(select(Activity)) is None


def test_the_page_shows_stored_times_in_uk_time_on_both_sides_of_the_change(client, login_as, make_activity):
    owner = login_as("candidate")
    before = make_activity(owner, starts_at=datetime(2027, 3, 27, 10, tzinfo=UTC))
    after = make_activity(owner, starts_at=datetime(2027, 3, 29, 9, tzinfo=UTC))
    assert "Sat 27 Mar 2027, 10:00" in client.get(f"/activities/{before.id}").get_data(as_text=True)
    assert "Mon 29 Mar 2027, 10:00" in client.get(f"/activities/{after.id}").get_data(as_text=True)
