"""Who may see which team: asked of the database on every request, never cached."""

from flask import abort
from sqlalchemy import select

from webapp.access import mark_checked
from webapp.extensions import db
from webapp.models import DoNotKnockNote, Role, Team, TeamInvitation, TeamMembership, User
from webapp.models.teams import OWNER
from webapp.upsert import get_or_create


def membership_in(team_id: int, user) -> TeamMembership | None:
    if user is None or not user.is_authenticated:
        return None
    return db.session.scalar(
        select(TeamMembership).where(TeamMembership.team_id == team_id, TeamMembership.user_id == user.id)
    )


VIEW, MANAGE = "view", "manage"


def get_team_or_404(team_id: int, user, need: str = VIEW) -> tuple[Team, TeamMembership]:
    """The team and the user's membership of it; 404 for anyone outside it. Owners and organisers MANAGE it:
    a member who can see the team but not do this gets 403."""
    membership = membership_in(team_id, user)
    if membership is None:
        abort(404)
    if need == MANAGE:
        _require_manager(membership)
    mark_checked("team_id")
    return membership.team, membership


def _require_manager(membership: TeamMembership) -> None:
    if not membership.can_manage:
        abort(403)


def get_invitation_or_404(team: Team, invitation_id: int) -> TeamInvitation:
    """One of the team's invitations (the caller has the team from `get_team_or_404`)."""
    invitation = db.first_or_404(select(TeamInvitation).where(TeamInvitation.id == invitation_id,
                                                               TeamInvitation.team_id == team.id))
    mark_checked("invitation_id")
    return invitation


def get_member_or_404(team: Team, membership_id: int) -> TeamMembership:
    """Someone's membership of the team (the caller has the team from `get_team_or_404`)."""
    other = db.first_or_404(select(TeamMembership).where(TeamMembership.id == membership_id,
                                                          TeamMembership.team_id == team.id))
    mark_checked("membership_id")
    return other


def get_note_or_404(team: Team, membership: TeamMembership, note_id: int) -> DoNotKnockNote:
    """A note on the team's do-not-knock list (404 for another team's); only its managers take one off (403)."""
    note = db.first_or_404(select(DoNotKnockNote).where(DoNotKnockNote.id == note_id,
                                                         DoNotKnockNote.team_id == team.id))
    _require_manager(membership)
    mark_checked("note_id")
    return note


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
