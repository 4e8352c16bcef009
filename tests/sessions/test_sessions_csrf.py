"""Every state change on a session needs the CSRF token (htmx sends it as a header)."""

import json

import pytest
from bs4 import BeautifulSoup

from webapp.extensions import db
from webapp.models.sessions import SafetySession


@pytest.fixture
def app_overrides():
    return {"WTF_CSRF_ENABLED": True}


@pytest.fixture
def running(client, sign_in, person):
    sign_in(person)
    page = BeautifulSoup(client.get("/sessions/new").data, "html.parser")
    token = page.select_one("input[name=csrf_token]")["value"]
    client.post("/sessions/new", data={"csrf_token": token, "place": "Clifton", "until": "11:00", "interval": "30"})
    session = db.session.query(SafetySession).one()
    page = BeautifulSoup(client.get(f"/sessions/{session.id}").data, "html.parser")
    header = json.loads(page.select_one("#page")["hx-headers"])["X-CSRFToken"]
    return session, header


@pytest.mark.parametrize("action", ["check-in", "end"])
def test_a_session_change_without_the_token_is_refused(client, running, action):
    session, _ = running
    assert client.post(f"/sessions/{session.id}/{action}").status_code == 400
    db.session.refresh(session)
    assert session.check_in_seq == 0 and session.is_open


def test_sos_without_the_token_is_refused(client, running):
    assert client.post("/sessions/sos").status_code == 400


def test_the_htmx_header_is_enough(hx, running):
    session, header = running
    response = hx.post(f"/sessions/{session.id}/check-in", target="session-status", headers={"X-CSRFToken": header})
    assert response.status_code == 200
    db.session.refresh(session)
    assert session.check_in_seq == 1


def test_queued_alerts_from_the_offline_page_can_fetch_a_token(client, running):
    token = client.get("/sessions/csrf-token").json["csrf_token"]
    response = client.post("/sessions/sos", headers={"X-CSRFToken": token, "Accept": "application/json"})
    assert response.status_code == 200 and response.json["ok"] is True


def test_no_token_is_handed_to_someone_signed_out(client, app):
    response = client.get("/sessions/csrf-token")
    assert response.status_code == 401 and response.json == {"signed_in": False}
