"""Reference data seeded at install: police forces, councils and elections."""

from datetime import date

from sqlalchemy import Column, ForeignKey, String, Table, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db


class Force(db.Model):
    """One of the 45 territorial police forces, each with its FEOA(s)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    nation: Mapped[str] = mapped_column(String(40))
    # A representative point (roughly where most of the area's people live), for sunrise and
    # sunset in webapp/daylight.py.
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    # Bumped in the same transaction as any change the force's FEOA dashboard shows
    # (webapp/feoa/freshness.py), so a cached section is used only while it is still true.
    feoa_version: Mapped[int] = mapped_column(default=0, server_default=text("0"))

    def __str__(self) -> str:
        return self.name


# The police force area(s) a council lies in: one, with few exceptions two.
council_force = Table(
    "council_force", db.metadata,
    Column("council_id", ForeignKey("council.id", ondelete="CASCADE"), primary_key=True),
    Column("force_id", ForeignKey("force.id", ondelete="CASCADE"), primary_key=True),
)


class Council(db.Model):
    """A local authority whose election office hands nominees over (webapp/data/councils.csv)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    # The ONS GSS code (E06/E07/E08/E09, W06, S12, N09), where known.
    gss_code: Mapped[str | None] = mapped_column(String(9), unique=True)
    nation: Mapped[str] = mapped_column(String(40))

    forces = relationship("Force", secondary=council_force, order_by="Force.name")

    def __str__(self) -> str:
        return self.name

    @property
    def force_ids(self) -> set[int]:
        return {force.id for force in self.forces}


class Election(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    polling_day: Mapped[date] = mapped_column(unique=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.polling_day:%-d %B %Y})"
