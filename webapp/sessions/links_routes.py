"""Pages reached from links in texts and emails, without signing in: check in, "I'm handling this"."""

from flask import render_template, request

from webapp.extensions import db
from webapp.htmx import render_form
from webapp.sessions import lifecycle
from webapp.sessions.access import alert_link_or_404, check_in_link_or_404
from webapp.sessions.forms import AcknowledgeForm
from webapp.sessions.routes import bp
from webapp.sessions.view import page_context
from webapp.tokens import ExpiredToken


def _refused(reason: str, status: int):
    return render_template("sessions/link_refused.html", reason=reason), status


@bp.route("/check-in/<token>", methods=["GET", "POST"])
def link_check_in(token: str):
    """GET shows a button (phones preview links, which must not check anyone in); POST checks in."""
    try:
        session, seq = check_in_link_or_404(token)
    except ExpiredToken:
        return _refused("expired", 410)
    if not session.is_open or session.duress or session.check_in_seq != seq:
        return _refused("used", 410)
    if request.method == "POST":
        try:
            lifecycle.check_in(session.id, how="link", expected_seq=seq)
        except lifecycle.SessionClosed:
            db.session.rollback()
            return _refused("used", 410)
        db.session.commit()
        return render_template("sessions/link_checked_in.html", session=session)
    return render_template("sessions/link_check_in.html", session=session, token=token)


@bp.route("/alert/<token>", methods=["GET", "POST"])
def acknowledge(token: str):
    """For a contact who was alerted: what we know, and "I'm handling this" with a note (logged)."""
    try:
        session, payload = alert_link_or_404(token)
    except ExpiredToken:
        return _refused("alert-expired", 410)
    form = AcknowledgeForm()
    done = False
    if form.validate_on_submit():
        lifecycle.log(session, "acknowledged", who=payload["name"], note=form.note.data or "")
        db.session.commit()
        done = True
        form = AcknowledgeForm(formdata=None)
    context = page_context(session, None)
    return render_form("sessions/acknowledge.html", form=form, token=token, contact_name=payload["name"],
                       done=done, **context)
