"""Planning, changing and cancelling an activity through its pages keeps its reminders in step."""

import pytest
from bs4 import BeautifulSoup

from webapp.extensions import db
from webapp.models import Activity, Message
from webapp.timeutil import to_london

FORM = {
    "kind": "canvassing", "day": "2027-03-18", "start_time": "10:00", "end_time": "12:00", "end_day": "",
    "meeting_point": "Clifton Library", "area": "Clifton", "postcode": "",
    "companions-0-name": "Jo Volunteer", "companions-0-mobile": "07911 123457",
    "companions-1-name": "", "companions-1-mobile": "", "notes": "",
}


@pytest.fixture
def app_overrides(fake_twilio):
    return fake_twilio.settings


@pytest.fixture
def planner(client, make_user, sign_in):
    return sign_in(make_user("candidate", name="Sam Patel", mobile="+447700900111"))


def reminder_rows(activity_id):
    db.session.expire_all()
    return {(m.recipient, m.kind): m for m in db.session.query(Message).filter_by(activity_id=activity_id)}


def test_planning_an_activity_schedules_its_reminders(client, planner):
    response = client.post("/activities/new", data=FORM)
    assert response.status_code == 303, BeautifulSoup(response.data, "html.parser").select_one(".error-summary")
    activity = db.session.query(Activity).one()
    rows = reminder_rows(activity.id)
    assert to_london(rows[("+447700900111", "reminder-hour-before")].due_at).strftime("%a %H:%M") == "Thu 09:00"
    assert ("+447911123457", "reminder-start") in rows
    assert rows[(planner.email, "reminder-evening")].channel == "email"


def test_moving_an_activity_on_its_page_moves_its_reminders(client, planner):
    client.post("/activities/new", data=FORM)
    activity = db.session.query(Activity).one()
    ids = {key: row.id for key, row in reminder_rows(activity.id).items()}
    response = client.post(f"/activities/{activity.id}/edit", data={**FORM, "start_time": "14:00", "end_time": "16:00"})
    assert response.status_code == 303
    rows = reminder_rows(activity.id)
    assert to_london(rows[("+447911123457", "reminder-hour-before")].due_at).strftime("%H:%M") == "13:00"
    assert {key: row.id for key, row in rows.items()} == ids  # moved, not duplicated


def test_cancelling_an_activity_on_its_page_cancels_its_reminders(client, planner):
    client.post("/activities/new", data=FORM)
    activity = db.session.query(Activity).one()
    client.post(f"/activities/{activity.id}/cancel")
    assert {row.status for row in reminder_rows(activity.id).values()} == {"cancelled"}


def test_editing_after_a_text_went_does_not_send_it_again(app, clock, client, planner, fake_twilio, run_jobs):
    client.post("/activities/new", data={**FORM, "day": "2027-03-16", "start_time": "09:30", "end_time": "11:00"})
    activity = db.session.query(Activity).one()
    run_jobs(app)
    assert len([m for m in fake_twilio.sent if m["To"] == "+447911123457"]) == 1
    client.post(f"/activities/{activity.id}/edit", data={**FORM, "day": "2027-03-16", "start_time": "09:30",
                                                          "end_time": "11:00", "notes": "Bring water."})
    run_jobs(app)
    assert len([m for m in fake_twilio.sent if m["To"] == "+447911123457"]) == 1


def test_the_activity_page_lists_its_reminders_with_their_status(app, client, planner, run_jobs):
    client.post("/activities/new", data={**FORM, "day": "2027-03-16", "start_time": "09:30", "end_time": "11:00"})
    activity = db.session.query(Activity).one()
    run_jobs(app)
    soup = BeautifulSoup(client.get(f"/activities/{activity.id}").data, "html.parser")
    section = soup.select_one("#activity-messages")
    assert section is not None and len(soup.select("h1")) == 1
    tags = [tag.get_text() for tag in section.select(".tag")]
    assert "Sent" in tags and "Scheduled" in tags
