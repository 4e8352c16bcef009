"""Everything for one printed day: who goes where and when, meeting points, check-ins, numbers."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from webapp.extensions import db
from webapp.models import Activity
from webapp.plans.access import visible_to
from webapp.teams.cards import cards_for
from webapp.timeutil import london_day_bounds

DEFAULT_CHECK_IN_MINUTES = 60


@dataclass
class PlannedActivity:
    activity: Activity
    people: list[tuple[str, str | None]]
    check_ins: list[datetime]
    hazards: list = field(default_factory=list)
    alone_prompt: object = None  # webapp.plans.prompts.Prompt, worded for the reader


def check_in_times(activity: Activity) -> list[datetime]:
    """Start, then every interval, then the expected end (the times someone should hear from them)."""
    minutes = getattr(activity, "check_in_minutes", None) or DEFAULT_CHECK_IN_MINUTES
    times, moment = [], activity.starts_at
    while moment < activity.ends_at:
        times.append(moment)
        moment += timedelta(minutes=minutes)
    times.append(activity.ends_at)
    return times


def day_plan(user, day: date) -> list[PlannedActivity]:
    start, end = london_day_bounds(day)
    activities = list(db.session.scalars(select(Activity).where(
        visible_to(user), Activity.cancelled_at.is_(None),
        Activity.starts_at < end, Activity.ends_at > start).options(selectinload(Activity.owner), selectinload(Activity.companions))
        .order_by(Activity.starts_at)))
    plan = []
    for card in cards_for(activities, user):
        activity = card.activity
        people = [(activity.owner.display_name, activity.owner.mobile)]
        people += [(a.display_name, a.user.mobile) for a in card.going]
        people += [(guest.name, guest.mobile) for guest in card.guests]
        plan.append(PlannedActivity(activity, people, check_in_times(activity), card.hazards, card.alone_prompt))
    return plan
