"""Scoped look-ups: a session is visible to its person and their escalation contacts, else 404."""

from flask import abort
from flask_login import current_user

from webapp.extensions import db
from webapp.models import Activity
from webapp.models.sessions import SafetySession
from webapp.plans.access import get_activity_or_404
from webapp.sessions.contacts import can_view


def get_session_or_404(session_id: int, *, own: bool = False) -> SafetySession:
    """The session if the signed-in user may see it (own=True: only its person may act on it)."""
    session = db.session.get(SafetySession, session_id)
    if session is None:
        abort(404)
    if own and session.user_id != current_user.id:
        abort(404)
    if not can_view(session, current_user):
        abort(404)
    return session


def activity_or_404(activity_id) -> Activity:
    """An activity the signed-in user may see (theirs or their team's), not cancelled; else 404."""
    try:
        number = int(activity_id)
    except (TypeError, ValueError):
        abort(404)
    activity = get_activity_or_404(number, current_user)
    if activity.is_cancelled:
        abort(404)
    return activity


def parse_position(form) -> dict | None:
    """A browser position from form fields, or None when absent or nonsense (never blocks a check-in)."""
    try:
        latitude = float(form.get("latitude", ""))
        longitude = float(form.get("longitude", ""))
        accuracy = float(form["accuracy"]) if form.get("accuracy") else None
    except ValueError:
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    if accuracy is not None and not (0 <= accuracy <= 100_000):
        accuracy = None
    return {"latitude": latitude, "longitude": longitude, "accuracy": accuracy}
