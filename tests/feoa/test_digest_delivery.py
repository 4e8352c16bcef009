"""The digest through real delivery: the email at the test SMTP server, the text at the fake Twilio."""

from datetime import UTC, datetime

import pytest

from webapp.extensions import db


@pytest.fixture
def app_overrides(fake_twilio, smtp_server):
    return {**fake_twilio.settings, **smtp_server.settings}


def test_the_digest_email_and_text_arrive_with_both_parts_and_unsubscribe_headers(
        app, clock, make_user, make_candidate, make_activity, run_jobs, fake_twilio, smtp_server):
    adviser = make_user("feoa", mobile="+447911123456")
    make_activity(make_candidate("Casey Candidate"), in_hours=3, area="Redland")
    db.session.commit()
    clock.set(datetime(2027, 3, 16, 7, 0, tzinfo=UTC))
    run_jobs(app)  # builds the digest
    run_jobs(app)  # delivers what it enqueued
    (mail,) = smtp_server.messages
    assert mail.rcpt_tos == [adviser.email]
    message = mail.message
    assert message["List-Unsubscribe"].startswith("<http://campaignsafe.test/feoa/digest/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Redland" in mail.text and "Redland" in mail.html
    (sms,) = fake_twilio.sent
    assert sms["To"] == "+447911123456"
    assert sms["Body"].startswith("CampaignSafe: ") and len(sms["Body"]) <= 160
