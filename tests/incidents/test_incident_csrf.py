"""Every state change in the incident log and the election office needs the CSRF token."""

import pytest
from bs4 import BeautifulSoup

from webapp.extensions import db
from webapp.models import AuditEntry


@pytest.fixture
def app_overrides():
    return {"WTF_CSRF_ENABLED": True}


@pytest.mark.parametrize("action", ["/incidents/new", "/incidents/{id}/edit", "/incidents/{id}/updates",
                                    "/incidents/{id}/evidence", "/incidents/{id}/share", "/incidents/{id}/withdraw"])
def test_incident_changes_without_the_token_are_refused(client, sign_in, candidate, make_incident, action):
    incident = make_incident(candidate)
    sign_in(candidate)
    response = client.post(action.format(id=incident.id), data={"body": "x", "category": "other"})
    assert response.status_code == 400
    assert "Your form expired" in BeautifulSoup(response.data, "html.parser").select_one("h1").text


@pytest.mark.parametrize("action", ["/office/imports", "/office/imports/1/columns", "/office/imports/1/confirm",
                                    "/office/imports/1/discard",
                                    "/office/candidates/1/resend", "/join/some-token"])
def test_office_changes_without_the_token_are_refused(client, sign_in, make_user, action):
    sign_in(make_user("election_office"))
    assert client.post(action).status_code == 400


def test_the_incident_form_carries_the_token(client, sign_in, candidate):
    sign_in(candidate)
    form = BeautifulSoup(client.get("/incidents/new").data, "html.parser")
    assert form.select_one("#incident-form input[name=csrf_token]")["value"]


def test_an_feoa_opening_shared_evidence_is_audit_logged(app, client, sign_in, candidate, make_user, make_incident):
    import io

    from tests.helpers import png_bytes

    app.config["WTF_CSRF_ENABLED"] = False
    incident = make_incident(candidate, shared_with_feoa=True)
    sign_in(candidate)
    client.post(f"/incidents/{incident.id}/evidence", data={"files": [(io.BytesIO(png_bytes()), "a.png")]},
                content_type="multipart/form-data")
    feoa = make_user("feoa")
    adviser = app.test_client()
    sign_in(feoa, on=adviser)
    assert adviser.get(f"/incidents/{incident.id}/evidence/1").status_code == 200
    entry = db.session.query(AuditEntry).one()
    assert (entry.action, entry.actor_id, entry.subject_user_id) == ("incident.evidence_viewed", feoa.id, candidate.id)
