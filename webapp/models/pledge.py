"""The Civility Pledge: versioned text and people's own signatures (who, which version, when)."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.timeutil import UTCDateTime


class PledgeVersion(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)
    official_url: Mapped[str] = mapped_column(String(300))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    @property
    def commitments(self) -> list[str]:
        return [line.strip() for line in self.body.splitlines() if line.strip()]


class PledgeSignature(db.Model):
    """A person's own attestation. No IP address is kept. Withdrawing keeps the row (history)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("pledge_version.id"))
    full_name: Mapped[str] = mapped_column(String(100))
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    public: Mapped[bool] = mapped_column(default=False)

    user = relationship("User")
    version = relationship("PledgeVersion")
