"""The real twilio client against the fake Twilio server: what is sent, and what each answer does."""

import pytest

from webapp.extensions import db
from webapp.models import SmsOptOut

pytestmark = pytest.mark.both_databases

@pytest.fixture
def app_overrides(fake_twilio):
    return fake_twilio.settings


def test_a_due_text_is_sent_once_with_our_status_callback(app, fake_twilio, queue_sms, run_jobs):
    message = queue_sms(to="+447700900123", text="Canvassing at 10:00. In danger call 999.")
    run_jobs(app)
    run_jobs(app)
    assert len(fake_twilio.sent) == 1
    sent = fake_twilio.sent[0]
    assert sent["To"] == "+447700900123"
    # The first text to a number without an account starts with who is texting (webapp/notify/first_contact.py).
    assert sent["Body"] == message.body and sent["Body"].endswith("\nCanvassing at 10:00. In danger call 999.")
    assert sent["From"] == "+447700900000"
    assert sent["StatusCallback"] == "http://campaignsafe.test/webhooks/twilio/status"
    db.session.refresh(message)
    assert message.status == "sending"
    assert message.provider_id == sent["sid"]
    assert message.sent_at is not None


def test_a_text_not_yet_due_waits_for_its_time(app, clock, fake_twilio, queue_sms, run_jobs):
    from datetime import timedelta

    queue_sms(due_at=clock.now() + timedelta(minutes=30))
    run_jobs(app)
    assert fake_twilio.sent == []
    clock.advance(minutes=30)
    run_jobs(app)
    assert len(fake_twilio.sent) == 1


@pytest.mark.parametrize(("code", "reason"), [
    (21211, "can't receive texts"),
    (21614, "can't receive texts"),
    (21408, "can't send texts to this country"),
])
def test_a_bad_number_fails_permanently_with_a_plain_reason(app, clock, fake_twilio, queue_sms, run_jobs,
                                                            code, reason):
    from webapp.notify.reasons import reason_for

    message = queue_sms()
    fake_twilio.answer_next(code)
    run_jobs(app)
    clock.advance(days=1)
    run_jobs(app)
    db.session.refresh(message)
    assert message.status == "permanent-failure"
    assert message.error_code == str(code)
    assert reason in reason_for(message.status, message.error_code)
    assert len(fake_twilio.requests) == 1


def test_an_unsubscribed_number_fails_and_goes_on_our_stop_list(app, clock, fake_twilio, queue_sms, run_jobs):
    first = queue_sms(to="+447700900222")
    fake_twilio.answer_next(21610)
    run_jobs(app)
    db.session.refresh(first)
    assert first.status == "permanent-failure"
    assert db.session.get(SmsOptOut, "+447700900222") is not None
    second = queue_sms(to="+447700900222")
    run_jobs(app)
    db.session.refresh(second)
    assert second.status == "permanent-failure"
    assert second.error_code == "opted-out"
    assert len(fake_twilio.requests) == 1


@pytest.mark.parametrize("answer", [429, 500, "hang"])
def test_a_busy_or_broken_twilio_is_retried_later_and_sent_once(app, clock, fake_twilio, queue_sms, run_jobs,
                                                                answer):
    message = queue_sms()
    fake_twilio.answer_next(answer)
    run_jobs(app)
    db.session.refresh(message)
    assert message.status == "created"
    assert message.attempts == 1
    assert message.next_attempt_at > clock.now()
    run_jobs(app)
    assert fake_twilio.sent == []
    clock.advance(hours=1)
    run_jobs(app)
    db.session.refresh(message)
    assert message.status == "sending"
    assert len(fake_twilio.sent) == 1


def test_retries_back_off_and_give_up_as_a_technical_failure(app, clock, fake_twilio, queue_sms, run_jobs):
    message = queue_sms()
    fake_twilio.answer_next(*[500] * 8)
    gaps = []
    for _ in range(8):
        run_jobs(app)
        db.session.refresh(message)
        if message.next_attempt_at:
            gaps.append(message.next_attempt_at - clock.now())
            clock.set(message.next_attempt_at)
    assert message.status == "technical-failure"
    assert message.attempts == 8
    assert gaps[1] > gaps[0] / 2 and gaps[-1].total_seconds() <= 3600
    assert fake_twilio.sent == []


def test_wrong_credentials_are_refused_by_the_fake(app, fake_twilio, queue_sms, run_jobs):
    app.config["TWILIO_AUTH_TOKEN"] = "wrong"
    message = queue_sms()
    run_jobs(app)
    db.session.refresh(message)
    assert message.status == "created"
    assert fake_twilio.requests[0].authorised is False


def test_after_a_timeout_a_text_twilio_took_after_all_is_not_sent_again(app, clock, fake_twilio, queue_sms,
                                                                         run_jobs):
    message = queue_sms()
    fake_twilio.answer_slowly(1.5)  # longer than the client waits, but Twilio still takes it
    run_jobs(app)
    fake_twilio.answer_slowly(0)
    assert fake_twilio.wait_until_sent(1, timeout=5)
    db.session.refresh(message)
    assert (message.status, message.error_code) == ("created", "timeout")
    clock.advance(hours=1)
    run_jobs(app)
    db.session.refresh(message)
    assert message.status == "sending"
    assert message.provider_id == fake_twilio.sent[0]["sid"]
    assert len(fake_twilio.sent) == 1
