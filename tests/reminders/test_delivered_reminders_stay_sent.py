"""A reminder that went is never sent again, whatever is edited afterwards; a change of time or
meeting point after it went is told once, in a short "Plan changed" text.

Every path that re-plans an activity's messages is tried after the evening email (Tue 18:00) and
the hour-before text (Wed 09:00) have gone, two minutes later (Wed 09:02).
"""

from datetime import datetime, timedelta

import pytest

from tests.helpers import texts_to, uk_clock
from webapp.extensions import db
from webapp.models import ActivityAttendee, Companion, SmsOptOut
from webapp.reminders.planner import plan_activity_reminders
from webapp.sessions.lifecycle import start_session

MOBILE = "+447700900111"
COMPANION = "+447911123457"

pytestmark = pytest.mark.both_databases


@pytest.fixture
def app_overrides(fake_twilio, smtp_server):
    return {**fake_twilio.settings, **smtp_server.settings}


@pytest.fixture
def after_the_reminders_went(app, clock, plan, organiser, fake_twilio, smtp_server, run_jobs):
    """Wednesday's 10:00 canvassing, its evening email and hour-before text sent; now Wed 09:02."""
    activity = plan(datetime(2027, 3, 17, 10, 0))
    clock.set(uk_clock(2027, 3, 16, 18, 0))
    run_jobs(app)
    clock.set(uk_clock(2027, 3, 17, 9, 0))
    run_jobs(app)
    assert len(texts_to(fake_twilio, MOBILE)) == 1
    assert len(emails_to(smtp_server, organiser.email)) == 1
    clock.set(uk_clock(2027, 3, 17, 9, 2))
    return activity


def emails_to(smtp_server, address):
    return [m for m in smtp_server.messages if address in m.message["To"]]


def replan(activity):
    plan_activity_reminders(activity)
    db.session.commit()


def test_saving_a_reminder_note_after_the_reminders_went_sends_nothing_again(
        app, client, sign_in, organiser, after_the_reminders_went, fake_twilio, smtp_server, run_jobs):
    activity = after_the_reminders_went
    sign_in(organiser)
    response = client.post(f"/activities/{activity.id}/reminder-note", data={"note": "Bring water."})
    assert response.status_code in (200, 303)
    run_jobs(app)
    assert len(texts_to(fake_twilio, MOBILE)) == 1
    assert len(emails_to(smtp_server, organiser.email)) == 1


def test_adding_a_companion_after_the_reminders_went_reminds_only_the_newcomer(
        app, after_the_reminders_went, fake_twilio, smtp_server, organiser, run_jobs):
    activity = after_the_reminders_went
    activity.companions.append(Companion(name="Jo Volunteer", mobile=COMPANION))
    replan(activity)
    run_jobs(app)
    assert len(texts_to(fake_twilio, MOBILE)) == 1
    assert len(texts_to(fake_twilio, COMPANION)) == 1  # the hour-before text, still to come for Jo
    assert len(emails_to(smtp_server, organiser.email)) == 1


def test_a_team_member_saying_they_will_come_after_the_reminders_went_sends_nothing_again_to_others(
        app, after_the_reminders_went, fake_twilio, make_user, run_jobs):
    activity = after_the_reminders_went
    member = make_user("candidate", name="Ali Khan", mobile="+447911123458")
    db.session.add(ActivityAttendee(activity_id=activity.id, user_id=member.id, response="going"))
    db.session.commit()
    db.session.refresh(activity)
    replan(activity)
    run_jobs(app)
    assert len(texts_to(fake_twilio, MOBILE)) == 1
    assert len(texts_to(fake_twilio, "+447911123458")) == 1


def test_texting_stop_after_the_reminders_went_does_not_send_them_again_by_email(
        app, after_the_reminders_went, fake_twilio, smtp_server, organiser, run_jobs):
    activity = after_the_reminders_went
    db.session.add(SmsOptOut(phone=MOBILE, source="inbound-stop"))
    db.session.commit()
    replan(activity)
    run_jobs(app)
    assert len(emails_to(smtp_server, organiser.email)) == 1  # only the evening email, as before


def test_turning_a_reminder_off_and_on_again_after_it_went_does_not_send_it_again(
        app, after_the_reminders_went, fake_twilio, organiser, run_jobs):
    activity = after_the_reminders_went
    organiser.remind_hour_before_sms = False
    replan(activity)
    organiser.remind_hour_before_sms = True
    replan(activity)
    run_jobs(app)
    assert len(texts_to(fake_twilio, MOBILE)) == 1


