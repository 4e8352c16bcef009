"""How team membership shapes activity planning: whose plans a person sees, for whom they may plan,
and whom they can pick as attendees. (Escalation contacts: webapp/sessions/contacts.py.)"""

from sqlalchemy import ColumnElement, literal, select

from webapp.extensions import db
from webapp.models import Activity, Role, Team, TeamMembership, User
from webapp.models.teams import MANAGERS


def visible_clause(user) -> ColumnElement[bool]:
    """SQL condition: the activity is the user's own, or its owner's team includes the user.

    Written as one IN over (me UNION my teams' owners) rather than "own OR in teams": the OR made
    SQLite gather row ids from two index searches before sorting (about 60 % slower on a list)."""
    teams_of_user = select(Team.owner_id).join(TeamMembership).where(TeamMembership.user_id == user.id)
    return Activity.owner_id.in_(select(literal(user.id)).union(teams_of_user))


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
