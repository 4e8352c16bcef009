"""What candidates share with their FEOA beyond contact details: incidents they chose to share,
and safety sessions escalated after a missed check-in, with who was told and when (from the
escalation log, never assumed). Incidents are read only through the incident log's own scoped
query, incidents_shared_with(feoa)."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import bindparam, case, func, select

from webapp.extensions import db
from webapp.feoa.scope import visible_condition, visible_in_force
from webapp.incidents.access import incidents_shared_with
from webapp.models import NOMINATED, Candidacy, Incident, SafetySession, User
from webapp.models.incidents import INCIDENT_CATEGORIES, FeoaStatus
from webapp.models.sessions import SessionEvent, SessionState

RECENT_INCIDENT = timedelta(days=14)
STATUS_FILTERS = {"open": "New and acknowledged", "new": "New", "acknowledged": "Acknowledged", "closed": "Closed",
                  "all": "All"}


def recent_shared_incident_condition(now: datetime, feoa: User):
    """For a row with Candidacy in scope: an incident shared in the last 14 days. Uncorrelated, so
    each database builds the set of such candidacies once per query rather than once per row."""
    forces_candidacies = select(Candidacy.id).where(Candidacy.force_id == feoa.force_id)
    recent = select(Incident.candidacy_id).where(
        Incident.candidacy_id.in_(forces_candidacies), Incident.shared_with_feoa.is_(True),
        Incident.occurred_at >= now - RECENT_INCIDENT,
    )
    return Candidacy.id.in_(recent)


@dataclass
class SharedIncident:
    id: int
    category: str
    occurred_at: datetime
    urgent: bool
    status: str
    shared_at: datetime | None
    candidate: str
    candidacy_id: int
    nominated: bool = True  # False: self-registered, "Not confirmed by an election office"

    @property
    def category_label(self) -> str:
        return INCIDENT_CATEGORIES.get(self.category, self.category)

    @property
    def status_label(self) -> str:
        return {"new": "New", "acknowledged": "Acknowledged", "closed": "Closed"}.get(self.status, self.status)


def _shared_rows(feoa: User):
    # The extra "candidacy in (the force's visible candidacies)" lets both databases start from the
    # force's few candidacies and probe their incidents by index, instead of scanning every incident.
    visible_ids = select(Candidacy.id).join(User, User.id == Candidacy.user_id).where(visible_condition(feoa))
    return (
        incidents_shared_with(feoa)
        .join(User, User.id == Candidacy.user_id)
        .where(visible_condition(feoa), Incident.candidacy_id.in_(visible_ids))
        .with_only_columns(Incident.id, Incident.category, Incident.occurred_at, Incident.urgent,
                           Incident.feoa_status, Incident.shared_at, User.name, Candidacy.id,
                           (Candidacy.verification == NOMINATED).label("nominated"))
    )


def shared_incidents(feoa: User, *, status: str = "open", page: int = 1, page_size: int = 25):
    query = _shared_rows(feoa)
    if status == "open":
        query = query.where(Incident.feoa_status != FeoaStatus.CLOSED.value)
    elif status in {s.value for s in FeoaStatus}:
        query = query.where(Incident.feoa_status == status)
    first = case((Incident.feoa_status == FeoaStatus.NEW.value, 0), else_=1)
    query = query.order_by(first, Incident.urgent.desc(), Incident.occurred_at.desc(), Incident.id.desc())
    rows = [SharedIncident(*r) for r in db.session.execute(query.offset((page - 1) * page_size).limit(page_size + 1))]
    return rows[:page_size], len(rows) > page_size


def newly_shared_with_total(feoa: User, since: datetime, *, limit: int) -> tuple[list[SharedIncident], int]:
    """Incidents shared since `since` (the previous digest), still shared now, and how many in all."""
    query = (_shared_rows(feoa).add_columns(func.count().over()).where(Incident.shared_at >= since)
             .order_by(Incident.urgent.desc(), Incident.occurred_at.desc()).limit(limit))
    rows = db.session.execute(query).all()
    return [SharedIncident(*r[:-1]) for r in rows], (rows[0][-1] if rows else 0)


NOBODY_REACHABLE = "nobody reachable"  # the note webapp.sessions.escalation logs when a tier had no one


@dataclass(frozen=True)
class Alert:
    """One step of the escalation log: when, which tier, and the names of those the app alerted."""

    at: datetime
    tier: int
    names: str  # "" when the app found nobody to alert


@dataclass
class EscalatedSession:
    id: int
    candidate: str
    candidacy_id: int
    place: str
    started_at: datetime
    overdue_since: datetime | None
    alerts: list[Alert] = field(default_factory=list)

    @property
    def told(self) -> list[Alert]:
        return [alert for alert in self.alerts if alert.names]

    @property
    def had_no_contacts(self) -> bool:
        """The app tried and found nobody to alert (rather than: no step has run yet)."""
        return bool(self.alerts) and not self.told


@cache
def _escalated_statement(limit: int):
    """Built once per process (the dashboard runs it on every request); the force is a parameter."""
    return (
        select(SafetySession.id, User.name, Candidacy.id, SafetySession.place, SafetySession.started_at,
               SafetySession.overdue_since, func.count().over())
        .join(User, User.id == SafetySession.user_id)
        .join(Candidacy, Candidacy.user_id == SafetySession.user_id)
        .where(visible_in_force(bindparam("force_id")), SafetySession.state == SessionState.ESCALATED.value)
        .order_by(SafetySession.overdue_since.desc(), SafetySession.id.desc())
        .limit(limit)
    )


def escalated_sessions(feoa: User, *, limit: int = 10) -> tuple[list[EscalatedSession], int]:
    """Escalated safety sessions of the force's consenting candidates, each with who was told and when."""
    rows = db.session.execute(_escalated_statement(limit), {"force_id": feoa.force_id}).all()
    sessions = [EscalatedSession(*r[:-1]) for r in rows]
    _attach_alerts(sessions)
    return sessions, (rows[0][-1] if rows else 0)


def _attach_alerts(sessions: list[EscalatedSession]) -> None:
    """Who was told and when, from the escalation log (one query for the whole list)."""
    if not sessions:
        return
    by_id = {s.id: s for s in sessions}
    events = db.session.execute(
        select(SessionEvent.session_id, SessionEvent.at, SessionEvent.kind, SessionEvent.note)
        .where(SessionEvent.session_id.in_(by_id), SessionEvent.kind.in_(("tier_1", "tier_2")))
        .order_by(SessionEvent.at, SessionEvent.id))
    for session_id, at, kind, note in events:
        names = "" if note in ("", NOBODY_REACHABLE) else note
        by_id[session_id].alerts.append(Alert(at=at, tier=int(kind[-1]), names=names))