def test_starting_a_safety_session_for_the_activity_sends_no_reminder_again(
        app, clock, after_the_reminders_went, fake_twilio, organiser, run_jobs):
    activity = after_the_reminders_went
    start_session(organiser, expected_end_at=activity.ends_at, interval_minutes=30, activity=activity)
    replan(activity)
    run_jobs(app)
    assert len(texts_to(fake_twilio, MOBILE)) == 1


def test_moving_the_start_after_the_reminders_went_sends_one_plan_changed_text(
        app, clock, after_the_reminders_went, fake_twilio, smtp_server, organiser, run_jobs):
    activity = after_the_reminders_went
    activity.starts_at += timedelta(minutes=30)
    activity.ends_at += timedelta(minutes=30)
    replan(activity)
    replan(activity)  # saved twice: still one message
    run_jobs(app)
    texts = texts_to(fake_twilio, MOBILE)
    assert texts[1:] == ["CampaignSafe: plan changed. Canvassing now Wednesday 17 March, 10:30 at Clifton library. "
                         f"http://campaignsafe.test/activities/{activity.id}"]
    assert len(emails_to(smtp_server, organiser.email)) == 1
    clock.set(uk_clock(2027, 3, 17, 10, 30))
    run_jobs(app)
    assert len(texts_to(fake_twilio, MOBILE)) == 3  # then the start text, at the new time


def test_moving_the_meeting_point_after_the_reminders_went_says_where(
        app, after_the_reminders_went, fake_twilio, run_jobs):
    activity = after_the_reminders_went
    activity.meeting_point = "Clifton Down station"
    replan(activity)
    run_jobs(app)
    texts = texts_to(fake_twilio, MOBILE)
    assert len(texts) == 2 and "at Clifton Down station" in texts[1]


def test_changing_a_plan_and_back_before_the_change_went_sends_nothing(
        app, after_the_reminders_went, fake_twilio, run_jobs):
    activity = after_the_reminders_went
    activity.meeting_point = "Clifton Down station"
    replan(activity)
    activity.meeting_point = "Clifton library"
    replan(activity)
    run_jobs(app)
    assert len(texts_to(fake_twilio, MOBILE)) == 1


def test_moving_a_plan_before_any_reminder_went_sends_no_plan_changed_text(app, plan, fake_twilio, run_jobs):
    activity = plan(datetime(2027, 3, 18, 10, 0))
    activity.starts_at += timedelta(hours=1)
    activity.ends_at += timedelta(hours=1)
    replan(activity)
    run_jobs(app)
    assert fake_twilio.sent == []


def test_a_person_told_only_by_email_hears_of_a_change_by_email(
        app, clock, plan, organiser, fake_twilio, smtp_server, run_jobs):
    organiser.mobile = None
    db.session.commit()
    activity = plan(datetime(2027, 3, 17, 10, 0))
    clock.set(uk_clock(2027, 3, 16, 18, 0))
    run_jobs(app)
    activity.meeting_point = "Clifton Down station"
    replan(activity)
    run_jobs(app)
    sent = emails_to(smtp_server, organiser.email)
    assert len(sent) == 2 and "Plan changed" in sent[1].message["Subject"]
    assert "Clifton Down station" in sent[1].text


def test_a_companion_who_joins_the_team_after_their_reminder_went_is_not_sent_it_again(
        app, plan, clock, fake_twilio, make_user, run_jobs):
    activity = plan(datetime(2027, 3, 17, 10, 0), companions=[("Jo Volunteer", COMPANION)])
    clock.set(uk_clock(2027, 3, 17, 9, 0))
    run_jobs(app)
    assert len(texts_to(fake_twilio, COMPANION)) == 1
    clock.set(uk_clock(2027, 3, 17, 9, 2))
    # Jo joins the candidate's team: the companion row becomes Jo's attendee row (adopt_companions).
    jo = make_user("candidate", name="Jo Volunteer", mobile=COMPANION)
    db.session.delete(activity.companions[0])
    db.session.add(ActivityAttendee(activity_id=activity.id, user_id=jo.id, response="going"))
    db.session.commit()
    db.session.refresh(activity)
    replan(activity)
    activity.meeting_point = "Clifton Down station"
    replan(activity)
    run_jobs(app)
    texts = texts_to(fake_twilio, COMPANION)
    assert len(texts) == 2 and texts[1].startswith("CampaignSafe: plan changed.")  # told of the change, once
