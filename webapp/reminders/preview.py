"""The hour-before text as it will read, for the note form's live preview."""

from flask import render_template

from webapp.reminders.content import base_values, fit_place
from webapp.reminders.people import people_for


def hour_before_preview(activity, note: str) -> dict:
    """{"text": with the note, "base": the same text without it (the script appends the note)}."""
    organiser = people_for(activity)[0]
    values = fit_place("reminder_hour_before", base_values(activity, organiser, ""))
    base = render_template("messages/reminder_hour_before.sms.txt", **values).strip()
    text = render_template("messages/reminder_hour_before.sms.txt", **{**values, "note": note}).strip()
    return {"text": text, "base": base}
