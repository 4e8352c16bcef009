"""Reference data every installation needs: the 45 police forces and the next May election."""

import csv
from datetime import date
from pathlib import Path

from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Election, Force
from webapp.timeutil import next_may_polling_day

FORCES_CSV = Path(__file__).resolve().parent / "data" / "police-forces.csv"


def seed_reference_data(today: date) -> None:
    """Idempotent: adds what is missing, fills a force's missing coordinates, changes nothing else."""
    existing = {force.code: force for force in db.session.scalars(select(Force))}
    with FORCES_CSV.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            latitude, longitude = float(row["latitude"]), float(row["longitude"])
            force = existing.get(row["code"])
            if force is None:
                db.session.add(Force(code=row["code"], name=row["name"], nation=row["nation"],
                                     latitude=latitude, longitude=longitude))
            elif force.latitude is None or force.longitude is None:
                force.latitude, force.longitude = latitude, longitude
    polling_day = next_may_polling_day(today)
    if db.session.scalar(select(Election.id).where(Election.polling_day == polling_day)) is None:
        db.session.add(Election(name=f"Local elections {polling_day.year}", polling_day=polling_day))
    db.session.commit()
