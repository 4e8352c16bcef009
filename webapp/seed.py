"""Reference data every installation needs: the 45 police forces, the councils and the next May election."""

import csv
from datetime import date
from pathlib import Path

from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Council, Election, Force
from webapp.timeutil import next_may_polling_day

FORCES_CSV = Path(__file__).resolve().parent / "data" / "police-forces.csv"
COUNCILS_CSV = Path(__file__).resolve().parent / "data" / "councils.csv"


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
    db.session.flush()
    seed_councils()
    polling_day = next_may_polling_day(today)
    if db.session.scalar(select(Election.id).where(Election.polling_day == polling_day)) is None:
        db.session.add(Election(name=f"Local elections {polling_day.year}", polling_day=polling_day))
    db.session.commit()


def seed_councils() -> None:
    """Add the councils in councils.csv that are missing (by name), with their forces. A council an
    admin has edited is left as it is; a council with no force yet gets the file's."""
    forces = {force.code: force for force in db.session.scalars(select(Force))}
    existing = {council.name: council for council in db.session.scalars(select(Council))}
    codes = {council.gss_code for council in existing.values() if council.gss_code}
    with COUNCILS_CSV.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            council = existing.get(row["name"])
            if council is None:
                code = row["gss_code"] or None
                council = Council(name=row["name"], gss_code=code if code not in codes else None, nation=row["nation"])
                db.session.add(council)
            if not council.forces:
                council.forces = [forces[code] for code in row["forces"].split(";") if code in forces]
