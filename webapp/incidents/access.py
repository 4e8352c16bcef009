"""Who may see which incident and evidence file. Every query here is scoped; hidden means 404."""

from flask import abort
from sqlalchemy import Select, false, or_, select

from webapp.access import mark_checked
from webapp.extensions import db
from webapp.models import Candidacy, Evidence, Incident, Role, Team, TeamMembership, User


def campaigns_of(user: User) -> list[Candidacy]:
    """The campaigns a user's incidents may be about: a candidate's own; a team member's teams'."""
    if user.has_role(Role.CANDIDATE):
        return [user.candidacy] if user.candidacy is not None else []
    if user.has_role(Role.TEAM_MEMBER):
        return list(db.session.scalars(
            select(Candidacy).join(Team, Team.owner_id == Candidacy.user_id)
            .join(TeamMembership, TeamMembership.team_id == Team.id)
            .where(TeamMembership.user_id == user.id).order_by(Candidacy.id)))
    return []


def visible_incidents(user: User) -> Select:
    """Incidents a candidate or team member may read: their own, and (for a candidate) those
    their team logged about the campaign (they stay visible if that team member later leaves)."""
    if not user.has_role(Role.CANDIDATE, Role.TEAM_MEMBER):
        return select(Incident).where(false())
    conditions = [Incident.owner_id == user.id]
    if user.has_role(Role.CANDIDATE) and user.candidacy is not None:
        conditions.append(Incident.candidacy_id == user.candidacy.id)
    return select(Incident).where(or_(*conditions))


VIEW, EDIT, SHARE = "view", "edit", "share"


def get_incident_or_404(incident_id: int, user: User, need: str = VIEW) -> Incident:
    """An incident the user may read; to EDIT it they must have logged it, to SHARE it be its candidate. Each
    refusal is a 404: a team member is not even told which of the campaign's incidents exist."""
    incident = db.first_or_404(visible_incidents(user).where(Incident.id == incident_id))
    if (need == EDIT and not can_edit(user, incident)) or (need == SHARE and not can_share(user, incident)):
        abort(404)
    mark_checked("incident_id")
    return incident


def can_edit(user: User, incident: Incident) -> bool:
    """Only whoever logged it changes the record; the candidate decides what the FEOA sees."""
    return incident.owner_id == user.id


def can_share(user: User, incident: Incident) -> bool:
    return incident.candidacy is not None and incident.candidacy.user_id == user.id


def incidents_shared_with(feoa: User) -> Select:
    """Incidents an FEOA may see: shared, by consenting candidates, in the FEOA's own force.

    Withdrawing a share, or the candidate withdrawing consent, removes them at once.
    """
    if not feoa.has_role(Role.FEOA) or feoa.force_id is None:
        return select(Incident).where(false())
    return (
        select(Incident)
        .join(Candidacy, Incident.candidacy_id == Candidacy.id)
        .where(
            Incident.shared_with_feoa.is_(True),
            Candidacy.feoa_consent.is_(True),
            Candidacy.force_id == feoa.force_id,
        )
    )


def get_shared_incident_or_404(incident_id: int, feoa: User) -> Incident:
    incident = db.first_or_404(incidents_shared_with(feoa).where(Incident.id == incident_id))
    mark_checked("incident_id")
    return incident


def get_evidence_or_404(incident_id: int, evidence_id: int, user: User) -> Evidence:
    """An evidence file of an incident the user may see (as its side, or as the FEOA it was shared with)."""
    scope = incidents_shared_with(user) if user.has_role(Role.FEOA) else visible_incidents(user)
    incident_ids = scope.with_only_columns(Incident.id).where(Incident.id == incident_id)
    evidence = db.first_or_404(
        select(Evidence).where(Evidence.id == evidence_id, Evidence.incident_id.in_(incident_ids)))
    mark_checked("incident_id", "evidence_id")
    return evidence
