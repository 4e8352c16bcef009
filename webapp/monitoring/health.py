"""Is the jobs process doing its work? The checks behind /healthz's "jobs" and /healthz/jobs.

All judged with the app's clock (tests move it). A problem names what is wrong, never who:
job names, message and session ids, ages — no numbers, addresses or names.

- a watched job (delivery, escalation) has not succeeded for STALE_AFTER_INTERVALS × its interval;
- a message has been due (or abandoned mid-send) for more than LATE_AFTER;
- an overdue session has not reached its next tier within LATE_AFTER of when it should have.
"""

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, func, or_, select

from webapp.extensions import db
from webapp.models import JobRun, Message, MessageStatus
from webapp.models.sessions import SafetySession, SessionState
from webapp.notify.claims import SEND_AFTER, unexpired_at, waiting_by

WATCHED_JOBS = ("deliver_due", "session-escalation")
STALE_AFTER_INTERVALS = 3
LATE_AFTER = timedelta(minutes=2)


@dataclass(frozen=True)
class Problem:
    check: str  # "job-stale", "message-late" or "escalation-late"
    detail: str

    def as_json(self) -> dict:
        return asdict(self)


def job_intervals() -> dict[str, int]:
    """Every interval job's name and period in seconds, from the one list of jobs (jobs/registry.py,
    handed to the app by create_app: webapp never imports jobs)."""
    return current_app.extensions["job_intervals"]()


def _minutes(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    return "under a minute" if minutes < 1 else f"{minutes} minute{'s' if minutes != 1 else ''}"


def stale_jobs(now: datetime) -> list[Problem]:
    intervals = job_intervals()
    runs = {run.name: run for run in db.session.scalars(select(JobRun).where(JobRun.name.in_(WATCHED_JOBS)))}
    problems = []
    for name in WATCHED_JOBS:
        limit = timedelta(seconds=STALE_AFTER_INTERVALS * intervals[name])
        run = runs.get(name)
        if run is None or run.last_succeeded_at is None:
            problems.append(Problem("job-stale", f"{name} has never run"))
        elif now - run.last_succeeded_at > limit:
            failing = f"; its last error was {run.last_error}" if run.last_error else ""
            problems.append(Problem("job-stale", f"{name} last succeeded {_minutes(now - run.last_succeeded_at)} "
                                                 f"ago (expected every {intervals[name]} s){failing}"))
    return problems


def late_condition(now: datetime):
    """Messages that should have gone more than LATE_AFTER ago: due and unclaimed, or abandoned mid-send."""
    cutoff = now - LATE_AFTER
    waiting = and_(waiting_by(cutoff), unexpired_at(now))
    abandoned = and_(Message.status == MessageStatus.SENDING.value, Message.sent_at.is_(None),
                     Message.lease_until < cutoff)
    return or_(waiting, abandoned)


def late_messages(now: datetime) -> list[Problem]:
    oldest_id, oldest_due = None, None
    for message_id, due in db.session.execute(
            select(Message.id, SEND_AFTER).where(late_condition(now)).order_by(SEND_AFTER)
            .limit(1)):
        oldest_id, oldest_due = message_id, due
    if oldest_id is None:
        return []
    count = db.session.scalar(select(func.count()).select_from(Message).where(late_condition(now)))
    return [Problem("message-late", f"{count} message{'s' if count != 1 else ''} due more than "
                                    f"{_minutes(LATE_AFTER)} ago not yet sent (oldest: message {oldest_id}, "
                                    f"due {_minutes(now - oldest_due)} ago)")]


def late_escalations(now: datetime) -> list[Problem]:
    cutoff = now - LATE_AFTER
    tier_two_delay = timedelta(minutes=current_app.config["SESSION_TIER2_DELAY_MINUTES"])
    waiting_states = (SessionState.ACTIVE.value, SessionState.DUE.value, SessionState.OVERDUE.value)
    tier_one_late = and_(SafetySession.state.in_(waiting_states), SafetySession.escalate_at < cutoff)
    tier_two_late = and_(SafetySession.state == SessionState.ESCALATED.value, SafetySession.tier_reached == 1,
                         SafetySession.escalate_at < cutoff - tier_two_delay)
    rows = db.session.execute(
        select(SafetySession.id, SafetySession.state)
        .where(SafetySession.duress.is_(False), or_(tier_one_late, tier_two_late))
        .order_by(SafetySession.id).limit(20)).all()
    return [Problem("escalation-late",
                    f"session {session_id} is overdue and "
                    f"{'its emergency contact has' if state == SessionState.ESCALATED.value else 'its first contacts have'}"
                    f" not been alerted within {_minutes(LATE_AFTER)} of when that was due")
            for session_id, state in rows]


def jobs_problems(now: datetime) -> list[Problem]:
    """Everything /healthz/jobs reports: an empty list means the jobs process is doing its work."""
    return stale_jobs(now) + late_messages(now) + late_escalations(now)
