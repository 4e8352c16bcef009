"""Reading lists of activities: upcoming first, past below, and the next one for the dashboard."""

from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

from sqlalchemy import Integer, Select, and_, bindparam, func, or_, select
from sqlalchemy.orm import aliased

from webapp.daylight import LONDON, Place, place_at
from webapp.extensions import db
from webapp.models import Activity, ActivityAttendee, Candidacy, Companion, Force, User
from webapp.models.activities import ACTIVITY_KINDS
from webapp.models.teams import GOING
from webapp.teams.planning import visible_to_viewer
from webapp.timeutil import UTCDateTime, london_day_bounds

UPCOMING_LIMIT = 20
PAST_PAGE_SIZE = 10


@dataclass(frozen=True, slots=True)
class ListedActivity:
    """One row of the list: only what the list shows, not the whole plan."""

    id: int
    kind: str
    starts_at: datetime
    ends_at: datetime
    meeting_point: str
    area: str | None
    cancelled_at: datetime | None
    owner_id: int
    going_along: int

    @property
    def kind_label(self) -> str:
        return ACTIVITY_KINDS.get(self.kind, self.kind)


@dataclass(frozen=True, slots=True)
class NextActivity(ListedActivity):
    """The dashboard's next activity: the list row, whether anyone going can be reached, who owns it
    (its prompts are about the owner), and where its sun times are taken (the owner's candidacy force)."""

    someone_going_has_a_mobile: bool
    owner_name: str
    owner_has_emergency_contact: bool
    place: Place = field(default=LONDON)


@dataclass
class ActivityLists:
    upcoming: list[ListedActivity]
    upcoming_truncated: bool
    past: list[ListedActivity]
    page: int
    has_older: bool
    owner_names: dict[int, str]  # whose campaign, for rows that are not the viewer's own

    @property
    def empty(self) -> bool:
        return not self.upcoming and not self.past and self.page == 1


@cache  # SQL expressions are immutable: build them once, not on every page view
def _going_along():
    """How many people go along: team members who said they'll come, plus named companions
    (correlated counts, so each list is one statement whatever the number of rows)."""
    companions = (select(func.count(Companion.id)).where(Companion.activity_id == Activity.id)
                  .correlate(Activity).scalar_subquery())
    attendees = (select(func.count(ActivityAttendee.id))
                 .where(ActivityAttendee.activity_id == Activity.id, ActivityAttendee.response == GOING)
                 .correlate(Activity).scalar_subquery())
    return companions + attendees


@cache
def _someone_going_has_a_mobile():
    """A companion, or a team member who said they'll come, has a mobile number."""
    companion = select(Companion.id).where(Companion.activity_id == Activity.id, _filled(Companion.mobile))
    attendee = (select(ActivityAttendee.id).join(User, User.id == ActivityAttendee.user_id)
                .where(ActivityAttendee.activity_id == Activity.id, ActivityAttendee.response == GOING,
                       _filled(User.mobile)))
    return or_(companion.exists(), attendee.exists())


def _filled(column):
    return and_(column.is_not(None), column != "")


LISTED_COLUMNS = (Activity.id, Activity.kind, Activity.starts_at, Activity.ends_at, Activity.meeting_point,
                  Activity.area, Activity.cancelled_at, Activity.owner_id)

# The statements below are built once and run with these parameters: building a statement of
# this size, and SQLAlchemy's cache key for it, cost more than running it on SQLite.
VIEWER = bindparam("viewer_id", type_=Integer)
NOW = bindparam("now", type_=UTCDateTime())


