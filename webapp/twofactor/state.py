"""The session's part in two-factor sign-in.

Password accepted → the session holds a *pending* sign-in (not logged in). A good code →
login_user and the session is marked verified for that account (tied to its password stamp),
and the sign-in is audit-logged (the caller commits).
"""

from flask import session
from flask_login import login_user

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.models import User
from webapp.models.audit import record

PENDING_KEY = "two_factor_pending"
VERIFIED_KEY = "two_factor_verified"
PENDING_MAX_AGE_SECONDS = 10 * 60


def begin_pending(user: User, *, remember: bool, next_url: str | None) -> None:
    session.pop(VERIFIED_KEY, None)
    session[PENDING_KEY] = {
        "user": user.get_id(),
        "remember": bool(remember),
        "next": next_url,
        "at": int(utcnow().timestamp()),
    }


def pending_user() -> User | None:
    """The account whose password was just accepted, if that was recent and it is still valid."""
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict):
        return None
    if int(utcnow().timestamp()) - int(pending.get("at", 0)) > PENDING_MAX_AGE_SECONDS:
        session.pop(PENDING_KEY, None)
        return None
    user_key = str(pending.get("user", ""))
    user_id = user_key.partition(":")[0]
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    if user is None or not user.is_active or user.get_id() != user_key:
        return None
    return user


def pending_next_url() -> str | None:
    pending = session.get(PENDING_KEY)
    return pending.get("next") if isinstance(pending, dict) else None


def complete_sign_in(user: User) -> None:
    pending = session.pop(PENDING_KEY, None) or {}
    login_user(user, remember=bool(pending.get("remember")))
    record("staff.signed_in", actor=user, subject=user, detail=f"role {user.role}")
    session[VERIFIED_KEY] = user.get_id()


def is_verified(user: User) -> bool:
    return session.get(VERIFIED_KEY) == user.get_id()


def forget() -> None:
    session.pop(PENDING_KEY, None)
    session.pop(VERIFIED_KEY, None)
