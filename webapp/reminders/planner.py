"""Reminders are data: (re)writing an activity's reminder rows in the outbox.

`plan_activity_reminders(activity)` is idempotent: call it after creating, editing or
cancelling an activity (and after changing who goes, a note, preferences or consent), in the same
transaction. Each row's dedupe key is reminder:<activity>:<person>:<kind>.

The rule: **a reminder that went is never sent again.** Rows not yet sent follow the activity
(moved, reworded, cancelled); a row already handed to a provider is left alone, whatever changes —
unless the activity moved to another occasion (the new reminder's moment comes after the old one's
had closed, e.g. moved to another day): that reminder is a new one, and the old row is kept as history.
If the time or meeting point changes after someone was sent a reminder, they get one short
"Plan changed" message instead (plan-changed:<activity>:<person>:<version>, the version being the
new time and place), and nothing if they were sent nothing yet.
"""


from datetime import UTC, datetime

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import load_only

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.models import Message, MessageStatus, ReminderNote
from webapp.notify.optouts import opted_out_among
from webapp.notify.outbox import cancel_unsent, enqueue, render_message
from webapp.reminders.content import message_for, plan_changed_message, plan_version
from webapp.reminders.people import people_for
from webapp.reminders.schedule import KINDS, slot_for

PLAN_CHANGED = "plan-changed"
REMINDER_KINDS = tuple(f"reminder-{kind}" for kind in KINDS)
REWRITABLE = (MessageStatus.CREATED.value, MessageStatus.CANCELLED.value, MessageStatus.EXPIRED.value)
EARLIEST = datetime.min.replace(tzinfo=UTC)  # "now" for the unshifted moment of a reminder


def reminder_key(activity_id: int, person_key: str, kind: str) -> str:
    return f"reminder:{activity_id}:{person_key}:{kind}"


# The columns the plan page's list shows (notify/partials/_message.html without bodies) and its refresh
# trigger reads (another would cost a query per message: the poll's statement count test would see it).
# Built once: the list is on every plan page and answers its polls (issue 17).
LISTED = (Message.id, Message.activity_id, Message.kind, Message.channel, Message.recipient, Message.status,
          Message.attempts, Message.error_code, Message.due_at, Message.sent_at)
ACTIVITY_MESSAGES = (select(Message).options(load_only(*LISTED))
                     .where(Message.activity_id == bindparam("activity_id"),
                            Message.kind.in_((*REMINDER_KINDS, PLAN_CHANGED)))
                     .order_by(Message.due_at, Message.id))


def activity_messages(activity) -> list[Message]:
    """The plan's own messages (reminders, plan changes), in the order they are due, as its list shows
    them. A safety session started from the plan keeps its activity_id, but its texts are the person's
    own business: they stay on their account's message history, not on a page every organiser of the
    plan can open."""
    return db.session.scalars(ACTIVITY_MESSAGES, {"activity_id": activity.id}).all()


def activity_note(activity_id: int) -> str:
    note = db.session.get(ReminderNote, activity_id)
    return note.note if note else ""


def cancel_activity_reminders(activity) -> int:
    return cancel_unsent(Message.activity_id == activity.id, Message.kind.in_((*REMINDER_KINDS, PLAN_CHANGED)))


def plan_activity_reminders(activity) -> None:
    """Make the activity's unsent reminder rows match the activity as it is now (caller commits)."""
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
    rows = db.session.scalars(select(Message).where(
        Message.activity_id == activity.id, Message.kind.in_((*REMINDER_KINDS, PLAN_CHANGED)))).all()
    existing = {m.dedupe_key: m for m in rows if m.kind != PLAN_CHANGED}
    went = [m for m in rows if m.status not in REWRITABLE]
    unwanted = [m.id for key, m in existing.items() if key not in wanted]
    if unwanted:
        cancel_unsent(Message.id.in_(unwanted))
    for key, (kind, person, (channel, recipient, template, values)) in wanted.items():
        row = existing.get(key)
        slot = slot_for(kind, activity.starts_at, activity.ends_at, now)
        sent = row if row is not None and row.status not in REWRITABLE else _sent_to(person, kind, went)
        if sent is not None and not _new_occasion(sent, kind, activity, slot):
            if row is not None and row is not sent:
                cancel_unsent(Message.id == row.id)
            continue  # it went (or is going) for this occasion: never again
        if row is not None and row.status not in REWRITABLE:
            if row.sent_at is None:  # claimed, not handed over: superseded, never sent beside the new one
                cancel_unsent(Message.id == row.id)
            row.dedupe_key = f"{key}:sent-{row.id}"  # kept as history; the new occasion gets its own
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
    _tell_of_changes(activity, people, stopped, rows, now)


def _latest(rows):
    return max(rows, key=lambda m: (m.sent_at or m.updated_at, m.id), default=None)


def _sent_to(person, kind: str, went: list) -> Message | None:
    """The latest reminder of this kind that went to this person's number or address under another
    key (a companion who joined the team and came back as an attendee is the same person)."""
    contacts = {person.mobile, person.email} - {None}
    return _latest([m for m in went if m.kind == f"reminder-{kind}" and m.recipient in contacts])


def _new_occasion(sent: Message, kind: str, activity, slot) -> bool:
    """Whether a reminder that went was for another occasion: the activity moved so far that the
    new reminder's moment comes after the old one's had closed (e.g. moved to another day).
    Saving a note, adding a companion or moving by a few minutes is the same occasion."""
    natural = slot_for(kind, activity.starts_at, activity.ends_at, EARLIEST)
    return not slot.too_late and sent.expires_at is not None and natural.due_at >= sent.expires_at


def _tell_of_changes(activity, people, stopped, rows, now) -> None:
    """One "Plan changed" message to each person whose last message from this plan showed another
    time or place; unsent ones about an earlier change are replaced."""
    version = plan_version(activity)
    told = [m for m in rows if m.status not in REWRITABLE and (m.values or {}).get("plan_version")]
    keys = {person.key for person in people}
    stale = [m.id for m in rows if m.kind == PLAN_CHANGED
             and (m.dedupe_key.rsplit(":", 1)[1] != version or m.dedupe_key.split(":")[2] not in keys)]
    if stale:
        cancel_unsent(Message.id.in_(stale))
    if activity.ends_at <= now:
        return
    for person in people:
        contacts = {person.mobile, person.email} - {None}
        last = _latest([m for m in told if m.dedupe_key.split(":")[2] == person.key or m.recipient in contacts])
        if last is None or last.values["plan_version"] == version:
            continue  # told nothing yet (what is to come will say it), or already told this
        spec = plan_changed_message(activity, person, person.mobile in stopped)
        if spec is None:
            continue
        channel, recipient, template, values = spec
        key = f"{PLAN_CHANGED}:{activity.id}:{person.key}:{version}"
        fields = {"channel": channel, "recipient": recipient, "template": template, "values": values,
                  "due_at": now, "expires_at": activity.ends_at, "user_id": person.user_id, "urgent": True}
        earlier = next((m for m in rows if m.dedupe_key == key), None)
        if earlier is None:
            enqueue(dedupe_key=key, activity_id=activity.id, kind=PLAN_CHANGED, **fields)
        elif earlier.status in REWRITABLE:  # changed away and back again before it went
            _rewrite(earlier, fields, now)


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