@cache
def _list_statement(*, upcoming: bool, kind: bool, date_from: bool, date_to: bool) -> Select:
    """One list (upcoming or past) for the filters in use; `skip` pages the past list."""
    query = select(*LISTED_COLUMNS, _going_along()).where(visible_to_viewer(VIEWER))
    if kind:
        query = query.where(Activity.kind == bindparam("kind"))
    if date_from:
        query = query.where(Activity.starts_at >= bindparam("from_utc", type_=UTCDateTime()))
    if date_to:
        query = query.where(Activity.starts_at < bindparam("to_utc", type_=UTCDateTime()))
    if upcoming:
        return query.where(Activity.ends_at >= NOW).order_by(Activity.starts_at, Activity.id).limit(UPCOMING_LIMIT + 1)
    return (query.where(Activity.ends_at < NOW).order_by(Activity.starts_at.desc(), Activity.id.desc())
            .offset(bindparam("skip", type_=Integer)).limit(PAST_PAGE_SIZE + 1))


def _rows(query: Select, parameters: dict) -> list[ListedActivity]:
    return [ListedActivity(*row) for row in db.session.execute(query, parameters)]


def _names_of_other_owners(rows: list[ListedActivity], viewer_id: int) -> dict[int, str]:
    """Names for the rows from someone else's campaign (a team member's list): none to look up, and
    no query, for a candidate's own list."""
    others = {row.owner_id for row in rows} - {viewer_id}
    return dict(db.session.execute(select(User.id, User.display_name).where(User.id.in_(others))).all()) if others else {}


def activity_lists(user: User, now: datetime, *, kind=None, date_from=None, date_to=None, page=1) -> ActivityLists:
    shape = {"kind": bool(kind), "date_from": bool(date_from), "date_to": bool(date_to)}
    parameters = {"viewer_id": user.id, "now": now, "kind": kind, "skip": (page - 1) * PAST_PAGE_SIZE}
    if date_from:
        parameters["from_utc"] = london_day_bounds(date_from)[0]
    if date_to:
        parameters["to_utc"] = london_day_bounds(date_to)[1]
    upcoming = _rows(_list_statement(upcoming=True, **shape), parameters)
    past = _rows(_list_statement(upcoming=False, **shape), parameters)
    upcoming, upcoming_truncated = upcoming[:UPCOMING_LIMIT], len(upcoming) > UPCOMING_LIMIT
    past, has_older = past[:PAST_PAGE_SIZE], len(past) > PAST_PAGE_SIZE
    return ActivityLists(upcoming=upcoming, upcoming_truncated=upcoming_truncated, past=past, page=page,
                         has_older=has_older, owner_names=_names_of_other_owners(upcoming + past, user.id))


@cache
def _next_activity_statement() -> Select:
    """The soonest activity not yet finished and not cancelled, with who is going, and how many
    such activities there are: one statement (the count is an uncorrelated subquery, run once; the
    owner's force is an outer join, since an owner may have no candidacy or no force)."""
    still_to_come = (visible_to_viewer(VIEWER), Activity.ends_at >= NOW, Activity.cancelled_at.is_(None))
    how_many = select(func.count(Activity.id)).where(*still_to_come).scalar_subquery()
    owner = aliased(User, name="owner")  # not User itself: the mobile subquery must not correlate to it
    return (select(*LISTED_COLUMNS, _going_along(), _someone_going_has_a_mobile(), owner.display_name,
                   owner.has_emergency_contact, Force.latitude, Force.longitude, how_many)
            .join(owner, owner.id == Activity.owner_id)
            .outerjoin(Candidacy, Candidacy.user_id == Activity.owner_id)
            .outerjoin(Force, Force.id == Candidacy.force_id)
            .where(*still_to_come).order_by(Activity.starts_at, Activity.id).limit(1))


def next_activity(user: User, now: datetime) -> tuple[NextActivity | None, int]:
    """The dashboard's next activity and how many are still to come (None, 0 if nothing is)."""
    row = db.session.execute(_next_activity_statement(), {"viewer_id": user.id, "now": now}).first()
    if row is None:
        return None, 0
    *listed, has_contact, latitude, longitude, how_many_found = row
    return NextActivity(*listed, bool(has_contact), place=place_at(latitude, longitude)), how_many_found
