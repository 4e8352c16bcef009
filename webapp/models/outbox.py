"""The outbox: every outgoing SMS and email is a row first, delivered later by the jobs process."""

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.timeutil import UTCDateTime


class MessageStatus(enum.StrEnum):
    """GOV.UK Notify's vocabulary, plus cancelled and expired."""

    CREATED = "created"
    SENDING = "sending"
    DELIVERED = "delivered"
    TEMPORARY_FAILURE = "temporary-failure"
    PERMANENT_FAILURE = "permanent-failure"
    TECHNICAL_FAILURE = "technical-failure"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


class Message(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    channel: Mapped[str] = mapped_column(String(10))  # "sms" or "email"
    recipient: Mapped[str] = mapped_column(String(254), index=True)  # first_contact: texted before?
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activity.id"), index=True)
    template: Mapped[str] = mapped_column(String(60))
    values: Mapped[dict] = mapped_column(JSON, default=dict)
    subject: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str | None] = mapped_column(Text)
    # Extra email headers (e.g. List-Unsubscribe); the SMTP backend adds them to the message.
    headers: Mapped[dict | None] = mapped_column(JSON)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(20), default=MessageStatus.CREATED.value)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    provider_id: Mapped[str | None] = mapped_column(String(120), index=True)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Added by the delivery work (migration 0003).
    kind: Mapped[str] = mapped_column(String(40), default="", server_default="")
    urgent: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    claim_token: Mapped[str | None] = mapped_column(String(40))
    error_code: Mapped[str | None] = mapped_column(String(20))
    provider_status: Mapped[str | None] = mapped_column(String(20))
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # An earlier attempt may have reached the provider (its answer was lost, or its worker died):
    # the next attempt asks the provider before sending again (migration 0016).
    maybe_sent: Mapped[bool] = mapped_column(default=False, server_default=sa_false())

    user = relationship("User")
    activity = relationship("Activity")

    # Each delivery tick reads only the rows due (notify/claims.py) and the rows to expire, not every
    # reminder still to come (bench/README.md, "A fourth machine").
    __table_args__ = (Index("ix_message_status_due", "status", "due_at"),
                      Index("ix_message_status_expires", "status", "expires_at"))


FINAL_STATUSES = frozenset({
    MessageStatus.DELIVERED, MessageStatus.TEMPORARY_FAILURE, MessageStatus.PERMANENT_FAILURE,
    MessageStatus.TECHNICAL_FAILURE, MessageStatus.CANCELLED, MessageStatus.EXPIRED,
})


class SmsOptOut(db.Model):
    """A mobile number that texted STOP (or that Twilio says is unsubscribed): never text it."""

    phone: Mapped[str] = mapped_column(String(20), primary_key=True)
    source: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ProcessedWebhook(db.Model):
    """A Twilio webhook already handled, by key (inbound:<MessageSid>, status:<MessageSid>:<status>).

    Twilio's signature has no timestamp, so a captured request verifies for ever: the unique key makes a
    replay a no-op (webapp/webhooks/replays.py).
    """

    __tablename__ = "processed_webhook"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PendingReceipt(db.Model):
    """A status callback that arrived before we stored its provider id; applied by the next tick."""

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[str] = mapped_column(String(120), index=True)
    provider_status: Mapped[str] = mapped_column(String(20))
    error_code: Mapped[str | None] = mapped_column(String(20))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReminderNote(db.Model):
    """The organiser's own short note added to an activity's text reminders."""

    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"), primary_key=True)
    note: Mapped[str] = mapped_column(String(120), default="")
