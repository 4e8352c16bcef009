"""Starting a session: from an activity, ad hoc, from the dashboard; bad input is explained and kept."""

import re
from datetime import UTC, datetime

import pytest
from bs4 import BeautifulSoup

from webapp.extensions import db
from webapp.models.sessions import SafetySession
from webapp.sessions.forms import parse_until


def test_starting_from_an_activity_fills_in_its_end_and_meeting_point(client, sign_in, person, activity):
    sign_in(person)
    soup = BeautifulSoup(client.get(f"/sessions/new?activity={activity.id}").data, "html.parser")
    assert soup.select_one("#until")["value"] == "12:00"
    assert soup.select_one("#place")["value"] == "Clifton Library"
    assert soup.select_one("#interval")["value"] == "30"
    assert len(soup.select("h1")) == 1
    for field in soup.select("#start-form input:not([type=hidden])"):
        assert soup.select_one(f"label[for={field['id']}]") or field.find_parent("label")


def test_an_ad_hoc_session_starts_and_its_page_says_who_will_be_alerted(client, sign_in, person):
    sign_in(person)
    response = client.post("/sessions/new", data={"place": "Whiteladies Road", "until": "10:30",
                                                  "interval": "20"})
    session = db.session.query(SafetySession).one()
    assert response.headers["Location"] == f"/sessions/{session.id}"
    assert (session.place, session.interval_minutes, session.activity_id) == ("Whiteladies Road", 20, None)
    assert session.expected_end_at == datetime(2027, 3, 16, 10, 30, tzinfo=UTC)
    soup = BeautifulSoup(client.get(f"/sessions/{session.id}").data, "html.parser")
    assert soup.select_one("h1").text == "Whiteladies Road"
    assert soup.select_one("#countdown")["data-deadline"] == "2027-03-16T09:20:00+00:00"
    who = soup.select_one("#who-heading").find_parent("section").text
    assert "Sam Morgan (emergency contact)" in who and "nobody yet" in who
    assert "does not contact the police" in who
    assert "monitor" not in who.replace("monitoring service", "")


def test_the_dashboard_offers_to_start_a_session_then_links_to_it(client, sign_in, person):
    sign_in(person)
    home = BeautifulSoup(client.get("/").data, "html.parser")
    assert home.select_one("#session-card-heading").find_parent("section").select_one("a")["href"] == "/sessions/new"
    client.post("/sessions/new", data={"place": "Clifton", "until": "10:30", "interval": "30"})
    home = BeautifulSoup(client.get("/").data, "html.parser")
    assert "next check-in by 09:30" in home.select_one("#session-card-heading").find_parent("section").text


def test_only_one_session_runs_at_a_time(client, sign_in, person):
    sign_in(person)
    client.post("/sessions/new", data={"place": "Clifton", "until": "10:30", "interval": "30"})
    response = client.post("/sessions/new", data={"place": "Redland", "until": "11:30", "interval": "30"})
    assert response.status_code == 303
    assert db.session.query(SafetySession).count() == 1


def test_a_session_check_in_by_button_resets_the_countdown(hx, client, clock, sign_in, person):
    sign_in(person)
    client.post("/sessions/new", data={"place": "Clifton", "until": "11:30", "interval": "30"})
    session = db.session.query(SafetySession).one()
    clock.advance(minutes=12)
    response = hx.post(f"/sessions/{session.id}/check-in", target="session-status")
    assert response.status_code == 200
    soup = BeautifulSoup(response.data, "html.parser")
    assert soup.select_one("#session-status") is not None and soup.select_one("h1") is None
    assert soup.select_one("#countdown")["data-deadline"] == "2027-03-16T09:42:00+00:00"
    assert "Checked in at 09:12" in soup.text
    who = soup.select_one("#session-who")
    assert who["hx-swap-oob"] == "true" and "check-in at 09:42" in who.text


BAD_INPUT = [
    ({"until": ""}, "until", "Enter the time you expect to finish"),
    ({"until": "25:00"}, "until", "Enter the time you expect to finish"),
    ({"until": "half six"}, "until", "Enter the time you expect to finish"),
    ({"until": "09:02"}, "until", "at least 5 minutes from now"),
    ({"until": "08:00"}, "until", "up to 12 hours"),
    ({"interval": "4"}, "interval", "every 5 to 240 minutes"),
    ({"interval": "241"}, "interval", "every 5 to 240 minutes"),
    ({"interval": "often"}, "interval", "Enter how often"),
    ({"place": ""}, "place", "Say where you are going"),
    ({"place": "x" * 201}, "place", "200"),
]


