"""Flask-Login wiring: how a signed-in user is loaded, and where others are sent."""

from urllib.parse import urlsplit

from flask import Flask, Response, flash, jsonify, redirect, request, url_for
from sqlalchemy import bindparam, select

from webapp.extensions import db, login_manager
from webapp.htmx import is_htmx, wants_json
from webapp.models import User
from webapp.security import safe_next_url

# Built once, run with each request's id: the side-by-side page bench needs it (bench/README.md, issue 15).
USER_BY_ID = select(User).where(User.id == bindparam("user_id"))


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to see that page."
    login_manager.login_message_category = "warning"

    @login_manager.user_loader
    def load_user(session_id: str):
        session_id = str(session_id)
        # The session (or remember-me cookie) holds "<id>:<session version>": any other version is a
        # session that was ended (sign-out, password change, deactivation) and opens nothing.
        user_key, _, stamp = session_id.partition(":")
        if not user_key.isdigit():
            return None
        user = db.session.scalar(USER_BY_ID, {"user_id": int(user_key)})
        if user is None or not user.is_active or user.get_id() != session_id:
            return None
        return user

    login_manager.unauthorized_handler(signed_out)


# What a signed-out person is told when something they sent was not done (they may believe it was).
NOT_DONE = {"sessions.check_in": "You were signed out, so your check-in was not recorded. "
                                 "Sign in, then tap “I’m safe” again."}
NOT_DONE_DEFAULT = "You were signed out, so that was not saved or sent. Sign in and try again."


def signed_out():
    """A signed-out request to a page that needs an account. A script asking for JSON (SOS, the offline
    queue) gets 401, so it never takes the sign-in page for success; htmx is sent to sign in as a whole
    page (not the sign-in form swapped into a card); a sent form is told it was not done. After signing
    in, the person comes back to the page they were on, never to a URL that only takes a POST."""
    if wants_json():
        return jsonify(signed_in=False, error="You are not signed in."), 401
    sent = request.method not in ("GET", "HEAD")
    flash(NOT_DONE.get(request.endpoint, NOT_DONE_DEFAULT) if sent else login_manager.login_message,
          login_manager.login_message_category)
    fragment = is_htmx() and not request.headers.get("HX-Boosted")  # a part of the page, not a page
    back_to = _page_it_came_from() if sent or fragment else request.full_path.rstrip("?")
    sign_in = url_for("auth.login", next=safe_next_url(back_to))
    if is_htmx():
        return Response(status=401, headers={"HX-Redirect": sign_in})
    return redirect(sign_in)


def _page_it_came_from() -> str | None:
    """The page on this site the request was sent from (htmx says; a plain form has its Referer), as a path."""
    url = request.headers.get("HX-Current-URL") or request.referrer
    if not url:
        return None
    parts = urlsplit(url)
    if parts.netloc != request.host:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")
