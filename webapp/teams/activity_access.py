"""Who may see and change an activity: its owner, and the team of the candidate who owns it.

Owners and organisers of that team may edit; members may view and say whether they are coming.
Asked of the database on every request, so leaving or being removed hides plans at once.
"""

from flask import abort

from webapp.access import mark_checked
from webapp.extensions import db
from webapp.models import Activity
from webapp.models.teams import MANAGERS, OWNER
from webapp.teams.access import shared_with

VIEW, EDIT = "view", "edit"


def activity_role(activity: Activity, user) -> str | None:
    """'owner', 'organiser' or 'member' for someone who may see the activity; None otherwise."""
    if user is None or not user.is_authenticated:
        return None
    if activity.owner_id == user.id:
        return OWNER
    membership = shared_with(user, activity.owner_id)
    return membership.role if membership is not None else None


def can_edit(activity: Activity, user) -> bool:
    return activity_role(activity, user) in MANAGERS


def visible_activity_or_404(activity_id: int, user, need: str = VIEW) -> Activity:
    """The activity if `user` may see it (404 otherwise); 403 when they may see but not edit."""
    activity = db.session.get(Activity, activity_id)
    role = activity_role(activity, user) if activity is not None else None
    if role is None:
        abort(404)
    if need == EDIT and role not in MANAGERS:
        abort(403)
    mark_checked("activity_id")
    return activity
