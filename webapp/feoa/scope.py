"""What an FEOA may see: consenting candidates in their own force, and nothing else.

Every FEOA query starts from `visible_candidacies(feoa)`; a candidacy outside it is a 404.
"""

from sqlalchemy import Select, and_, select

from webapp.access import mark_checked
from webapp.extensions import db
from webapp.models import Candidacy, Role, User


def visible_condition(feoa: User):
    return visible_in_force(feoa.force_id)


def visible_in_force(force_id):
    """`force_id` may be a bound parameter, for statements built once per process."""
    return and_(
        Candidacy.force_id == force_id,
        Candidacy.force_id.is_not(None),
        Candidacy.feoa_consent.is_(True),
        User.active.is_(True),
        User.role == Role.CANDIDATE.value,
    )


def visible_candidacies(feoa: User) -> Select:
    return select(Candidacy).join(User, User.id == Candidacy.user_id).where(visible_condition(feoa))


def get_candidacy_or_404(candidacy_id: int, feoa: User) -> Candidacy:
    candidacy = db.first_or_404(visible_candidacies(feoa).where(Candidacy.id == candidacy_id))
    mark_checked("candidacy_id")
    return candidacy
