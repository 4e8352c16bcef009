"""The incident rules at their one home (webapp/incidents/service.py), without a request."""

import io
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

from tests.helpers import png_bytes
from tests.incidents.conftest import PDF_BYTES
from webapp.extensions import db
from webapp.incidents import service, sharing
from webapp.models import AuditEntry, Evidence, Incident, Message, TeamMembership
from webapp.teams.access import ensure_candidate_team

DETAILS = {"category": "in_person", "occurred_at": datetime(2027, 3, 15, 18, 30, tzinfo=UTC),
           "location": "Whiteladies Road", "description": "Shouted threats.", "person": "  Tall   MAN ",
           "witnesses": "", "police_reported": "no", "police_reference": "", "urgent": False}


def upload(name: str, content: bytes) -> FileStorage:
    return FileStorage(io.BytesIO(content), filename=name)


@pytest.fixture
def member(make_user, candidate):
    member = make_user("team_member", name="Sam Volunteer")
    db.session.add(TeamMembership(team=ensure_candidate_team(candidate), user=member, role="member"))
    db.session.commit()
    return member


def test_a_candidates_incident_is_about_their_own_campaign_whatever_was_chosen(candidate):
    assert service.campaign_for(candidate, [candidate.candidacy], "") is candidate.candidacy


@pytest.mark.parametrize(("choice", "expected"), [("own", "campaign"), ("", None), ("999999", None)])
def test_a_team_member_chooses_among_their_campaigns_only(member, candidate, choice, expected):
    offered = [candidate.candidacy]
    choice = str(candidate.candidacy.id) if choice == "own" else choice
    chosen = service.campaign_for(member, offered, choice)
    assert chosen is (candidate.candidacy if expected else None)


def test_a_team_member_with_no_campaign_to_choose_leaves_it_as_it_was(member, candidate):
    assert service.campaign_for(member, [], None, current=candidate.candidacy) is candidate.candidacy


def test_logging_an_incident_notes_it_and_matches_the_person_by_a_plain_key(candidate):
    incident = service.log_incident(candidate, DETAILS, campaign=candidate.candidacy)
    db.session.commit()
    assert (incident.person, incident.person_key) == ("  Tall   MAN ", "tall man")
    assert [u.kind for u in incident.updates] == ["logged"]


def test_evidence_is_kept_all_or_none(candidate):
    good = upload("photo.png", png_bytes())
    bad = upload("notes.txt", b"just some words")
    with pytest.raises(service.UploadsRefused) as refused:
        service.log_incident(candidate, DETAILS, campaign=candidate.candidacy, uploads=[good, bad])
    db.session.rollback()
    assert len(refused.value.reasons) == 1 and "notes.txt" in refused.value.reasons[0]
    assert db.session.scalar(sa.select(sa.func.count(Evidence.id))) == 0


def test_adding_evidence_needs_a_file_and_notes_each_name(candidate, make_incident):
    incident = make_incident(candidate)
    with pytest.raises(service.UploadsRefused, match="Choose at least one file"):
        service.add_evidence(incident, [], candidate)
    service.add_evidence(incident, [upload("a.png", png_bytes()), upload("b.pdf", PDF_BYTES)], candidate)
    db.session.commit()
    assert incident.updates[-1].body == "Evidence added: a.png, b.pdf"


def test_moving_a_shared_incident_off_the_campaign_ends_its_share(member, candidate, make_incident):
    incident = make_incident(member, candidacy=candidate.candidacy)
    sharing.share(incident, candidate)
    db.session.commit()
    service.change_incident(incident, DETAILS, campaign=None, by=member)
    db.session.commit()
    assert not incident.shared_with_feoa and incident.share_ended_because == "candidate"


def test_an_edit_that_changes_nothing_adds_no_note(candidate, make_incident):
    incident = make_incident(candidate, **{k: v for k, v in DETAILS.items() if k != "urgent"},
                             person_key="tall man")
    service.change_incident(incident, DETAILS, campaign=candidate.candidacy, by=candidate)
    db.session.commit()
    assert incident.updates == []


def test_marking_a_shared_incident_urgent_alerts_the_forces_adviser(candidate, make_user, make_incident):
    make_user("feoa", mobile="+447911123470")
    incident = make_incident(candidate)
    sharing.share(incident, candidate)
    db.session.commit()
    service.change_incident(incident, {**DETAILS, "urgent": True}, campaign=candidate.candidacy, by=candidate)
    db.session.commit()
    assert {m.template for m in db.session.scalars(sa.select(Message))} == {"incident_urgent"}


def test_only_a_police_advisers_look_at_evidence_is_audited(candidate, make_user, make_incident):
    incident = make_incident(candidate)
    item = service.add_evidence(incident, [upload("a.png", png_bytes())], candidate)[0]
    db.session.commit()
    service.evidence_viewed(item, candidate)
    service.evidence_viewed(item, make_user("feoa"))
    db.session.commit()
    assert [e.action for e in db.session.scalars(sa.select(AuditEntry))] == ["incident.evidence_viewed"]


def test_the_service_leaves_the_commit_to_the_caller(candidate):
    service.log_incident(candidate, DETAILS, campaign=candidate.candidacy)
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(Incident.id))) == 0
