"""Checking in by replying SAFE to any text from the service: no data signal needed."""

from sqlalchemy import select

from webapp.extensions import db
from webapp.models import User
from webapp.models.sessions import OPEN_STATES, SafetySession
from webapp.notify.inbound import register_inbound_handler
from webapp.sessions import lifecycle
from webapp.timeutil import format_london

SAFE_WORDS = {"SAFE", "IM SAFE", "I'M SAFE", "I AM SAFE", "OK SAFE"}


def init_app(app) -> None:
    """Offer inbound texts to safe_check_in (create_app)."""
    register_inbound_handler(safe_check_in)


def safe_check_in(from_number: str, body: str) -> str | None:
    """Check in the open session of whoever has this mobile. The reply text, or None if not ours."""
    word = " ".join(body.strip().strip(".!").upper().split())
    if word not in SAFE_WORDS:
        return None
    sessions = db.session.scalars(
        select(SafetySession).join(User, SafetySession.user_id == User.id)
        .where(User.mobile == from_number, SafetySession.duress.is_(False),
               SafetySession.state.in_([s.value for s in OPEN_STATES]))
        .order_by(SafetySession.id)
    ).all()
    if not sessions:
        return ("CampaignSafe: you have no safety session running, so there is nothing to check in to. "
                "In danger call 999.")
    for session in sessions:
        checked = lifecycle.check_in(session.id, how="sms")
    return (f"CampaignSafe: checked in, thank you. Next check-in by {format_london(checked.deadline_at, '%H:%M')}."
            " Reply SAFE again then.")
