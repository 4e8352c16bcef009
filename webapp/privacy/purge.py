"""The daily purge: deletes (or anonymises) what the retention schedule says has reached its end.

Each step belongs to one row of webapp/privacy/retention.py and has two halves: `due` — a SELECT of
the ids whose end date has passed — and `remove` — deletes (children first) or anonymises rows by
id. The runner takes ids a batch at a time (PostgreSQL: `FOR UPDATE SKIP LOCKED`, so several jobs
processes share the work instead of waiting on each other) and commits each batch. Each claim looks
only at a window of ids after the last one it looked at, so however many rows are not due, or were
just deleted by an earlier step, no statement reads more than that window. Removing by id is
idempotent: a second run finds nothing due.

Logs carry step names and counts only, never personal data.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import Select, and_, delete, exists, false, func, or_, select, update

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.models import (
    FINAL_STATUSES,
    Activity,
    ActivityAttendee,
    AuditEntry,
    Candidacy,
    Companion,
    ConsentEvent,
    DataExport,
    Digest,
    DoNotKnockNote,
    Election,
    FeoaContact,
    Incident,
    LocationPoint,
    Message,
    NominationImport,
    Nominee,
    ReminderNote,
    Role,
    SafetySession,
    SessionEvent,
    Team,
    TeamInvitation,
    TeamMembership,
    User,
)
from webapp.models.sessions import OPEN_STATES
from webapp.notify.outbox import enqueue
from webapp.privacy.pseudonyms import pseudonym
from webapp.timeutil import london_day_bounds, to_london

log = logging.getLogger("campaignsafe.purge")
# A claim looks at ids (after, after + WINDOW_BATCHES × batch size]: the most one statement reads,
# whatever share of them is due (bench/README.md, the purge).
WINDOW_BATCHES = 10
ACCESS_ENDED = "adviser access ended after the election"


@dataclass(frozen=True)
class Moment:
    """'Now' for one purge run, and the settings it reads."""

    now: datetime
    today: date  # London date
    config: dict

    def days(self, setting: str) -> timedelta:
        return timedelta(days=int(self.config[setting]))


@dataclass(frozen=True)
class Step:
    name: str
    rule: str  # the key of its row in the retention schedule
    model: type
    due: Callable[[Moment], Select]
    remove: Callable[[list[int], Moment], list[str]]  # returns evidence file names to unlink after commit


def _in_live_campaign(user_id_column, on_or_after: date):
    """True where the person stands (or is in the team of someone who stands) in an election whose
    polling day is on or after `on_or_after`: their campaign's data is still within its time."""
    own = exists().where(Candidacy.user_id == user_id_column, Candidacy.election_id == Election.id,
                         Election.polling_day >= on_or_after)
    teams = exists().where(TeamMembership.user_id == user_id_column, TeamMembership.team_id == Team.id,
                           Candidacy.user_id == Team.owner_id, Candidacy.election_id == Election.id,
                           Election.polling_day >= on_or_after)
    return or_(own, teams)


# --- plans -----------------------------------------------------------------------------------

def _plans_due(m: Moment) -> Select:
    keep = m.days("RETENTION_PLAN_DAYS")
    return select(Activity.id).where(Activity.ends_at < m.now - keep,
                                     ~_in_live_campaign(Activity.owner_id, m.today - keep))


def _remove_plans(ids: list[int], m: Moment) -> list[str]:
    db.session.execute(delete(Message).where(Message.activity_id.in_(ids)))
    db.session.execute(update(SafetySession).where(SafetySession.activity_id.in_(ids)).values(activity_id=None))
    for child in (Companion, ActivityAttendee, ReminderNote):
        db.session.execute(delete(child).where(child.activity_id.in_(ids)))
    db.session.execute(delete(Activity).where(Activity.id.in_(ids)))
    return []


def _hazards_due(m: Moment) -> Select:
    keep = m.days("RETENTION_PLAN_DAYS")
    return (select(DoNotKnockNote.id).join(Team, Team.id == DoNotKnockNote.team_id)
            .where(DoNotKnockNote.created_at < m.now - keep, ~_in_live_campaign(Team.owner_id, m.today - keep)))


# --- messages, sessions, locations ---------------------------------------------------------------

