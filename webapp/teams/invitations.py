"""Inviting people into a team by email or text, and checking an invitation link when used.

The link is signed (webapp/tokens.py) and names an invitation row; using it stamps the row,
so a second use is refused. Every refusal leaves the database exactly as it was.
"""

from datetime import timedelta

from flask import current_app, url_for
from sqlalchemy import select

from webapp.access import mark_checked
from webapp.clock import utcnow
from webapp.extensions import db
from webapp.models import Role, Team, TeamInvitation, TeamMembership, User
from webapp.notify.outbox import enqueue
from webapp.tokens import ExpiredToken, InvalidToken, make_token, read_token
from webapp.upsert import get_or_create

PURPOSE = "team-invitation"
VALID_FOR = timedelta(days=7)


class InvitationRefused(Exception):
    """Why a link cannot be used, in words for the person holding it, with an HTTP status."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.message = message
        self.status = status


def invite(team: Team, inviter: User, *, name: str, email: str | None, mobile: str | None, role: str) -> TeamInvitation:
    now = utcnow()
    invitation = TeamInvitation(team=team, invited_by=inviter, name=name, email=email, mobile=mobile,
                                role=role, created_at=now, expires_at=now + VALID_FOR)
    db.session.add(invitation)
    db.session.flush()
    token = make_token(PURPOSE, {"i": invitation.id, "to": invitation.address})
    link = current_app.config["PUBLIC_BASE_URL"].rstrip("/") + url_for("invitations.show", token=token)
    values = {"name": name, "inviter": inviter.display_name, "team": team.name, "link": link,
              "expires": (now + VALID_FOR).isoformat()}
    channel, recipient = ("email", email) if email else ("sms", mobile)
    enqueue(channel=channel, recipient=recipient, template="team_invitation", values=values,
            dedupe_key=f"team-invitation:{invitation.id}", expires_at=invitation.expires_at)
    return invitation


def invitation_from_token(token: str) -> TeamInvitation:
    """The invitation a link names, if it may still be used; InvitationRefused otherwise."""
    try:
        payload = read_token(PURPOSE, token, int(VALID_FOR.total_seconds()))
    except ExpiredToken as error:
        raise InvitationRefused("This invitation has expired: invitations work for 7 days. "
                                "Ask the person who invited you to send a new one.", 410) from error
    except InvalidToken as error:
        raise InvitationRefused("This invitation link is not valid. Check you copied the whole link, "
                                "or ask for a new invitation.", 404) from error
    invitation = db.session.get(TeamInvitation, payload.get("i")) if isinstance(payload, dict) else None
    if invitation is None or invitation.address != payload.get("to"):
        raise InvitationRefused("This invitation link is not valid. Ask for a new invitation.", 404)
    if invitation.accepted_at is not None:
        raise InvitationRefused("This invitation has already been used. Sign in to see your team.", 410)
    if invitation.cancelled_at is not None:
        raise InvitationRefused("This invitation was withdrawn. Ask the team for a new one.", 410)
    if invitation.expires_at <= utcnow():
        raise InvitationRefused("This invitation has expired: invitations work for 7 days. "
                                "Ask the person who invited you to send a new one.", 410)
    if not _inviter_still_in_team(invitation):
        raise InvitationRefused("The person who invited you has left this team, so the invitation "
                                "no longer works. Ask the candidate or an organiser for a new one.", 410)
    mark_checked("token")
    return invitation


def _inviter_still_in_team(invitation: TeamInvitation) -> bool:
    return db.session.scalar(select(TeamMembership.id).where(
        TeamMembership.team_id == invitation.team_id, TeamMembership.user_id == invitation.invited_by_id)) is not None


def check_invitee(invitation: TeamInvitation, user: User) -> None:
    """Refuse when the signed-in account is not the one the invitation was sent to."""
    if not user.has_role(Role.CANDIDATE, Role.TEAM_MEMBER):
        raise InvitationRefused("Police adviser, election office and administrator accounts cannot join a "
                                "campaign team. Use a personal account instead.", 403)
    if invitation.email and user.email != invitation.email:
        raise InvitationRefused(f"This invitation was sent to a different email address, not {user.email}. "
                                "Sign in with the invited address, or ask for an invitation to this one.", 403)
    if invitation.mobile and user.mobile != invitation.mobile:
        raise InvitationRefused("This invitation was sent to a different mobile number from the one on "
                                "your account. Ask for an invitation to your own number.", 403)


def accept(invitation: TeamInvitation, user: User) -> TeamMembership:
    """Join the team (or keep an existing membership) and use up the invitation."""
    check_invitee(invitation, user)
    membership = get_or_create(TeamMembership, {"team_id": invitation.team_id, "user_id": user.id},
                               role=invitation.role)
    invitation.accepted_at = utcnow()
    invitation.accepted_by_id = user.id
    return membership


def open_invitations(team: Team) -> list[TeamInvitation]:
    return list(db.session.scalars(select(TeamInvitation).where(
        TeamInvitation.team_id == team.id, TeamInvitation.accepted_at.is_(None),
        TeamInvitation.cancelled_at.is_(None), TeamInvitation.expires_at > utcnow(),
    ).order_by(TeamInvitation.created_at.desc())))
