"""With CSRF on: webhooks are exempt (Twilio cannot send a token), our forms are not."""

from datetime import datetime, timedelta

import pytest
from twilio.request_validator import RequestValidator

from webapp.extensions import db
from webapp.models import Activity
from webapp.timeutil import london_to_utc


@pytest.fixture
def app_overrides(fake_twilio):
    return {**fake_twilio.settings, "WTF_CSRF_ENABLED": True}


def test_a_signed_webhook_needs_no_csrf_token(client, fake_twilio):
    form = {"From": "+447700900123", "Body": "HELP", "MessageSid": "SM" + "c" * 32}
    signature = RequestValidator(fake_twilio.auth_token).compute_signature(
        "http://campaignsafe.test/webhooks/twilio/inbound", form)
    assert client.post("/webhooks/twilio/inbound", data=form, headers={"X-Twilio-Signature": signature}).status_code == 200


def test_reminder_forms_refuse_a_post_without_a_token(client, make_user, sign_in):
    user = sign_in(make_user("candidate"))
    start = london_to_utc(datetime(2027, 3, 18, 10, 0))
    activity = Activity(owner=user, kind="canvassing", starts_at=start, ends_at=start + timedelta(hours=1),
                        meeting_point="Library")
    db.session.add(activity)
    db.session.commit()
    assert client.post("/settings/reminders", data={"remind_start_sms": "y"}).status_code == 400
    assert client.post(f"/activities/{activity.id}/reminder-note", data={"note": "Hi"}).status_code == 400