def _messages_due(m: Moment) -> Select:
    keep = m.days("RETENTION_MESSAGE_DAYS")
    return select(Message.id).where(
        Message.status.in_([s.value for s in FINAL_STATUSES]),
        func.coalesce(Message.sent_at, Message.created_at) < m.now - keep,
        or_(Message.user_id.is_(None), ~_in_live_campaign(Message.user_id, m.today - keep)),
    )


def _sessions_due(m: Moment) -> Select:
    return select(SafetySession.id).where(
        SafetySession.state.not_in([s.value for s in OPEN_STATES]),
        func.coalesce(SafetySession.ended_at, SafetySession.expected_end_at) < m.now - m.days("RETENTION_SESSION_DAYS"),
    )


def _remove_sessions(ids: list[int], m: Moment) -> list[str]:
    db.session.execute(delete(SessionEvent).where(SessionEvent.session_id.in_(ids)))
    db.session.execute(delete(LocationPoint).where(LocationPoint.session_id.in_(ids)))
    db.session.execute(delete(SafetySession).where(SafetySession.id.in_(ids)))
    return []


def _locations_due(m: Moment) -> Select:
    finished = select(SafetySession.id).where(
        func.coalesce(SafetySession.ended_at, SafetySession.expected_end_at)
        < m.now - m.days("SESSION_LOCATION_RETENTION_DAYS"))
    return select(LocationPoint.id).where(LocationPoint.session_id.in_(finished))


# --- the police adviser's access ---------------------------------------------------------------

def _access_ended(candidacy_id_column, m: Moment):
    return exists().where(Candidacy.id == candidacy_id_column, Candidacy.election_id == Election.id,
                          Election.polling_day < m.today - m.days("FEOA_ACCESS_DAYS"))


def _consenting_candidacies_due(m: Moment) -> Select:
    return select(Candidacy.id).where(Candidacy.feoa_consent.is_(True), _access_ended(Candidacy.id, m))


def _end_feoa_access(ids: list[int], m: Moment) -> list[str]:
    """The adviser's view of these candidates ends: recorded in their consent history, so the
    candidate sees why, and can agree again for a later election."""
    db.session.execute(update(Candidacy).where(Candidacy.id.in_(ids), Candidacy.feoa_consent.is_(True))
                       .values(feoa_consent=False, feoa_consent_changed_at=m.now)
                       .execution_options(synchronize_session=False))
    db.session.add_all([ConsentEvent(candidacy_id=i, given=False, source=ACCESS_ENDED, at=m.now) for i in ids])
    return []


def feoa_access_ends_on(today: date, config) -> date | None:
    """When the adviser's view of this election's candidates ends (the election still in its time)."""
    days = timedelta(days=int(config["FEOA_ACCESS_DAYS"]))
    polling_day = db.session.scalar(select(func.min(Election.polling_day)).where(Election.polling_day >= today - days))
    return polling_day + days if polling_day else None


def _shared_incidents_due(m: Moment) -> Select:
    return select(Incident.id).where(Incident.shared_with_feoa.is_(True), _access_ended(Incident.candidacy_id, m))


def _withdraw_shares(ids: list[int], m: Moment) -> list[str]:
    db.session.execute(update(Incident).where(Incident.id.in_(ids), Incident.shared_with_feoa.is_(True))
                       .values(shared_with_feoa=False, share_withdrawn_at=m.now)
                       .execution_options(synchronize_session=False))
    return []


def _feoa_contacts_due(m: Moment) -> Select:
    return select(FeoaContact.id).where(_access_ended(FeoaContact.candidacy_id, m))


def _digests_due(m: Moment) -> Select:
    return select(Digest.id).where(Digest.built_at < m.now - m.days("RETENTION_DIGEST_DAYS"))


# --- the election office -------------------------------------------------------------------------

def _nominations_cutoff(m: Moment) -> datetime | None:
    """The end of the latest polling day that is more than RETENTION_NOMINATIONS_DAYS past: every
    import and nominee last touched before it belonged to that election (or an earlier one)."""
    polling_day = db.session.scalar(select(func.max(Election.polling_day))
                                    .where(Election.polling_day < m.today - m.days("RETENTION_NOMINATIONS_DAYS")))
    return london_day_bounds(polling_day)[1] if polling_day else None


def _nominees_due(m: Moment) -> Select:
    cutoff = _nominations_cutoff(m)
    return select(Nominee.id).where(Nominee.updated_at < cutoff) if cutoff else select(Nominee.id).where(false())


def _imports_due(m: Moment) -> Select:
    cutoff = _nominations_cutoff(m)
    return (select(NominationImport.id).where(NominationImport.staged_at < cutoff) if cutoff
            else select(NominationImport.id).where(false()))


