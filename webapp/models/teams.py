"""Campaign teams: who is in whose team, invitations, attendees, hazard notes and calendar feeds.

Access is never cached: every request asks these tables who may see what, so removing
someone from a team takes effect on their very next request.
"""

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.timeutil import UTCDateTime

OWNER, ORGANISER, MEMBER = "owner", "organiser", "member"
TEAM_ROLES = {OWNER: "Owner (candidate)", ORGANISER: "Organiser", MEMBER: "Member"}
MANAGERS = {OWNER, ORGANISER}


class Team(db.Model):
    """One per candidate's campaign, created the first time the candidate opens their team page."""

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    owner = relationship("User")
    memberships = relationship("TeamMembership", back_populates="team", order_by="TeamMembership.id")

    @property
    def name(self) -> str:
        return f"{self.owner.display_name}'s campaign team"


class TeamMembership(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    role: Mapped[str] = mapped_column(String(20), default=MEMBER)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    team = relationship("Team", back_populates="memberships")
    user = relationship("User")

    __table_args__ = (UniqueConstraint("team_id", "user_id", name="uq_team_membership"),)

    @property
    def role_label(self) -> str:
        return TEAM_ROLES[self.role]

    @property
    def can_manage(self) -> bool:
        return self.role in MANAGERS


class TeamInvitation(db.Model):
    """An invitation sent by email or text; its link is signed and names this row (single use)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), index=True)
    invited_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    name: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str | None] = mapped_column(String(254))
    mobile: Mapped[str | None] = mapped_column(String(20))
    role: Mapped[str] = mapped_column(String(20), default=MEMBER)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    team = relationship("Team")
    invited_by = relationship("User", foreign_keys=[invited_by_id])

    @property
    def address(self) -> str:
        return self.email or self.mobile or ""

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.cancelled_at is None and self.expires_at > utcnow()


HAZARD_REASONS = {
    "aggressive": "Aggressive resident",
    "dog": "Dog",
    "no_contact": "Asked not to be contacted",
    "other": "Other hazard",
}


class DoNotKnockNote(db.Model):
    """A street or address the team should not knock at, and why.

    PRIVATE TO THE TEAM. These notes are about residents, not candidates: they must never
    appear in calendar feeds, in anything shared with an FEOA (police adviser) dashboard,
    digest or export, or on public pages. They are read only by webapp/teams/hazards.py and
    webapp/teams/cards.py, for people in the team (memberships checked on every request).
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), index=True)
    street: Mapped[str] = mapped_column(String(120))
    reason: Mapped[str] = mapped_column(String(20))
    details: Mapped[str] = mapped_column(String(300), default="")
    added_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    added_by = relationship("User")
    team = relationship("Team")

    @property
    def reason_label(self) -> str:
        return HAZARD_REASONS.get(self.reason, self.reason)


class CalendarFeed(db.Model):
    """A person's private calendar address. Only a SHA-256 of its secret is stored."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    include_meeting_point: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user = relationship("User")


GOING, NOT_GOING = "going", "not_going"


class ActivityAttendee(db.Model):
    """A team member's answer for an activity: going ("I'll come") or not ("I can't make it").

    People outside the team stay as the activity's free-text companions (named guests), exactly as
    the planner typed them: a companion is never matched to an account by its mobile.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    response: Mapped[str] = mapped_column(String(20), default=GOING)
    responded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user = relationship("User")
    activity = relationship("Activity", backref=backref("attendees", order_by="ActivityAttendee.id",
                                                        cascade="all, delete-orphan"))

    __table_args__ = (UniqueConstraint("activity_id", "user_id", name="uq_activity_attendee"),)

    @property
    def display_name(self) -> str:
        return self.user.display_name
