"""The duress PIN ends a session like any other on screen but alerts everyone; SOS alerts at once."""

import re

import pytest
from bs4 import BeautifulSoup

from tests.sessions.session_helpers import COMPANION_MOBILE, EMERGENCY_MOBILE, at
from webapp.extensions import db
from webapp.models.sessions import SafetySettings
from webapp.passwords import hash_password


@pytest.fixture
def duress_pin(person):
    db.session.add(SafetySettings(user_id=person.id, duress_pin_hash=hash_password("2468")))
    db.session.commit()
    return "2468"


def visible_page(client, session_id) -> str:
    """The session page as the person sees it, without times and ids that differ between sessions."""
    soup = BeautifulSoup(client.get(f"/sessions/{session_id}").data, "html.parser")
    text = " ".join(soup.select_one("main").get_text(" ").split())
    return re.sub(r"\d\d:\d\d|/sessions/\d+", "#", text)


def recipients(rows):
    return sorted(m.recipient for m in rows)


def test_ending_with_the_duress_pin_looks_like_a_normal_end(start, client, clock, duress_pin, outbox):
    normal = start()
    at(clock, "09:20")
    response = client.post(f"/sessions/{normal.id}/end", data={"pin": "1357"}, follow_redirects=True)
    normal_page = visible_page(client, normal.id)
    normal_flash = BeautifulSoup(response.data, "html.parser").select_one(".flash").text
    assert outbox() == []

    at(clock, "09:30")
    duress = start()
    response = client.post(f"/sessions/{duress.id}/end", data={"pin": duress_pin}, follow_redirects=True)
    assert BeautifulSoup(response.data, "html.parser").select_one(".flash").text == normal_flash
    assert visible_page(client, duress.id) == normal_page
    assert "duress" not in visible_page(client, duress.id).lower()
    listing = client.get("/sessions").get_data(as_text=True).lower()
    assert "duress" not in listing and "alerted" not in listing


def test_the_duress_pin_silently_alerts_both_tiers_at_once(start, client, clock, duress_pin, outbox):
    session = start()
    client.post(f"/sessions/{session.id}/end", data={"pin": duress_pin})
    alerts = outbox("session_alert")
    assert recipients(alerts) == [COMPANION_MOBILE, EMERGENCY_MOBILE]
    assert all(m.values["kind"] == "duress" and "(duress)" in m.body for m in alerts)
    assert all("discreetly" in m.body for m in alerts)
    db.session.refresh(session)
    assert (session.duress, session.tier_reached) == (True, 2)


def test_a_duress_end_is_never_followed_by_an_all_clear_or_more_alerts(start, client, clock, tick, duress_pin,
                                                                       outbox):
    session = start()
    client.post(f"/sessions/{session.id}/end", data={"pin": duress_pin})
    for moment in ("09:30", "09:40", "10:00", "12:30"):
        at(clock, moment)
        tick()
    assert [m.template for m in outbox()] == ["session_alert", "session_alert"]
    assert client.post(f"/sessions/{session.id}/check-in").status_code == 303
    assert outbox("session_all_clear") == []


def test_a_contact_sees_the_duress_on_the_timeline(start, client, duress_pin, going_member, sign_in):
    session = start()
    client.post(f"/sessions/{session.id}/end", data={"pin": duress_pin})
    sign_in(going_member)
    page = BeautifulSoup(client.get(f"/sessions/{session.id}").data, "html.parser")
    assert "Ended with duress PIN" in page.select_one(".timeline").text
    assert page.select_one("#session-state").text == "Contacts alerted"


