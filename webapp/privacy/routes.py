"""The privacy notice (public), built from the same retention schedule the purge follows, and a
person's own "Your data" pages: deleting their account."""

from flask import Blueprint, Response, abort, current_app, flash, render_template, url_for
from flask_login import current_user, login_required, logout_user

from webapp.access import role_required
from webapp.extensions import db
from webapp.htmx import hx_redirect, render_form
from webapp.models import Role
from webapp.passwords import verify_password
from webapp.privacy import export
from webapp.privacy import purge as purging
from webapp.privacy.account_deletion import (
    can_delete_own_account,
    consequences_for,
    request_deletion,
)
from webapp.privacy.forms import DeleteAccountForm
from webapp.privacy.retention import SCHEDULE, rule

bp = Blueprint("privacy", __name__)


@bp.get("/privacy")
def notice():
    rows = [{"kind": rule.kind, "why": rule.why, "who_sees": rule.who_sees, "ends": rule.ends_text()}
            for rule in SCHEDULE]
    return render_template("privacy/notice.html", rows=rows,
                           controller_name=current_app.config["DATA_CONTROLLER_NAME"],
                           controller_contact=current_app.config["DATA_CONTROLLER_CONTACT"],
                           feoa_days=current_app.config["FEOA_ACCESS_DAYS"])


@bp.get("/your-data")
@login_required
def your_data():
    return render_template("privacy/your_data.html", can_delete=can_delete_own_account(current_user))


@bp.post("/your-data/download")
@login_required
def request_download():
    if export.request_export(current_user):
        db.session.commit()
        flash("We are preparing a copy of your data. We will email you a link within a few minutes.", "success")
    else:
        flash("A copy of your data is already being prepared: look for our email.", "info")
    return hx_redirect(url_for("privacy.your_data"))


@bp.get("/your-data/download/<token>")
@login_required
def download(token: str):
    content = export.take(token, current_user)
    if content is None:
        db.session.rollback()
        return render_template("privacy/download_gone.html"), 410
    db.session.commit()
    response = Response(content, mimetype="application/zip")
    response.headers["Content-Disposition"] = 'attachment; filename="campaignsafe-your-data.zip"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/your-data/delete", methods=["GET", "POST"])
@login_required
def delete_account():
    user = current_user._get_current_object()
    if not can_delete_own_account(user):
        abort(404)
    form = DeleteAccountForm()
    if form.validate_on_submit():
        if not verify_password(user.password_hash, form.password.data):
            form.password.errors.append("That is not your password.")
        else:
            request_deletion(user)
            db.session.commit()
            logout_user()
            return hx_redirect(url_for("privacy.account_deleted"))
    return render_form("privacy/delete_account.html", form=form, consequences=consequences_for(user))


@bp.get("/your-data/deleted")
def account_deleted():
    return render_template("privacy/account_deleted.html")


@bp.get("/admin/retention")
@role_required(Role.ADMIN)
def purge_preview():
    """Counts only: what the next run of the purge would delete or anonymise, step by step."""
    counts = purging.preview()
    steps = [{"name": step.name, "kind": rule(step.rule).kind, "ends": rule(step.rule).ends_text(),
              "count": counts[step.name]} for step in purging.STEPS]
    return render_template("privacy/purge_preview.html", steps=steps)
