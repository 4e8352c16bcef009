"""Reading the audit log with filters (the app has no way to change it)."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import aliased, joinedload

from webapp.extensions import db
from webapp.models import AuditEntry, User
from webapp.timeutil import london_day_bounds

AUDIT_PAGE_SIZE = 50


# Every action the app records, as an inspector would read it (the filter offers each, found or not).
ACTION_LABELS = {
    "account.created": "Staff account created",
    "account.deactivated": "Staff account deactivated",
    "account.reactivated": "Staff account reactivated",
    "account.password_link_sent": "Password link emailed by an admin",
    "account.password_set": "First password chosen",
    "account.password_changed": "Staff password changed",
    "two_factor.reset": "Two-factor sign-in reset",
    "staff.signed_in": "Staff sign-in",
    "two_factor.code_refused": "Two-factor code refused",
    "two_factor.recovery_code_used": "Recovery code used",
    "feoa.contact_details_viewed": "Contact details revealed",
    "feoa.candidates_exported": "Candidate list exported",
    "feoa.incident_acknowledged": "Incident acknowledged",
    "feoa.incident_closed": "Incident closed",
    "feoa.briefing_recorded": "Briefing recorded",
    "feoa.contact_recorded": "Other contact recorded",
    "feoa.digest_unsubscribed": "Digest unsubscribed",
    "pledge.published": "Pledge version published",
    "nominations.import": "Nominations imported",
    "incident.evidence_viewed": "Incident evidence viewed",
    "team.role_changed": "Team role changed",
    "team.member_removed": "Team member removed",
    "team.member_left": "Team member left",
}


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


def audit_actions() -> dict[str, str]:
    """Every known action, and any other found in the log, with what it means."""
    found = db.session.scalars(select(AuditEntry.action).distinct())
    return {**ACTION_LABELS, **{action: action for action in found if action not in ACTION_LABELS}}


def filtered_entries(action: str | None, actor: str | None, start: date | None, end: date | None, page: int):
    query = select(AuditEntry).options(joinedload(AuditEntry.actor), joinedload(AuditEntry.subject))
    if action:
        query = query.where(AuditEntry.action == action)
    if actor:
        who = aliased(User)
        pattern = "%" + actor.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.join(who, who.id == AuditEntry.actor_id).where(who.email.like(pattern, escape="\\"))
    if start:
        query = query.where(AuditEntry.at >= london_day_bounds(start)[0])
    if end:
        query = query.where(AuditEntry.at < london_day_bounds(end)[1])
    query = query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    rows = list(db.session.scalars(query.offset((page - 1) * AUDIT_PAGE_SIZE).limit(AUDIT_PAGE_SIZE + 1)).unique())
    return rows[:AUDIT_PAGE_SIZE], len(rows) > AUDIT_PAGE_SIZE
