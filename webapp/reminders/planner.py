"""Reminders are data: (re)writing an activity's reminder rows in the outbox.

`plan_activity_reminders(activity)` is idempotent: call it after creating, editing or
cancelling an activity (and after changing who goes), in the same transaction. Each row's
dedupe key is reminder:<activity>:<person>:<kind>. Rows not yet sent move with the
activity; rows no longer wanted are cancelled; a row already sent for an earlier time is
kept as history (its key renamed) and a fresh one is written for the new time.
"""

from datetime import timedelta

from sqlalchemy import select, update

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.models import Message, MessageStatus, ReminderNote
from webapp.notify.optouts import opted_out_among
from webapp.notify.outbox import cancel_unsent, enqueue, render_message
from webapp.reminders.content import message_for
from webapp.reminders.people import people_for
from webapp.reminders.schedule import KINDS, slot_for

REMINDER_KINDS = tuple(f"reminder-{kind}" for kind in KINDS)
REWRITABLE = (MessageStatus.CREATED.value, MessageStatus.CANCELLED.value, MessageStatus.EXPIRED.value)
SAME_MOMENT = timedelta(minutes=1)


def reminder_key(activity_id: int, person_key: str, kind: str) -> str:
    return f"reminder:{activity_id}:{person_key}:{kind}"


def activity_note(activity_id: int) -> str:
    note = db.session.get(ReminderNote, activity_id)
    return note.note if note else ""


def cancel_activity_reminders(activity) -> int:
    return cancel_unsent(Message.activity_id == activity.id, Message.kind.in_(REMINDER_KINDS))


def plan_activity_reminders(activity) -> None:
    """Make the activity's reminder rows match the activity as it is now (caller commits)."""
    db.session.flush()
    if activity.cancelled_at is not None:
        cancel_activity_reminders(activity)
        return
    now = utcnow()
    note = activity_note(activity.id)
    people = people_for(activity)
    stopped = opted_out_among(p.mobile for p in people if p.mobile)
    wanted = {}
    for person in people:
        for kind in KINDS:
            if kind not in person.wants:
                continue
            spec = message_for(kind, activity, person, note, person.mobile in stopped)
            if spec is not None:
                wanted[reminder_key(activity.id, person.key, kind)] = (kind, person, spec)
    existing = {m.dedupe_key: m for m in db.session.scalars(
        select(Message).where(Message.activity_id == activity.id, Message.kind.in_(REMINDER_KINDS)))}
    unwanted = [m.id for key, m in existing.items() if key not in wanted]
    if unwanted:
        cancel_unsent(Message.id.in_(unwanted))
    for key, (kind, person, (channel, recipient, template, values)) in wanted.items():
        slot = slot_for(kind, activity.starts_at, activity.ends_at, now)
        row = existing.get(key)
        if row is not None and row.status not in REWRITABLE:
            if abs(row.due_at - slot.due_at) < SAME_MOMENT or slot.too_late:
                continue  # already sent for this moment
            if row.sent_at is None:  # claimed, not handed over: superseded, never sent beside the new one
                cancel_unsent(Message.id == row.id)
            row.dedupe_key = f"{key}:sent-{row.id}"  # keep it as history; write a new one below
            db.session.flush()
            row = None
        fields = {"channel": channel, "recipient": recipient, "template": template, "values": values,
                  "due_at": slot.due_at, "expires_at": slot.expires_at, "user_id": person.user_id,
                  "urgent": slot.urgent}
        if row is None:
            enqueue(dedupe_key=key, activity_id=activity.id, kind=f"reminder-{kind}", **fields)
            status = MessageStatus.CREATED.value
        else:
            status = _rewrite(row, fields, now)
        if slot.too_late and status == MessageStatus.CREATED.value:
            _expire(key, now)


def _rewrite(row: Message, fields: dict, now) -> str:
    """Move a row that has not been sent; conditional, in case a deliverer claims it meanwhile."""
    rendered = render_message(fields["channel"], fields["template"], fields["values"])
    result = db.session.execute(
        update(Message)
        .where(Message.id == row.id, Message.status.in_(REWRITABLE))
        .values(**fields, **rendered, status=MessageStatus.CREATED.value, attempts=0, next_attempt_at=None,
                error_code=None, last_error=None, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(row)
    return MessageStatus.CREATED.value if result.rowcount else row.status


def _expire(key: str, now) -> None:
    db.session.execute(
        update(Message)
        .where(Message.dedupe_key == key, Message.status == MessageStatus.CREATED.value)
        .values(status=MessageStatus.EXPIRED.value, error_code="expired", updated_at=now)
        .execution_options(synchronize_session=False)
    )
