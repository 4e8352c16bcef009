"""Incidents candidates share with their FEOA: listed, acknowledged, closed with notes; the
candidate sees each status; unshared or withdrawn ones disappear (404)."""

from datetime import UTC, datetime

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from jobs.feoa_digest import run as digest_tick
from webapp.extensions import db
from webapp.models import Message

from .conftest import OTHER_FORCE


def _page(response):
    return BeautifulSoup(response.data, "html.parser")


def _listed(client):
    return [li.get_text(" ", strip=True) for li in _page(client.get("/feoa/incidents?status=all")).select(".shared-incident")]


def test_the_feoa_sees_only_incidents_shared_by_consenting_candidates_in_their_force(
        client, feoa, make_candidate, make_shared_incident):
    make_shared_incident(make_candidate("Shared Home"), category="damage")
    make_shared_incident(make_candidate("Not Shared"), shared=False)
    make_shared_incident(make_candidate("Other Force", force=OTHER_FORCE))
    make_shared_incident(make_candidate("No Consent", consent=False))
    (row,) = _listed(client)
    assert "Shared Home" in row and "Damage" in row


@pytest.mark.parametrize("case", ["unshared", "other-force", "no-consent"])
@pytest.mark.parametrize("action", ["view", "acknowledge", "close"])
def test_an_incident_the_feoa_may_not_see_is_not_found(client, feoa, make_candidate, make_shared_incident, case, action):
    if case == "unshared":
        incident = make_shared_incident(make_candidate(), shared=False)
    elif case == "other-force":
        incident = make_shared_incident(make_candidate(force=OTHER_FORCE))
    else:
        incident = make_shared_incident(make_candidate(consent=False))
    url = f"/feoa/incidents/{incident.id}"
    response = client.get(url) if action == "view" else client.post(f"{url}/{action}", data={"notes": "x"})
    assert response.status_code == 404


def test_withdrawing_a_share_removes_the_incident(client, feoa, make_candidate, make_shared_incident):
    incident = make_shared_incident(make_candidate())
    assert client.get(f"/feoa/incidents/{incident.id}").status_code == 200
    incident.shared_with_feoa = False
    db.session.commit()
    assert _listed(client) == []
    assert client.get(f"/feoa/incidents/{incident.id}").status_code == 404


def test_acknowledging_and_closing_change_the_status_the_candidate_sees(
        client, feoa, make_candidate, make_shared_incident, sign_in):
    candidacy = make_candidate()
    incident = make_shared_incident(candidacy)
    assert client.post(f"/feoa/incidents/{incident.id}/acknowledge").status_code == 303
    db.session.refresh(incident)
    assert incident.feoa_status == "acknowledged"
    response = client.post(f"/feoa/incidents/{incident.id}/close", data={"notes": "Spoke to the local team."})
    assert response.status_code == 303
    db.session.refresh(incident)
    assert (incident.feoa_status, incident.feoa_notes) == ("closed", "Spoke to the local team.")
    candidate_client = client.application.test_client()
    sign_in(candidacy.user, on=candidate_client)
    from flask import g

    g.pop("_login_user", None)
    page = candidate_client.get(f"/incidents/{incident.id}").data.decode()
    assert "Closed by the adviser" in page and "Spoke to the local team." in page


@pytest.mark.parametrize(("notes", "message"), [("", "Write a short note"), ("x" * 2001, "2,000 characters")])
def test_closing_needs_notes_of_a_sensible_length(hx, feoa, make_candidate, make_shared_incident, notes, message):
    incident = make_shared_incident(make_candidate())
    response = hx.post(f"/feoa/incidents/{incident.id}/close", target="close-form", data={"notes": notes})
    assert response.status_code == 422
    assert message in _page(response).select_one("#notes-error").text


def test_the_dashboard_lists_new_incidents_first(client, feoa, make_candidate, make_shared_incident):
    make_shared_incident(make_candidate("Older Acknowledged"), feoa_status="acknowledged")
    make_shared_incident(make_candidate("Brand New"), urgent=True)
    rows = [li.get_text(" ", strip=True) for li in _page(client.get("/feoa/")).select(".shared-incident")]
    assert "Brand New" in rows[0] and "Urgent" in rows[0]


def test_a_recent_shared_incident_makes_an_activity_higher_risk(client, feoa, make_candidate, make_activity,
                                                                 make_shared_incident):
    candidacy = make_candidate()
    make_activity(candidacy, in_hours=3, companions=3)
    make_shared_incident(candidacy)
    (row,) = [li.get_text(" ", strip=True) for li in _page(client.get("/feoa/")).select(".risky-activity")]
    assert "Recent incident" in row


def test_the_digest_counts_newly_shared_incidents_and_forgets_unshared_ones(
        app, clock, make_user, make_candidate, make_shared_incident):
    make_user("feoa", mobile="+447911123456")
    clock.set(datetime(2027, 3, 16, 6, 0, tzinfo=UTC))
    first = make_shared_incident(make_candidate("First"), category="damage")
    make_shared_incident(make_candidate("Second"))
    clock.set(datetime(2027, 3, 16, 7, 0, tzinfo=UTC))
    digest_tick()
    sms = db.session.scalar(select(Message).where(Message.channel == "sms"))
    assert sms.body.startswith("CampaignSafe: 2 new incidents, ")
    first.shared_with_feoa = False
    db.session.commit()
    clock.set(datetime(2027, 3, 16, 12, 0, tzinfo=UTC))
    make_shared_incident(make_candidate("Third"))
    clock.set(datetime(2027, 3, 17, 7, 0, tzinfo=UTC))
    digest_tick()
    email = db.session.scalars(select(Message).where(Message.channel == "email").order_by(Message.id)).all()[-1]
    section = email.body.split("NEWLY SHARED INCIDENTS")[1].split("HIGHER-RISK")[0]
    assert "(1)" in section and "Third" in section and "First" not in section
    assert email.subject.startswith("CampaignSafe digest for Wednesday 17 March: 1 new incident,")
