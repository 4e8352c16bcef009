"""Email through a real SMTP server (aiosmtpd on 127.0.0.1): both parts, our Message-ID, 451 and 550."""

import pytest

from webapp.extensions import db

pytestmark = pytest.mark.both_databases

@pytest.fixture
def app_overrides(smtp_server):
    return smtp_server.settings


def test_an_email_goes_out_once_with_text_and_html_and_our_message_id(app, smtp_server, queue_email, run_jobs):
    message = queue_email(to="alex@example.org")
    run_jobs(app)
    run_jobs(app)
    assert len(smtp_server.messages) == 1
    mail = smtp_server.messages[0]
    assert mail.rcpt_tos == ["alex@example.org"]
    assert mail.message["Subject"] == "Reset your CampaignSafe password"
    assert "Choose a new password" in mail.html
    assert "http://campaignsafe.test/reset/abc" in mail.text
    db.session.refresh(message)
    assert message.status == "delivered"
    assert message.provider_id == mail.message["Message-ID"] == f"<outbox-{message.id}@campaignsafe.invalid>"


def test_a_451_is_retried_later_with_the_same_message_id(app, clock, smtp_server, queue_email, run_jobs):
    message = queue_email()
    smtp_server.answer_next(451)
    run_jobs(app)
    db.session.refresh(message)
    assert message.status == "created"
    assert message.error_code == "smtp-451"
    assert smtp_server.messages == []
    clock.advance(hours=1)
    run_jobs(app)
    db.session.refresh(message)
    assert message.status == "delivered"
    assert [m.message["Message-ID"] for m in smtp_server.messages] == [message.provider_id]


def test_a_550_fails_permanently_with_a_plain_reason(app, clock, smtp_server, queue_email, run_jobs):
    from webapp.notify.reasons import reason_for

    message = queue_email()
    smtp_server.answer_next(550)
    run_jobs(app)
    clock.advance(days=1)
    run_jobs(app)
    db.session.refresh(message)
    assert message.status == "permanent-failure"
    assert "refused the message" in reason_for(message.status, message.error_code)
    assert smtp_server.messages == []
