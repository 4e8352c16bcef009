"""The incident log: incidents, their timeline and evidence files.

The FEOA side (issue 7) reads these through webapp.incidents.access.incidents_shared_with()
and drives `feoa_status` with Incident.acknowledge() / Incident.close().
"""

import enum
from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.timeutil import UTCDateTime

INCIDENT_CATEGORIES = {
    "online_abuse": "Online abuse",
    "threatening_message": "Threatening message or call",
    "in_person": "In-person intimidation or threat",
    "followed": "Followed or watched",
    "damage": "Damage to property or campaign materials",
    "hate": "Hate-related",
    "personal_info": "Personal information published",
    "electoral_fraud": "Suspected electoral fraud",
    "cyber": "Hacked account, phishing or scam",
    "other": "Other",
}

POLICE_REPORTED = {
    "no": "Not reported to the police (yet)",
    "999": "Called 999",
    "101": "Called 101",
    "online": "Reported online (police.uk or the force's website)",
}


class FeoaStatus(enum.StrEnum):
    NEW = "new"
    ACKNOWLEDGED = "acknowledged"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {"new": "Not yet seen by the adviser", "acknowledged": "Acknowledged by the adviser",
                "closed": "Closed by the adviser"}[self.value]


def person_key(text: str | None) -> str:
    """How two mentions of the same person are matched: case and spacing ignored."""
    return " ".join((text or "").lower().split())[:200]


class Incident(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    # Who logged it (a candidate or a team member) and whose campaign it concerns, if any.
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    candidacy_id: Mapped[int | None] = mapped_column(ForeignKey("candidacy.id"), index=True)
    category: Mapped[str] = mapped_column(String(30))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    location: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text)
    person: Mapped[str] = mapped_column(String(200), default="")
    person_key: Mapped[str] = mapped_column(String(200), default="", index=True)
    witnesses: Mapped[str] = mapped_column(Text, default="")
    police_reported: Mapped[str] = mapped_column(String(10), default="no")
    police_reference: Mapped[str] = mapped_column(String(40), default="")
    urgent: Mapped[bool] = mapped_column(default=False)
    # Shared with the FEOA of the candidacy's force: per incident, off by default, withdrawable.
    shared_with_feoa: Mapped[bool] = mapped_column(default=False, index=True)
    shared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    share_withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Why the last share ended: "candidate" (Stop sharing) or "consent" (consent to FEOA contact withdrawn).
    share_ended_because: Mapped[str | None] = mapped_column(String(20))
    feoa_status: Mapped[str] = mapped_column(String(20), default=FeoaStatus.NEW.value)
    feoa_status_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    feoa_status_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    feoa_notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    owner = relationship("User", foreign_keys=[owner_id])
    candidacy = relationship("Candidacy")
    feoa_status_by = relationship("User", foreign_keys=[feoa_status_by_id])
    updates = relationship("IncidentUpdate", back_populates="incident", cascade="all, delete-orphan",
                           order_by="IncidentUpdate.at, IncidentUpdate.id")
    evidence = relationship("Evidence", back_populates="incident", cascade="all, delete-orphan",
                            order_by="Evidence.id")

    __table_args__ = (Index("ix_incident_shared", "candidacy_id", "shared_with_feoa"),)

    @property
    def category_label(self) -> str:
        return INCIDENT_CATEGORIES.get(self.category, self.category)

    @property
    def police_reported_label(self) -> str:
        return POLICE_REPORTED.get(self.police_reported, self.police_reported)

    @property
    def feoa_status_label(self) -> str:
        return FeoaStatus(self.feoa_status).label

    def note(self, author, kind: str, body: str) -> "IncidentUpdate":
        """Add an entry to the timeline (the caller commits)."""
        entry = IncidentUpdate(incident=self, author=author, kind=kind, body=body, at=utcnow())
        db.session.add(entry)
        return entry

    def acknowledge(self, feoa) -> None:
        """The FEOA has seen it (new → acknowledged)."""
        if self.feoa_status == FeoaStatus.NEW.value:
            self._set_status(FeoaStatus.ACKNOWLEDGED, feoa)
            self.note(feoa, "feoa", "The police adviser acknowledged this incident.")

    def close(self, feoa, notes: str) -> None:
        """The FEOA has finished with it, with notes the candidate can read."""
        self._set_status(FeoaStatus.CLOSED, feoa)
        self.feoa_notes = notes
        self.note(feoa, "feoa", "The police adviser closed this incident." + (f" Notes: {notes}" if notes else ""))

    def _set_status(self, status: FeoaStatus, feoa) -> None:
        self.feoa_status = status.value
        self.feoa_status_at = utcnow()
        self.feoa_status_by_id = feoa.id


class IncidentUpdate(db.Model):
    """One line of an incident's timeline: the owner's later updates and what happened to it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(String(20), default="update")  # update, logged, edited, evidence, sharing, feoa
    body: Mapped[str] = mapped_column(Text)

    incident = relationship("Incident", back_populates="updates")
    author = relationship("User")


class Evidence(db.Model):
    """A file kept privately under UPLOAD_DIR with a random name, served only through an access check."""

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id", ondelete="CASCADE"), index=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    original_name: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(60))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    incident = relationship("Incident", back_populates="evidence")
    uploaded_by = relationship("User")

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def size_label(self) -> str:
        if self.size >= 1024 * 1024:
            return f"{self.size / (1024 * 1024):.1f} MB"
        return f"{max(1, round(self.size / 1024))} KB"
