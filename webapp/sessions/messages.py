"""The texts and emails a session causes, written to the outbox in the caller's transaction.

Session messages are urgent (quiet hours never hold them back). Escalation dedupe keys name the
session, check-in round, reason, tier and recipient, so no number of jobs processes sends one twice.
"""

import hashlib
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Message
from webapp.models.sessions import LocationPoint, SafetySession
from webapp.notify.outbox import cancel_unsent, enqueue
from webapp.phones import format_for_display
from webapp.sessions import links
from webapp.sessions.contacts import Contact, escalation_contacts
from webapp.timeutil import format_london

REASONS = {
    "missed": "has missed a check-in",
    "overrun": "has not ended their session by the time they expected to",
    "sos": "has pressed SOS",
    "duress": "may be in danger (they used their duress code)",
}


def _digest(recipient: str) -> str:
    return hashlib.sha256(recipient.lower().encode()).hexdigest()[:16]


def last_location(session: SafetySession) -> LocationPoint | None:
    if not session.location_sharing:
        return None
    return db.session.scalar(
        select(LocationPoint).where(LocationPoint.session_id == session.id)
        .order_by(LocationPoint.at.desc(), LocationPoint.id.desc()).limit(1)
    )


def _location_values(session: SafetySession) -> dict:
    point = last_location(session)
    if point is None:
        return {"location": "", "map_link": ""}
    accuracy = f" (within about {round(point.accuracy_m)} m)" if point.accuracy_m else ""
    return {
        "location": f"{point.latitude:.5f}, {point.longitude:.5f}{accuracy} at {format_london(point.at, '%H:%M')}",
        "map_link": f"https://www.openstreetmap.org/?mlat={point.latitude:.5f}&mlon={point.longitude:.5f}#map=17/"
                    f"{point.latitude:.5f}/{point.longitude:.5f}",
    }


def session_values(session: SafetySession) -> dict:
    """What every contact message says about the person and where they are."""
    activity = session.activity
    last = session.last_check_in_at
    return {
        "person": session.user.display_name,
        "person_mobile": format_for_display(session.user.mobile) or "not on record",
        "title": session.title,
        "meeting_point": activity.meeting_point if activity else session.place,
        "area": (activity.area if activity else "") or "",
        "going_to": session.going_to or "",
        "last_check_in": format_london(last, "%H:%M") if last else "none yet (started at "
        + format_london(session.started_at, "%H:%M") + ")",
        **_location_values(session),
    }


def _send_to(contact: Contact, *, key: str, template: str, values: dict, session: SafetySession,
             due_at: datetime | None = None) -> None:
    for channel, recipient in (("sms", contact.mobile), ("email", contact.email)):
        if recipient:
            enqueue(channel=channel, recipient=recipient, template=template, kind="session-alert", urgent=True,
                    due_at=due_at,
                    values={**values, "contact_name": contact.name},
                    dedupe_key=f"{key}:{channel}:{_digest(recipient)}",
                    user_id=session.user_id, activity_id=session.activity_id)


def enqueue_alerts(session: SafetySession, tiers: tuple[int, ...], reason: str,
                   due_at: datetime | None = None) -> list[Contact]:
    """Alert every reachable contact in `tiers`; returns who was alerted. `due_at` is when the step
    was due (deadline + grace for tier 1): past, so sent at once, and the start of the escalation
    latency /metrics reports. None (SOS, duress) means now."""
    contacts = escalation_contacts(session)
    base = {**session_values(session), "reason": REASONS[reason], "kind": reason}
    alerted = []
    for tier in tiers:
        for contact in contacts[tier]:
            if not contact.reachable:
                continue
            recipient = contact.mobile or contact.email
            values = {**base, "tier": tier,
                      "ack_link": links.acknowledge_url(session, contact.name, recipient)}
            _send_to(contact, key=f"escalation:{session.id}:{session.check_in_seq}:{reason}:{tier}",
                     template="session_alert", values=values, session=session, due_at=due_at)
            alerted.append(contact)
    return alerted


def enqueue_all_clear(session: SafetySession, round_seq: int, said: str = "has checked in") -> int:
    """Tell everyone alerted in this round that the person is safe. Returns how many messages."""
    rows = db.session.execute(
        select(Message.channel, Message.recipient, Message.values)
        .where(Message.dedupe_key.like(f"escalation:{session.id}:{round_seq}:%"))
    ).all()
    values = {**session_values(session), "said": said}
    for channel, recipient, sent_values in rows:
        enqueue(channel=channel, recipient=recipient, template="session_all_clear", kind="session-all-clear",
                urgent=True,
                values={**values, "contact_name": (sent_values or {}).get("contact_name", "")},
                dedupe_key=f"allclear:{session.id}:{round_seq}:{channel}:{_digest(recipient)}",
                user_id=session.user_id, activity_id=session.activity_id)
    return len(rows)


def enqueue_reminder(session: SafetySession) -> bool:
    """A check-in link shortly before it is due: by text, or by email for someone with no mobile."""
    person = session.user
    channel, recipient = ("sms", person.mobile) if person.mobile else ("email", person.email)
    if not recipient:
        return False
    enqueue(channel=channel, recipient=recipient, template="session_reminder", kind="session-reminder",
            urgent=True,
            values={"due": format_london(session.deadline_at, "%H:%M"), "title": session.title,
                    "link": links.check_in_url(session)},
            dedupe_key=f"session-reminder:{session.id}:{session.check_in_seq}",
            expires_at=session.deadline_at, user_id=session.user_id, activity_id=session.activity_id)
    return True


def enqueue_are_you_ok(session: SafetySession, reason: str) -> bool:
    """The last nudge to the person before their contacts are alerted: a text and an email."""
    alert_at = session.escalate_at or session.deadline_at + timedelta(
        minutes=current_app.config["SESSION_GRACE_MINUTES"])
    values = {"link": links.check_in_url(session), "reason": reason, "title": session.title,
              "name": session.user.display_name, "alert_at": format_london(alert_at, "%H:%M")}
    sent = False
    for channel, recipient in (("sms", session.user.mobile), ("email", session.user.email)):
        if recipient:
            enqueue(channel=channel, recipient=recipient, template="session_are_you_ok", values=values,
                    kind="session-are-you-ok", urgent=True,
                    dedupe_key=f"session-are-you-ok:{session.id}:{session.check_in_seq}:{channel}",
                    user_id=session.user_id, activity_id=session.activity_id)
            sent = True
    return sent


def cancel_nudges(session: SafetySession) -> int:
    """Once the person has checked in or ended, unsent reminders for this round would only confuse."""
    return cancel_unsent(Message.dedupe_key.in_([
        f"session-reminder:{session.id}:{session.check_in_seq}",
        f"session-are-you-ok:{session.id}:{session.check_in_seq}:sms",
        f"session-are-you-ok:{session.id}:{session.check_in_seq}:email",
    ]))
