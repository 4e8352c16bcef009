"""Sessions that end: every session and remember-me cookie carries the account's session version.

`User.get_id()` is "<id>:<session_version>" and the user loader refuses any other version, so bumping
the version ends every session and every "keep me signed in" cookie of that account at once: on
sign-out, a password change or reset, "sign out of every other device", and deactivation.
"""

from flask import current_app, request, session
from flask_login import current_user, login_user
from flask_login.config import COOKIE_NAME
from sqlalchemy import update

from webapp.extensions import db
from webapp.models import User
from webapp.twofactor.state import VERIFIED_KEY


def end_all_sessions(user: User) -> None:
    """End every session of `user` (caller commits). One UPDATE, so two at once both count."""
    db.session.execute(update(User).where(User.id == user.id)
                       .values(session_version=User.session_version + 1)
                       .execution_options(synchronize_session=False))
    db.session.refresh(user, ["session_version"])


def end_other_sessions() -> None:
    """End every session of the signed-in person except this one: bump, then sign this one in again
    (keeping "keep me signed in" and the two-factor step if this device had them). Caller commits."""
    user = current_user._get_current_object()
    was_verified = session.get(VERIFIED_KEY) == user.get_id()
    remembered = bool(request.cookies.get(current_app.config.get("REMEMBER_COOKIE_NAME", COOKIE_NAME)))
    end_all_sessions(user)
    login_user(user, remember=remembered)
    if was_verified:
        session[VERIFIED_KEY] = user.get_id()
