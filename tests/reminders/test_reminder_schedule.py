"""Reminders per activity, driven by the clock: planned, sent once, moved, cancelled, expired, quiet."""

from datetime import datetime, timedelta

import pytest

from tests.helpers import texts_to
from webapp.extensions import db
from webapp.models import SmsOptOut
from webapp.reminders.planner import plan_activity_reminders
from webapp.timeutil import london_to_utc, to_london

MOBILE = "+447700900111"


pytestmark = pytest.mark.both_databases

@pytest.fixture
def app_overrides(fake_twilio, smtp_server):
    return {**fake_twilio.settings, **smtp_server.settings}


def test_planning_writes_the_four_reminders_at_their_times(plan, reminders, organiser):
    # Clock: Tue 16 March 2027 09:00 GMT. Activity Thursday 10:00–12:00.
    activity = plan(datetime(2027, 3, 18, 10, 0))
    rows = reminders(activity)
    assert {kind: (row.channel, row.recipient) for (_, kind), row in rows.items()} == {
        "evening": ("email", organiser.email),
        "hour-before": ("sms", MOBILE),
        "start": ("sms", MOBILE),
        "aftercare": ("sms", MOBILE),
    }
    due = {kind: to_london(row.due_at).strftime("%a %H:%M") for (_, kind), row in rows.items()}
    assert due == {"evening": "Wed 18:00", "hour-before": "Thu 09:00", "start": "Thu 10:00",
                   "aftercare": "Thu 13:00"}


def test_the_hour_before_text_fits_one_segment_and_carries_the_safety_words(plan, reminders):
    activity = plan(datetime(2027, 3, 18, 10, 0), meeting_point="The long car park behind St Mary Redcliffe "
                                                                 "church, by the blue recycling bins")
    body = reminders(activity)[(MOBILE, "hour-before")].body
    assert len(body) <= 160
    for words in ("Pairs", "route shared", "phone charged", "never go inside a home", "In danger call 999"):
        assert words in body


def test_a_reminder_is_sent_once_when_its_time_comes(app, clock, plan, fake_twilio, run_jobs):
    plan(datetime(2027, 3, 16, 11, 0))  # two hours from now
    run_jobs(app)
    assert texts_to(fake_twilio, MOBILE) == []
    clock.advance(minutes=60)
    run_jobs(app)
    run_jobs(app)
    texts = texts_to(fake_twilio, MOBILE)
    assert len(texts) == 1 and "Canvassing 11:00" in texts[0]


def test_an_activity_starting_in_thirty_minutes_gets_its_reminders_at_once(app, plan, fake_twilio, smtp_server,
                                                                          run_jobs):
    plan(datetime(2027, 3, 16, 9, 30))
    run_jobs(app)
    assert len(texts_to(fake_twilio, MOBILE)) == 1
    assert len(smtp_server.messages) == 1  # the plan and checklist, as soon as it can go


def test_an_activity_planned_after_it_started_gets_no_stale_reminders(app, clock, plan, reminders, fake_twilio,
                                                                      run_jobs):
    clock.set(london_to_utc(datetime(2027, 3, 16, 10, 10)))
    activity = plan(datetime(2027, 3, 16, 10, 0))  # logged afterwards
    rows = reminders(activity)
    assert rows[(MOBILE, "hour-before")].status == "expired"
    assert rows[(MOBILE, "start")].status == "created"  # still within its 15 minutes' grace
    assert rows[(MOBILE, "aftercare")].status == "created"


def test_moving_an_activity_reschedules_its_reminders(app, clock, plan, reminders, fake_twilio, run_jobs):
    activity = plan(datetime(2027, 3, 16, 14, 0))
    activity.starts_at = london_to_utc(datetime(2027, 3, 16, 16, 0))
    activity.ends_at = activity.starts_at + timedelta(hours=2)
    plan_activity_reminders(activity)
    db.session.commit()
    row = reminders(activity)[(MOBILE, "hour-before")]
    assert to_london(row.due_at).strftime("%H:%M") == "15:00"
    clock.set(london_to_utc(datetime(2027, 3, 16, 13, 0)))
    run_jobs(app)
    assert texts_to(fake_twilio, MOBILE) == []
    clock.set(london_to_utc(datetime(2027, 3, 16, 15, 0)))
    run_jobs(app)
    assert len(texts_to(fake_twilio, MOBILE)) == 1


