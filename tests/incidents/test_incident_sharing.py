import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup

from webapp.extensions import db
from webapp.incidents.access import incidents_shared_with
from webapp.models import FeoaStatus, Incident, Message


def page(response):
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def shared_ids(feoa):
    return [incident.id for incident in db.session.scalars(incidents_shared_with(feoa))]


@pytest.mark.both_databases
def test_sharing_shows_the_incident_to_the_feoa_of_the_force_only_until_withdrawn(client, sign_in, candidate, make_user, make_incident):
    feoa = make_user("feoa", mobile="+447700900001")
    elsewhere = make_user("feoa", force_code="devon-and-cornwall")
    incident = make_incident(candidate)
    assert shared_ids(feoa) == []  # off by default
    sign_in(candidate)
    assert client.post(f"/incidents/{incident.id}/share").status_code == 303
    assert [i.id for i in db.session.scalars(incidents_shared_with(feoa))] == [incident.id]
    assert list(db.session.scalars(incidents_shared_with(elsewhere))) == []
    assert client.post(f"/incidents/{incident.id}/withdraw").status_code == 303
    assert list(db.session.scalars(incidents_shared_with(feoa))) == []
    kinds = [u.body for u in incident.updates]
    assert any("not a report to the police" in body for body in kinds) and any("withdrawn" in body for body in kinds)


def test_the_feoa_stops_seeing_shared_incidents_when_the_candidate_withdraws_consent(sign_in, client, candidate, make_user, make_incident):
    feoa = make_user("feoa")
    incident = make_incident(candidate)
    sign_in(candidate)
    client.post(f"/incidents/{incident.id}/share")
    candidate.candidacy.set_consent(False, "profile")
    db.session.commit()
    assert list(db.session.scalars(incidents_shared_with(feoa))) == []


def test_without_consent_there_is_no_share_button_and_an_explanation(client, sign_in, make_user, make_incident):
    user = make_user("candidate")
    incident = make_incident(user)
    sign_in(user)
    section = page(client.get(f"/incidents/{incident.id}")).select_one("#sharing")
    assert section.select_one("form") is None
    assert "not agreed" in section.text
    response = client.post(f"/incidents/{incident.id}/share")
    assert response.status_code == 422
    assert "not agreed" in page(response).select_one("#sharing .error-message").text
    db.session.refresh(incident)
    assert incident.shared_with_feoa is False


def test_an_urgent_shared_incident_texts_and_emails_each_feoa_of_the_force_once(client, sign_in, candidate, make_user, make_incident):
    first = make_user("feoa", mobile="+447700900001")
    second = make_user("feoa")  # no mobile: email only
    make_user("feoa", force_code="devon-and-cornwall", mobile="+447700900003")
    incident = make_incident(candidate, urgent=True)
    sign_in(candidate)
    client.post(f"/incidents/{incident.id}/share")
    client.post(f"/incidents/{incident.id}/withdraw")
    client.post(f"/incidents/{incident.id}/share")
    messages = db.session.scalars(sa.select(Message).order_by(Message.dedupe_key)).all()
    assert [(m.channel, m.recipient) for m in messages] == [
        ("email", first.email), ("sms", "+447700900001"), ("email", second.email)]
    assert messages[0].dedupe_key == f"incident-urgent:{incident.id}:{first.id}:email"
    assert "URGENT" in messages[1].body and candidate.name in messages[1].body
    assert "What happened" not in messages[1].body  # no incident details by SMS


def test_marking_a_shared_incident_urgent_alerts_at_once_and_unshared_urgent_does_not(client, sign_in, candidate, make_user, make_incident, valid_incident):
    make_user("feoa", mobile="+447700900001")
    sign_in(candidate)
    client.post("/incidents/new", data={**valid_incident, "urgent": "y"})
    assert db.session.scalar(sa.select(sa.func.count(Message.id))) == 0
    incident = make_incident(candidate)
    client.post(f"/incidents/{incident.id}/share")
    assert db.session.scalar(sa.select(sa.func.count(Message.id))) == 0
    client.post(f"/incidents/{incident.id}/edit", data={**valid_incident, "urgent": "y"})
    assert db.session.scalar(sa.select(sa.func.count(Message.id))) == 2


def test_the_candidate_sees_the_advisers_status_and_notes(client, sign_in, candidate, make_user, make_incident):
    feoa = make_user("feoa")
    incident = make_incident(candidate)
    sign_in(candidate)
    client.post(f"/incidents/{incident.id}/share")
    assert "Not yet seen by the adviser" in page(client.get(f"/incidents/{incident.id}")).select_one("#sharing").text
    incident.acknowledge(feoa)
    db.session.commit()
    assert "Acknowledged" in page(client.get(f"/incidents/{incident.id}")).select_one("#sharing").text
    incident.close(feoa, "Spoke to the candidate; advice given on door-knocking in pairs.")
    db.session.commit()
    assert incident.feoa_status == FeoaStatus.CLOSED
    section = page(client.get(f"/incidents/{incident.id}")).select_one("#sharing")
    assert "Closed by the adviser" in section.text and "door-knocking in pairs" in section.text


def test_only_the_candidate_can_share(client, sign_in, make_user, make_incident, candidate):
    other = make_user("candidate")
    incident = make_incident(candidate)
    sign_in(other)
    assert client.post(f"/incidents/{incident.id}/share").status_code == 404
    assert client.post(f"/incidents/{incident.id}/withdraw").status_code == 404


def test_an_incident_logged_as_urgent_is_stored_as_urgent(client, sign_in, candidate, valid_incident):
    sign_in(candidate)
    client.post("/incidents/new", data={**valid_incident, "urgent": "y"})
    assert db.session.scalar(sa.select(Incident.urgent)) is True
