"""Creating, changing and cancelling activity plans: every write to an activity goes through here,
so whatever follows from a change (reminders, later) happens in the same transaction.

Each function changes the activity in the caller's transaction; the caller commits."""

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.models import Activity, Companion, User
from webapp.reminders.planner import plan_activity_reminders
from webapp.teams.attendance import set_team_attendees

FIELDS = ("kind", "starts_at", "ends_at", "meeting_point", "area", "postcode", "notes")


def _apply(activity: Activity, data: dict) -> None:
    for name in FIELDS:
        setattr(activity, name, data[name])
    activity.companions = [Companion(name=c["name"], mobile=c.get("mobile")) for c in data.get("companions", [])]


def create_activity(owner: User, data: dict) -> Activity:
    """Plan a new activity for `owner` from validated data (times as aware UTC datetimes).
    `owner` is the candidate whose campaign it is, also when an organiser plans it for them."""
    activity = Activity(owner_id=owner.id)
    _apply(activity, data)
    db.session.add(activity)
    db.session.flush()
    set_team_attendees(activity, data.get("attendee_ids", []))
    plan_activity_reminders(activity)
    return activity


def update_activity(activity: Activity, data: dict) -> Activity:
    _apply(activity, data)
    set_team_attendees(activity, data.get("attendee_ids", []))
    plan_activity_reminders(activity)
    return activity


def cancel_activity(activity: Activity) -> bool:
    """Mark the activity cancelled (it stays in the list, marked). False if it already was."""
    if activity.is_cancelled:
        return False
    activity.cancelled_at = utcnow()
    plan_activity_reminders(activity)
    return True