def test_moving_an_activity_to_another_day_after_its_reminder_went_says_so_and_reminds_again_that_day(
        app, clock, plan, reminders, fake_twilio, run_jobs):
    activity = plan(datetime(2027, 3, 16, 10, 0))
    run_jobs(app)
    assert len(texts_to(fake_twilio, MOBILE)) == 1
    activity.starts_at = london_to_utc(datetime(2027, 3, 18, 10, 0))
    activity.ends_at = activity.starts_at + timedelta(hours=2)
    plan_activity_reminders(activity)
    db.session.commit()
    run_jobs(app)
    texts = texts_to(fake_twilio, MOBILE)
    assert len(texts) == 2 and texts[1].startswith("CampaignSafe: plan changed. Canvassing now Thursday 18 March")
    clock.set(london_to_utc(datetime(2027, 3, 18, 9, 0)))
    run_jobs(app)
    texts = texts_to(fake_twilio, MOBILE)
    assert len(texts) == 3 and "Canvassing 10:00" in texts[2]  # the hour-before text for the new day


def test_cancelling_an_activity_cancels_its_reminders(app, clock, plan, reminders, fake_twilio, run_jobs,
                                                      smtp_server):
    activity = plan(datetime(2027, 3, 18, 10, 0))
    activity.cancelled_at = clock.now()
    plan_activity_reminders(activity)
    db.session.commit()
    assert {row.status for row in reminders(activity).values()} == {"cancelled"}
    clock.advance(days=3)
    run_jobs(app)
    assert fake_twilio.sent == [] and smtp_server.messages == []


def test_planning_twice_changes_nothing(plan, reminders):
    activity = plan(datetime(2027, 3, 18, 10, 0))
    before = {key: (row.id, row.due_at, row.body) for key, row in reminders(activity).items()}
    plan_activity_reminders(activity)
    db.session.commit()
    assert {key: (row.id, row.due_at, row.body) for key, row in reminders(activity).items()} == before


def test_a_start_text_that_could_only_arrive_late_expires_unsent(app, clock, plan, reminders, fake_twilio,
                                                                 run_jobs):
    activity = plan(datetime(2027, 3, 16, 9, 30))
    fake_twilio.answer_next(500, 500, 500, 500)  # Twilio is down for a while
    clock.set(london_to_utc(datetime(2027, 3, 16, 9, 30)))
    run_jobs(app)
    clock.set(london_to_utc(datetime(2027, 3, 16, 10, 30)))
    run_jobs(app)
    assert reminders(activity)[(MOBILE, "start")].status == "expired"


def test_companions_get_the_texts_and_a_stopped_number_gets_none(app, clock, plan, reminders, fake_twilio,
                                                                 run_jobs):
    db.session.add(SmsOptOut(phone="+447700900333", source="inbound-stop"))
    db.session.commit()
    activity = plan(datetime(2027, 3, 16, 10, 0),
                    companions=[("Jo", "+447700900222"), ("Kim", "+447700900333"), ("Lee", None)])
    recipients = {recipient for recipient, _ in reminders(activity)}
    assert "+447700900222" in recipients and "+447700900333" not in recipients
    run_jobs(app)
    jo = texts_to(fake_twilio, "+447700900222")
    assert len(jo) == 1 and "http" not in jo[0]  # no link to a page Jo can't open


def test_a_person_who_turned_a_reminder_off_does_not_get_it(plan, reminders, organiser):
    organiser.remind_aftercare = False
    organiser.remind_evening_email = False
    db.session.commit()
    activity = plan(datetime(2027, 3, 18, 10, 0))
    assert {kind for _, kind in reminders(activity)} == {"hour-before", "start"}


def test_quiet_hours_hold_an_aftercare_text_until_eight(plan, reminders):
    activity = plan(datetime(2027, 3, 16, 18, 30), minutes=120)  # ends 20:30; aftercare would be 21:30
    row = reminders(activity)[(MOBILE, "aftercare")]
    assert to_london(row.due_at).strftime("%a %H:%M") == "Wed 08:00"


