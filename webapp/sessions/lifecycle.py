"""What a person does to a session: start, check in, end (or end under duress), SOS.

Every function changes the session and writes the messages it causes in the caller's
transaction; the caller commits. Changes to an open session lock its row first, so a check-in
and the escalation job never both act on the same moment.
"""

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.models import Activity, User
from webapp.models.sessions import (
    OPEN_STATES,
    LocationPoint,
    SafetySession,
    SessionEvent,
    SessionState,
)
from webapp.sessions import messages
from webapp.timeutil import format_london


class SessionClosed(Exception):
    """The session has already ended."""


def _minutes(name: str) -> timedelta:
    return timedelta(minutes=current_app.config[name])


def schedule_next(session: SafetySession, now: datetime) -> None:
    """Set the next check-in, the deadline (check-in or end, whichever first) and its reminder."""
    session.next_check_in_at = now + timedelta(minutes=session.interval_minutes)
    session.deadline_at = min(session.next_check_in_at, session.expected_end_at)
    lead = min(_minutes("SESSION_REMINDER_LEAD_MINUTES"), (session.deadline_at - now) / 2)
    session.reminder_at = session.deadline_at - lead
    session.escalate_at = session.deadline_at + _minutes("SESSION_GRACE_MINUTES")
    session.overdue_since = None


def tier_two_at(session: SafetySession) -> datetime | None:
    if session.escalate_at is None:
        return None
    return session.escalate_at + _minutes("SESSION_TIER2_DELAY_MINUTES")


def open_session_for(user: User) -> SafetySession | None:
    return db.session.scalar(
        select(SafetySession).where(SafetySession.user_id == user.id,
                                    SafetySession.state.in_([s.value for s in OPEN_STATES]),
                                    SafetySession.duress.is_(False))
        .order_by(SafetySession.id.desc()).limit(1))


def start_session(user: User, *, expected_end_at: datetime, interval_minutes: int, place: str = "",
                  activity: Activity | None = None, location_sharing: bool = False) -> SafetySession:
    now = utcnow()
    session = SafetySession(user=user, activity=activity, place=place, started_at=now,
                            expected_end_at=expected_end_at, interval_minutes=interval_minutes,
                            location_sharing=location_sharing, state=SessionState.ACTIVE.value,
                            tier_reached=0, check_in_seq=0, duress=False, sos=False)
    schedule_next(session, now)
    db.session.add(session)
    db.session.flush()
    log(session, "started", note=f"Expected end {_london(expected_end_at)}, check-ins every "
        f"{interval_minutes} minutes")
    return session


def log(session: SafetySession, kind: str, *, how: str = "", who: str = "", note: str = "",
        hidden: bool = False) -> SessionEvent:
    event = SessionEvent(session_id=session.id, at=utcnow(), kind=kind, how=how, who=who[:120], note=note,
                         hidden_from_person=hidden)
    db.session.add(event)
    return event


def lock(session_id: int) -> SafetySession | None:
    """The session with its row locked for this transaction (PostgreSQL; SQLite has one writer)."""
    return db.session.scalar(
        select(SafetySession).where(SafetySession.id == session_id).with_for_update()
        .execution_options(populate_existing=True)
    )


def add_location(session: SafetySession, position: dict | None) -> None:
    if position and session.location_sharing:
        db.session.add(LocationPoint(session_id=session.id, at=utcnow(), latitude=position["latitude"],
                                     longitude=position["longitude"], accuracy_m=position.get("accuracy")))


def _clear_escalation(session: SafetySession, said: str = "has checked in") -> int:
    """If contacts were alerted in this round, tell them all is well. Returns messages added."""
    if session.tier_reached == 0:
        return 0
    added = messages.enqueue_all_clear(session, session.check_in_seq, said)
    log(session, "all_clear", note=f"Sent to everyone alerted ({added} messages)")
    return added


def check_in(session_id: int, *, how: str, position: dict | None = None,
             expected_seq: int | None = None) -> SafetySession:
    """The person is safe. After an escalation everyone alerted gets an all-clear; the session goes on."""
    session = lock(session_id)
    if session is None or not session.is_open or session.duress:
        raise SessionClosed
    if expected_seq is not None and session.check_in_seq != expected_seq:
        raise SessionClosed
    now = utcnow()
    add_location(session, position)
    messages.cancel_nudges(session)
    log(session, "check_in", how=how)
    _clear_escalation(session)
    if session.expected_end_at <= now:
        # Checking in after the expected end: still out, so move the end on by one interval.
        session.expected_end_at = now + timedelta(minutes=session.interval_minutes)
        log(session, "extended", note=f"Expected end moved to {_london(session.expected_end_at)}")
    session.last_check_in_at = now
    session.check_in_seq += 1
    session.tier_reached = 0
    session.sos = False
    session.state = SessionState.ACTIVE.value
    schedule_next(session, now)
    return session


def end_session(session_id: int, *, duress: bool = False, position: dict | None = None) -> SafetySession:
    """End the session. With the duress PIN it looks the same on screen but alerts both tiers now."""
    session = lock(session_id)
    if session is None or not session.is_open or session.duress:
        raise SessionClosed  # a duress end is final: ending "again" must never send an all-clear
    now = utcnow()
    add_location(session, position)
    messages.cancel_nudges(session)
    if duress:
        session.ended_at = now
        log(session, "ended")  # what the person's screen shows
        log(session, "duress", hidden=True)
        _raise_now(session, "duress", hidden=True)
        session.duress = True
        return session
    had_alerts = session.tier_reached > 0
    _clear_escalation(session, "has ended their session")
    log(session, "ended")
    session.ended_at = now
    session.state = (SessionState.RESOLVED if had_alerts else SessionState.ENDED).value
    session.escalate_at = None
    return session


def raise_sos(session_id: int, *, position: dict | None = None) -> SafetySession:
    session = lock(session_id)
    if session is None or not session.is_open:
        raise SessionClosed
    add_location(session, position)
    log(session, "sos")
    session.sos = True
    _raise_now(session, "sos")
    return session


def _raise_now(session: SafetySession, reason: str, hidden: bool = False) -> None:
    """Tier 1 and tier 2 together, at once (SOS and duress)."""
    alerted = messages.enqueue_alerts(session, (1, 2), reason)
    for tier in (1, 2):
        names = ", ".join(c.name for c in alerted if c.tier == tier) or "nobody reachable"
        log(session, f"tier_{tier}", note=names, hidden=hidden)
    session.state = SessionState.ESCALATED.value
    session.tier_reached = 2
    session.escalate_at = None


def _london(moment: datetime) -> str:
    return format_london(moment, "%H:%M")
