"""Writing messages into the outbox, inside the caller's transaction.

Requests and jobs call `enqueue`; they never talk to Twilio or SMTP. The jobs process
delivers what is due. A unique dedupe key makes enqueueing idempotent.
"""

from datetime import datetime

from flask import render_template
from sqlalchemy import update

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.models import Message, MessageStatus
from webapp.notify.claims import unexpired_at
from webapp.notify.first_contact import introduction_for
from webapp.upsert import insert_ignore


def render_message(channel: str, template: str, values: dict) -> dict:
    """The subject, text body and HTML body of a message from templates/messages/."""
    if channel == "sms":
        return {"subject": "", "body": render_template(f"messages/{template}.sms.txt", **values).strip(),
                "html_body": None}
    return {
        "subject": render_template(f"messages/{template}.subject.txt", **values).strip(),
        "body": render_template(f"messages/{template}.email.txt", **values).strip() + "\n",
        "html_body": render_template(f"messages/{template}.email.html", **values),
    }


def enqueue(
    *,
    channel: str,
    recipient: str,
    template: str,
    values: dict,
    dedupe_key: str,
    due_at: datetime | None = None,
    expires_at: datetime | None = None,
    user_id: int | None = None,
    activity_id: int | None = None,
    kind: str = "",
    urgent: bool = False,
    headers: dict | None = None,
) -> bool:
    """Add a message to the outbox unless one with the same dedupe key exists. True if added.

    `kind` labels it on history pages (e.g. "reminder-hour-before"); `urgent` messages ignore
    quiet hours wherever those apply.
    """
    if channel not in {"sms", "email"}:
        raise ValueError(f"unknown channel {channel!r}")
    now = utcnow()
    row = {
        "channel": channel,
        "recipient": recipient,
        "user_id": user_id,
        "activity_id": activity_id,
        "headers": headers,
        "template": template,
        "values": values,
        "due_at": due_at or now,
        "expires_at": expires_at,
        "status": MessageStatus.CREATED.value,
        "attempts": 0,
        "kind": kind,
        "urgent": urgent,
        "created_at": now,
        "updated_at": now,
        **render_message(channel, template, values),
    }
    introduction = introduction_for(channel, recipient, values)  # someone who never signed up: who, how to stop
    if introduction:
        row["body"] = f"{introduction}\n{row['body']}"
    return insert_ignore(Message, {"dedupe_key": dedupe_key}, **row)


def cancel_unsent(*conditions) -> int:
    """Cancel messages matching `conditions` that have not gone to the provider (caller commits).

    Rows not yet claimed are cancelled. Rows claimed but not yet handed over are left to their
    claim, but expire now: a live worker sends them (it may be doing so this instant) and records
    it; if the worker died, whoever claims them when the lease runs out expires them instead of
    sending something no longer wanted (found by tests/stateful/test_seams.py).
    """
    now = utcnow()
    result = db.session.execute(
        update(Message)
        .where(Message.status == MessageStatus.CREATED.value, *conditions)
        .values(status=MessageStatus.CANCELLED.value, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    claimed = db.session.execute(
        update(Message)
        .where(Message.status == MessageStatus.SENDING.value, Message.sent_at.is_(None),
               unexpired_at(now), *conditions)
        .values(expires_at=now, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount + claimed.rowcount
