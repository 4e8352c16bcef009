"""Who a candidate is standing as, and their consent to share contact details with the FEOA."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.timeutil import UTCDateTime

OFFICES = {
    "councillor": "Councillor",
    "mayor": "Mayor",
    "pcc": "Police and crime commissioner",
}


# Nominated: came from an election office's import, or matched to one by email. Self-registered:
# signed up on their own; every personal safety feature, but the FEOA sees them apart and their
# shares never text the police (webapp/incidents/sharing.py).
NOMINATED = "nominated"
SELF_REGISTERED = "self_registered"
VERIFICATION_LABELS = {NOMINATED: "Nominated (confirmed by the election office)",
                       SELF_REGISTERED: "Not confirmed by an election office"}


class Candidacy(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), unique=True)
    office: Mapped[str | None] = mapped_column(String(20))
    council: Mapped[str | None] = mapped_column(String(120))
    ward: Mapped[str | None] = mapped_column(String(120))
    party: Mapped[str | None] = mapped_column(String(120))
    force_id: Mapped[int | None] = mapped_column(ForeignKey("force.id"), index=True)
    election_id: Mapped[int | None] = mapped_column(ForeignKey("election.id"))
    feoa_consent: Mapped[bool] = mapped_column(default=False)
    feoa_consent_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verification: Mapped[str] = mapped_column(String(20), default=SELF_REGISTERED,
                                              server_default=SELF_REGISTERED)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user = relationship("User", back_populates="candidacy")
    force = relationship("Force")
    election = relationship("Election")

    @property
    def office_label(self) -> str:
        return OFFICES.get(self.office or "", "")

    @property
    def is_nominated(self) -> bool:
        return self.verification == NOMINATED

    def mark_nominated(self) -> None:
        if self.verification != NOMINATED:
            self.verification = NOMINATED
            self.verified_at = utcnow()

    def last_consent_event(self) -> "ConsentEvent | None":
        return db.session.scalar(db.select(ConsentEvent).where(ConsentEvent.candidacy_id == self.id)
                                 .order_by(ConsentEvent.at.desc(), ConsentEvent.id.desc()).limit(1))

    def set_consent(self, given: bool, source: str) -> "ConsentEvent | None":
        """Record a change of consent (and only a change) with its time and where it came from."""
        if given == self.feoa_consent and self.feoa_consent_changed_at is not None:
            return None
        self.feoa_consent = given
        self.feoa_consent_changed_at = utcnow()
        event = ConsentEvent(candidacy=self, given=given, source=source, at=self.feoa_consent_changed_at)
        db.session.add(event)
        return event


class ConsentEvent(db.Model):
    """The history of a candidate's consent to share contact details with their force's FEOA."""

    id: Mapped[int] = mapped_column(primary_key=True)
    candidacy_id: Mapped[int] = mapped_column(ForeignKey("candidacy.id"), index=True)
    given: Mapped[bool]
    source: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    candidacy = relationship("Candidacy")
