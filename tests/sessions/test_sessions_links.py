"""Signed links in texts: check in once without signing in; "I'm handling this" logs who and what."""

import re

import pytest
from bs4 import BeautifulSoup

from tests.sessions.session_helpers import at
from webapp.extensions import db
from webapp.models.sessions import SessionEvent


def link_in(message, pattern=r"https?://\S+/sessions/check-in/\S+") -> str:
    url = re.search(pattern, message.body).group(0)
    return url.replace("http://campaignsafe.test", "")


@pytest.fixture
def reminder_link(start, clock, tick, outbox, client):
    session = start()
    at(clock, "09:25")
    tick()
    client.post("/sign-out")
    [reminder] = outbox("session_reminder")
    return session, link_in(reminder)


def test_the_reminder_link_checks_in_without_signing_in(reminder_link, client):
    session, url = reminder_link
    page = client.get(url)
    assert page.status_code == 200
    soup = BeautifulSoup(page.data, "html.parser")
    assert soup.select_one("h1").text == "Check in"
    response = client.post(url)
    assert response.status_code == 200
    assert "Checked in" in BeautifulSoup(response.data, "html.parser").select_one("h1").text
    db.session.refresh(session)
    assert session.check_in_seq == 1
    assert [e.how for e in session.events if e.kind == "check_in"] == ["link"]


def test_opening_the_link_does_not_check_in_by_itself(reminder_link, client):
    session, url = reminder_link
    client.get(url)
    db.session.refresh(session)
    assert session.check_in_seq == 0


def test_a_used_check_in_link_is_refused(reminder_link, client):
    session, url = reminder_link
    client.post(url)
    again = client.post(url)
    assert again.status_code == 410
    assert "already been used" in BeautifulSoup(again.data, "html.parser").select_one("h1").text
    assert client.get(url).status_code == 410
    db.session.refresh(session)
    assert session.check_in_seq == 1


def test_an_expired_check_in_link_is_refused(reminder_link, client, clock):
    _, url = reminder_link
    clock.advance(hours=12, minutes=1)
    response = client.post(url)
    assert response.status_code == 410
    assert "expired" in BeautifulSoup(response.data, "html.parser").select_one("h1").text


@pytest.mark.parametrize("token", ["nonsense", "eyJzIjoxLCJxIjowfQ.forged.sig", "a" * 300])
def test_a_tampered_check_in_link_is_not_found(client, app, token):
    assert client.post(f"/sessions/check-in/{token}").status_code == 404
    assert client.get(f"/sessions/alert/{token}").status_code == 404


def test_the_link_cannot_check_in_an_ended_session(reminder_link, client, sign_in, person):
    session, url = reminder_link
    sign_in(person)
    client.post(f"/sessions/{session.id}/end", data={})
    assert client.post(url).status_code == 410


def test_the_are_you_ok_text_carries_a_working_link_too(start, clock, tick, outbox, client):
    session = start()
    at(clock, "09:30")
    tick()
    [warning] = outbox("session_are_you_ok", "sms")
    assert client.post(link_in(warning)).status_code == 200
    db.session.refresh(session)
    assert session.state == "active"


@pytest.fixture
def alert_link(start, clock, tick, outbox, client):
    session = start(share_location=True)
    client.post(f"/sessions/{session.id}/check-in", data={"latitude": "51.4545", "longitude": "-2.6094",
                                                          "accuracy": "25"})
    for moment in ("09:30", "09:40"):
        at(clock, moment)
        tick()
    client.post("/sign-out")
    [alert] = outbox("session_alert")
    return session, link_in(alert, r"https?://\S+/sessions/alert/\S+"), alert


def test_an_alert_carries_the_last_shared_location(alert_link):
    _, _, alert = alert_link
    assert "openstreetmap.org/?mlat=51.45450&mlon=-2.60940" in alert.body


def test_im_handling_this_logs_who_acknowledged_and_their_note(alert_link, client):
    session, url, _ = alert_link
    page = BeautifulSoup(client.get(url).data, "html.parser")
    assert page.select_one("h1").text.startswith("Alex Morgan")
    assert "51.45450, -2.60940" in page.text
    response = client.post(url, data={"note": "Called her, no answer. Driving to the library."})
    assert response.status_code == 200
    event = db.session.query(SessionEvent).filter_by(session_id=session.id, kind="acknowledged").one()
    assert (event.who, event.note) == ("Jo Patel", "Called her, no answer. Driving to the library.")


def test_an_overlong_acknowledgement_note_is_refused_and_kept(alert_link, client):
    session, url, _ = alert_link
    response = client.post(url, data={"note": "x" * 1001})
    assert response.status_code == 422
    soup = BeautifulSoup(response.data, "html.parser")
    assert "under 1,000 characters" in soup.select_one(".error-message").text
    assert soup.select_one("textarea#note").text.strip() == "x" * 1001
    assert db.session.query(SessionEvent).filter_by(kind="acknowledged").count() == 0


def test_an_expired_alert_link_is_refused(alert_link, client, clock):
    _, url, _ = alert_link
    clock.advance(hours=49)
    assert client.get(url).status_code == 410
