"""Telling the account holder that codes stopped working after too many wrong ones."""

from flask import current_app, url_for

from webapp.clock import utcnow
from webapp.models import User
from webapp.notify.outbox import enqueue


def tell_of_lockout(user: User) -> None:
    """An email to the account holder (caller commits): someone had their password and guessed codes."""
    now = utcnow()
    enqueue(
        channel="email",
        recipient=user.email,
        template="two_factor_locked",
        values={"name": user.display_name,
                "limit": current_app.config["TWO_FACTOR_DAILY_FAILURES"],
                "change_link": current_app.config["PUBLIC_BASE_URL"].rstrip("/") + url_for("auth.forgot_password")},
        dedupe_key=f"two-factor-locked:{user.id}:{int(now.timestamp())}",
        user_id=user.id,
        kind="two-factor-locked",
        urgent=True,
    )
