"""The election office's imports of nominated candidates, and the nominees they hand over to a force."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.timeutil import UTCDateTime


class NominationImport(db.Model):
    """One uploaded export: "mapping" while its columns are matched, "staged" (good rows ready, bad rows set aside)
    until the office confirms, then "confirmed"; or "discarded"."""

    id: Mapped[int] = mapped_column(primary_key=True)
    office_user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    council: Mapped[str] = mapped_column(String(120), index=True)  # the council's name when uploaded
    council_id: Mapped[int | None] = mapped_column(ForeignKey("council.id"), index=True)
    force_id: Mapped[int | None] = mapped_column(ForeignKey("force.id"))
    filename: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    # mapping (columns being chosen), staged (rows checked, waiting for confirmation), confirmed, discarded
    status: Mapped[str] = mapped_column(String(20), default="staged")
    rows: Mapped[list] = mapped_column(JSON, default=list)  # good rows while staged; results once confirmed
    # The file as read (home-address columns already left out), kept until the import is confirmed.
    source_columns: Mapped[list | None] = mapped_column(JSON)
    source_rows: Mapped[list | None] = mapped_column(JSON)  # [line, cells or None]
    dropped_columns: Mapped[list | None] = mapped_column(JSON)  # headers of home-address columns left out
    mapping: Mapped[list | None] = mapped_column(JSON)  # the detail each source column holds ("" = ignored)
    default_office: Mapped[str] = mapped_column(String(20), default="", server_default="")
    bad_rows: Mapped[list | None] = mapped_column(JSON)  # [{"line", "cells", "problems"}], for the download
    total: Mapped[int] = mapped_column(default=0)
    created: Mapped[int] = mapped_column(default=0)
    updated: Mapped[int] = mapped_column(default=0)
    unchanged: Mapped[int] = mapped_column(default=0)
    handed_over: Mapped[int] = mapped_column(default=0)
    staged_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    office_user = relationship("User")
    force = relationship("Force")


class Nominee(db.Model):
    """A nominated candidate as the election office knows them (one per council and email)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    council: Mapped[str] = mapped_column(String(120), index=True)
    council_id: Mapped[int | None] = mapped_column(ForeignKey("council.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(254))
    mobile: Mapped[str | None] = mapped_column(String(20))
    office: Mapped[str] = mapped_column(String(20))
    ward: Mapped[str] = mapped_column(String(120), default="")
    party: Mapped[str] = mapped_column(String(120), default="")
    consent: Mapped[bool] = mapped_column(default=False)
    last_import_id: Mapped[int | None] = mapped_column(ForeignKey("nomination_import.id"))
    # Handed over = the consenting nominee's contact details are available to their force's FEOA.
    force_id: Mapped[int | None] = mapped_column(ForeignKey("force.id"), index=True)
    handed_over_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    invitations_sent: Mapped[int] = mapped_column(default=0)
    last_invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), unique=True)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    force = relationship("Force")
    user = relationship("User")
    last_import = relationship("NominationImport")

    __table_args__ = (UniqueConstraint("council", "email", name="uq_nominee_council_email"),)

    @property
    def is_handed_over(self) -> bool:
        return self.handed_over_at is not None
