"""How a message's status and kind read on a page."""

import phonenumbers

from webapp.notify.reasons import reason_for
from webapp.phones import format_for_display

KIND_LABELS = {
    "reminder-evening": "Plan and checklist email",  # the evening before; on the day if planned late
    "reminder-hour-before": "Text an hour before",
    "reminder-start": "Text at the start",
    "reminder-aftercare": "Aftercare check",
    "session-reminder": "Check-in reminder",
    "session-are-you-ok": "\"Are you OK?\" after a missed check-in",
    "session-alert": "Safety alert to a contact",
    "session-all-clear": "All-clear to a contact",
}

STATUS_TAGS = {
    "created": ("Scheduled", ""),
    "sending": ("Sending", "tag-warn"),
    "delivered": ("Delivered", "tag-ok"),
    "temporary-failure": ("Not delivered", "tag-danger"),
    "permanent-failure": ("Failed", "tag-danger"),
    "technical-failure": ("Failed", "tag-danger"),
    "cancelled": ("Cancelled", ""),
    "expired": ("Not sent (too late)", ""),
}

PENDING = {"created", "sending"}


def status_label(message) -> str:
    if message.status == "created" and message.attempts:
        return "Retrying soon"
    if message.status == "sending" and message.sent_at is not None:
        return "Sent"
    return STATUS_TAGS.get(message.status, (message.status, ""))[0]


def status_class(message) -> str:
    return STATUS_TAGS.get(message.status, ("", ""))[1]


def kind_label(message) -> str:
    if message.kind in KIND_LABELS:
        return KIND_LABELS[message.kind]
    return "Text message" if message.channel == "sms" else "Email"


def message_reason(message) -> str:
    return reason_for(message.status, message.error_code)


def recipient_label(message) -> str:
    if message.channel == "sms":
        try:
            return format_for_display(message.recipient)
        except phonenumbers.NumberParseException:  # a number Twilio refused may not parse: show it as stored
            return message.recipient
    return message.recipient


def init_app(app) -> None:
    app.jinja_env.filters["message_recipient"] = recipient_label
    app.jinja_env.filters["message_status"] = status_label
    app.jinja_env.filters["message_status_class"] = status_class
    app.jinja_env.filters["message_kind"] = kind_label
    app.jinja_env.filters["message_reason"] = message_reason
