"""Campaign activity plans and who is going."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.timeutil import UTCDateTime

ACTIVITY_KINDS = {
    "canvassing": "Door-to-door canvassing",
    "stall": "Street stall",
    "leafleting": "Leafleting",
    "hustings": "Hustings",
    "public_meeting": "Public meeting",
    "surgery": "Surgery",
    "other": "Other",
}


class Activity(db.Model):
    # "What is still to come" (the dashboard's next activity and count, the list's upcoming part)
    # is a range on ends_at within a few owners: this index answers it without reading the past.
    __table_args__ = (Index("ix_activity_owner_ends", "owner_id", "ends_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    meeting_point: Mapped[str] = mapped_column(String(200))
    area: Mapped[str] = mapped_column(String(200), default="")
    postcode: Mapped[str | None] = mapped_column(String(10))
    notes: Mapped[str] = mapped_column(Text, default="")
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    owner = relationship("User")
    companions = relationship(
        "Companion", back_populates="activity", cascade="all, delete-orphan", order_by="Companion.id"
    )

    @property
    def kind_label(self) -> str:
        return ACTIVITY_KINDS.get(self.kind, self.kind)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def going_along(self) -> list:
        """Everyone going with the owner (each has .display_name and .mobile): team members who
        said "I'll come" (`attendees`, see models/teams.py), then companions from outside the team."""
        return [a.user for a in self.attendees if a.response == "going"] + list(self.companions)


class Companion(db.Model):
    """Someone named as going along (before teams exist: a name and an optional mobile)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    mobile: Mapped[str | None] = mapped_column(String(20))

    activity = relationship("Activity", back_populates="companions")

    @property
    def display_name(self) -> str:
        return self.name
