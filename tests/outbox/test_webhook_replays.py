"""Replayed Twilio webhooks: the same signed request sent again answers 200 and changes nothing."""

from xml.etree import ElementTree

import pytest
import sqlalchemy as sa
from twilio.request_validator import RequestValidator

from webapp.extensions import db
from webapp.models import Message, PendingReceipt, ProcessedWebhook, SmsOptOut

STATUS_URL = "http://campaignsafe.test/webhooks/twilio/status"
INBOUND_URL = "http://campaignsafe.test/webhooks/twilio/inbound"
MOBILE = "+447911123456"


@pytest.fixture
def app_overrides(fake_twilio):
    return fake_twilio.settings


@pytest.fixture
def send_signed(client, fake_twilio):
    """send_signed(url, form): the exact request Twilio would send; call it twice to replay it."""

    def send(url, form):
        signature = RequestValidator(fake_twilio.auth_token).compute_signature(url, form)
        return client.post(url.removeprefix("http://campaignsafe.test"), data=form,
                           headers={"X-Twilio-Signature": signature})

    return send


def reply_text(response) -> str:
    message = ElementTree.fromstring(response.data).find("Message")  # noqa: S314 - our own TwiML
    return message.text if message is not None else ""


def sid(n: int) -> str:
    return f"SM{n:032x}"


@pytest.mark.both_databases
def test_a_replayed_stop_does_not_opt_out_again_after_start(send_signed):
    stop = {"From": MOBILE, "Body": "STOP", "MessageSid": sid(1)}
    assert send_signed(INBOUND_URL, stop).status_code == 200
    send_signed(INBOUND_URL, {"From": MOBILE, "Body": "START", "MessageSid": sid(2)})
    assert db.session.get(SmsOptOut, MOBILE) is None

    replay = send_signed(INBOUND_URL, stop)

    assert replay.status_code == 200 and replay.mimetype == "application/xml"
    assert reply_text(replay) == ""
    db.session.expire_all()
    assert db.session.get(SmsOptOut, MOBILE) is None


@pytest.mark.parametrize("word", ["HELP", "START"])
def test_a_replayed_inbound_text_gets_no_second_reply(send_signed, word):
    form = {"From": MOBILE, "Body": word, "MessageSid": sid(3)}
    first = send_signed(INBOUND_URL, form)
    assert reply_text(first) != ""
    again = send_signed(INBOUND_URL, form)
    assert again.status_code == 200 and reply_text(again) == ""


def test_a_new_text_with_the_same_words_is_answered_again(send_signed):
    assert reply_text(send_signed(INBOUND_URL, {"From": MOBILE, "Body": "HELP", "MessageSid": sid(4)}))
    assert reply_text(send_signed(INBOUND_URL, {"From": MOBILE, "Body": "HELP", "MessageSid": sid(5)}))


@pytest.mark.both_databases
def test_a_replayed_status_callback_is_processed_once(send_signed):
    form = {"MessageSid": sid(6), "MessageStatus": "delivered", "SmsStatus": "delivered"}
    first = send_signed(STATUS_URL, form)
    assert first.status_code == 200 and first.json["result"] == "pending"  # its message is not known yet

    again = send_signed(STATUS_URL, form)

    assert again.status_code == 200 and again.json["result"] == "already processed"
    assert db.session.scalar(sa.select(sa.func.count(PendingReceipt.id))) == 1


def test_each_status_of_a_message_is_processed_once(app, send_signed, queue_sms, run_jobs):
    message = queue_sms(to=MOBILE)
    run_jobs(app)
    db.session.refresh(message)
    for status in ("sent", "sent", "delivered", "delivered"):
        assert send_signed(STATUS_URL, {"MessageSid": message.provider_id, "MessageStatus": status}).status_code == 200
    db.session.expire_all()
    assert db.session.get(Message, message.id).status == "delivered"
    keys = set(db.session.scalars(sa.select(ProcessedWebhook.key)))
    assert keys == {f"status:{message.provider_id}:sent", f"status:{message.provider_id}:delivered"}
