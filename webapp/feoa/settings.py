"""An FEOA's digest preferences, and the signed token of the one-click unsubscribe link."""

from datetime import time

from flask import current_app
from sqlalchemy import select

from webapp.access import mark_checked
from webapp.extensions import db
from webapp.models import FeoaSettings, User
from webapp.tokens import make_token, read_token
from webapp.upsert import get_or_create

UNSUBSCRIBE_PURPOSE = "feoa-digest-unsubscribe"
UNSUBSCRIBE_MAX_AGE = 60 * 60 * 24 * 365


def default_digest_time() -> time:
    hours, _, minutes = current_app.config["FEOA_DIGEST_DEFAULT_TIME"].partition(":")
    return time(int(hours), int(minutes or 0))


def defaults() -> FeoaSettings:
    """Unsaved settings with the defaults, for an FEOA who has never changed any."""
    return FeoaSettings(digest_time=default_digest_time(), email_digest=True, sms_digest=True, quiet_day="note")


def settings_for(feoa: User) -> FeoaSettings:
    return db.session.scalar(select(FeoaSettings).where(FeoaSettings.user_id == feoa.id)) or defaults()


def editable_settings_for(feoa: User) -> FeoaSettings:
    start = defaults()
    return get_or_create(FeoaSettings, {"user_id": feoa.id}, digest_time=start.digest_time,
                         email_digest=start.email_digest, sms_digest=start.sms_digest, quiet_day=start.quiet_day)


def unsubscribe_token(feoa: User) -> str:
    return make_token(UNSUBSCRIBE_PURPOSE, {"user": feoa.id})


def feoa_from_unsubscribe_token(token: str) -> User | None:
    payload = read_token(UNSUBSCRIBE_PURPOSE, token, UNSUBSCRIBE_MAX_AGE)
    user = db.session.get(User, payload.get("user")) if isinstance(payload, dict) else None
    if user is None or user.role != "feoa":
        return None
    mark_checked("token")
    return user
