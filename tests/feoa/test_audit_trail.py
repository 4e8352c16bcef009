"""What an FEOA does to a candidate's record is in the audit log: reveal, export, acknowledge, close, briefing."""

import pytest
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import AuditEntry


def _entries():
    return [(e.action, e.actor_id, e.subject_user_id, e.detail)
            for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


@pytest.mark.both_databases
def test_acknowledging_and_closing_an_incident_are_audited(client, feoa, make_candidate, make_shared_incident):
    candidacy = make_candidate()
    incident = make_shared_incident(candidacy)
    assert client.post(f"/feoa/incidents/{incident.id}/acknowledge").status_code == 303
    assert client.post(f"/feoa/incidents/{incident.id}/close", data={"notes": "Spoke to them."}).status_code == 303
    assert _entries() == [
        ("feoa.incident_acknowledged", feoa.id, candidacy.user_id, f"incident {incident.id}"),
        ("feoa.incident_closed", feoa.id, candidacy.user_id, f"incident {incident.id}"),
    ]


@pytest.mark.parametrize(("kind", "action"), [("briefing", "feoa.briefing_recorded"), ("contact", "feoa.contact_recorded")])
def test_recording_a_briefing_or_contact_is_audited(client, feoa, make_candidate, kind, action):
    candidacy = make_candidate()
    response = client.post(f"/feoa/candidates/{candidacy.id}/contacts",
                           data={"kind": kind, "method": "phone", "happened_on": "2027-03-16"})
    assert response.status_code == 303
    assert _entries() == [(action, feoa.id, candidacy.user_id, f"candidacy {candidacy.id}, phone, 2027-03-16")]


def test_a_refused_briefing_form_writes_no_audit_entry(client, feoa, make_candidate):
    candidacy = make_candidate()
    response = client.post(f"/feoa/candidates/{candidacy.id}/contacts", data={"kind": "briefing", "method": ""})
    assert response.status_code == 422
    assert _entries() == []
