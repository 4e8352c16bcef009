"""Team pages: who is in the team, inviting, changing roles, removing and leaving."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from webapp.clock import utcnow
from webapp.extensions import db, limiter
from webapp.htmx import hx_redirect, render_form
from webapp.models import TeamMembership, audit
from webapp.models.teams import OWNER
from webapp.pledge.signing import signed_user_ids
from webapp.teams import access
from webapp.teams.forms import ChangeRoleForm, ConfirmForm, InviteForm
from webapp.teams.invitations import invite, open_invitations

bp = Blueprint("teams", __name__)


@bp.get("/teams")
@login_required
def index():
    own = access.ensure_candidate_team(current_user)
    db.session.commit()
    memberships = access.memberships_of(current_user)
    if own is not None and len(memberships) == 1:
        return redirect(url_for("teams.show", team_id=own.id))
    return render_template("teams/index.html", memberships=memberships)


def _team_page(team, membership, invite_form=None, status=200):
    members = list(db.session.scalars(
        select(TeamMembership).where(TeamMembership.team_id == team.id).order_by(TeamMembership.id)))
    context = dict(
        team=team, membership=membership, members=members,
        invitations=open_invitations(team) if membership.can_manage else [],
        invite_form=invite_form or InviteForm(formdata=None),
        confirm_form=ConfirmForm(), signed=signed_user_ids([m.user_id for m in members]),
    )
    return render_form("teams/show.html", "teams/partials/_invite_form.html", "invite-form", status=status, **context)


@bp.get("/teams/<int:team_id>")
@login_required
def show(team_id: int):
    team, membership = access.get_team_or_404(team_id, current_user)
    return _team_page(team, membership)


@bp.post("/teams/<int:team_id>/invitations")
@login_required
@limiter.limit("30 per hour", key_func=lambda: f"invite:{getattr(current_user, 'id', '')}")
def create_invitation(team_id: int):
    team, membership = access.get_team_or_404(team_id, current_user, need=access.MANAGE)
    form = InviteForm()
    if form.validate_on_submit():
        invitation = invite(team, current_user, name=form.name.data, email=form.email.data or None,
                            mobile=form.mobile.data or None, role=form.role.data)
        db.session.commit()
        flash(f"Invitation sent to {invitation.name} ({invitation.address}). It works for 7 days.", "success")
        return hx_redirect(url_for("teams.show", team_id=team.id))
    return _team_page(team, membership, invite_form=form, status=422)


@bp.post("/teams/<int:team_id>/invitations/<int:invitation_id>/cancel")
@login_required
def cancel_invitation(team_id: int, invitation_id: int):
    team, membership = access.get_team_or_404(team_id, current_user, need=access.MANAGE)
    invitation = access.get_invitation_or_404(team, invitation_id)
    if invitation.accepted_at is None and invitation.cancelled_at is None:
        invitation.cancelled_at = utcnow()
        db.session.commit()
        flash(f"The invitation to {invitation.name} was withdrawn; its link no longer works.", "success")
    return hx_redirect(url_for("teams.show", team_id=team.id))


@bp.post("/teams/<int:team_id>/members/<int:membership_id>/role")
@login_required
def change_role(team_id: int, membership_id: int):
    team, membership = access.get_team_or_404(team_id, current_user, need=access.MANAGE)
    other = access.get_member_or_404(team, membership_id)
    form = ChangeRoleForm()
    if other.role == OWNER:
        flash("The candidate is always the owner of their team.", "error")
    elif form.validate_on_submit():
        other.role = form.role.data
        audit.record("team.role_changed", actor=current_user, subject=other.user,
                     detail=f"team {team.id}: {other.role}")
        db.session.commit()
        flash(f"{other.user.display_name} is now {other.role_label.lower()}.", "success")
    else:
        flash("Choose member or organiser.", "error")
        return _team_page(team, membership, status=422)
    return hx_redirect(url_for("teams.show", team_id=team.id))


@bp.post("/teams/<int:team_id>/members/<int:membership_id>/remove")
@login_required
def remove_member(team_id: int, membership_id: int):
    team, membership = access.get_team_or_404(team_id, current_user, need=access.MANAGE)
    other = access.get_member_or_404(team, membership_id)
    if other.role == OWNER:
        flash("The candidate cannot be removed from their own team.", "error")
        return hx_redirect(url_for("teams.show", team_id=team.id))
    name = other.user.display_name
    audit.record("team.member_removed", actor=current_user, subject=other.user, detail=f"team {team.id}")
    db.session.delete(other)
    db.session.commit()
    flash(f"{name} has been removed from the team and can no longer see its plans.", "success")
    if other.user_id == current_user.id:
        return hx_redirect(url_for("teams.index"))
    return hx_redirect(url_for("teams.show", team_id=team.id))


@bp.route("/teams/<int:team_id>/leave", methods=["GET", "POST"])
@login_required
def leave(team_id: int):
    team, membership = access.get_team_or_404(team_id, current_user)
    if membership.role == OWNER:
        flash("This is your own campaign's team, so you cannot leave it. You can remove other people.", "error")
        return hx_redirect(url_for("teams.show", team_id=team.id))
    form = ConfirmForm()
    if form.validate_on_submit():
        audit.record("team.member_left", actor=current_user, subject=current_user, detail=f"team {team.id}")
        db.session.delete(membership)
        db.session.commit()
        flash(f"You have left {team.name}. Its plans are no longer shown to you.", "success")
        return hx_redirect(url_for("teams.index"))
    return render_template("teams/leave.html", team=team, form=form)
