"""Signed links in session messages: check in without signing in (single use), and "I'm handling this"."""

from flask import current_app

from webapp.models.sessions import SafetySession
from webapp.tokens import make_token, read_token

CHECK_IN = "session-check-in"
ACKNOWLEDGE = "session-acknowledge"


def check_in_url(session: SafetySession) -> str:
    # The check-in number makes the link single use: any check-in moves the session past it.
    token = make_token(CHECK_IN, {"s": session.id, "q": session.check_in_seq})
    return _absolute("sessions.link_check_in", token=token)


def read_check_in(token: str) -> tuple[int, int]:
    payload = read_token(CHECK_IN, token, current_app.config["SESSION_LINK_MAX_AGE_SECONDS"])
    return int(payload["s"]), int(payload["q"])


def acknowledge_url(session: SafetySession, name: str, recipient: str) -> str:
    token = make_token(ACKNOWLEDGE, {"s": session.id, "n": name[:100], "r": recipient})
    return _absolute("sessions.acknowledge", token=token)


def read_acknowledge(token: str) -> dict:
    payload = read_token(ACKNOWLEDGE, token, current_app.config["SESSION_ALERT_LINK_MAX_AGE_SECONDS"])
    return {"session_id": int(payload["s"]), "name": str(payload["n"]), "recipient": str(payload["r"])}


def _absolute(endpoint: str, **values) -> str:
    """A full link for a text or email; works in the jobs process too, where there is no request."""
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path
