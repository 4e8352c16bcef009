"""Safety sessions: a person out on their own with check-ins, and what happened during it."""

import enum
from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.timeutil import UTCDateTime


class SessionState(enum.StrEnum):
    ACTIVE = "active"  # out, next check-in not yet close
    DUE = "due"  # the check-in reminder has gone out
    OVERDUE = "overdue"  # check-in missed or end overrun: grace period, "are you OK?" sent
    ESCALATED = "escalated"  # contacts alerted (tier_reached says how far)
    RESOLVED = "resolved"  # ended by the person after contacts had been alerted (all-clear sent)
    ENDED = "ended"  # ended by the person, nobody alerted

    @property
    def label(self) -> str:
        return {
            "active": "Active",
            "due": "Check-in due soon",
            "overdue": "Check-in missed",
            "escalated": "Contacts alerted",
            "resolved": "Ended (all-clear sent)",
            "ended": "Ended",
        }[self.value]


OPEN_STATES = (SessionState.ACTIVE, SessionState.DUE, SessionState.OVERDUE, SessionState.ESCALATED)


class SafetySession(db.Model):
    __tablename__ = "safety_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activity.id"), index=True)
    place: Mapped[str] = mapped_column(String(200), default="")
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expected_end_at: Mapped[datetime] = mapped_column(UTCDateTime)
    interval_minutes: Mapped[int] = mapped_column(default=30)
    last_check_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    next_check_in_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The earlier of the next check-in and the expected end; reminder_at a few minutes before it.
    deadline_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reminder_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # When tier 1 is due if the deadline passes (deadline + grace); tier 2 follows SESSION_TIER2_DELAY later.
    # Precomputed so the jobs compare columns with "now" and never do date arithmetic in SQL.
    escalate_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    overdue_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(20), default=SessionState.ACTIVE.value)
    tier_reached: Mapped[int] = mapped_column(default=0)
    # Bumped by every check-in: names the current round in dedupe keys and single-use links.
    check_in_seq: Mapped[int] = mapped_column(default=0)
    duress: Mapped[bool] = mapped_column(default=False)
    sos: Mapped[bool] = mapped_column(default=False)
    location_sharing: Mapped[bool] = mapped_column(default=False)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user = relationship("User")
    activity = relationship("Activity")
    events = relationship("SessionEvent", back_populates="session", order_by="SessionEvent.id",
                          cascade="all, delete-orphan")

    __table_args__ = (
        Index("ix_safety_session_state_deadline", "state", "deadline_at"),
        Index("ix_safety_session_state_reminder", "state", "reminder_at"),
        Index("ix_safety_session_state_escalate", "state", "escalate_at"),
    )

    @property
    def is_open(self) -> bool:
        return self.state in {s.value for s in OPEN_STATES}

    @property
    def state_label(self) -> str:
        return SessionState(self.state).label

    @property
    def title(self) -> str:
        if self.activity is not None:
            return f"{self.activity.kind_label} at {self.activity.meeting_point}"
        return self.place or "Out on my own"

    @property
    def going_to(self) -> str | None:
        """Where the person said they were going when they started a session from a plan, if it is not the
        plan's meeting point (the title names that): their contacts must be told both."""
        if self.activity is None or not self.place or self.place == self.activity.meeting_point:
            return None
        return self.place


class SessionEvent(db.Model):
    """One line of a session's timeline. Duress events are hidden from the person's own screen."""

    __tablename__ = "session_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("safety_session.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(String(30))
    how: Mapped[str] = mapped_column(String(20), default="")  # check-ins: button, sms, link
    who: Mapped[str] = mapped_column(String(120), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    hidden_from_person: Mapped[bool] = mapped_column(default=False)

    session = relationship("SafetySession", back_populates="events")


EVENT_LABELS = {
    "started": "Session started",
    "check_in": "Checked in",
    "reminder": "Check-in reminder sent",
    "grace_warning": "\"Are you OK?\" text sent",
    "tier_1": "First contacts alerted",
    "tier_2": "Emergency contact alerted",
    "acknowledged": "Alert acknowledged",
    "all_clear": "All-clear sent",
    "ended": "Session ended",
    "sos": "SOS raised",
    "duress": "Ended with duress PIN",
    "extended": "Expected end moved",
}


class LocationPoint(db.Model):
    """A browser position sent with a check-in or SOS, only when sharing is on. Purged 30 days after the end."""

    __tablename__ = "location_point"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("safety_session.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    accuracy_m: Mapped[float | None] = mapped_column(Float)


class SafetySettings(db.Model):
    """Per-person safety settings: the duress PIN (hashed, never stored in clear)."""

    __tablename__ = "safety_settings"

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True)
    duress_pin_hash: Mapped[str | None] = mapped_column(String(255))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

