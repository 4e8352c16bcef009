"""Who may see which team: asked of the database on every request, never cached."""

from flask import abort
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Role, Team, TeamMembership, User
from webapp.models.teams import OWNER
from webapp.upsert import get_or_create


def membership_in(team_id: int, user) -> TeamMembership | None:
    if user is None or not user.is_authenticated:
        return None
    return db.session.scalar(
        select(TeamMembership).where(TeamMembership.team_id == team_id, TeamMembership.user_id == user.id)
    )


def get_team_or_404(team_id: int, user) -> tuple[Team, TeamMembership]:
    """The team and the user's membership of it; 404 for anyone outside it."""
    membership = membership_in(team_id, user)
    if membership is None:
        abort(404)
    return membership.team, membership


def require_manager(membership: TeamMembership) -> None:
    """Owners and organisers manage; a member who can see the team but not do this gets 403."""
    if not membership.can_manage:
        abort(403)


def memberships_of(user) -> list[TeamMembership]:
    return list(db.session.scalars(
        select(TeamMembership).where(TeamMembership.user_id == user.id).order_by(TeamMembership.id)
    ))


def team_owned_by(user: User) -> Team | None:
    return db.session.scalar(select(Team).where(Team.owner_id == user.id))


def ensure_candidate_team(user: User) -> Team | None:
    """A candidate's team, created the first time it is needed (None for other roles)."""
    if not user.has_role(Role.CANDIDATE):
        return None
    team = team_owned_by(user)
    if team is None:
        team = get_or_create(Team, {"owner_id": user.id})
        get_or_create(TeamMembership, {"team_id": team.id, "user_id": user.id}, role=OWNER)
    return team


def shared_with(user, owner_id: int) -> TeamMembership | None:
    """The user's membership of the team owned by `owner_id`, if any (for shared activities)."""
    if user is None or not user.is_authenticated:
        return None
    return db.session.scalar(
        select(TeamMembership).join(Team).where(Team.owner_id == owner_id, TeamMembership.user_id == user.id)
    )
