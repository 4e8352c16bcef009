"""The person's side of a safety session: start, page, check in, end, SOS, duress PIN."""

from flask import (
    Blueprint,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from flask_wtf.csrf import generate_csrf
from sqlalchemy import select

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.htmx import hx_redirect, render_form, wants_json, wants_partial
from webapp.models.sessions import SafetySession, SafetySettings
from webapp.sessions import lifecycle
from webapp.sessions.access import activity_or_404, get_session_or_404, parse_position
from webapp.sessions.forms import (
    DuressPinForm,
    EndSessionForm,
    StartSessionForm,
    can_start_from,
    local_time_value,
)
from webapp.sessions.view import page_context

bp = Blueprint("sessions", __name__, url_prefix="/sessions")


@bp.get("")
@login_required
def index():
    current = lifecycle.open_session_for(current_user)
    past = db.session.scalars(
        select(SafetySession).where(SafetySession.user_id == current_user.id)
        .order_by(SafetySession.started_at.desc()).limit(20)
    ).all()
    return render_template("sessions/index.html", current=current,
                           past=[s for s in past if s is not current])


@bp.route("/new", methods=["GET", "POST"])
@login_required
def start():
    existing = lifecycle.open_session_for(current_user)
    if existing is not None:
        flash("You already have a session running. End it before starting another.", "warning")
        return hx_redirect(url_for("sessions.show", session_id=existing.id))
    activity_id = request.values.get("activity_id") or request.args.get("activity")
    activity = activity_or_404(activity_id) if activity_id else None
    now = utcnow()
    wait_until = can_start_from(activity.ends_at, now) if activity is not None else None
    if wait_until is not None:  # tomorrow's activity: say when, rather than a form that cannot succeed
        return render_template("sessions/not_yet.html", activity=activity, wait_until=wait_until)
    form = StartSessionForm(now=now, has_activity=activity is not None)
    if request.method == "GET":
        form.interval.data = current_app.config["SESSION_DEFAULT_INTERVAL_MINUTES"]
        if activity is not None:
            form.activity_id.data = str(activity.id)
            form.place.data = activity.meeting_point
            if activity.ends_at > now:
                form.until.data = local_time_value(activity.ends_at)
    if form.validate_on_submit():
        session = lifecycle.start_session(
            current_user, expected_end_at=form.expected_end_at, interval_minutes=form.interval.data,
            place=form.place.data or "", activity=activity, location_sharing=form.share_location.data)
        db.session.commit()
        return hx_redirect(url_for("sessions.show", session_id=session.id))
    return render_form("sessions/new.html", "sessions/partials/_start_form.html", "start-form",
                       form=form, activity=activity)


@bp.get("/<int:session_id>")
@login_required
def show(session_id: int):
    session = get_session_or_404(session_id)
    context = page_context(session, current_user)
    if wants_partial("session-status"):
        return render_template("sessions/partials/_status.html", oob=True, **context)
    return render_template("sessions/show.html", end_form=EndSessionForm(), **context)


@bp.post("/<int:session_id>/check-in")
@login_required
def check_in(session_id: int):
    get_session_or_404(session_id, own=True)
    try:
        session = lifecycle.check_in(session_id, how="button", position=parse_position(request.form))
    except lifecycle.SessionClosed:
        db.session.rollback()
        flash("That session has ended, so there is nothing to check in to.", "warning")
        return hx_redirect(url_for("sessions.show", session_id=session_id))
    db.session.commit()
    if wants_partial("session-status"):
        return render_template("sessions/partials/_status.html", just_checked_in=True, oob=True,
                               **page_context(session, current_user))
    flash("Checked in. Thank you.", "success")
    return redirect(url_for("sessions.show", session_id=session_id), code=303)


@bp.post("/<int:session_id>/end")
@login_required
def end(session_id: int):
    session = get_session_or_404(session_id, own=True)
    form = EndSessionForm()
    if not form.validate_on_submit():
        return render_template("sessions/show.html", end_form=form,
                               **page_context(session, current_user)), 422
    try:
        lifecycle.end_session(session_id, pin=form.pin.data, position=parse_position(request.form))
    except lifecycle.SessionClosed:
        db.session.rollback()
        return hx_redirect(url_for("sessions.show", session_id=session_id))
    db.session.commit()
    flash("Session ended. Glad you are safe.", "success")  # the same words whatever PIN was used
    return hx_redirect(url_for("sessions.show", session_id=session_id))


@bp.post("/sos")
@login_required
def sos():
    """Alert tier 1 and tier 2 at once. Called by sessions.js (JSON) or the no-JS form (redirect)."""
    session = lifecycle.start_sos(current_user, position=parse_position(request.form))
    db.session.commit()
    names = [e.note for e in session.events if e.kind in ("tier_1", "tier_2")][-2:]
    if wants_json():
        return jsonify(ok=True, session_url=url_for("sessions.show", session_id=session.id), alerted=names)
    flash("SOS sent to your contacts. If you are in danger, call 999.", "warning")
    return redirect(url_for("sessions.show", session_id=session.id), code=303)


@bp.get("/csrf-token")
def csrf_token():
    """A fresh CSRF token for alerts queued on a page that had none (the cached offline page)."""
    if not current_user.is_authenticated:
        return jsonify(signed_in=False), 401
    return jsonify(signed_in=True, csrf_token=generate_csrf())


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings():
    current = db.session.get(SafetySettings, current_user.id)
    form = DuressPinForm()
    if form.validate_on_submit():
        lifecycle.set_duress_pin(current_user, form.pin.data)
        db.session.commit()
        flash("Duress PIN saved.", "success")
        return hx_redirect(url_for("sessions.settings"))
    return render_form("sessions/settings.html", "sessions/partials/_pin_form.html", "pin-form",
                       form=form, has_pin=bool(current and current.duress_pin_hash))


@bp.post("/settings/remove-pin")
@login_required
def remove_pin():
    lifecycle.remove_duress_pin(current_user)
    db.session.commit()
    flash("Duress PIN removed.", "success")
    return hx_redirect(url_for("sessions.settings"))
