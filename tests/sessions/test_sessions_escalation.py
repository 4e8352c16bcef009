"""The timers run on the server: reminder, "are you OK?", tier 1, tier 2, all-clear — by the clock."""

import pytest

from tests.sessions.session_helpers import COMPANION_MOBILE, EMERGENCY_MOBILE, PERSON_MOBILE, at
from webapp.extensions import db
from webapp.models.sessions import SessionEvent
from webapp.sessions import escalation


def recipients(rows):
    return sorted((m.channel, m.recipient) for m in rows)


def test_checking_in_on_time_alerts_nobody(start, client, clock, tick, outbox):
    session = start()
    at(clock, "09:25")
    tick()
    assert recipients(outbox("session_reminder")) == [("sms", PERSON_MOBILE)]
    at(clock, "09:28")
    assert client.post(f"/sessions/{session.id}/check-in").status_code == 303
    for moment in ("09:30", "09:40", "09:50"):
        at(clock, moment)
        tick()
    assert outbox("session_are_you_ok") == []
    assert outbox("session_alert") == []
    db.session.refresh(session)
    assert session.state == "active"
    assert session.deadline_at.strftime("%H:%M") == "09:58"


def test_a_missed_check_in_warns_then_alerts_each_tier_at_the_right_minute(start, clock, tick, outbox):
    session = start()
    at(clock, "09:29")
    tick()
    assert outbox("session_are_you_ok") == []
    at(clock, "09:30")
    tick()
    [warning] = outbox("session_are_you_ok", "sms")
    assert warning.recipient == PERSON_MOBILE
    assert "are you OK?" in warning.body and "09:40" in warning.body
    at(clock, "09:39")
    tick()
    assert outbox("session_alert") == []
    at(clock, "09:40")
    tick()
    [tier_one] = outbox("session_alert")
    assert tier_one.recipient == COMPANION_MOBILE
    assert "Alex Morgan has missed a check-in" in tier_one.body
    assert "Clifton Library" in tier_one.body and "07700 900001" in tier_one.body
    assert "call 999" in tier_one.body and "/sessions/alert/" in tier_one.body
    at(clock, "09:54")
    tick()
    assert len(outbox("session_alert")) == 1
    at(clock, "09:55")
    tick()
    assert recipients(outbox("session_alert")) == [("sms", COMPANION_MOBILE), ("sms", EMERGENCY_MOBILE)]
    for _ in range(3):
        tick()
    assert len(outbox("session_alert")) == 2
    db.session.refresh(session)
    assert (session.state, session.tier_reached) == ("escalated", 2)


def test_checking_in_after_escalation_sends_the_all_clear_to_everyone_alerted(start, client, clock, tick,
                                                                              outbox):
    session = start()
    for moment in ("09:30", "09:40", "09:55"):
        at(clock, moment)
        tick()
    at(clock, "09:57")
    client.post(f"/sessions/{session.id}/check-in")
    all_clear = outbox("session_all_clear")
    assert recipients(all_clear) == [("sms", COMPANION_MOBILE), ("sms", EMERGENCY_MOBILE)]
    assert all("Alex Morgan has checked in and is safe" in m.body for m in all_clear)
    db.session.refresh(session)
    assert (session.state, session.tier_reached) == ("active", 0)
    kinds = [e.kind for e in session.events]
    assert kinds.index("all_clear") > kinds.index("tier_2")


def test_the_all_clear_goes_only_to_those_alerted_so_far(start, client, clock, tick, outbox):
    session = start()
    for moment in ("09:30", "09:40"):
        at(clock, moment)
        tick()
    client.post(f"/sessions/{session.id}/check-in")
    assert recipients(outbox("session_all_clear")) == [("sms", COMPANION_MOBILE)]


def test_overrunning_the_expected_end_escalates_like_a_missed_check_in(start, clock, tick, outbox):
    session = start(until="09:20")
    at(clock, "09:20")
    tick()
    [warning] = outbox("session_are_you_ok", "sms")
    assert "Your session was due to end" in warning.body
    at(clock, "09:30")
    tick()
    [alert] = outbox("session_alert")
    assert "has not ended their session by the time they expected to" in alert.body
    db.session.refresh(session)
    assert session.overdue_since.strftime("%H:%M") == "09:20"


