"""Reading lists of activities: upcoming first, past below, and the next one for the dashboard."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, func, select

from webapp.extensions import db
from webapp.models import Activity, ActivityAttendee, Companion, User
from webapp.models.teams import GOING
from webapp.plans.access import visible_activities, visible_to
from webapp.timeutil import london_day_bounds

UPCOMING_LIMIT = 20
PAST_PAGE_SIZE = 10


@dataclass
class ListedActivity:
    activity: Activity
    going_along: int


@dataclass
class ActivityLists:
    upcoming: list[ListedActivity]
    upcoming_truncated: bool
    past: list[ListedActivity]
    page: int
    has_older: bool

    @property
    def empty(self) -> bool:
        return not self.upcoming and not self.past and self.page == 1


def _filtered(query: Select, kind: str | None, date_from: date | None, date_to: date | None) -> Select:
    if kind:
        query = query.where(Activity.kind == kind)
    if date_from:
        query = query.where(Activity.starts_at >= london_day_bounds(date_from)[0])
    if date_to:
        query = query.where(Activity.starts_at < london_day_bounds(date_to)[1])
    return query


def _going_along_counts(activities: list[Activity]) -> dict[int, int]:
    """How many people go along on each listed activity (team members who said they'll come, plus
    named companions), in two grouped queries whatever the number of rows."""
    if not activities:
        return {}
    ids = [a.id for a in activities]
    counts: dict[int, int] = {}
    for query in (
        select(Companion.activity_id, func.count(Companion.id))
        .where(Companion.activity_id.in_(ids)).group_by(Companion.activity_id),
        select(ActivityAttendee.activity_id, func.count(ActivityAttendee.id))
        .where(ActivityAttendee.activity_id.in_(ids), ActivityAttendee.response == GOING)
        .group_by(ActivityAttendee.activity_id),
    ):
        for activity_id, count in db.session.execute(query):
            counts[activity_id] = counts.get(activity_id, 0) + count
    return counts


def activity_lists(user: User, now: datetime, *, kind=None, date_from=None, date_to=None, page=1) -> ActivityLists:
    base = _filtered(select(Activity).where(visible_to(user)), kind, date_from, date_to)
    upcoming = list(db.session.scalars(
        base.where(Activity.ends_at >= now).order_by(Activity.starts_at, Activity.id).limit(UPCOMING_LIMIT + 1)))
    past = list(db.session.scalars(
        base.where(Activity.ends_at < now).order_by(Activity.starts_at.desc(), Activity.id.desc())
        .offset((page - 1) * PAST_PAGE_SIZE).limit(PAST_PAGE_SIZE + 1)))
    more_upcoming, has_older = len(upcoming) > UPCOMING_LIMIT, len(past) > PAST_PAGE_SIZE
    upcoming, past = upcoming[:UPCOMING_LIMIT], past[:PAST_PAGE_SIZE]
    counts = _going_along_counts(upcoming + past)
    return ActivityLists(
        upcoming=[ListedActivity(a, counts.get(a.id, 0)) for a in upcoming], upcoming_truncated=more_upcoming,
        past=[ListedActivity(a, counts.get(a.id, 0)) for a in past], page=page, has_older=has_older,
    )


def next_activity(user: User, now: datetime) -> tuple[Activity | None, int]:
    """The soonest activity not yet finished and not cancelled, and how many such activities there
    are (a window count in the same statement: one round trip instead of two)."""
    query = (visible_activities(user)
             .add_columns(func.count().over())
             .where(Activity.ends_at >= now, Activity.cancelled_at.is_(None))
             .order_by(Activity.starts_at, Activity.id).limit(1))
    row = db.session.execute(query).first()
    return (row[0], row[1]) if row else (None, 0)
