"""The escalation job: reminders, "are you OK?", tier 1, tier 2 — driven by the clock on the server.

Each step moves sessions with ONE conditional UPDATE ... RETURNING, so when several jobs
processes tick together each session moves once (PostgreSQL re-checks the WHERE clause after
waiting for a row lock; SQLite has a single writer). The messages for the sessions a step moved
are written in the same transaction, under unique dedupe keys.
"""

from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.models import Activity
from webapp.models.sessions import SafetySession, SessionState
from webapp.sessions import messages
from webapp.sessions.contacts import forget_prefetched, prefetch_tier_one
from webapp.sessions.lifecycle import log

BATCH = 500
ACTIVE, DUE, OVERDUE, ESCALATED = (SessionState.ACTIVE.value, SessionState.DUE.value, SessionState.OVERDUE.value,
                                  SessionState.ESCALATED.value)


def _claim(where, values) -> list[int]:
    statement = (update(SafetySession).where(*where).values(**values).returning(SafetySession.id)
                 .execution_options(synchronize_session=False))
    return list(db.session.scalars(statement))


def _sessions(ids: list[int]) -> list[SafetySession]:
    # Load who and where in a few queries, not several per session (1,000 can fall due at once).
    return list(db.session.scalars(
        select(SafetySession).where(SafetySession.id.in_(ids))
        .options(selectinload(SafetySession.user),
                 selectinload(SafetySession.activity).selectinload(Activity.companions))
        .execution_options(populate_existing=True)))


def _in_batches(claim_ids, act) -> int:
    total = 0
    while True:
        ids = claim_ids()
        sessions = _sessions(ids)
        prefetch_tier_one(sessions)
        for session in sessions:
            act(session)
        db.session.commit()
        forget_prefetched(sessions)
        total += len(ids)
        if len(ids) < BATCH:
            return total


def _limited(*where):
    """The ids of at most BATCH sessions matching `where` (ordered, so batches make progress)."""
    return SafetySession.id.in_(select(SafetySession.id).where(*where).order_by(SafetySession.id).limit(BATCH)
                                .scalar_subquery())


def send_reminders(now) -> int:
    where = (SafetySession.state == ACTIVE, SafetySession.reminder_at <= now, SafetySession.deadline_at > now)

    def act(session):
        if messages.enqueue_reminder(session):
            log(session, "reminder")

    return _in_batches(lambda: _claim((_limited(*where), *where), {"state": DUE}), act)


def start_grace(now) -> int:
    where = (SafetySession.state.in_((ACTIVE, DUE)), SafetySession.deadline_at <= now)

    def act(session):
        reason = _reason(session)
        messages.enqueue_are_you_ok(session, reason)
        log(session, "grace_warning", note="Missed check-in" if reason == "missed" else "Expected end passed")

    return _in_batches(lambda: _claim((_limited(*where), *where),
                                      {"state": OVERDUE, "overdue_since": SafetySession.deadline_at}), act)


def raise_tier_one(now) -> int:
    """Tier 1 at escalate_at. With nobody reachable in tier 1, tier 2 is alerted at the same moment:
    no one waits through an empty round (a lone candidate's emergency contact would otherwise hear
    SESSION_TIER2_DELAY_MINUTES late). Setting tier_reached to 2 in this transaction keeps a
    concurrent raise_tier_two, which claims only tier_reached == 1, from alerting tier 2 again."""
    where = (SafetySession.state == OVERDUE, SafetySession.escalate_at <= now)

    def act(session):
        if not _alert(session, 1, session.escalate_at):
            session.tier_reached = 2
            _alert(session, 2, session.escalate_at)

    return _in_batches(lambda: _claim((_limited(*where), *where), {"state": ESCALATED, "tier_reached": 1}), act)


def raise_tier_two(now, delay) -> int:
    where = (SafetySession.state == ESCALATED, SafetySession.tier_reached == 1, SafetySession.duress.is_(False),
             SafetySession.escalate_at <= now - delay)
    return _in_batches(lambda: _claim((_limited(*where), *where), {"tier_reached": 2}),
                       lambda session: _alert(session, 2, session.escalate_at + delay))


def _reason(session: SafetySession) -> str:
    return "overrun" if session.deadline_at >= session.expected_end_at else "missed"


def _alert(session: SafetySession, tier: int, due_at) -> list:
    """Alert one tier and log it; returns who was alerted (empty: nobody in it could be reached)."""
    alerted = messages.enqueue_alerts(session, (tier,), _reason(session), due_at)
    names = ", ".join(c.name for c in alerted) or "nobody reachable"
    log(session, f"tier_{tier}", note=names)
    return alerted


def run() -> dict:
    """One tick of the escalation job (jobs/registry.py runs it every 15 seconds)."""
    now = utcnow()
    delay = timedelta(minutes=current_app.config["SESSION_TIER2_DELAY_MINUTES"])
    return {
        "reminders": send_reminders(now),
        "overdue": start_grace(now),
        "tier_1": raise_tier_one(now),
        "tier_2": raise_tier_two(now, delay),
    }
