"""The logs of a whole delivery — a text (with a dropped answer and the look-up that follows), an
email, a receipt and an inbound STOP — hold message ids and outcomes, never a number or an address."""

import logging
import re

import pytest
from twilio.request_validator import RequestValidator

from webapp.extensions import db

pytestmark = pytest.mark.both_databases

MOBILE = "+447911123456"
EMAIL = "alex.volunteer@example.org"
# A number stands alone: the digits inside a message SID (SM…447284729539…) are not a phone number.
PERSONAL = re.compile(r"(?<![0-9A-Za-z])(?:\+?44\s?7\d{3}\s?\d{6}|07\d{3}\s?\d{6})(?!\d)|%2B447\d{9}"
                      r"|[\w.+-]+(@|%40)[\w-]+\.[\w.]+")


@pytest.fixture
def app_overrides(fake_twilio, smtp_server):
    return {**fake_twilio.settings, **smtp_server.settings}


def post_signed(client, token, path, form):
    signature = RequestValidator(token).compute_signature("http://campaignsafe.test" + path, form)
    return client.post(path, data=form, headers={"X-Twilio-Signature": signature})


def test_a_full_delivery_and_its_webhooks_log_no_phone_number_or_email_address(
        app, client, clock, caplog, fake_twilio, smtp_server, queue_sms, queue_email, run_jobs):
    caplog.set_level(logging.DEBUG)
    text = queue_sms(to=MOBILE)
    queue_email(to=EMAIL)
    fake_twilio.answer_next("drop")
    run_jobs(app)
    clock.advance(hours=1)
    run_jobs(app)  # looks the text up (GET …?To=<number>) and finds it
    db.session.refresh(text)
    assert text.status == "sending" and len(fake_twilio.sent) == 1 and fake_twilio.lookups
    assert len(smtp_server.messages) == 1
    token = fake_twilio.auth_token
    assert post_signed(client, token, "/webhooks/twilio/status",
                       {"MessageSid": text.provider_id, "MessageStatus": "delivered", "To": MOBILE}).status_code == 200
    assert post_signed(client, token, "/webhooks/twilio/inbound",
                       {"MessageSid": "SM" + "1" * 32, "From": MOBILE, "Body": "STOP"}).status_code == 200

    # Ours and the libraries' (twilio, requests, urllib3, smtplib), not the fake mail server's own.
    logged = "\n".join(record.getMessage() for record in caplog.records if not record.name.startswith("mail.log"))
    assert f"message {text.id}: retry dropped" in logged and text.provider_id in logged  # ids and outcomes are there
    found = [m.group(0) for m in PERSONAL.finditer(logged)]
    assert [value for value in found if not value.startswith("outbox-")] == []  # our Message-IDs are fine
