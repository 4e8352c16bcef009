"""Using an invitation link: join with the account you have, or create one."""

from flask import Blueprint, flash, render_template, url_for
from flask_login import current_user, login_required, login_user
from sqlalchemy import select

from webapp.extensions import db
from webapp.htmx import hx_redirect, render_form
from webapp.models import Role, User
from webapp.passwords import hash_password
from webapp.teams.forms import ConfirmForm, InvitedAccountForm
from webapp.teams.invitations import InvitationRefused, accept, check_invitee, invitation_from_token

bp = Blueprint("invitations", __name__)


def _refused(error: InvitationRefused):
    db.session.rollback()
    return render_template("teams/invitation_refused.html", reason=error.message), error.status


def _account_form(invitation) -> InvitedAccountForm:
    form = InvitedAccountForm()
    if not form.is_submitted():
        form.name.data = invitation.name
        form.email.data = invitation.email
        form.mobile.data = invitation.mobile
    return form


@bp.get("/invitations/<token>")
def show(token: str):
    try:
        invitation = invitation_from_token(token)
        if current_user.is_authenticated:
            check_invitee(invitation, current_user)
    except InvitationRefused as error:
        return _refused(error)
    return render_template("teams/invitation.html", invitation=invitation, token=token,
                           form=_account_form(invitation), confirm_form=ConfirmForm())


@bp.post("/invitations/<token>/accept")
@login_required
def accept_as_member(token: str):
    try:
        invitation = invitation_from_token(token)
        accept(invitation, current_user)
    except InvitationRefused as error:
        return _refused(error)
    db.session.commit()
    flash(f"You have joined {invitation.team.name}.", "success")
    return hx_redirect(url_for("teams.show", team_id=invitation.team_id))


@bp.post("/invitations/<token>/account")
def create_account(token: str):
    try:
        invitation = invitation_from_token(token)
    except InvitationRefused as error:
        return _refused(error)
    form = _account_form(invitation)
    if form.validate_on_submit():
        if invitation.email and form.email.data != invitation.email:
            form.email.errors.append(f"Use the address this invitation was sent to: {invitation.email}.")
        elif invitation.mobile and form.mobile.data != invitation.mobile:
            form.mobile.errors.append("Use the mobile number this invitation was sent to.")
        elif db.session.scalar(select(User.id).where(User.email == form.email.data)):
            form.email.errors.append("An account with this email already exists. Sign in, then open this link again.")
        else:
            user = User(name=form.name.data, email=form.email.data, mobile=form.mobile.data,
                        password_hash=hash_password(form.password.data), role=Role.TEAM_MEMBER.value)
            db.session.add(user)
            db.session.flush()
            accept(invitation, user)
            db.session.commit()
            login_user(user)
            flash(f"Welcome to CampaignSafe. You have joined {invitation.team.name}.", "success")
            return hx_redirect(url_for("teams.show", team_id=invitation.team_id))
    return render_form("teams/invitation.html", "teams/partials/_invited_account_form.html", "account-form",
                       status=422, invitation=invitation, token=token, form=form, confirm_form=ConfirmForm())
