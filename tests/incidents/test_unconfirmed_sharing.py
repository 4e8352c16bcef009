"""Self-registered candidates (no election office confirmed them) keep their safety features, but cannot
text the police: urgent shares reach FEOAs by email only, marked unconfirmed, and at most 3 a day."""

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup

from tests.helpers import register
from webapp.extensions import db
from webapp.models import Force, Incident, Message, User


@pytest.fixture
def app_overrides(fake_twilio, smtp_server):
    return {**fake_twilio.settings, **smtp_server.settings}


def page(response):
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


@pytest.fixture
def registered(client):
    """Someone who registered at /register, claimed 'Made Up Council', chose a force and consented."""
    register(client, "Rae Newcomer", "rae@example.org", "three random words")  # the form, then the emailed link
    user = db.session.scalar(sa.select(User).where(User.email == "rae@example.org"))
    user.candidacy.council = "Made Up Council"
    user.candidacy.force = db.session.scalar(sa.select(Force).where(Force.code == "avon-and-somerset"))
    user.candidacy.set_consent(True, "profile")
    db.session.commit()
    return user


@pytest.mark.both_databases
def test_a_self_registered_candidates_urgent_share_texts_no_feoa_and_emails_them_marked_unconfirmed(
        app, client, registered, make_user, make_incident, run_jobs, fake_twilio, smtp_server, sign_in):
    adviser = make_user("feoa", mobile="+447911123499")
    assert not registered.candidacy.is_nominated
    incident = make_incident(registered, urgent=True)
    assert client.post(f"/incidents/{incident.id}/share").status_code == 303
    to_police = sa.select(Message).where(Message.recipient.in_([adviser.email, adviser.mobile]))
    assert [m.channel for m in db.session.scalars(to_police)] == ["email"]
    run_jobs(app)
    assert fake_twilio.sent == []
    (mail,) = [mail for mail in smtp_server.messages if mail.rcpt_tos != [registered.email]]
    assert mail.rcpt_tos == [adviser.email]
    assert "not confirmed by an election office" in mail.message["Subject"]
    assert "Not confirmed by an election office" in mail.text and "Not confirmed by an election office" in mail.html
    visitor = app.test_client()
    sign_in(adviser, on=visitor)
    listed = page(visitor.get("/feoa/")).select_one(".shared-incident")
    assert "Urgent" in listed.text and "Not confirmed by an election office" in listed.text


def test_a_nominated_candidates_urgent_share_still_texts_the_feoa(
        app, client, sign_in, make_user, make_incident, run_jobs, fake_twilio):
    make_user("feoa", mobile="+447911123499")
    nominated = make_user("candidate")
    nominated.candidacy.set_consent(True, "profile")
    db.session.commit()
    sign_in(nominated)
    client.post(f"/incidents/{make_incident(nominated, urgent=True).id}/share")
    run_jobs(app)
    assert [sms["To"] for sms in fake_twilio.sent] == ["+447911123499"]


def test_the_fourth_share_in_a_day_is_refused_with_a_message_and_tomorrow_is_allowed(
        client, registered, make_user, make_incident, clock):
    make_user("feoa")
    incidents = [make_incident(registered) for _ in range(5)]
    for incident in incidents[:3]:
        assert client.post(f"/incidents/{incident.id}/share").status_code == 303
    refused = client.post(f"/incidents/{incidents[3].id}/share")
    assert refused.status_code == 422
    assert "shared 3 incidents with the police adviser today" in page(refused).select_one("#sharing .error-message").text
    assert db.session.scalar(sa.select(Incident.shared_with_feoa).where(Incident.id == incidents[3].id)) is False
    clock.advance(days=1)
    assert client.post(f"/incidents/{incidents[4].id}/share").status_code == 303


def test_the_feoa_sees_a_self_registered_candidate_only_in_the_separate_labelled_list(
        app, registered, make_user, sign_in):
    adviser = app.test_client()
    sign_in(make_user("feoa"), on=adviser)
    nominated = make_user("candidate", name="Nia Nominated")
    nominated.candidacy.set_consent(True, "profile")
    db.session.commit()
    dashboard = page(adviser.get("/feoa/"))
    assert [a.text for a in dashboard.select("#candidate-list .candidate-name")] == ["Nia Nominated"]
    unconfirmed = dashboard.select_one("#unconfirmed-list")
    assert [a.text for a in unconfirmed.select(".candidate-name")] == ["Rae Newcomer"]
    assert "Not confirmed by an election office" in unconfirmed.select_one(".tag").text
    full = page(adviser.get("/feoa/unconfirmed"))
    assert full.select_one("h1").text == "Not confirmed by an election office"
    assert "Rae Newcomer" in full.text
    detail = page(adviser.get(f"/feoa/candidates/{registered.candidacy.id}"))
    assert "Not confirmed by an election office" in detail.select_one("#verification").text
