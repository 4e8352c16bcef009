"""What an election-office user may see: their own council's imports and nominees. Hidden means 404."""

from functools import wraps

from flask import abort
from flask_login import current_user, login_required
from sqlalchemy import Select, or_, select

from webapp.extensions import db
from webapp.models import NominationImport, Nominee, Role, User


def office_only(view):
    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user.has_role(Role.ELECTION_OFFICE) or current_user.council_id is None:
            abort(404)
        return view(*args, **kwargs)

    return wrapped


def imports_of(office_user: User) -> Select:
    """Confirmed imports of the user's council (the record, not its name), and the user's own staged one."""
    return select(NominationImport).where(
        NominationImport.council_id == office_user.council_id,
        or_(NominationImport.status == "confirmed", NominationImport.office_user_id == office_user.id),
    )


def get_import_or_404(import_id: int, office_user: User) -> NominationImport:
    found = db.session.scalar(imports_of(office_user).where(NominationImport.id == import_id))
    if found is None:
        abort(404)
    return found


def nominees_of(office_user: User) -> Select:
    return select(Nominee).where(Nominee.council_id == office_user.council_id)


def get_nominee_or_404(nominee_id: int, office_user: User) -> Nominee:
    found = db.session.scalar(nominees_of(office_user).where(Nominee.id == nominee_id))
    if found is None:
        abort(404)
    return found

