"""Claiming due outbox rows atomically, with a lease.

One statement on both databases: UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED)
RETURNING. PostgreSQL lets any number of processes claim side by side without overlap;
SQLAlchemy drops FOR UPDATE on SQLite, where the single UPDATE is still atomic (one writer).
A row whose lease ran out (its worker died mid-send) is claimed again, marked so the sender
first checks whether the provider already took it.
"""

import uuid
from datetime import datetime, timedelta

from sqlalchemy import and_, case, func, or_, select, update

from webapp.extensions import db
from webapp.models import Message, MessageStatus

LEASE_EXPIRED = "lease-expired"

CREATED, SENDING = MessageStatus.CREATED.value, MessageStatus.SENDING.value


# When a waiting row may go: its retry time after a failed attempt, else its due time.
SEND_AFTER = func.coalesce(Message.next_attempt_at, Message.due_at)


def waiting_by(moment: datetime):
    """Rows waiting to be sent whose time to go is at or before `moment`.

    A retry time is always later than the due time (an attempt starts only once due, and rescheduling
    clears it), so `due_at <= moment` adds nothing to the answer; stated, it lets the (status, due_at)
    index read just these rows instead of every reminder still to come (bench/README.md).
    """
    return and_(Message.status == CREATED, Message.due_at <= moment, SEND_AFTER <= moment)


def unexpired_at(moment: datetime):
    """Rows that may still be sent at `moment`: no expiry, or one still to come."""
    return or_(Message.expires_at.is_(None), Message.expires_at > moment)


def due_condition(now: datetime):
    waiting = and_(waiting_by(now), unexpired_at(now))
    abandoned = and_(Message.status == SENDING, Message.sent_at.is_(None), Message.lease_until < now)
    return or_(waiting, abandoned)


def release(token: str, ids: list[int], now: datetime) -> int:
    """Hand back rows this worker claimed but did not send (a graceful stop): due again at once,
    the attempt not counted. Caller commits."""
    if not ids:
        return 0
    result = db.session.execute(
        update(Message)
        .where(Message.id.in_(ids), Message.claim_token == token, Message.status == SENDING,
               Message.sent_at.is_(None))
        .values(status=CREATED, claim_token=None, lease_until=None, attempts=Message.attempts - 1, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def claim_due(now: datetime, limit: int, lease_seconds: int) -> tuple[str, list]:
    """Claim up to `limit` due rows for this worker; commits. Returns (claim token, rows)."""
    token = uuid.uuid4().hex
    chosen = (
        select(Message.id)
        .where(due_condition(now))
        .order_by(Message.due_at, Message.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    statement = (
        update(Message)
        .where(Message.id.in_(chosen))
        .values(
            status=SENDING,
            claim_token=token,
            lease_until=now + timedelta(seconds=lease_seconds),
            attempts=Message.attempts + 1,
            updated_at=now,
            # Column references here read the row as it was before this UPDATE.
            error_code=case((Message.status == SENDING, LEASE_EXPIRED), else_=Message.error_code),
            # A worker that lost its lease may have been mid-request: look before sending again.
            maybe_sent=case((Message.status == SENDING, True), else_=Message.maybe_sent),
        )
        .returning(Message.id, Message.channel, Message.recipient, Message.subject, Message.body,
                   Message.html_body, Message.expires_at, Message.error_code, Message.attempts,
                   Message.headers, Message.maybe_sent)
        .execution_options(synchronize_session=False)
    )
    rows = db.session.execute(statement).all()
    db.session.commit()
    return token, rows
