"""The single place that decides which activities a person may see."""

from flask import abort
from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import selectinload

from webapp.access import mark_checked
from webapp.extensions import db
from webapp.models import Activity, ActivityAttendee, User
from webapp.teams.activity_access import can_edit
from webapp.teams.planning import visible_clause


def visible_to(user: User) -> ColumnElement[bool]:
    """The condition an activity must meet for `user` to see it: they own it, or they are in the
    team of the candidate who owns it (asked of the database each time: leaving hides it at once)."""
    return visible_clause(user)


def visible_activities(user: User) -> Select:
    """A query for every activity `user` may see, with companions loaded in one more query."""
    return select(Activity).where(visible_to(user)).options(
        selectinload(Activity.companions), selectinload(Activity.attendees).selectinload(ActivityAttendee.user))


def get_activity_or_404(activity_id: int, user: User) -> Activity:
    """The activity if `user` may see it; otherwise 404, so others' plans are not even confirmed to exist."""
    activity = db.session.scalar(visible_activities(user).where(Activity.id == activity_id))
    if activity is None:
        abort(404)
    mark_checked("activity_id")
    return activity


def can_change(activity: Activity, user: User) -> bool:
    """The owner and the organisers of the owner's team edit or cancel a plan; members only view it."""
    return can_edit(activity, user)
