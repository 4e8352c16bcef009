"""Logging and changing incidents: what follows from each change, in the caller's transaction.

Every function writes the change and its timeline note (and, through webapp/incidents/sharing.py, the
FEOA alert an urgent shared incident causes) and lets the caller commit. Evidence is kept all or none:
when any upload is refused, the files already written are removed and UploadsRefused says why for
each; the caller then rolls back. Who may do these things is decided in webapp/incidents/access.py;
sharing, withdrawing and consent live in webapp/incidents/sharing.py.
"""

from werkzeug.datastructures import FileStorage

from webapp.extensions import db
from webapp.incidents import evidence as evidence_store
from webapp.incidents import sharing
from webapp.models import Candidacy, Evidence, Incident, Role, User, audit
from webapp.models.incidents import person_key

# What a person writes about an incident (IncidentForm.details() gives them, times as aware UTC).
FIELDS = ("category", "occurred_at", "location", "description", "person", "witnesses", "police_reported",
          "police_reference")


class UploadsRefused(ValueError):
    """Some uploads cannot be kept, so none is; `reasons` says why, one line a refused file."""

    def __init__(self, reasons: list[str]):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


def campaign_for(by: User, campaigns: list[Candidacy], choice: str | None,
                 current: Candidacy | None = None) -> Candidacy | None:
    """The campaign an incident is about. A candidate's incidents are about their own campaign; a team
    member chooses among `campaigns` (`choice`: a campaign's id, or "" for their own log only), and with
    none to choose from (`choice` None) it stays as it was."""
    if by.has_role(Role.CANDIDATE):
        return campaigns[0] if campaigns else None
    if choice is None:
        return current
    return next((c for c in campaigns if str(c.id) == choice), None)


def log_incident(owner: User, details: dict, *, campaign: Candidacy | None,
                 uploads: list[FileStorage] = ()) -> Incident:
    """A new incident in `owner`'s log, with its evidence (UploadsRefused if any upload cannot be kept)."""
    incident = Incident(owner=owner, urgent=details["urgent"])
    _apply(incident, details, campaign, owner)
    db.session.add(incident)
    _store_all(incident, uploads, owner)
    incident.note(owner, "logged", "Logged in CampaignSafe (this is not a report to the police).")
    sharing.alert_if_urgent(incident)
    return incident


def change_incident(incident: Incident, details: dict, *, campaign: Candidacy | None, by: User) -> None:
    """Change what the record says; marking it urgent alerts the adviser it is shared with."""
    _apply(incident, details, campaign, by)
    sharing.set_urgent(incident, details["urgent"], by)
    if db.session.is_modified(incident):
        incident.note(by, "edited", "Details edited.")


def add_update(incident: Incident, body: str, by: User) -> None:
    incident.note(by, "update", body)


def add_evidence(incident: Incident, uploads: list[FileStorage], by: User) -> list[Evidence]:
    """Keep every upload, noted on the timeline, or none (UploadsRefused)."""
    if not uploads:
        raise UploadsRefused(["Choose at least one file."])
    stored = _store_all(incident, uploads, by)
    incident.note(by, "evidence", "Evidence added: " + ", ".join(upload.filename for upload in uploads))
    return stored


def evidence_viewed(item: Evidence, by: User) -> None:
    """A police adviser's every look at a candidate's evidence is on the audit log."""
    if by.has_role(Role.FEOA):
        audit.record("incident.evidence_viewed", actor=by, subject=item.incident.candidacy.user,
                     detail=f"incident {item.incident_id}, evidence {item.id}")


def _apply(incident: Incident, details: dict, campaign: Candidacy | None, by: User) -> None:
    if campaign is None or (incident.candidacy_id is not None and campaign.id != incident.candidacy_id):
        sharing.withdraw(incident, by)  # no longer that candidate's to share
    incident.candidacy = campaign
    for name in FIELDS:
        setattr(incident, name, details[name])
    incident.person_key = person_key(details["person"])


def _store_all(incident: Incident, uploads: list[FileStorage], by: User) -> list[Evidence]:
    stored, problems = [], []
    for upload in uploads:
        try:
            stored.append(evidence_store.store(incident, upload, by))
        except evidence_store.EvidenceRefused as refusal:
            problems.append(str(refusal))
    if problems:
        evidence_store.discard(stored)
        raise UploadsRefused(problems)
    return stored
