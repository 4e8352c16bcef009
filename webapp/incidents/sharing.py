"""Sharing an incident with the FEOA of the candidate's force, and alerting them when it is urgent.

A self-registered candidate (no election office has confirmed them) can share, but at most
UNCONFIRMED_SHARES_PER_DAY a day, and their urgent shares reach FEOAs by email only, marked
unconfirmed: nobody who merely registered can send the police an urgent text.

A share is the candidate's choice for one incident, made while they consent to FEOA contact. Withdrawing
that consent ends every share at once (the incident page then says so); giving consent again shares
nothing old: the candidate re-shares each incident they want the adviser to see.
"""

from flask import current_app
from sqlalchemy import func, select
from werkzeug.routing import BuildError

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.models import Candidacy, Incident, Role, User
from webapp.notify.outbox import enqueue
from webapp.timeutil import format_london, london_day_bounds, to_london

UNCONFIRMED_SHARES_PER_DAY = 3


class CannotShare(ValueError):
    """Sharing is not possible; the message says why."""


def _shared_today(candidacy) -> int:
    start, end = london_day_bounds(to_london(utcnow()).date())
    return db.session.scalar(select(func.count(Incident.id)).where(
        Incident.candidacy_id == candidacy.id, Incident.shared_at >= start, Incident.shared_at < end)) or 0


def share(incident: Incident, by: User) -> None:
    candidacy = incident.candidacy
    if candidacy is None or not candidacy.feoa_consent:
        raise CannotShare("You have not agreed to your police force's adviser (FEOA) contacting you, so nothing "
                          "can be shared with them. You can change that on your profile page.")
    if candidacy.force_id is None:
        raise CannotShare("We don't know your police force yet. Add it on your profile page first.")
    if incident.shared_with_feoa:
        return
    if not candidacy.is_nominated and _shared_today(candidacy) >= UNCONFIRMED_SHARES_PER_DAY:
        raise CannotShare(f"You have shared {UNCONFIRMED_SHARES_PER_DAY} incidents with the police adviser today, the "
                          "most for an account no election office has confirmed yet. You can share more tomorrow. "
                          "In an emergency call 999.")
    incident.shared_with_feoa = True
    incident.shared_at = utcnow()
    incident.share_withdrawn_at = None
    incident.share_ended_because = None
    incident.note(by, "sharing", "Shared with the police adviser (FEOA). This is not a report to the police.")
    alert_if_urgent(incident)


def withdraw(incident: Incident, by: User) -> None:
    if not incident.shared_with_feoa:
        return
    incident.shared_with_feoa = False
    incident.share_withdrawn_at = utcnow()
    incident.share_ended_because = "candidate"
    incident.note(by, "sharing", "Sharing with the police adviser (FEOA) withdrawn.")


def set_consent(candidacy: Candidacy, given: bool, source: str, by: User) -> None:
    """Record the candidate's consent to FEOA contact; withdrawing it ends every incident share at once."""
    candidacy.set_consent(given, source)
    if given or candidacy.id is None:  # a candidacy not saved yet has no incidents
        return
    now = utcnow()
    shared = db.session.scalars(select(Incident).where(
        Incident.candidacy_id == candidacy.id, Incident.shared_with_feoa.is_(True)).order_by(Incident.id)).all()
    for incident in shared:
        incident.shared_with_feoa = False
        incident.share_withdrawn_at = now
        incident.share_ended_because = "consent"
        incident.note(by, "sharing", "No longer shared with the police adviser (FEOA): consent withdrawn.")


def set_urgent(incident: Incident, urgent: bool, by: User) -> None:
    if incident.urgent == urgent:
        return
    incident.urgent = urgent
    incident.note(by, "edited", "Marked urgent." if urgent else "No longer marked urgent.")
    alert_if_urgent(incident)


def feoas_for(incident: Incident) -> list[User]:
    force_id = incident.candidacy.force_id if incident.candidacy else None
    if force_id is None:
        return []
    return list(db.session.scalars(select(User).where(
        User.role == Role.FEOA.value, User.force_id == force_id, User.active.is_(True)).order_by(User.id)))


def _feoa_link(incident: Incident) -> str:
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    adapter = current_app.url_map.bind("campaignsafe")
    # The FEOA's screens (issue 7) own the page; until they exist the link opens the app.
    candidates = (("feoa.incident", {"incident_id": incident.id}),
                  ("feoa.incident_detail", {"incident_id": incident.id}), ("feoa.dashboard", {}))
    for endpoint, values in candidates:
        try:
            return base + adapter.build(endpoint, values)
        except BuildError:
            continue
    return base + "/"


def alert_if_urgent(incident: Incident) -> int:
    """An urgent, shared incident of a consenting candidate: SMS and email each FEOA of the force at once
    (email only, marked unconfirmed, when no election office has confirmed the candidate).

    Idempotent per incident and FEOA (dedupe key incident-urgent:<incident>:<feoa>). Returns messages added.
    """
    candidacy = incident.candidacy
    if not (incident.urgent and incident.shared_with_feoa and candidacy is not None and candidacy.feoa_consent):
        return 0
    unconfirmed = not candidacy.is_nominated
    values = {"candidate": candidacy.user.display_name, "category": incident.category_label,
              "link": _feoa_link(incident), "occurred": format_london(incident.occurred_at),
              "unconfirmed": unconfirmed}
    added = 0
    for feoa in feoas_for(incident):
        key = f"incident-urgent:{incident.id}:{feoa.id}"
        if feoa.mobile and not unconfirmed:
            added += enqueue(channel="sms", recipient=feoa.mobile, template="incident_urgent", values=values,
                             dedupe_key=key + ":sms", user_id=feoa.id)
        added += enqueue(channel="email", recipient=feoa.email, template="incident_urgent", values=values,
                         dedupe_key=key + ":email", user_id=feoa.id)
    return added
