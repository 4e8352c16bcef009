"""What each reminder says, on which channel, to whom. Texts aim for one SMS segment."""

import zlib

from flask import current_app, render_template

from webapp.notify.sms import sms_length
from webapp.reminders.people import Person
from webapp.timeutil import format_london

SHORT_KINDS = {
    "canvassing": "Canvassing", "stall": "Street stall", "leafleting": "Leafleting", "hustings": "Hustings",
    "public_meeting": "Public meeting", "surgery": "Surgery", "other": "Campaigning",
}
MIN_PLACE = 12
TEMPLATES = {"evening": "reminder_evening", "hour-before": "reminder_hour_before",
             "start": "reminder_start", "aftercare": "reminder_aftercare"}
EMAIL_SUBJECTS = {
    "hour-before": "Safety reminder: {kind} in an hour",
    "start": "{kind} starts now",
    "aftercare": "All OK after {kind}?",
}


def activity_url(activity) -> str:
    return f"{current_app.config['PUBLIC_BASE_URL'].rstrip('/')}/activities/{activity.id}"


def session_start_url(activity) -> str:
    return f"{current_app.config['PUBLIC_BASE_URL'].rstrip('/')}/sessions/new?activity={activity.id}"


def plan_version(activity) -> str:
    """What a "Plan changed" message is about: the start time and the meeting point."""
    return f"{activity.starts_at:%Y%m%d%H%M}-{zlib.crc32(activity.meeting_point.encode()):08x}"


def base_values(activity, person: Person, note: str) -> dict:
    return {
        "name": person.name,
        "kind": SHORT_KINDS.get(activity.kind, activity.kind_label),
        "kind_label": activity.kind_label,
        "organiser": activity.owner.display_name,
        "is_organiser": person.user_id == activity.owner_id,
        "time": format_london(activity.starts_at, "%H:%M"),
        "when": format_london(activity.starts_at, "%A %-d %B, %H:%M"),
        "ends": format_london(activity.ends_at, "%H:%M"),
        "place": activity.meeting_point,
        "area": activity.area or "",
        "companions": [c.name for c in activity.companions],
        "link": activity_url(activity) if person.has_account else "",
        # The start-time text offers the organiser a safety session for this activity.
        "session_link": session_start_url(activity) if person.user_id == activity.owner_id else "",
        "note": note,
        "plan_version": plan_version(activity),  # what the person was told (see planner: "Plan changed")
    }


def fit_place(template: str, values: dict) -> dict:
    """Shorten the meeting point (never the safety words) until the text without a note fits one segment."""
    text = render_template(f"messages/{template}.sms.txt", **{**values, "note": ""}).strip()
    overflow = sms_length(text)["characters"] - 160
    if overflow > 0:
        keep = max(MIN_PLACE, len(values["place"]) - overflow - 3)
        if keep < len(values["place"]):
            values = {**values, "place": values["place"][:keep].rstrip() + "..."}
    return values


def message_for(kind: str, activity, person: Person, note: str, opted_out: bool) -> tuple[str, str, str, dict] | None:
    """(channel, recipient, template, values), or None if this person can't get this one."""
    values = base_values(activity, person, note)
    if kind == "evening":
        return ("email", person.email, TEMPLATES[kind], values) if person.email else None
    if person.mobile and not opted_out:
        return "sms", person.mobile, TEMPLATES[kind], fit_place(TEMPLATES[kind], values)
    if person.email:  # no usable mobile: the same words by email
        text = render_template(f"messages/{TEMPLATES[kind]}.sms.txt", **values).strip()
        subject = EMAIL_SUBJECTS[kind].format(kind=values["kind"])
        return "email", person.email, "reminder_by_email", {**values, "subject": subject, "text": text}
    return None


def plan_changed_message(activity, person: Person, opted_out: bool) -> tuple[str, str, str, dict] | None:
    """The short "Plan changed" message: a text, or the same words by email without a usable mobile."""
    values = fit_place("plan_changed", base_values(activity, person, ""))
    if person.mobile and not opted_out:
        return "sms", person.mobile, "plan_changed", values
    if person.email:
        text = render_template("messages/plan_changed.sms.txt", **values).strip()
        subject = f"Plan changed: {values['kind']} {values['when']}"
        return "email", person.email, "reminder_by_email", {**values, "subject": subject, "text": text}
    return None
