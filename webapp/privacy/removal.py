"""Removing rows of each kind, shared by the daily purge (purge.py, when the retention schedule
says) and by erasing an account (account_deletion.py, when a person asks). Each function deletes or
anonymises by id and lets the caller commit; evidence files are unlinked after the commit."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import Select, delete, select, update

from webapp.extensions import db
from webapp.models import (
    Activity,
    ActivityAttendee,
    AuditEntry,
    Companion,
    DataExport,
    LocationPoint,
    Message,
    ReminderNote,
    SafetySession,
    SessionEvent,
)
from webapp.privacy.pseudonyms import pseudonym


@dataclass(frozen=True)
class Moment:
    """'Now' for one purge run, and the settings it reads."""

    now: datetime
    today: date  # London date
    config: dict

    def days(self, setting: str) -> timedelta:
        return timedelta(days=int(self.config[setting]))


def remove_plans(ids: list[int], m: Moment) -> list[str]:
    db.session.execute(delete(Message).where(Message.activity_id.in_(ids)))
    db.session.execute(update(SafetySession).where(SafetySession.activity_id.in_(ids)).values(activity_id=None))
    for child in (Companion, ActivityAttendee, ReminderNote):
        db.session.execute(delete(child).where(child.activity_id.in_(ids)))
    db.session.execute(delete(Activity).where(Activity.id.in_(ids)))
    return []


def remove_sessions(ids: list[int], m: Moment) -> list[str]:
    db.session.execute(delete(SessionEvent).where(SessionEvent.session_id.in_(ids)))
    db.session.execute(delete(LocationPoint).where(LocationPoint.session_id.in_(ids)))
    db.session.execute(delete(SafetySession).where(SafetySession.id.in_(ids)))
    return []


def pseudonymise_audit_entries(query: Select, only_user_id: int | None = None) -> int:
    """Replace the actor and subject of these entries by keyed pseudonyms (the caller commits);
    with `only_user_id`, only where they are that person (an account being erased)."""
    rows = db.session.execute(query.with_only_columns(AuditEntry.id, AuditEntry.actor_id,
                                                      AuditEntry.subject_user_id)).all()
    for entry_id, actor_id, subject_id in rows:
        values = {}
        if actor_id is not None and only_user_id in (None, actor_id):
            values.update(actor_id=None, actor_ref=pseudonym(actor_id))
        if subject_id is not None and only_user_id in (None, subject_id):
            values.update(subject_user_id=None, subject_ref=pseudonym(subject_id))
        db.session.execute(update(AuditEntry).where(AuditEntry.id == entry_id).values(**values)
                           .execution_options(synchronize_session=False))
    return len(rows)


def remove_exports(ids: list[int], m: Moment | None = None) -> list[str]:
    """Delete these data exports and their ZIP files (an expired copy is worth nothing to keep)."""
    directory = Path(current_app.config["UPLOAD_DIR"]) / "exports"
    for name in db.session.scalars(select(DataExport.stored_name).where(DataExport.id.in_(ids))):
        if name:
            (directory / name).unlink(missing_ok=True)
    db.session.execute(delete(DataExport).where(DataExport.id.in_(ids)))
    return []


def delete_evidence_files(stored_names: list[str]) -> None:
    """Unlink evidence files whose rows are gone (after the commit, so a rollback never loses a file)."""
    directory = Path(current_app.config["UPLOAD_DIR"]) / "evidence"
    for name in stored_names:
        (directory / name).unlink(missing_ok=True)
