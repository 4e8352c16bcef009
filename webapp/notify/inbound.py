"""Inbound text messages: STOP/START/HELP here, anything else offered to registered handlers.

Another area adds its own replies (e.g. "SAFE" check-ins) with

    from webapp.notify.inbound import register_inbound_handler

    @register_inbound_handler
    def safe_check_in(from_number: str, body: str) -> str | None:
        ...  # return the reply text, or None if the message is not for you

Handlers run in order of registration inside the webhook's request (app context and
database session available; the webhook commits after). The first non-None reply wins.
"""

import logging
from collections.abc import Callable

from webapp.extensions import db
from webapp.notify.optouts import opt_in, opt_out

log = logging.getLogger(__name__)

STOP_WORDS = {"STOP", "UNSUBSCRIBE", "END", "QUIT", "CANCEL", "STOPALL", "OPTOUT", "REVOKE", "STOP ALL"}
START_WORDS = {"START", "YES", "UNSTOP"}
HELP_WORDS = {"HELP", "INFO"}

HELP_REPLY = ("CampaignSafe sends safety reminders for election campaigning. In danger call 999. "
              "Non-urgent: 101. Reply STOP to stop texts.")
START_REPLY = "CampaignSafe: texts are back on. Reply STOP to stop them. In danger call 999."

InboundHandler = Callable[[str, str], str | None]
_handlers: list[InboundHandler] = []


def register_inbound_handler(handler: InboundHandler) -> InboundHandler:
    """Offer every inbound text that is not STOP/START/HELP to `handler(from_e164, body)`."""
    if handler not in _handlers:
        _handlers.append(handler)
    return handler


def keyword(body: str) -> str:
    return " ".join(body.strip().strip(".!").upper().split())


def handle_inbound(from_number: str, body: str) -> str | None:
    """The reply to send back (or None). Records opt-outs and opt-ins."""
    word = keyword(body)
    if word in STOP_WORDS:
        opt_out(from_number, "inbound-stop")
        return None  # Twilio's own opt-out confirmation is enough; a second text would annoy
    if word in START_WORDS:
        opt_in(from_number)
        return START_REPLY
    if word in HELP_WORDS:
        return HELP_REPLY
    for handler in list(_handlers):
        try:
            with db.session.begin_nested():
                reply = handler(from_number, body)
        except Exception:
            log.exception("inbound handler %s failed", getattr(handler, "__name__", handler))
            continue
        if reply:
            return reply
    return None
