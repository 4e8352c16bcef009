"""How team membership shapes activity planning: for whom a person may plan, and whom they can pick
as attendees. (Whose plans they see and change: webapp/plans/access.py. Escalation contacts:
webapp/sessions/contacts.py.)"""

from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Role, Team, TeamMembership, User
from webapp.models.teams import MANAGERS


def plannable_owners(user) -> list[User]:
    """Whose campaign `user` may plan for: their own (a candidate), and each team they organise."""
    owners = [user] if user.has_role(Role.CANDIDATE) else []
    owners += list(db.session.scalars(
        select(User).join(Team, Team.owner_id == User.id).join(TeamMembership)
        .where(TeamMembership.user_id == user.id, TeamMembership.role.in_(MANAGERS), User.id != user.id)
        .order_by(User.name)))
    return owners


def team_members_of(owner_id: int) -> list[User]:
    """Everyone in the owner's team except the owner: the people who can be picked as attendees."""
    return list(db.session.scalars(
        select(User).join(TeamMembership, TeamMembership.user_id == User.id).join(Team)
        .where(Team.owner_id == owner_id, User.id != owner_id).order_by(User.name, User.id)))
