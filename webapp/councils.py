"""Councils as reference data: finding one by name or GSS code, and checking a force against it."""

from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import Council, Force


def find_council(key: str) -> Council | None:
    """A council by its GSS code or its name (any case)."""
    key = (key or "").strip()
    if not key:
        return None
    return db.session.scalar(select(Council).where(
        (Council.gss_code == key.upper()) | (func.lower(Council.name) == key.lower())))


def force_mismatch(council: Council, force: Force | None) -> str | None:
    """Why this force cannot go with this council (None when it can, or when no force is given)."""
    if force is None or force.id in council.force_ids:
        return None
    lies_in = " and ".join(f.name for f in council.forces) or "no police force yet"
    return f"{council.name} lies in {lies_in}, not {force.name}."
