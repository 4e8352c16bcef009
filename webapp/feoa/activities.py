"""Upcoming higher-risk activity for an FEOA: going alone, after dark, or a recent incident.

Only time, kind, area and team size leave this module: never notes or do-not-knock notes.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, false, func, or_, select

from webapp.daylight import Place, is_after_dark, place_of, sun_times
from webapp.extensions import db
from webapp.feoa.scope import visible_condition
from webapp.models import ACTIVITY_KINDS, Activity, ActivityAttendee, Candidacy, Companion, User
from webapp.models.teams import GOING
from webapp.timeutil import london_day_bounds, to_london

WINDOW = timedelta(hours=48)


@dataclass
class RiskyActivity:
    id: int
    candidacy_id: int
    candidate: str
    kind: str
    starts_at: datetime
    ends_at: datetime
    area: str
    team_size: int
    reasons: list[str]

    @property
    def kind_label(self) -> str:
        return ACTIVITY_KINDS.get(self.kind, self.kind)


def _london_days(start: datetime, end: datetime) -> list[date]:
    first, last = to_london(start).date(), to_london(end).date()
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _after_dark_condition(days: list[date], place: Place):
    """webapp.daylight's rule in SQL: per London start day, starts before sunrise or ends after sunset at `place`."""
    clauses = []
    for day in days:
        day_start, day_end = london_day_bounds(day)
        sunrise, sunset = sun_times(day, place)
        clauses.append(and_(Activity.starts_at >= day_start, Activity.starts_at < day_end,
                            or_(Activity.ends_at > sunset, Activity.starts_at < sunrise)))
    return or_(*clauses) if clauses else false()


def _companion_count():
    """Everyone going besides the organiser: named companions and team members who said they are going."""
    named = select(func.count(Companion.id)).where(Companion.activity_id == Activity.id).scalar_subquery()
    going = (select(func.count(ActivityAttendee.id))
             .where(ActivityAttendee.activity_id == Activity.id, ActivityAttendee.response == GOING).scalar_subquery())
    return named + going


def _recent_incident_condition(now: datetime, feoa: User):
    from webapp.feoa.shared import recent_shared_incident_condition

    return recent_shared_incident_condition(now, feoa)


def _feoa_place(feoa: User) -> Place:
    """The list is per force, so its sun times are the FEOA's own force's (London if it has none)."""
    return place_of(feoa.force)


def risky_query(feoa: User, start: datetime, end: datetime, place: Place):
    # "owner in (the force's visible candidates)" lets PostgreSQL hash the few thousand visible ids
    # once and walk the time window in order, instead of joining row by row.
    visible_owners = select(Candidacy.user_id).join(User, User.id == Candidacy.user_id).where(visible_condition(feoa))
    companions = _companion_count()
    # A per-row count (an index probe) rather than NOT EXISTS, which PostgreSQL turns into a hash of
    # the whole companion table.
    alone = companions == 0
    recent = _recent_incident_condition(start, feoa)
    return (
        select(Activity.id, Candidacy.id, User.name, Activity.kind, Activity.starts_at, Activity.ends_at,
               Activity.area, companions.label("companions"), recent.label("recent_incident"))
        .join(User, User.id == Activity.owner_id)
        .join(Candidacy, Candidacy.user_id == Activity.owner_id)
        .where(Activity.owner_id.in_(visible_owners), Activity.cancelled_at.is_(None),
               Activity.starts_at >= start, Activity.starts_at < end,
               or_(alone, _after_dark_condition(_london_days(start, end), place), recent))
        # Ordering by an expression keeps PostgreSQL from walking the whole window in index order
        # and probing each row's owner (LIMIT makes that plan look cheap; it is not).
        .order_by(func.coalesce(Activity.starts_at, Activity.ends_at), Activity.id)
    )


def _row(row, place: Place) -> RiskyActivity:
    activity_id, candidacy_id, name, kind, starts_at, ends_at, area, companions, recent = row
    reasons = []
    if companions == 0:
        reasons.append("Going alone")
    if is_after_dark(starts_at, ends_at, place):
        reasons.append("After dark")
    if recent:
        reasons.append("Recent incident")
    return RiskyActivity(activity_id, candidacy_id, name, kind, starts_at, ends_at, area or "", 1 + companions, reasons)


def risky_activities(feoa: User, start: datetime, end: datetime, *, page: int = 1, page_size: int = 25):
    place = _feoa_place(feoa)
    query = risky_query(feoa, start, end, place).offset((page - 1) * page_size).limit(page_size + 1)
    rows = [_row(r, place) for r in db.session.execute(query)]
    return rows[:page_size], len(rows) > page_size


def risky_with_total(feoa: User, start: datetime, end: datetime, *, limit: int) -> tuple[list[RiskyActivity], int]:
    """The first `limit` rows and how many there are in all, in one query (a window count)."""
    place = _feoa_place(feoa)
    query = risky_query(feoa, start, end, place)
    query = query.add_columns(func.count().over().label("total")).limit(limit)
    rows = db.session.execute(query).all()
    return [_row(r[:-1], place) for r in rows], (rows[0][-1] if rows else 0)
