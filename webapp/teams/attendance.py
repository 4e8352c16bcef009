"""Who is going on an activity: "I'll come" / "I can't make it", and who goes with the candidate."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.models import Activity, ActivityAttendee, Companion
from webapp.models.teams import GOING, NOT_GOING
from webapp.plans.access import changeable_by, visible_to
from webapp.upsert import get_or_create


def attendees(activity: Activity) -> list[ActivityAttendee]:
    return list(db.session.scalars(select(ActivityAttendee).where(
        ActivityAttendee.activity_id == activity.id).order_by(ActivityAttendee.id)))



def respond(activity: Activity, user, answer: str) -> ActivityAttendee:
    if answer not in {GOING, NOT_GOING}:
        raise ValueError(answer)
    row = get_or_create(ActivityAttendee, {"activity_id": activity.id, "user_id": user.id}, response=answer)
    row.response = answer
    row.responded_at = utcnow()
    db.session.flush()
    return row


def set_team_attendees(activity: Activity, user_ids: list[int]) -> None:
    """Make exactly these team members attendees (going); "can't make it" answers of others are kept."""
    wanted = set(user_ids)
    for row in attendees(activity):
        if row.user_id is not None and row.user_id not in wanted and row.response == GOING:
            db.session.delete(row)
    existing = {row.user_id for row in attendees(activity)}
    for user_id in wanted - existing:
        db.session.add(ActivityAttendee(activity_id=activity.id, user_id=user_id, response=GOING,
                                        responded_at=utcnow()))
    for row in attendees(activity):
        if row.user_id in wanted:
            row.response = GOING
    db.session.flush()


def upcoming_for(user) -> list[Activity]:
    """Activities not yet over and not cancelled, of the user and of every team they are in."""
    return list(db.session.scalars(select(Activity).where(
        visible_to(user), Activity.cancelled_at.is_(None),
        Activity.ends_at > utcnow()).options(selectinload(Activity.owner), selectinload(Activity.companions)).order_by(Activity.starts_at)))


def unaccompanied_for_organiser(user) -> list[Activity]:
    """Upcoming activities the user may change (their own, and those of teams they organise) where nobody
    goes with the candidate."""
    has_company = select(ActivityAttendee.activity_id).where(ActivityAttendee.response == GOING)
    has_guests = select(Companion.activity_id)
    return list(db.session.scalars(select(Activity).where(
        changeable_by(user), Activity.cancelled_at.is_(None), Activity.ends_at > utcnow(),
        Activity.id.not_in(has_company), Activity.id.not_in(has_guests)).order_by(Activity.starts_at)))
