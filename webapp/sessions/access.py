"""Scoped look-ups: a session is visible to its person and their escalation contacts, else 404; the links in
texts and emails open their own session only."""

from flask import abort
from flask_login import current_user
from sqlalchemy.orm import joinedload

from webapp.access import mark_checked
from webapp.extensions import db
from webapp.models import Activity
from webapp.models.sessions import SafetySession
from webapp.plans.access import get_activity_or_404
from webapp.sessions import links
from webapp.sessions.contacts import can_view
from webapp.tokens import ExpiredToken, InvalidToken


def get_session_or_404(session_id: int, *, own: bool = False) -> SafetySession:
    """The session if the signed-in user may see it (own=True: only its person may act on it)."""
    # With its activity and the activity's companions: the page and the visibility check read both
    # (one round trip, not three).
    session = db.session.get(SafetySession, session_id, options=[
        joinedload(SafetySession.activity).joinedload(Activity.companions)])
    if session is None:
        abort(404)
    if (own and session.user_id != current_user.id) or not can_view(session, current_user):
        abort(404)
    mark_checked("session_id")
    return session


def check_in_link_or_404(token: str) -> tuple[SafetySession, int]:
    """The session a check-in link is for, and the check-in it asks for (ExpiredToken for an old link)."""
    try:
        session_id, seq = links.read_check_in(token)
    except ExpiredToken:
        raise
    except InvalidToken:
        abort(404)
    session = db.get_or_404(SafetySession, session_id)
    mark_checked("token")
    return session, seq


def alert_link_or_404(token: str) -> tuple[SafetySession, dict]:
    """The session an alerted contact's link is for, and who it was sent to (ExpiredToken for an old link)."""
    try:
        payload = links.read_acknowledge(token)
    except ExpiredToken:
        raise
    except InvalidToken:
        abort(404)
    session = db.get_or_404(SafetySession, payload["session_id"])
    mark_checked("token")
    return session, payload


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
