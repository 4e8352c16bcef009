"""The police adviser's records: contacts and briefings, digest settings and the digests built."""

from datetime import date, datetime, time

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.models.activities import Activity
from webapp.timeutil import UTCDateTime

CONTACT_KINDS = {"contact": "Contacted", "briefing": "Safety briefing"}
CONTACT_METHODS = {
    "phone": "Phone call",
    "in_person": "In person",
    "video": "Video call",
    "email": "Email",
    "text": "Text message",
    "group": "Group briefing",
}
QUIET_DAY_CHOICES = {"note": "Send a short 'all quiet' note", "nothing": "Send nothing"}


class FeoaContact(db.Model):
    """An FEOA's record of contacting or briefing a candidate."""

    id: Mapped[int] = mapped_column(primary_key=True)
    candidacy_id: Mapped[int] = mapped_column(ForeignKey("candidacy.id", ondelete="CASCADE"))
    feoa_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    kind: Mapped[str] = mapped_column(String(20))
    method: Mapped[str] = mapped_column(String(20))
    happened_on: Mapped[date]
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    candidacy = relationship("Candidacy")
    feoa = relationship("User")

    __table_args__ = (Index("ix_feoa_contact_candidacy_kind", "candidacy_id", "kind"),)

    @property
    def kind_label(self) -> str:
        return CONTACT_KINDS.get(self.kind, self.kind)

    @property
    def method_label(self) -> str:
        return CONTACT_METHODS.get(self.method, self.method)


class FeoaSettings(db.Model):
    """When and how an FEOA gets the daily digest (a row appears when they first change anything)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), unique=True)
    digest_time: Mapped[time] = mapped_column(default=time(7, 0))
    email_digest: Mapped[bool] = mapped_column(default=True)
    sms_digest: Mapped[bool] = mapped_column(default=True)
    quiet_day: Mapped[str] = mapped_column(String(10), default="note")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Digest(db.Model):
    """One digest per FEOA per London date: inserting this row under its unique key claims the day."""

    id: Mapped[int] = mapped_column(primary_key=True)
    feoa_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    local_date: Mapped[date]
    covers_from: Mapped[datetime] = mapped_column(UTCDateTime)
    built_at: Mapped[datetime] = mapped_column(UTCDateTime)
    summary: Mapped[dict] = mapped_column(JSON, default=dict)

    __table_args__ = (UniqueConstraint("feoa_id", "local_date", name="uq_digest_feoa_day"),)


# The FEOA's "higher-risk activity" reads a force's candidates' activities in a time window.
Index("ix_activity_owner_starts", Activity.owner_id, Activity.starts_at)