def test_sos_alerts_both_tiers_at_once_with_the_last_known_location(start, client, outbox):
    session = start(share_location=True)
    response = client.post("/sessions/sos", data={"latitude": "51.4545", "longitude": "-2.6094"},
                           headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response.json["ok"] is True
    alerts = outbox("session_alert")
    assert recipients(alerts) == [COMPANION_MOBILE, EMERGENCY_MOBILE]
    assert all("(SOS)" in m.body and "has pressed SOS" in m.body for m in alerts)
    assert all("mlat=51.45450&mlon=-2.60940" in m.body for m in alerts)
    db.session.refresh(session)
    assert (session.state, session.sos) == ("escalated", True)


def test_sos_without_location_sharing_sends_no_location(start, client, outbox):
    start(share_location=False)
    client.post("/sessions/sos", data={"latitude": "51.4545", "longitude": "-2.6094"})
    assert all("openstreetmap" not in m.body for m in outbox("session_alert"))


def test_sos_with_no_session_running_still_alerts_the_emergency_contact(client, sign_in, person, outbox):
    sign_in(person)
    response = client.post("/sessions/sos", data={})
    assert response.status_code == 303
    assert recipients(outbox("session_alert")) == [EMERGENCY_MOBILE]


def test_checking_in_after_sos_sends_the_all_clear(start, client, outbox):
    session = start()
    client.post("/sessions/sos", data={})
    client.post(f"/sessions/{session.id}/check-in")
    assert recipients(outbox("session_all_clear")) == [COMPANION_MOBILE, EMERGENCY_MOBILE]


def test_the_session_page_has_a_press_and_hold_sos_and_a_999_screen(start, client):
    session = start()
    soup = BeautifulSoup(client.get(f"/sessions/{session.id}").data, "html.parser")
    assert soup.select_one("#sos-button")["data-sos-url"] == "/sessions/sos"
    assert "Hold for SOS" in soup.select_one("#sos-button").text
    screen = soup.select_one("#sos-screen")
    assert screen.has_attr("hidden")
    assert screen.select_one("a#sos-call")["href"] == "tel:999"


def test_home_with_a_session_running_shows_one_call_999_button_above_the_101_advice(start, client):
    start()
    main = BeautifulSoup(client.get("/").data, "html.parser").select_one("main")
    buttons = main.select("a.button[href='tel:999']:not(#sos-call)")  # #sos-call: the hidden SOS screen's
    assert len(buttons) == 1 and buttons[0].find_parent(class_="sos-card") is not None
    advice = main.select_one(".card.non-emergency")
    assert advice.select_one("a[href='tel:101']") and "Operation Ford" in advice.get_text()


def test_with_a_session_running_only_the_sos_card_is_in_danger_red_not_the_101_advice_under_it(start, client):
    start()
    main = BeautifulSoup(client.get("/").data, "html.parser").select_one("main")
    assert main.select(".card.emergency") == []
    assert main.select_one(".card.non-emergency h2").get_text(strip=True) == "Not an emergency?"


@pytest.mark.parametrize(("pin", "confirm", "message"), [
    ("", "", "Enter a PIN of 4 to 8 digits."),
    ("12", "12", "Use 4 to 8 digits"),
    ("12ab", "12ab", "Use 4 to 8 digits"),
    ("123456789", "123456789", "Use 4 to 8 digits"),
    ("2468", "2469", "The two PINs are different."),
])
def test_a_bad_duress_pin_is_refused_with_a_reason(hx, sign_in, person, pin, confirm, message):
    sign_in(person)
    response = hx.post("/sessions/settings", target="pin-form", data={"pin": pin, "confirm": confirm})
    assert response.status_code == 422
    soup = BeautifulSoup(response.data, "html.parser")
    assert message in soup.select_one(".error-summary").text
    assert db.session.get(SafetySettings, person.id) is None


def test_the_duress_pin_is_stored_hashed(client, sign_in, person):
    sign_in(person)
    assert client.post("/sessions/settings", data={"pin": "2468", "confirm": "2468"}).status_code == 303
    stored = db.session.get(SafetySettings, person.id).duress_pin_hash
    assert stored.startswith("$argon2") and "2468" not in stored
    client.post("/sessions/settings/remove-pin")
    db.session.expire_all()
    assert db.session.get(SafetySettings, person.id).duress_pin_hash is None


def test_an_overlong_pin_at_the_end_is_refused_and_the_session_stays_open(start, client, duress_pin):
    session = start()
    response = client.post(f"/sessions/{session.id}/end", data={"pin": "1" * 9})
    assert response.status_code == 422
    assert "8 characters" in BeautifulSoup(response.data, "html.parser").select_one("#pin-error").text
    db.session.refresh(session)
    assert session.is_open


def test_ending_a_duress_session_again_sends_no_all_clear(start, client, duress_pin, outbox):
    session = start()
    client.post(f"/sessions/{session.id}/end", data={"pin": duress_pin})
    client.post(f"/sessions/{session.id}/end", data={"pin": ""})
    assert outbox("session_all_clear") == []
    db.session.refresh(session)
    assert (session.duress, session.state) == (True, "escalated")
