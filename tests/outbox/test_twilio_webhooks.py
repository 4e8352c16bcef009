"""Twilio's webhooks, posted with real signatures (RequestValidator) and with bad ones."""

import itertools
from xml.etree import ElementTree

import pytest
from twilio.request_validator import RequestValidator

from webapp.extensions import db
from webapp.models import PendingReceipt, SmsOptOut
from webapp.notify import inbound

STATUS_URL = "http://campaignsafe.test/webhooks/twilio/status"
INBOUND_URL = "http://campaignsafe.test/webhooks/twilio/inbound"
SID = "SM" + "a" * 32


@pytest.fixture
def app_overrides(fake_twilio):
    return fake_twilio.settings


@pytest.fixture
def post_signed(client, fake_twilio):
    """Post as Twilio does; each inbound text gets its own MessageSid unless the form names one."""
    sids = itertools.count(1)

    def post(url, form, token=None):
        if url == INBOUND_URL and "MessageSid" not in form and "From" in form:
            form = {**form, "MessageSid": f"SM{next(sids):032x}"}
        signature = RequestValidator(token or fake_twilio.auth_token).compute_signature(url, form)
        return client.post(url.removeprefix("http://campaignsafe.test"), data=form,
                           headers={"X-Twilio-Signature": signature})

    return post


@pytest.fixture
def sent_text(app, queue_sms, run_jobs, fake_twilio):
    message = queue_sms(to="+447700900123")
    run_jobs(app)
    db.session.refresh(message)
    assert message.status == "sending"
    return message


def test_a_delivered_receipt_marks_the_text_delivered(post_signed, sent_text):
    response = post_signed(STATUS_URL, {"MessageSid": sent_text.provider_id, "MessageStatus": "delivered"})
    assert response.status_code == 200
    db.session.refresh(sent_text)
    assert sent_text.status == "delivered"
    assert sent_text.delivered_at is not None


def test_a_late_sent_receipt_never_overwrites_delivered(post_signed, sent_text):
    post_signed(STATUS_URL, {"MessageSid": sent_text.provider_id, "MessageStatus": "delivered"})
    post_signed(STATUS_URL, {"MessageSid": sent_text.provider_id, "MessageStatus": "sent"})
    post_signed(STATUS_URL, {"MessageSid": sent_text.provider_id, "MessageStatus": "failed", "ErrorCode": "30005"})
    db.session.refresh(sent_text)
    assert sent_text.status == "delivered"


@pytest.mark.parametrize(("twilio_status", "code", "ours"), [
    ("undelivered", "30003", "temporary-failure"),
    ("failed", "30005", "permanent-failure"),
    ("sent", None, "sending"),
])
def test_receipts_map_to_our_statuses(post_signed, sent_text, twilio_status, code, ours):
    form = {"MessageSid": sent_text.provider_id, "MessageStatus": twilio_status}
    if code:
        form["ErrorCode"] = code
    post_signed(STATUS_URL, form)
    db.session.refresh(sent_text)
    assert sent_text.status == ours


def test_a_receipt_that_overtakes_our_own_record_is_kept_and_applied_later(app, post_signed, queue_sms,
                                                                            run_jobs, fake_twilio):
    response = post_signed(STATUS_URL, {"MessageSid": SID, "MessageStatus": "delivered"})
    assert response.status_code == 200
    assert db.session.query(PendingReceipt).count() == 1
    message = queue_sms()
    run_jobs(app)
    message.provider_id = SID  # as if the sid just stored were the one in the early receipt
    db.session.commit()
    run_jobs(app)
    db.session.refresh(message)
    assert message.status == "delivered"
    assert db.session.query(PendingReceipt).count() == 0


@pytest.mark.parametrize("signature", [None, "", "not-a-signature", "wrong-token"])
def test_unsigned_or_wrongly_signed_webhooks_are_refused(client, fake_twilio, sent_text, signature):
    form = {"MessageSid": sent_text.provider_id, "MessageStatus": "delivered"}
    headers = {}
    if signature == "wrong-token":
        headers["X-Twilio-Signature"] = RequestValidator("wrong").compute_signature(STATUS_URL, form)
    elif signature is not None:
        headers["X-Twilio-Signature"] = signature
    for url in ("/webhooks/twilio/status", "/webhooks/twilio/inbound"):
        assert client.post(url, data=form, headers=headers).status_code == 403
    db.session.refresh(sent_text)
    assert sent_text.status == "sending"