def test_ending_the_session_in_time_alerts_nobody(start, client, clock, tick, outbox):
    session = start()
    at(clock, "09:20")
    client.post(f"/sessions/{session.id}/end", data={"pin": ""})
    at(clock, "11:00")
    tick()
    assert [m.template for m in outbox()] == []
    db.session.refresh(session)
    assert session.state == "ended"


def test_ending_after_escalation_resolves_it_with_an_all_clear(start, client, clock, tick, outbox):
    session = start()
    for moment in ("09:30", "09:40"):
        at(clock, moment)
        tick()
    client.post(f"/sessions/{session.id}/end", data={"pin": ""})
    [all_clear] = outbox("session_all_clear")
    assert "has ended their session and is safe" in all_clear.body
    db.session.refresh(session)
    assert session.state == "resolved"


def test_a_late_jobs_process_still_escalates_in_order(start, clock, tick, outbox):
    start()
    at(clock, "10:30")  # the jobs process was down for an hour
    tick()
    assert [(m.template, m.channel) for m in outbox()] == [
        ("session_are_you_ok", "sms"), ("session_are_you_ok", "email"), ("session_alert", "sms"),
        ("session_alert", "sms")]


def test_escalations_are_marked_urgent_so_quiet_hours_do_not_hold_them(start, clock, tick, outbox):
    start()
    for moment in ("09:30", "09:40"):
        at(clock, moment)
        tick()
    assert all(m.urgent for m in outbox("session_alert") + outbox("session_are_you_ok"))


def test_reminder_expires_when_its_check_in_time_has_passed(start, clock, tick, outbox):
    start()
    at(clock, "09:25")
    tick()
    [reminder] = outbox("session_reminder")
    assert reminder.expires_at.strftime("%H:%M") == "09:30"
    assert "/sessions/check-in/" in reminder.body and "reply SAFE" in reminder.body


@pytest.mark.both_databases
def test_the_timeline_records_every_step(start, client, clock, tick):
    session = start()
    for moment in ("09:25", "09:30", "09:40", "09:55"):
        at(clock, moment)
        tick()
    client.post(f"/sessions/{session.id}/check-in")
    events = db.session.query(SessionEvent).filter_by(session_id=session.id).order_by(SessionEvent.id).all()
    assert [e.kind for e in events] == ["started", "reminder", "grace_warning", "tier_1", "tier_2", "check_in",
                                        "all_clear"]
    assert events[3].note == "Jo Patel"
    assert events[4].note == "Sam Morgan"


def test_a_reminder_not_yet_sent_is_cancelled_by_checking_in(start, client, clock, outbox):
    session = start()
    at(clock, "09:25")
    escalation.run()  # the reminder is written; the deliverer has not run yet
    client.post(f"/sessions/{session.id}/check-in")
    [reminder] = outbox("session_reminder")
    assert reminder.status == "cancelled"


def test_someone_without_a_mobile_gets_the_reminder_by_email(client, sign_in, make_user, clock, tick, outbox):
    person = make_user("candidate", mobile=None, email="nomobile@example.org")
    sign_in(person)
    client.post("/sessions/new", data={"place": "Clifton", "until": "10:30", "interval": "30"})
    at(clock, "09:25")
    tick()
    [reminder] = outbox("session_reminder")
    assert (reminder.channel, reminder.recipient) == ("email", "nomobile@example.org")
    assert reminder.subject == "Check-in due at 09:30" and "/sessions/check-in/" in reminder.body


def test_where_the_person_said_they_were_going_reaches_their_contacts_with_the_plans_meeting_point(
        start, client, clock, tick, outbox):
    session = start(place="Royal York Crescent, Clifton")
    at(clock, "09:40")
    tick()
    [text] = outbox("session_alert", "sms")
    assert "canvassing at Clifton Library" in text.body and "Going to: Royal York Crescent, Clifton." in text.body
    ack_link = text.body.split("I'm handling this: ")[1].split()[0]
    client.post("/sign-out")
    page = client.get(ack_link[ack_link.index("/sessions/alert/"):]).get_data(as_text=True)
    assert "Going to" in page and "Royal York Crescent, Clifton" in page
    assert session.going_to == "Royal York Crescent, Clifton"


def test_a_place_left_as_the_plans_meeting_point_is_not_repeated(start, clock, tick, outbox):
    start(place="Clifton Library")
    at(clock, "09:40")
    tick()
    [text] = outbox("session_alert", "sms")
    assert "Going to" not in text.body
