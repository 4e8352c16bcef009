"""End to end: the jobs process escalates and delivers; each message reaches the fake Twilio server
or the SMTP server exactly once. And "SAFE" by text, through the signed inbound webhook."""

import itertools
import re
from xml.etree import ElementTree

import pytest
from twilio.request_validator import RequestValidator

from tests.helpers import texts_to
from tests.sessions.session_helpers import COMPANION_MOBILE, EMERGENCY_MOBILE, PERSON_MOBILE, at
from webapp.extensions import db

INBOUND_URL = "http://campaignsafe.test/webhooks/twilio/inbound"


@pytest.fixture
def app_overrides(fake_twilio, smtp_server):
    return {**fake_twilio.settings, **smtp_server.settings}


def test_each_step_reaches_the_phones_and_inboxes_exactly_once(app, start, person, clock, run_jobs,
                                                               fake_twilio, smtp_server):
    start()
    timeline = {}
    for moment in ("09:25", "09:26", "09:30", "09:31", "09:40", "09:41", "09:55", "09:56"):
        at(clock, moment)
        run_jobs(app)
        timeline[moment] = len(fake_twilio.sent)
    assert texts_to(fake_twilio, PERSON_MOBILE, "your next check-in") != []
    assert len(texts_to(fake_twilio, PERSON_MOBILE, "are you OK?")) == 1
    assert len(texts_to(fake_twilio, COMPANION_MOBILE, "CampaignSafe alert")) == 1
    assert len(texts_to(fake_twilio, EMERGENCY_MOBILE, "CampaignSafe alert")) == 1
    assert timeline == {"09:25": 1, "09:26": 1, "09:30": 2, "09:31": 2, "09:40": 3, "09:41": 3, "09:55": 4,
                        "09:56": 4}
    [email] = smtp_server.messages
    assert email.message["To"] == person.email
    assert email.message["Subject"] == "Are you OK? You missed a check-in"
    assert fake_twilio.duplicates() == {}


def test_the_all_clear_reaches_everyone_alerted_once(app, start, client, clock, run_jobs, fake_twilio):
    session = start()
    for moment in ("09:30", "09:40", "09:55"):
        at(clock, moment)
        run_jobs(app)
    client.post(f"/sessions/{session.id}/check-in")
    run_jobs(app)
    run_jobs(app)
    for number in (COMPANION_MOBILE, EMERGENCY_MOBILE):
        assert len(texts_to(fake_twilio, number, "all-clear")) == 1
    assert fake_twilio.duplicates() == {}


@pytest.fixture
def text_in(client, fake_twilio):
    """Post an inbound text to our webhook, signed as Twilio signs it; returns the reply text."""

    sids = itertools.count(1)

    def post(body, from_number=PERSON_MOBILE):
        form = {"From": from_number, "Body": body, "MessageSid": f"SM{next(sids):032x}"}
        signature = RequestValidator(fake_twilio.auth_token).compute_signature(INBOUND_URL, form)
        response = client.post("/webhooks/twilio/inbound", data=form, headers={"X-Twilio-Signature": signature})
        assert response.status_code == 200
        message = ElementTree.fromstring(response.data).find("Message")  # noqa: S314 - our own TwiML
        return message.text if message is not None else ""

    return post


@pytest.mark.parametrize("body", ["SAFE", "safe", " Safe. ", "I'm safe", "im safe"])
def test_replying_safe_checks_in_and_says_when_the_next_is_due(app, start, clock, text_in, body):
    session = start()
    at(clock, "09:27")
    reply = text_in(body)
    assert "checked in" in reply and "09:57" in reply
    db.session.refresh(session)
    assert session.check_in_seq == 1
    assert [e.how for e in session.events if e.kind == "check_in"] == ["sms"]


def test_replying_safe_after_escalation_sends_the_all_clear(app, start, clock, run_jobs, text_in, fake_twilio):
    start()
    for moment in ("09:30", "09:40"):
        at(clock, moment)
        run_jobs(app)
    text_in("SAFE")
    run_jobs(app)
    assert len(texts_to(fake_twilio, COMPANION_MOBILE, "all-clear")) == 1


@pytest.mark.parametrize("body", ["SAFETY FIRST", "not safe", "help me", "", "SAFE SAFE SAFE"])
def test_other_texts_are_not_check_ins(app, start, text_in, body):
    session = start()
    text_in(body)
    db.session.refresh(session)
    assert session.check_in_seq == 0


def test_safe_from_an_unknown_number_or_with_no_session_checks_nobody_in(app, start, text_in):
    session = start()
    assert text_in("SAFE", from_number="+447700900777").startswith("CampaignSafe: you have no safety session")
    db.session.refresh(session)
    assert session.check_in_seq == 0


def test_an_unsigned_safe_text_is_refused(app, start, client):
    session = start()
    response = client.post("/webhooks/twilio/inbound", data={"From": PERSON_MOBILE, "Body": "SAFE"})
    assert response.status_code == 403
    db.session.refresh(session)
    assert session.check_in_seq == 0


def test_the_check_in_link_in_the_delivered_reminder_works(app, start, clock, run_jobs, fake_twilio, client):
    session = start()
    at(clock, "09:25")
    run_jobs(app)
    [body] = texts_to(fake_twilio, PERSON_MOBILE, "your next check-in")
    link = re.search(r"http://campaignsafe\.test(/sessions/check-in/\S+)", body).group(1)
    client.post("/sign-out")
    assert client.post(link).status_code == 200
    db.session.refresh(session)
    assert session.check_in_seq == 1


def test_a_replayed_safe_text_checks_in_only_once(app, start, clock, client, fake_twilio):
    session = start()
    at(clock, "09:27")
    form = {"From": PERSON_MOBILE, "Body": "SAFE", "MessageSid": "SM" + "d" * 32}
    signature = RequestValidator(fake_twilio.auth_token).compute_signature(INBOUND_URL, form)
    for _ in range(2):
        response = client.post("/webhooks/twilio/inbound", data=form, headers={"X-Twilio-Signature": signature})
        assert response.status_code == 200
        at(clock, "09:50")
    db.session.refresh(session)
    assert session.check_in_seq == 1
    assert [e.how for e in session.events if e.kind == "check_in"] == ["sms"]
