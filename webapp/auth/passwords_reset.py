"""Password-reset links: signed, valid one hour, single use (a new password changes the stamp)."""

from flask import current_app, url_for

from webapp.access import mark_checked
from webapp.extensions import db
from webapp.models import User
from webapp.notify.outbox import enqueue
from webapp.tokens import InvalidToken, make_token, read_token

PURPOSE = "password-reset"


def stamped_token(purpose: str, user: User) -> str:
    """A link token bound to the account's password stamp: it stops working once a password is set."""
    return make_token(purpose, {"user": user.id, "stamp": user.password_stamp})


def user_from_stamped_token(purpose: str, token: str, max_age: int) -> User:
    """The account a stamped link is for; InvalidToken (or ExpiredToken) when it cannot be used."""
    payload = read_token(purpose, token, max_age)
    user = db.session.get(User, payload.get("user")) if isinstance(payload, dict) else None
    if user is None or not user.is_active or payload.get("stamp") != user.password_stamp:
        raise InvalidToken("used or unknown")
    mark_checked("token")
    return user


def send_reset_link(user: User) -> None:
    token = stamped_token(PURPOSE, user)
    link = current_app.config["PUBLIC_BASE_URL"].rstrip("/") + url_for("auth.reset_password", token=token)
    enqueue(
        channel="email",
        recipient=user.email,
        template="password_reset",
        values={"name": user.display_name, "link": link},
        dedupe_key=f"password-reset:{user.id}:{token[-16:]}",
        user_id=user.id,
    )


def user_from_reset_token(token: str) -> User:
    return user_from_stamped_token(PURPOSE, token, current_app.config["PASSWORD_RESET_MAX_AGE"])