def _remove_imports(ids: list[int], m: Moment) -> list[str]:
    db.session.execute(update(Nominee).where(Nominee.last_import_id.in_(ids)).values(last_import_id=None)
                       .execution_options(synchronize_session=False))
    db.session.execute(delete(NominationImport).where(NominationImport.id.in_(ids)))
    return []


def _invitations_due(m: Moment) -> Select:
    ended = func.coalesce(TeamInvitation.accepted_at, TeamInvitation.cancelled_at, TeamInvitation.expires_at)
    return select(TeamInvitation.id).where(ended < m.now - m.days("RETENTION_INVITATION_DAYS"))


# --- the audit log -------------------------------------------------------------------------------

def _audit_due(m: Moment) -> Select:
    return select(AuditEntry.id).where(AuditEntry.at < m.now - m.days("RETENTION_AUDIT_DAYS"),
                                       or_(AuditEntry.actor_id.is_not(None), AuditEntry.subject_user_id.is_not(None)))


def _pseudonymise_audit(ids: list[int], m: Moment) -> list[str]:
    pseudonymise_audit_entries(select(AuditEntry).where(AuditEntry.id.in_(ids)))
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


def _exports_due(m: Moment) -> Select:
    return select(DataExport.id).where(func.coalesce(DataExport.downloaded_at, DataExport.expires_at) < m.now)


def remove_exports(ids: list[int], m: Moment | None = None) -> list[str]:
    """Delete these data exports and their ZIP files (an expired copy is worth nothing to keep)."""
    directory = Path(current_app.config["UPLOAD_DIR"]) / "exports"
    for name in db.session.scalars(select(DataExport.stored_name).where(DataExport.id.in_(ids))):
        if name:
            (directory / name).unlink(missing_ok=True)
    db.session.execute(delete(DataExport).where(DataExport.id.in_(ids)))
    return []


# --- accounts nobody uses ------------------------------------------------------------------------

def _unused_since(m: Moment, idle: timedelta):
    """Self-service accounts not signed in to for `idle`, whose last election is over `idle` ago."""
    return and_(User.role.in_([Role.CANDIDATE.value, Role.TEAM_MEMBER.value]), User.deletion_requested_at.is_(None),
                func.coalesce(User.last_sign_in_at, User.created_at) < m.now - idle,
                ~_in_live_campaign(User.id, m.today - idle))


def _unused_to_warn(m: Moment) -> Select:
    idle = m.days("RETENTION_UNUSED_ACCOUNT_DAYS") - m.days("RETENTION_UNUSED_WARNING_DAYS")
    warned_since_last_use = and_(User.unused_warning_at.is_not(None),
                                 User.unused_warning_at > func.coalesce(User.last_sign_in_at, User.created_at))
    return select(User.id).where(_unused_since(m, idle), ~warned_since_last_use)


def _warn_unused(ids: list[int], m: Moment) -> list[str]:
    deleted_on = to_london(m.now + m.days("RETENTION_UNUSED_WARNING_DAYS")).date()
    for user in db.session.scalars(select(User).where(User.id.in_(ids))):
        user.unused_warning_at = m.now
        enqueue(channel="email", recipient=user.email, template="account_unused_warning",
                values={"name": user.display_name, "deleted_on": f"{deleted_on:%-d %B %Y}",
                        "link": m.config["PUBLIC_BASE_URL"].rstrip("/") + "/sign-in"},
                dedupe_key=f"unused-warning:{user.id}:{m.today.isoformat()}", user_id=user.id, kind="account-warning")
    return []


def _unused_to_delete(m: Moment) -> Select:
    return select(User.id).where(_unused_since(m, m.days("RETENTION_UNUSED_ACCOUNT_DAYS")),
                                 User.unused_warning_at < m.now - m.days("RETENTION_UNUSED_WARNING_DAYS"),
                                 User.unused_warning_at > func.coalesce(User.last_sign_in_at, User.created_at))


def _delete_unused(ids: list[int], m: Moment) -> list[str]:
    from webapp.privacy.account_deletion import request_deletion  # it builds on this module's steps

    for user in db.session.scalars(select(User).where(User.id.in_(ids))):
        request_deletion(user, source="unused")
    return []


def _delete_by_id(model) -> Callable[[list[int], Moment], list[str]]:
    def remove(ids: list[int], m: Moment) -> list[str]:
        db.session.execute(delete(model).where(model.id.in_(ids)))
        return []

    return remove


