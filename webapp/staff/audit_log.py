"""Reading the audit log with filters (the app has no way to change it)."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import aliased, joinedload

from webapp.extensions import db
from webapp.models import AuditEntry, User
from webapp.timeutil import london_day_bounds

AUDIT_PAGE_SIZE = 50


def audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action)))


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