@pytest.mark.parametrize(("change", "field", "message"), BAD_INPUT)
def test_bad_start_input_is_refused_beside_its_field_and_kept(hx, sign_in, person, change, field, message):
    sign_in(person)
    data = {"place": "Clifton", "until": "10:30", "interval": "30", **change}
    response = hx.post("/sessions/new", target="start-form", data=data)
    assert response.status_code == 422
    soup = BeautifulSoup(response.data, "html.parser")
    assert message in soup.select_one(f"#{field}-error").text
    assert soup.select_one("#place")["value"] == data["place"]
    assert db.session.query(SafetySession).count() == 0


@pytest.mark.parametrize(("now", "text", "expected"), [
    # 23:30 GMT on Saturday 27 March 2027; the clocks go forward at 01:00 GMT on Sunday.
    (datetime(2027, 3, 27, 23, 30, tzinfo=UTC), "02:30", datetime(2027, 3, 28, 1, 30, tzinfo=UTC)),
    (datetime(2027, 3, 27, 23, 30, tzinfo=UTC), "00:45", datetime(2027, 3, 28, 0, 45, tzinfo=UTC)),
    # 20:00 BST in October, back to GMT overnight: 01:30 is the first (BST) one.
    (datetime(2027, 10, 30, 19, 0, tzinfo=UTC), "01:30", datetime(2027, 10, 31, 0, 30, tzinfo=UTC)),
    (datetime(2027, 6, 1, 17, 0, tzinfo=UTC), "19:30", datetime(2027, 6, 1, 18, 30, tzinfo=UTC)),
])
def test_the_finish_time_is_read_as_uk_time_across_the_clock_changes(app, now, text, expected):
    assert parse_until(text, now) == expected


def test_a_finish_time_that_the_clocks_skip_is_refused(app):
    with pytest.raises(ValueError, match="The clocks go forward tonight, so 01:30 does not happen"):
        parse_until("01:30", datetime(2027, 3, 27, 23, 30, tzinfo=UTC))


def test_times_are_entered_and_shown_in_uk_summer_time(client, clock, sign_in, person):
    clock.set(datetime(2027, 6, 1, 17, 0, tzinfo=UTC))  # 18:00 BST
    sign_in(person)
    client.post("/sessions/new", data={"place": "Clifton", "until": "19:30", "interval": "45"})
    session = db.session.query(SafetySession).one()
    assert session.expected_end_at == datetime(2027, 6, 1, 18, 30, tzinfo=UTC)
    soup = BeautifulSoup(client.get(f"/sessions/{session.id}").data, "html.parser")
    assert "Next check-in by 18:45" in " ".join(soup.select_one("#session-status").text.split())
    assert "Session until 19:30" in soup.select_one("#session-timeline").text
    assert soup.select_one("#countdown")["data-deadline"] == "2027-06-01T17:45:00+00:00"


def test_the_start_time_text_links_the_organiser_to_a_session_for_that_activity(client, sign_in, person, activity,
                                                                                clock):
    from webapp.models import Message
    from webapp.reminders.planner import plan_activity_reminders

    activity.starts_at = clock.now().replace(hour=10)
    plan_activity_reminders(activity)
    db.session.commit()
    texts = {m.recipient: m.body for m in db.session.query(Message).filter_by(kind="reminder-start")}
    assert f"/sessions/new?activity={activity.id}" in texts[person.mobile]
    assert "/sessions/new" not in texts["+447700900002"]  # the companion gets no link to someone else's form
    link = re.search(r"http://campaignsafe\.test(/sessions/new\?activity=\d+)", texts[person.mobile]).group(1)
    sign_in(person)
    form = BeautifulSoup(client.get(link).data, "html.parser")
    assert form.select_one("#place")["value"] == "Clifton Library"
    assert form.select_one("#activity_id")["value"] == str(activity.id)


def test_an_activity_page_offers_a_session_then_links_to_the_running_one(client, sign_in, person, activity):
    sign_in(person)
    page = BeautifulSoup(client.get(f"/activities/{activity.id}").data, "html.parser")
    card = page.select_one("#activity-session-heading").find_parent("section")
    assert card.select_one("a")["href"] == f"/sessions/new?activity={activity.id}"
    client.post("/sessions/new", data={"activity_id": str(activity.id), "until": "12:00", "interval": "30"})
    session = db.session.query(SafetySession).one()
    page = BeautifulSoup(client.get(f"/activities/{activity.id}").data, "html.parser")
    card = page.select_one("#activity-session-heading").find_parent("section")
    assert card.select_one("a")["href"] == f"/sessions/{session.id}"
    assert "next check-in by 09:30" in card.text


def test_someone_without_a_mobile_is_told_reminders_come_by_email(client, sign_in, make_user):
    sign_in(make_user("candidate", mobile=None))
    client.post("/sessions/new", data={"place": "Clifton", "until": "10:30", "interval": "30"})
    session = db.session.query(SafetySession).one()
    who = BeautifulSoup(client.get(f"/sessions/{session.id}").data, "html.parser").select_one("#session-who")
    assert "come by email only" in who.text