def test_a_signature_for_another_address_is_refused(client, fake_twilio):
    form = {"From": "+447700900123", "Body": "STOP"}
    signature = RequestValidator(fake_twilio.auth_token).compute_signature("http://evil.test/webhooks/twilio/inbound", form)
    assert client.post("/webhooks/twilio/inbound", data=form, headers={"X-Twilio-Signature": signature}).status_code == 403


@pytest.mark.parametrize("form", [
    {},
    {"MessageSid": "SM123", "MessageStatus": "delivered"},
    {"MessageSid": SID, "MessageStatus": "exploded"},
    {"MessageSid": SID, "MessageStatus": "failed", "ErrorCode": "abc"},
    {"MessageSid": SID + "x" * 500, "MessageStatus": "delivered"},
])
def test_a_malformed_receipt_is_a_clear_400(post_signed, form):
    response = post_signed(STATUS_URL, form)
    assert response.status_code == 400
    assert response.is_json and response.json["detail"]


@pytest.mark.parametrize("form", [
    {"Body": "STOP"},
    {"From": "07700900123", "Body": "STOP"},
    {"From": "+447700900123", "Body": "x" * 1601},
    {"From": "+447700900123", "Body": "STOP", "MessageSid": ""},
    {"From": "+447700900123", "Body": "STOP", "MessageSid": "SM123"},
])
def test_a_malformed_inbound_text_is_a_clear_400(post_signed, form):
    assert post_signed(INBOUND_URL, form).status_code == 400


def reply_text(response) -> str:
    root = ElementTree.fromstring(response.data)  # noqa: S314 - our own TwiML
    assert root.tag == "Response"
    message = root.find("Message")
    return message.text if message is not None else ""


@pytest.mark.parametrize("word", ["STOP", "stop", " Unsubscribe ", "END", "QUIT", "CANCEL", "STOPALL", "OPTOUT",
                                  "REVOKE", "Stop."])
def test_stop_words_opt_the_number_out(post_signed, word):
    response = post_signed(INBOUND_URL, {"From": "+447700900123", "Body": word})
    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    assert db.session.get(SmsOptOut, "+447700900123") is not None


@pytest.mark.parametrize("word", ["START", "yes", "UNSTOP"])
def test_start_words_opt_back_in(post_signed, word):
    post_signed(INBOUND_URL, {"From": "+447700900123", "Body": "STOP"})
    response = post_signed(INBOUND_URL, {"From": "+447700900123", "Body": word})
    assert db.session.get(SmsOptOut, "+447700900123") is None
    assert "texts are back on" in reply_text(response)


def test_help_says_what_the_service_is_and_the_emergency_numbers(post_signed):
    text = reply_text(post_signed(INBOUND_URL, {"From": "+447700900123", "Body": "HELP"}))
    assert "CampaignSafe" in text and "999" in text and "101" in text


def test_a_text_to_a_stopped_number_is_never_sent(app, post_signed, queue_sms, run_jobs, fake_twilio):
    post_signed(INBOUND_URL, {"From": "+447700900123", "Body": "STOP"})
    message = queue_sms(to="+447700900123")
    run_jobs(app)
    db.session.refresh(message)
    assert message.status == "permanent-failure"
    assert fake_twilio.requests == []


def test_other_areas_can_answer_inbound_texts(post_signed, monkeypatch):
    monkeypatch.setattr(inbound, "_handlers", [])
    seen = []

    @inbound.register_inbound_handler
    def not_mine(from_number, body):
        seen.append((from_number, body))
        return None

    @inbound.register_inbound_handler
    def safe(from_number, body):
        return "Thanks, you're checked in." if body.strip().upper() == "SAFE" else None

    response = post_signed(INBOUND_URL, {"From": "+447700900123", "Body": "safe"})
    assert reply_text(response) == "Thanks, you're checked in."
    assert seen == [("+447700900123", "safe")]
    assert reply_text(post_signed(INBOUND_URL, {"From": "+447700900123", "Body": "hello"})) == ""


def test_a_failing_handler_does_not_break_the_webhook(post_signed, monkeypatch):
    monkeypatch.setattr(inbound, "_handlers", [])
    inbound.register_inbound_handler(lambda number, body: 1 / 0)
    assert post_signed(INBOUND_URL, {"From": "+447700900123", "Body": "SAFE"}).status_code == 200
