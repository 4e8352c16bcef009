"""The plan page's message list polls only while a message is on its way, re-arms itself before the next
one falls due, answers 304 when nothing changed, and costs the same few queries whoever is going (issue 17)."""

from datetime import datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import event

from webapp.extensions import db
from webapp.models import ActivityAttendee, Message
from webapp.reminders.polling import IMMINENT, MAX_WAIT
from webapp.timeutil import london_to_utc

# Planned on Tue 16 March 2027 at 09:00 for Thu 18 March 10:00–12:00: the plan email is due Wed 18:00,
# the texts Thu 09:00 and 10:00, the aftercare Thu 13:00.
EVENING_EMAIL_DUE = london_to_utc(datetime(2027, 3, 17, 18, 0))


@pytest.fixture
def activity(plan, organiser, sign_in):
    planned = plan(datetime(2027, 3, 18, 10, 0))
    sign_in(organiser)
    return planned


def the_list(hx, activity, headers=None):
    response = hx.get(f"/activities/{activity.id}/messages", target="activity-messages", headers=headers)
    return response, BeautifulSoup(response.data, "html.parser").select_one("#activity-messages")


def trigger_of(hx, activity):
    section = the_list(hx, activity)[1]
    return section.get("hx-trigger")


def test_the_list_polls_while_a_message_is_due_within_minutes(hx, clock, activity):
    clock.set(EVENING_EMAIL_DUE - IMMINENT + timedelta(seconds=1))
    assert trigger_of(hx, activity) == "every 10s"


def test_the_list_polls_while_a_message_is_being_sent(hx, activity):
    db.session.query(Message).filter_by(activity_id=activity.id, kind="reminder-evening").update(
        {"status": "sending", "due_at": EVENING_EMAIL_DUE})
    db.session.query(Message).filter(Message.kind != "reminder-evening").update({"status": "delivered"})
    db.session.commit()
    assert trigger_of(hx, activity) == "every 10s"


def test_the_list_asks_once_shortly_before_the_next_message_is_due(hx, clock, activity):
    clock.set(EVENING_EMAIL_DUE - timedelta(hours=1))
    assert trigger_of(hx, activity) == "load delay:3300s"  # 55 minutes: the hour less the five-minute window


def test_a_list_whose_next_message_is_days_away_asks_again_within_hours(hx, activity):
    assert trigger_of(hx, activity) == f"load delay:{int(MAX_WAIT.total_seconds())}s"


@pytest.mark.parametrize("status", ["delivered", "cancelled", "permanent-failure"])
def test_a_list_with_nothing_left_to_send_never_asks_again(hx, activity, status):
    db.session.query(Message).update({"status": status})
    db.session.commit()
    assert trigger_of(hx, activity) is None


def test_the_poll_stops_when_nothing_is_imminent_and_resumes_when_something_falls_due(hx, clock, activity):
    clock.set(EVENING_EMAIL_DUE - IMMINENT - timedelta(minutes=10))
    assert trigger_of(hx, activity) == "load delay:600s"
    clock.advance(minutes=10)
    assert trigger_of(hx, activity) == "every 10s"
    db.session.query(Message).filter_by(activity_id=activity.id, kind="reminder-evening").update(
        {"status": "delivered"})
    db.session.commit()
    assert trigger_of(hx, activity).startswith("load delay:")  # the texts are tomorrow morning
    clock.set(london_to_utc(datetime(2027, 3, 18, 8, 56)))
    assert trigger_of(hx, activity) == "every 10s"


def test_a_text_handed_to_the_provider_long_ago_without_a_receipt_does_not_poll_for_ever(hx, clock, activity):
    db.session.query(Message).update({"status": "delivered"})
    db.session.query(Message).filter_by(activity_id=activity.id, kind="reminder-start").update(
        {"status": "sending", "sent_at": london_to_utc(datetime(2027, 3, 18, 10, 0))})
    db.session.commit()
    clock.set(london_to_utc(datetime(2027, 3, 18, 10, 1)))
    assert trigger_of(hx, activity) == "every 10s"  # its receipt is on its way
    clock.set(london_to_utc(datetime(2027, 3, 18, 10, 30)))
    assert trigger_of(hx, activity) is None


def test_an_unchanged_poll_is_a_304_without_a_body(hx, clock, activity):
    clock.set(EVENING_EMAIL_DUE - timedelta(minutes=2))
    first, section = the_list(hx, activity)
    assert section["data-etag"] and first.headers["ETag"] == f'"{section["data-etag"]}"'
    again, _ = the_list(hx, activity, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_a_poll_after_a_change_gets_the_new_list(hx, clock, activity):
    clock.set(EVENING_EMAIL_DUE - timedelta(minutes=2))
    first, _ = the_list(hx, activity)
    row = db.session.query(Message).filter_by(activity_id=activity.id, kind="reminder-evening").one()
    row.status = "sending"
    db.session.commit()
    changed, section = the_list(hx, activity, headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and changed.headers["ETag"] != first.headers["ETag"]
    assert section.select_one(f"#message-{row.id} .tag").get_text() == "Sending"


def test_a_one_shot_re_arm_always_gets_the_list_so_its_timer_is_set_again(hx, activity):
    first, _ = the_list(hx, activity)
    again, section = the_list(hx, activity, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200 and section["hx-trigger"].startswith("load delay:")


def test_the_plan_page_shows_the_list_with_the_same_trigger(client, clock, activity):
    clock.set(EVENING_EMAIL_DUE - timedelta(hours=1))
    soup = BeautifulSoup(client.get(f"/activities/{activity.id}").data, "html.parser")
    assert soup.select_one("#activity-messages")["hx-trigger"] == "load delay:3300s"


def statements_for(hx, activity) -> int:
    count, url = {"n": 0}, f"/activities/{activity.id}/messages"

    def counted(*args):
        count["n"] += 1

    db.session.expire_all()
    event.listen(db.engine, "before_cursor_execute", counted)
    try:
        response = hx.get(url, target="activity-messages")
    finally:
        event.remove(db.engine, "before_cursor_execute", counted)
    assert response.status_code == 200
    return count["n"]


@pytest.mark.both_databases
def test_a_poll_costs_the_same_queries_whoever_is_going(database, hx, plan, organiser, make_user, sign_in):
    alone = plan(datetime(2027, 3, 18, 10, 0))
    crowded = plan(datetime(2027, 3, 19, 10, 0), companions=[(f"Companion {n}", None) for n in range(4)])
    db.session.add_all([ActivityAttendee(activity_id=crowded.id, user_id=make_user("team_member").id, response="going")
                        for _ in range(4)])
    db.session.commit()
    sign_in(organiser)
    assert statements_for(hx, alone) == statements_for(hx, crowded) == 3  # who is signed in, the activity and the rules, its messages


def test_the_saturday_benchmark_reads_the_lists_trigger_and_etag_as_htmx_does(hx, clock, activity):
    from bench.saturday_load import list_refresh

    clock.set(EVENING_EMAIL_DUE - IMMINENT + timedelta(seconds=1))
    response, section = the_list(hx, activity)
    assert list_refresh(response.data) == ("every 10s", section["data-etag"])
    clock.set(EVENING_EMAIL_DUE - timedelta(hours=1))
    page = hx.get(f"/activities/{activity.id}", headers={"HX-Boosted": "true"})
    assert list_refresh(page.data)[0] == "load delay:3300s"
