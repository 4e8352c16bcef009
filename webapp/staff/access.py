"""What the site administrator's pages act on: staff accounts (never a candidate's or a team member's) and
councils. The role gate (`role_required(Role.ADMIN)`) comes first; these scope the object in the URL."""

from sqlalchemy import select

from webapp.access import mark_checked
from webapp.extensions import db
from webapp.models import Council, Role, User

STAFF = (Role.FEOA.value, Role.ELECTION_OFFICE.value, Role.ADMIN.value)


def get_staff_member_or_404(user_id: int) -> User:
    """A staff account; candidates and team members are not the admin's to manage here (404)."""
    user = db.first_or_404(select(User).where(User.id == user_id, User.role.in_(STAFF)))
    mark_checked("user_id")
    return user


def get_council_or_404(council_id: int) -> Council:
    council = db.get_or_404(Council, council_id)
    mark_checked("council_id")
    return council
