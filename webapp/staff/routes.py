"""Site admin: staff accounts (create, reset two-factor) and the read-only audit log."""

import secrets

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from webapp.access import role_required
from webapp.auth.passwords_reset import send_reset_link
from webapp.extensions import db
from webapp.htmx import hx_redirect, render_form
from webapp.models import AuditEntry, Force, Role, TwoFactor, User
from webapp.models.audit import record
from webapp.paging import page_arg
from webapp.passwords import hash_password
from webapp.staff import accounts as staff_accounts
from webapp.staff.access import STAFF, get_staff_member_or_404
from webapp.staff.audit_log import AUDIT_PAGE_SIZE, action_label, audit_actions, filtered_entries
from webapp.staff.forms import AuditFilterForm, CreateStaffForm
from webapp.twofactor import codes

bp = Blueprint("staff", __name__, url_prefix="/admin")


def _force_choices():
    forces = db.session.execute(select(Force.code, Force.name).order_by(Force.name)).all()
    return {"": "Choose a force", **dict(forces)}


def _staff_page(form, status=200):
    accounts = db.session.execute(
        select(User, TwoFactor.confirmed_at)
        .outerjoin(TwoFactor, TwoFactor.user_id == User.id)
        .where(User.role.in_(STAFF))
        .order_by(User.role, User.name)
    ).all()
    return render_form("staff/accounts.html", "staff/partials/_create_form.html", "create-staff-form",
                       status=status, form=form, accounts=accounts)


@bp.get("/accounts")
@role_required(Role.ADMIN)
def accounts():
    form = CreateStaffForm()
    form.force.choices = _force_choices()
    return _staff_page(form)


@bp.post("/accounts")
@role_required(Role.ADMIN)
def create_account():
    form = CreateStaffForm()
    form.force.choices = _force_choices()
    if form.validate_on_submit():
        if db.session.scalar(select(User.id).where(User.email == form.email.data)):
            form.email.errors.append("An account with this email already exists.")
        else:
            force = db.session.scalar(select(Force).where(Force.code == form.force.data)) if form.role.data in ("feoa", "election_office") and form.force.data else None
            council = form.council_record if form.role.data == "election_office" else None
            if council is not None and force is None and len(council.forces) == 1:
                force = council.forces[0]
            user = User(
                email=form.email.data, name=form.name.data, role=form.role.data, mobile=form.mobile.data,
                force=force, council=council,
                # Nobody knows this password: they choose their own from the emailed link.
                password_hash=hash_password(secrets.token_urlsafe(32)),
            )
            db.session.add(user)
            db.session.flush()
            staff_accounts.welcome(user, by=current_user, via="on the admin page")
            db.session.commit()
            flash(f"Account created for {user.email}. They have been emailed a link to choose a password.", "success")
            return hx_redirect(url_for("staff.accounts"))
    return _staff_page(form, status=422)


@bp.post("/accounts/<int:user_id>/reset-two-factor")
@role_required(Role.ADMIN)
def reset_two_factor(user_id: int):
    user = get_staff_member_or_404(user_id)
    codes.reset(user)
    record("two_factor.reset", actor=current_user, subject=user)
    db.session.commit()
    flash(f"Two-factor sign-in reset for {user.email}. They will set it up again at their next sign-in.", "success")
    return hx_redirect(url_for("staff.accounts"))


@bp.post("/accounts/<int:user_id>/password-link")
@role_required(Role.ADMIN)
def send_password_link(user_id: int):
    user = get_staff_member_or_404(user_id)
    if user.last_sign_in_at is None:
        staff_accounts.send_set_password_link(user)  # never signed in: a fresh welcome link (72 hours)
    else:
        send_reset_link(user)
    record("account.password_link_sent", actor=current_user, subject=user)
    db.session.commit()
    flash(f"A new link to choose a password has been emailed to {user.email}.", "success")
    return hx_redirect(url_for("staff.accounts"))


@bp.get("/accounts/<int:user_id>/deactivate")
@role_required(Role.ADMIN)
def confirm_deactivate(user_id: int):
    user = get_staff_member_or_404(user_id)
    if user.id == current_user.id or not user.active:
        return redirect(url_for("staff.accounts"))
    return render_template("staff/deactivate.html", user=user)


@bp.post("/accounts/<int:user_id>/deactivate")
@role_required(Role.ADMIN)
def deactivate(user_id: int):
    user = get_staff_member_or_404(user_id)
    try:
        staff_accounts.deactivate(user, by=current_user)
    except staff_accounts.CannotDeactivate as refused:
        flash(str(refused), "error")
        return hx_redirect(url_for("staff.accounts"))
    db.session.commit()
    flash(f"{user.email} is deactivated and signed out everywhere. You can reactivate the account later.", "success")
    return hx_redirect(url_for("staff.accounts"))


@bp.post("/accounts/<int:user_id>/reactivate")
@role_required(Role.ADMIN)
def reactivate(user_id: int):
    user = get_staff_member_or_404(user_id)
    staff_accounts.reactivate(user, by=current_user)
    db.session.commit()
    flash(f"{user.email} can sign in again with their password and two-factor sign-in.", "success")
    return hx_redirect(url_for("staff.accounts"))


@bp.get("/audit")
@role_required(Role.ADMIN)
def audit():
    form = AuditFilterForm(request.args)
    form.action.choices = {"": "Any action", **audit_actions()}
    page = page_arg(maximum=99_999)
    entries, has_more = ([], False)
    if form.validate():
        entries, has_more = filtered_entries(form.action.data, form.actor.data, form.start.data, form.end.data, page)
    total = db.session.scalar(select(func.count(AuditEntry.id)))
    return render_form("staff/audit.html", "staff/partials/_audit_results.html", "audit-results", form=form,
                       entries=entries, page_number=page, has_more=has_more, total=total,
                       page_size=AUDIT_PAGE_SIZE, action_label=action_label)
