"""Reference data seeded at install: police forces and elections."""

from datetime import date

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db


class Force(db.Model):
    """One of the 45 territorial police forces, each with its FEOA(s)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    nation: Mapped[str] = mapped_column(String(40))

    def __str__(self) -> str:
        return self.name


class Election(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    polling_day: Mapped[date] = mapped_column(unique=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.polling_day:%-d %B %Y})"
