"""Reference data seeded at install: police forces and elections."""

from datetime import date

from sqlalchemy import String, text
from sqlalchemy.orm import Mapped, mapped_column

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


class Election(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    polling_day: Mapped[date] = mapped_column(unique=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.polling_day:%-d %B %Y})"
