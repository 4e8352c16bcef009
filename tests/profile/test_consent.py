"""Giving and withdrawing consent to share contact details with the force's FEOA."""

from sqlalchemy import select

from tests.helpers import soup
from webapp.extensions import db
from webapp.models import ConsentEvent


def events(candidacy):
    return list(db.session.scalars(select(ConsentEvent).where(ConsentEvent.candidacy_id == candidacy.id)
                                   .order_by(ConsentEvent.id)))


def test_the_consent_card_explains_what_the_feoa_sees_and_what_it_is_not(client, login_as):
    login_as("candidate")
    card = soup(client.get("/profile")).select_one("#consent")
    text = card.get_text(" ", strip=True)
    assert "Avon and Somerset Police" in text
    assert "mobile number" in text
    assert "An FEOA is not a way to report a crime." in text
    assert "call 999" in text and "Operation Ford" in text
    assert card.select_one("input[name=decision]")["value"] == "give"


def test_giving_consent_records_when_and_where_and_shows_it(client, clock, login_as):
    user = login_as("candidate")
    response = client.post("/profile/consent", data={"decision": "give"})
    assert response.status_code == 303
    db.session.refresh(user.candidacy)
    assert user.candidacy.feoa_consent is True
    assert user.candidacy.feoa_consent_changed_at == clock.now()
    [event] = events(user.candidacy)
    assert (event.given, event.source) == (True, "profile")
    card = soup(client.get("/profile")).select_one("#consent")
    assert "You agreed on Tue 16 Mar 2027, 09:00" in card.get_text(" ", strip=True)
    assert card.select_one("form[data-confirm] input[name=decision]")["value"] == "withdraw"


def test_withdrawing_consent_is_recorded_with_its_own_time(client, clock, login_as):
    user = login_as("candidate")
    client.post("/profile/consent", data={"decision": "give"})
    clock.advance(days=2)
    response = client.post("/profile/consent", data={"decision": "withdraw"})
    assert response.status_code == 303
    db.session.refresh(user.candidacy)
    assert user.candidacy.feoa_consent is False
    assert [e.given for e in events(user.candidacy)] == [True, False]
    card = soup(client.get("/profile")).select_one("#consent")
    assert "You withdrew consent on Thu 18 Mar 2027, 09:00" in card.get_text(" ", strip=True)
    history = [li.get_text(" ", strip=True) for li in card.select("details li")]
    assert history[0].startswith("Stopped sharing") and history[1].startswith("Agreed to share")


def test_giving_consent_twice_records_it_once(client, login_as):
    user = login_as("candidate")
    client.post("/profile/consent", data={"decision": "give"})
    client.post("/profile/consent", data={"decision": "give"})
    assert len(events(user.candidacy)) == 1


def test_consent_needs_a_police_force_area_first(hx, login_as):
    user = login_as("candidate")
    user.candidacy.force_id = None
    db.session.commit()
    response = hx.post("/profile/consent", target="consent", data={"decision": "give"})
    assert response.status_code == 422
    assert "Choose your police force area" in soup(response).select_one("#consent-error").get_text()
    db.session.refresh(user.candidacy)
    assert user.candidacy.feoa_consent is False


def test_a_tampered_decision_is_refused_and_changes_nothing(hx, login_as):
    user = login_as("candidate")
    for value in ("", "maybe", "x" * 5000):
        response = hx.post("/profile/consent", target="consent", data={"decision": value})
        assert response.status_code == 422
        assert soup(response).select_one("#consent-error") is not None
    assert events(user.candidacy) == []


def test_people_without_a_candidacy_have_no_consent_to_give(client, login_as):
    login_as("team_member")
    assert client.post("/profile/consent", data={"decision": "give"}).status_code == 404
