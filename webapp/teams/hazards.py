"""Do-not-knock and hazard notes, always scoped to the teams the signed-in person is in.

These notes describe residents. They are for the team on the doorstep only: never put them in
calendar feeds, FEOA (police adviser) pages, digests or exports, or public pages.
"""

from sqlalchemy import select

from webapp.extensions import db
from webapp.models import DoNotKnockNote


def notes_for_team(team_id: int) -> list[DoNotKnockNote]:
    return list(db.session.scalars(select(DoNotKnockNote).where(DoNotKnockNote.team_id == team_id)
                                   .order_by(DoNotKnockNote.street, DoNotKnockNote.id)))


def mentions(text: str, street: str) -> bool:
    return bool(street) and street.casefold() in (text or "").casefold()
