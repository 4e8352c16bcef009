"""The privacy notice (public), built from the same retention schedule the purge follows."""

from flask import Blueprint, current_app, render_template

from webapp.privacy.retention import SCHEDULE

bp = Blueprint("privacy", __name__)


@bp.get("/privacy")
def notice():
    rows = [{"kind": rule.kind, "why": rule.why, "who_sees": rule.who_sees, "ends": rule.ends_text()}
            for rule in SCHEDULE]
    return render_template("privacy/notice.html", rows=rows,
                           controller_name=current_app.config["DATA_CONTROLLER_NAME"],
                           controller_contact=current_app.config["DATA_CONTROLLER_CONTACT"],
                           feoa_days=current_app.config["FEOA_ACCESS_DAYS"])
