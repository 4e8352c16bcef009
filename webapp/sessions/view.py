"""What the session page shows, and to whom: the person never sees a trace of a duress end."""

from flask import current_app

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.models.sessions import EVENT_LABELS, SafetySession, SafetySettings, SessionState
from webapp.phones import format_for_display
from webapp.sessions.contacts import escalation_contacts
from webapp.sessions.lifecycle import tier_two_at
from webapp.sessions.messages import last_location


def page_context(session: SafetySession, viewer) -> dict:
    is_person = viewer is not None and getattr(viewer, "id", None) == session.user_id
    disguise = is_person and session.duress
    state = SessionState.ENDED.value if disguise else session.state
    events = [e for e in session.events if not (is_person and e.hidden_from_person)]
    contacts = escalation_contacts(session)
    settings = db.session.get(SafetySettings, session.user_id) if is_person else None
    return {
        "session": session,
        "is_person": is_person,
        "state": state,
        "state_label": SessionState(state).label,
        "is_open": state in {"active", "due", "overdue", "escalated"},
        "events": list(reversed(events)),
        "event_labels": EVENT_LABELS,
        "contacts": contacts,
        "tier_one": [c for c in contacts[1] if c.reachable],
        "tier_two": [c for c in contacts[2] if c.reachable],
        "grace_minutes": current_app.config["SESSION_GRACE_MINUTES"],
        "tier2_delay": current_app.config["SESSION_TIER2_DELAY_MINUTES"],
        # Nobody reachable in tier 1: tier 2 is alerted at tier 1's time (webapp/sessions/escalation.py).
        "tier_two_at": session.escalate_at if not any(c.reachable for c in contacts[1]) else tier_two_at(session),
        "location": last_location(session),
        "now": utcnow(),
        "has_pin": bool(settings and settings.duress_pin_hash),
        "person_mobile": format_for_display(session.user.mobile),
    }
