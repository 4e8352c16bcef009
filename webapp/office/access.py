"""What an election-office user may see: their own council's imports and nominees. Hidden means 404."""

from flask import abort
from sqlalchemy import Select, or_, select

from webapp.access import mark_checked, role_required
from webapp.extensions import db
from webapp.models import Candidacy, NominationImport, Nominee, Role, User
from webapp.office import staging
from webapp.office.handover import possible_matches

# An election-office account that is not (or no longer) tied to a council sees no office pages.
office_only = role_required(Role.ELECTION_OFFICE, also=lambda user: user.council_id is not None)


def imports_of(office_user: User) -> Select:
    """Confirmed imports of the user's council (the record, not its name), and the user's own staged one."""
    return select(NominationImport).where(
        NominationImport.council_id == office_user.council_id,
        or_(NominationImport.status == "confirmed", NominationImport.office_user_id == office_user.id),
    )


ANY, SHOWN, PENDING = "any", "shown", "pending"


def get_import_or_404(import_id: int, office_user: User, need: str = ANY) -> NominationImport:
    """An import of the user's council (ANY: to confirm or discard, which answer for one already done too);
    SHOWN: not discarded; PENDING: the user's own, waiting for its columns or its confirmation, with the file as
    read (an import staged before column matching existed has none to match again)."""
    found = db.first_or_404(imports_of(office_user).where(NominationImport.id == import_id))
    if need == SHOWN and found.status == "discarded":
        abort(404)
    if need == PENDING and (found.status not in staging.PENDING or found.office_user_id != office_user.id
                            or found.source_rows is None):
        abort(404)
    mark_checked("import_id")
    return found


def nominees_of(office_user: User) -> Select:
    return select(Nominee).where(Nominee.council_id == office_user.council_id)


def get_nominee_or_404(nominee_id: int, office_user: User) -> Nominee:
    found = db.first_or_404(nominees_of(office_user).where(Nominee.id == nominee_id))
    mark_checked("nominee_id")
    return found


def possible_match(nominee: Nominee, candidacy_id: int) -> Candidacy | None:
    """The candidacy, if it is still one of the nominee's possible matches (only those may be confirmed)."""
    mark_checked("candidacy_id")
    return next((candidacy for candidacy in possible_matches(nominee) if candidacy.id == candidacy_id), None)

