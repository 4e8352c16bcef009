"""Safety sessions: check-ins, overdue escalation to chosen contacts, SOS and the duress PIN."""

from webapp.notify.inbound import register_inbound_handler
from webapp.sessions import links_routes  # noqa: F401 - registers the signed-link pages on bp
from webapp.sessions.inbound import safe_check_in
from webapp.sessions.routes import bp

register_inbound_handler(safe_check_in)

__all__ = ["bp"]
