"""Publishing a new version of the pledge text (site administrators only)."""

from flask import Blueprint, flash, url_for
from flask_login import current_user
from sqlalchemy import select

from webapp.access import role_required
from webapp.extensions import db
from webapp.htmx import hx_redirect, render_form
from webapp.models import PledgeVersion, Role
from webapp.pledge import signing
from webapp.pledge.forms import PublishForm

bp = Blueprint("pledge_admin", __name__)


admin_only = role_required(Role.ADMIN)


def _unchanged_message(version) -> str:
    return (f"These are the same commitments as version {version.number}. Change the text to publish a new "
            "version: nobody is asked to sign the same words again.")


@bp.route("/admin/pledge", methods=["GET", "POST"])
@admin_only
def versions():
    current = signing.current_version()
    form = PublishForm()
    if not form.is_submitted():
        form.title.data, form.body.data, form.official_url.data = current.title, current.body, current.official_url
    valid = form.validate_on_submit()
    if form.is_submitted() and not form.body.errors and signing.same_commitments(form.body.data, current):
        form.body.errors.append(_unchanged_message(current))  # said at once, beside the other errors
        valid = False
    if valid:
        try:
            version = signing.publish(form.title.data, form.body.data, form.official_url.data, current_user)
        except signing.UnchangedText as same:  # someone published these words a moment ago
            form.body.errors.append(_unchanged_message(same.version))
        else:
            db.session.commit()
            flash(f"Version {version.number} is published. Everyone who signed before is asked to sign again.", "success")
            return hx_redirect(url_for("pledge_admin.versions"))
    db.session.commit()
    all_versions = list(db.session.scalars(select(PledgeVersion).order_by(PledgeVersion.number.desc())))
    return render_form("pledge/admin.html", "pledge/partials/_publish_form.html", "publish-form",
                       form=form, versions=all_versions,
                       signers=signing.signer_count())
