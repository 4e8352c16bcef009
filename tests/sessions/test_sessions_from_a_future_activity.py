"""Starting a session from an activity: today's end is filled in; a later activity says when it can start."""

from datetime import timedelta

import pytest

from tests.helpers import soup
from webapp.extensions import db
from webapp.models.sessions import SafetySession
from webapp.sessions.forms import can_start_from


def move(activity, starts_in: timedelta, lasts: timedelta, now):
    activity.starts_at = now + starts_in
    activity.ends_at = activity.starts_at + lasts
    db.session.commit()


@pytest.mark.both_databases
def test_an_activity_later_today_fills_in_its_end_and_starts(client, clock, sign_in, person, activity):
    # The clock stands at 09:00 UK time; the activity is 17:00 to 19:00 today.
    move(activity, timedelta(hours=8), timedelta(hours=2), clock.now())
    sign_in(person)
    form = soup(client.get(f"/sessions/new?activity={activity.id}"))
    assert form.select_one("#until")["value"] == "19:00"
    client.post("/sessions/new", data={"activity_id": str(activity.id), "until": "19:00", "interval": "30"})
    session = db.session.query(SafetySession).one()
    assert session.expected_end_at == activity.ends_at


@pytest.mark.both_databases
def test_tomorrows_activity_says_when_its_session_can_start_instead_of_a_form_that_would_be_refused(
        client, clock, sign_in, person, activity):
    move(activity, timedelta(days=1, hours=8), timedelta(hours=2), clock.now())  # tomorrow 17:00 to 19:00
    sign_in(person)
    response = client.get(f"/sessions/new?activity={activity.id}")
    page = soup(response)
    assert response.status_code == 200
    assert page.select_one("#start-form") is None
    assert page.select_one("h1").text == "You can start this session later"
    assert "you can start one for it from Wed 17 Mar 2027, 07:00" in " ".join(page.select_one("main").text.split())
    card = soup(client.get(f"/activities/{activity.id}")).select_one("#activity-session-heading").find_parent("section")
    assert "from Wed 17 Mar 2027, 07:00" in card.text and card.select_one("a[href^='/sessions/new']") is None


@pytest.mark.parametrize(("ends_in", "can_start"), [
    (timedelta(hours=12), True),
    (timedelta(hours=12, minutes=1), False),
    (timedelta(days=1), False),
    (timedelta(minutes=30), True),
])
def test_a_session_can_start_once_the_activity_ends_within_twelve_hours(clock, ends_in, can_start):
    now = clock.now()
    assert (can_start_from(now + ends_in, now) is None) is can_start
