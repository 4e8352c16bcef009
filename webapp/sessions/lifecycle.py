"""What a person does to a session: start, check in, end (or end under duress), SOS.

Every function changes the session and writes the messages it causes in the caller's
transaction; the caller commits. Changes to an open session lock its row first, so a check-in
and the escalation job never both act on the same moment.
"""

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.models import Activity, User
from webapp.models.sessions import (
    OPEN_STATES,
    LocationPoint,
    SafetySession,
    SafetySettings,
    SessionEvent,
    SessionState,
)
from webapp.passwords import hash_password, verify_password
from webapp.sessions import messages
from webapp.timeutil import format_london
from webapp.upsert import get_or_create

# SOS pressed with no session running: a session is started for it, so the alert has a page and the
# all-clear a check-in to come from.
SOS_SESSION_LENGTH = timedelta(hours=1)
SOS_CHECK_IN_MINUTES = 30
SOS_PLACE = "SOS (no session was running)"


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


# Built once, run with the person's id on every home and plan page: the side-by-side page bench
# needs it (bench/README.md, issue 15). With its activity, which both pages' session card names.
OPEN_SESSION_OF_USER = (select(SafetySession).options(joinedload(SafetySession.activity))
                        .where(SafetySession.user_id == bindparam("user_id"),
                               SafetySession.state.in_([s.value for s in OPEN_STATES]),
                               SafetySession.duress.is_(False))
                        .order_by(SafetySession.id.desc()).limit(1))


def open_session_for(user: User) -> SafetySession | None:
    return db.session.scalar(OPEN_SESSION_OF_USER, {"user_id": user.id})


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


def set_duress_pin(user: User, pin: str) -> None:
    get_or_create(SafetySettings, {"user_id": user.id}).duress_pin_hash = hash_password(pin)


def remove_duress_pin(user: User) -> None:
    settings = db.session.get(SafetySettings, user.id)
    if settings is not None:
        settings.duress_pin_hash = None


def _is_duress_pin(session_id: int, pin: str | None) -> bool:
    """`pin` is the duress PIN of the session's person (any other PIN, or none, is an ordinary end)."""
    if not pin:
        return False
    pin_hash = db.session.scalar(
        select(SafetySettings.duress_pin_hash).join(SafetySession, SafetySession.user_id == SafetySettings.user_id)
        .where(SafetySession.id == session_id))
    return bool(pin_hash) and verify_password(pin_hash, pin)


def end_session(session_id: int, *, pin: str | None = None, position: dict | None = None) -> SafetySession:
    """End the session. With the person's duress PIN it looks the same on screen but alerts both tiers now."""
    duress = _is_duress_pin(session_id, pin)  # before taking the row lock: checking a hash is slow
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


def start_sos(user: User, *, position: dict | None = None) -> SafetySession:
    """SOS on the person's open session, or on one started for it when none is running."""
    session = open_session_for(user)
    if session is None:
        session = start_session(user, expected_end_at=utcnow() + SOS_SESSION_LENGTH,
                                interval_minutes=SOS_CHECK_IN_MINUTES, place=SOS_PLACE,
                                location_sharing=bool(position))
    return raise_sos(session.id, position=position)


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
