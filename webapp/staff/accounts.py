"""Staff accounts over their life: welcomed with a "set your password" link, deactivated, reactivated.

Each change writes its audit entry here, so the admin pages and the command line leave the same
trail; the functions change state and let the caller commit. A new account's link is not the
password-reset link: it says so, works for 72 hours (STAFF_WELCOME_MAX_AGE) and works once (the
payload holds the password stamp, which setting the password changes). Two-factor set-up follows
at the first sign-in (webapp.twofactor).

Deactivation ends every session at once because the user loader refuses an inactive account
(webapp/auth/session_setup.py): the very next request, or a remember-me cookie, is signed out.
"""

from flask import current_app

from webapp.auth.passwords_reset import stamped_token, user_from_stamped_token
from webapp.auth.session_versions import end_all_sessions
from webapp.models import User
from webapp.models.audit import record
from webapp.notify.outbox import enqueue

WELCOME_PURPOSE = "staff-set-password"


class CannotDeactivate(ValueError):
    """The change would lock the person making it out of their own account."""


def _absolute(endpoint: str, **values) -> str:
    """A link for a message; works without a request (the command line)."""
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path


def welcome(user: User, *, by: User | None, via: str) -> None:
    """Audit a new staff account and email its owner the link to choose a password."""
    record("account.created", actor=by, subject=user, detail=f"role {user.role}, {via}")
    send_set_password_link(user)


def send_set_password_link(user: User) -> None:
    token = stamped_token(WELCOME_PURPOSE, user)
    hours = current_app.config["STAFF_WELCOME_MAX_AGE"] // 3600
    enqueue(
        channel="email",
        recipient=user.email,
        template="staff_welcome",
        values={"name": user.display_name, "link": _absolute("auth.set_password", token=token),
                "role": user.role_label, "hours": hours},
        dedupe_key=f"staff-welcome:{user.id}:{token[-16:]}",
        user_id=user.id,
    )


def user_from_welcome_token(token: str) -> User:
    """The account a set-password link is for; InvalidToken (or ExpiredToken) when it cannot be used."""
    return user_from_stamped_token(WELCOME_PURPOSE, token, current_app.config["STAFF_WELCOME_MAX_AGE"])


def deactivate(user: User, *, by: User) -> None:
    """Stop the account signing in, and end its sessions and remember-me cookies at once."""
    if user.id == by.id:
        raise CannotDeactivate("You cannot deactivate your own account.")
    if not user.active:
        return
    user.active = False
    end_all_sessions(user)
    record("account.deactivated", actor=by, subject=user, detail=f"role {user.role}")


def reactivate(user: User, *, by: User) -> None:
    """Let the account sign in again with its password and two-factor sign-in."""
    if user.active:
        return
    user.active = True
    record("account.reactivated", actor=by, subject=user, detail=f"role {user.role}")