def test_quiet_hours_do_not_apply_when_the_activity_is_itself_in_them(plan, reminders):
    activity = plan(datetime(2027, 3, 17, 7, 0), minutes=60)  # an early leafleting round, 07:00
    row = reminders(activity)[(MOBILE, "hour-before")]
    assert to_london(row.due_at).strftime("%a %H:%M") == "Wed 06:00"


def test_an_hour_before_text_in_quiet_hours_waits_for_eight_if_still_useful(plan, reminders):
    activity = plan(datetime(2027, 3, 17, 8, 30))  # 07:30 is quiet; the activity is not
    row = reminders(activity)[(MOBILE, "hour-before")]
    assert to_london(row.due_at).strftime("%H:%M") == "08:00"


@pytest.mark.parametrize(("start_local", "evening_utc", "hour_before_utc"), [
    # Sunday 28 March 2027: clocks go forward at 01:00 GMT. The evening email is Saturday 18:00 GMT.
    (datetime(2027, 3, 28, 10, 0), "2027-03-27 18:00", "2027-03-28 08:00"),
    # Monday after the change: evening email Sunday 18:00 BST = 17:00 UTC.
    (datetime(2027, 3, 29, 10, 0), "2027-03-28 17:00", "2027-03-29 08:00"),
    # Sunday 31 October 2027: clocks go back. Saturday 18:00 BST = 17:00 UTC; 10:00 GMT start.
    (datetime(2027, 10, 31, 10, 0), "2027-10-30 17:00", "2027-10-31 09:00"),
])
def test_reminders_keep_to_uk_time_across_the_clock_changes(clock, plan, reminders, start_local, evening_utc,
                                                            hour_before_utc):
    clock.set(london_to_utc(start_local) - timedelta(days=4))
    activity = plan(start_local)
    rows = reminders(activity)
    assert rows[(activity.owner.email, "evening")].due_at.strftime("%Y-%m-%d %H:%M") == evening_utc
    assert rows[(MOBILE, "hour-before")].due_at.strftime("%Y-%m-%d %H:%M") == hour_before_utc


def test_the_evening_email_has_the_plan_and_the_checklist_in_both_parts(app, clock, plan, smtp_server,
                                                                        run_jobs):
    plan(datetime(2027, 3, 18, 10, 0), companions=[("Jo", "+447700900222")])
    clock.set(london_to_utc(datetime(2027, 3, 17, 18, 0)))
    run_jobs(app)
    assert len(smtp_server.messages) == 1
    mail = smtp_server.messages[0]
    for part in (mail.text, mail.html):
        assert "Clifton library" in part and "Jo" in part
        assert "Never go inside a resident" in part and "999" in part


def test_someone_without_a_mobile_gets_the_texts_words_by_email(app, clock, make_user, plan, reminders,
                                                               smtp_server, run_jobs):
    no_mobile = make_user("candidate", name="Ali Khan")
    activity = plan(datetime(2027, 3, 16, 10, 0), owner=no_mobile)
    rows = reminders(activity)
    assert {row.channel for row in rows.values()} == {"email"}
    run_jobs(app)
    hour_before = [m for m in smtp_server.messages if "in an hour" in m.message["Subject"]]
    assert len(hour_before) == 1
    assert "never go inside a home" in hour_before[0].text and "999" in hour_before[0].html


def test_a_stop_receipt_from_twilio_records_the_opt_out(app, client, clock, plan, fake_twilio, run_jobs):
    from twilio.request_validator import RequestValidator

    plan(datetime(2027, 3, 16, 10, 0))
    run_jobs(app)
    sid = fake_twilio.sent[0]["sid"]
    form = {"MessageSid": sid, "MessageStatus": "failed", "ErrorCode": "21610"}
    signature = RequestValidator(fake_twilio.auth_token).compute_signature(
        "http://campaignsafe.test/webhooks/twilio/status", form)
    assert client.post("/webhooks/twilio/status", data=form, headers={"X-Twilio-Signature": signature}).status_code == 200
    assert db.session.get(SmsOptOut, MOBILE) is not None