STEPS: tuple[Step, ...] = (
    Step("safety sessions", "sessions", SafetySession, _sessions_due, _remove_sessions),
    Step("session locations", "locations", LocationPoint, _locations_due, _delete_by_id(LocationPoint)),
    Step("activity plans", "plans", Activity, _plans_due, _remove_plans),
    Step("do-not-knock notes", "plans", DoNotKnockNote, _hazards_due, _delete_by_id(DoNotKnockNote)),
    Step("messages", "messages", Message, _messages_due, _delete_by_id(Message)),
    Step("FEOA access to candidates", "feoa_access", Candidacy, _consenting_candidacies_due, _end_feoa_access),
    Step("incidents shared with the FEOA", "feoa_access", Incident, _shared_incidents_due, _withdraw_shares),
    Step("FEOA contact and briefing records", "feoa_access", FeoaContact, _feoa_contacts_due,
         _delete_by_id(FeoaContact)),
    Step("FEOA digests", "digests", Digest, _digests_due, _delete_by_id(Digest)),
    Step("nominees", "nominations", Nominee, _nominees_due, _delete_by_id(Nominee)),
    Step("nomination imports", "nominations", NominationImport, _imports_due, _remove_imports),
    Step("team invitations", "invitations", TeamInvitation, _invitations_due, _delete_by_id(TeamInvitation)),
    Step("data exports", "exports", DataExport, _exports_due, remove_exports),
    Step("unused accounts warned", "account", User, _unused_to_warn, _warn_unused),
    Step("unused accounts deleted", "account", User, _unused_to_delete, _delete_unused),
    Step("audit entries to pseudonymise", "audit", AuditEntry, _audit_due, _pseudonymise_audit),
)


def _moment() -> Moment:
    now = utcnow()
    return Moment(now=now, today=to_london(now).date(), config=current_app.config)


def preview() -> dict[str, int]:
    """What the next purge would remove, step by step (counts only): the dry run and the admin page."""
    m = _moment()
    counts = {}
    for step in STEPS:
        counts[step.name] = db.session.scalar(select(func.count()).select_from(step.due(m).subquery()))
    db.session.rollback()
    return counts


def run() -> dict[str, int]:
    """Purge everything due, batch by batch. Safe to run in several processes at once."""
    m = _moment()
    batch_size = int(m.config["PURGE_BATCH_SIZE"])
    # Read before any step deletes: a min() or max() over rows just deleted walks every one of them.
    id_ranges = {model: db.session.execute(select(func.min(model.id), func.max(model.id))).one()
                 for model in {step.model for step in STEPS}}
    db.session.commit()
    counts = {step.name: _run_step(step, m, batch_size, *id_ranges[step.model]) for step in STEPS}
    log.info("purge finished: %s", ", ".join(f"{name} {n}" for name, n in counts.items()))
    return counts


def _run_step(step: Step, m: Moment, batch_size: int, first_id: int | None, last_id: int | None) -> int:
    """Walk the step's table from `first_id` to `last_id`, one window of ids per claim."""
    window = WINDOW_BATCHES * batch_size
    done, after = 0, (first_id or 0) - 1
    while last_id is not None and after < last_id:
        ids = _claim(step, m, batch_size, after, after + window)
        files = step.remove(ids, m) if ids else []
        db.session.commit()
        delete_evidence_files(files)
        done += len(ids)
        # A full batch may have left due rows in its window: the next claim starts after it.
        after = ids[-1] if len(ids) == batch_size else after + window
    return done


def _claim(step: Step, m: Moment, batch_size: int, after_id: int, up_to_id: int) -> list[int]:
    query = (step.due(m).where(step.model.id > after_id, step.model.id <= up_to_id)
             .order_by(step.model.id).limit(batch_size))
    if db.session.get_bind().dialect.name == "postgresql":
        # Rows another purge holds are skipped (it deletes them); ours stay locked until commit.
        query = query.with_for_update(skip_locked=True, of=step.model)
    return list(db.session.scalars(query))


def delete_evidence_files(stored_names: list[str]) -> None:
    """Unlink evidence files whose rows are gone (after the commit, so a rollback never loses a file)."""
    directory = Path(current_app.config["UPLOAD_DIR"]) / "evidence"
    for name in stored_names:
        (directory / name).unlink(missing_ok=True)
