"""People who sign in, whatever their role."""

import enum
import hashlib
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, and_, func, true
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.timeutil import UTCDateTime


class Role(enum.StrEnum):
    CANDIDATE = "candidate"
    TEAM_MEMBER = "team_member"
    FEOA = "feoa"
    ELECTION_OFFICE = "election_office"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return {
            "candidate": "Candidate",
            "team_member": "Team member",
            "feoa": "Police adviser (FEOA)",
            "election_office": "Election office",
            "admin": "Administrator",
        }[self.value]


CONTACT_PREFERENCES = {"sms": "Text message", "email": "Email", "both": "Text and email"}


class User(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default=Role.CANDIDATE.value)
    name: Mapped[str] = mapped_column(String(100), default="")
    mobile: Mapped[str | None] = mapped_column(String(20), index=True)  # replies and first texts look it up
    emergency_contact_name: Mapped[str | None] = mapped_column(String(100))
    emergency_contact_mobile: Mapped[str | None] = mapped_column(String(20))
    contact_preference: Mapped[str] = mapped_column(String(10), default="both")
    force_id: Mapped[int | None] = mapped_column(ForeignKey("force.id"))
    # Election-office accounts belong to a council record (webapp/models/reference.py), never free text.
    council_id: Mapped[int | None] = mapped_column(ForeignKey("council.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    # False for a nominee handed over by their election office who has not yet joined (no password
    # anyone knows): the FEOA sees them at once, marked "Not on the app yet" (webapp/office/handover.py).
    on_app: Mapped[bool] = mapped_column(default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    password_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Which activity reminders this person wants (migration 0003; all on by default).
    remind_evening_email: Mapped[bool] = mapped_column(default=True, server_default=true())
    remind_hour_before_sms: Mapped[bool] = mapped_column(default=True, server_default=true())
    remind_start_sms: Mapped[bool] = mapped_column(default=True, server_default=true())
    remind_aftercare: Mapped[bool] = mapped_column(default=True, server_default=true())
    # Part of every session and remember-me cookie (get_id); bumped to end them all (migration 0014).
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    # Privacy (webapp/privacy): deletion asked for (sign-in stops at once; the jobs process finishes
    # it), and the warning sent before an unused account is deleted.
    deletion_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    unused_warning_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    force = relationship("Force")
    council = relationship("Council")
    candidacy = relationship("Candidacy", back_populates="user", uselist=False)

    @property
    def password_stamp(self) -> str:
        """Changes whenever the password does (new salt), so a reset link works once."""
        return hashlib.sha256(self.password_hash.encode()).hexdigest()[:16]

    def get_id(self) -> str:
        """What the session and the remember-me cookie hold: a new session version ends them all."""
        return f"{self.id}:{self.session_version}"

    @property
    def is_active(self) -> bool:
        return self.active

    def has_role(self, *roles: Role) -> bool:
        return self.role in {r.value for r in roles}

    @property
    def role_label(self) -> str:
        return Role(self.role).label

    @property
    def contact_preference_label(self) -> str:
        """How they asked to be contacted, in words; a nominee not yet on the app has not chosen."""
        if not self.on_app:
            return "None chosen: not on the app yet"
        return CONTACT_PREFERENCES.get(self.contact_preference, "")

    @hybrid_property
    def display_name(self) -> str:
        return self.name or self.email

    @display_name.inplace.expression
    @classmethod
    def _display_name_sql(cls):
        return func.coalesce(func.nullif(cls.name, ""), cls.email)

    @hybrid_property
    def has_emergency_contact(self) -> bool:
        return bool(self.emergency_contact_name and self.emergency_contact_mobile)

    @has_emergency_contact.inplace.expression
    @classmethod
    def _has_emergency_contact_sql(cls):
        return and_(func.coalesce(cls.emergency_contact_name, "") != "",
                    func.coalesce(cls.emergency_contact_mobile, "") != "")
