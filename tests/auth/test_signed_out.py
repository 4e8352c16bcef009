"""Signed out while a page is open (e.g. "sign out" on another device ends every session): whatever the
page sends next must never look as if it was done, and signing in must lead back to that page."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from webapp.auth.session_versions import end_all_sessions
from webapp.extensions import db
from webapp.sessions import lifecycle

PAGE = "http://localhost/sessions/{id}"


@pytest.fixture
def running(make_user, sign_in, clock):
    """A candidate with a session running, signed in, whose sessions have then all been ended."""
    person = make_user(mobile="+447911123401", emergency_contact_name="Sam", emergency_contact_mobile="+447911123409")
    sign_in(person)
    session = lifecycle.start_session(person, place="Whiteladies Road", interval_minutes=30,
                                      expected_end_at=clock.now() + timedelta(hours=2))
    db.session.commit()
    end_all_sessions(person)
    db.session.commit()
    return session


def next_of(url: str) -> str | None:
    return parse_qs(urlsplit(url).query).get("next", [None])[0]


def test_an_sos_sent_by_the_script_when_signed_out_is_refused_with_401_not_the_sign_in_page(client, running):
    answer = client.post("/sessions/sos", headers={"Accept": "application/json"})
    assert answer.status_code == 401
    assert answer.json == {"signed_in": False, "error": "You are not signed in."}
    assert db.session.get(type(running), running.id).sos is False


def test_im_safe_when_signed_out_sends_the_whole_page_to_sign_in_saying_the_check_in_was_not_recorded(
        client, hx, running):
    answer = hx.post(f"/sessions/{running.id}/check-in", target="session-status",
                     headers={"HX-Current-URL": PAGE.format(id=running.id)})
    assert answer.status_code == 401
    assert next_of(answer.headers["HX-Redirect"]) == f"/sessions/{running.id}"
    assert urlsplit(answer.headers["HX-Redirect"]).path == "/sign-in"
    assert "your check-in was not recorded" in client.get(answer.headers["HX-Redirect"]).text
    assert db.session.get(type(running), running.id).check_in_seq == 0


def test_a_plain_form_sent_when_signed_out_leads_back_to_its_page_not_to_a_url_that_only_takes_a_post(client, running):
    answer = client.post(f"/sessions/{running.id}/check-in", headers={"Referer": PAGE.format(id=running.id)})
    assert answer.status_code == 302
    assert next_of(answer.headers["Location"]) == f"/sessions/{running.id}"
    assert "was not recorded" in client.get(answer.headers["Location"]).text


def test_a_form_sent_from_another_site_when_signed_out_leads_nowhere_but_sign_in(client, running):
    answer = client.post(f"/sessions/{running.id}/check-in", headers={"Referer": "https://evil.example/sessions/1"})
    assert answer.status_code == 302
    assert next_of(answer.headers["Location"]) is None


def test_a_poll_when_signed_out_sends_the_page_to_sign_in_and_back_to_the_page_not_the_fragment(hx, running):
    answer = hx.get("/sessions", target="session-list", headers={"HX-Current-URL": "http://localhost/?tab=1"})
    assert answer.status_code == 401
    assert next_of(answer.headers["HX-Redirect"]) == "/?tab=1"


def test_opening_a_page_when_signed_out_still_comes_back_to_it_after_signing_in(client, running):
    answer = client.get(f"/sessions/{running.id}?from=text")
    assert answer.status_code == 302
    assert next_of(answer.headers["Location"]) == f"/sessions/{running.id}?from=text"
    assert "Please sign in to see that page." in client.get(answer.headers["Location"]).text


def test_a_head_request_when_signed_out_is_treated_as_opening_the_page(client, running):
    answer = client.head(f"/sessions/{running.id}")
    assert answer.status_code == 302
    assert next_of(answer.headers["Location"]) == f"/sessions/{running.id}"
    assert "Please sign in to see that page." in client.get(answer.headers["Location"]).text
