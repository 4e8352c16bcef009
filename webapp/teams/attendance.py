"""Who is going on an activity: "I'll come" / "I can't make it", and who goes with the candidate."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.models import Activity, ActivityAttendee, Companion, Team, TeamMembership
from webapp.models.teams import GOING, MANAGERS, NOT_GOING
from webapp.teams.access import team_ids_of
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


def owner_ids_visible_to(user) -> list[int]:
    """The user themself plus the candidates whose teams they are in."""
    team_ids = team_ids_of(user)
    owners = set(db.session.scalars(select(Team.owner_id).where(Team.id.in_(team_ids)))) if team_ids else set()
    return sorted(owners | {user.id})


def upcoming_for(user) -> list[Activity]:
    """Activities not yet over and not cancelled, of the user and of every team they are in."""
    return list(db.session.scalars(select(Activity).where(
        Activity.owner_id.in_(owner_ids_visible_to(user)), Activity.cancelled_at.is_(None),
        Activity.ends_at > utcnow()).options(selectinload(Activity.owner), selectinload(Activity.companions)).order_by(Activity.starts_at)))


def unaccompanied_for_organiser(user) -> list[Activity]:
    """Upcoming activities of teams the user manages where nobody goes with the candidate."""
    managed = db.session.scalars(select(Team.owner_id).join(TeamMembership).where(
        TeamMembership.user_id == user.id, TeamMembership.role.in_(MANAGERS)))
    owner_ids = list(managed)
    if not owner_ids:
        return []
    has_company = select(ActivityAttendee.activity_id).where(ActivityAttendee.response == GOING)
    has_guests = select(Companion.activity_id)
    return list(db.session.scalars(select(Activity).where(
        Activity.owner_id.in_(owner_ids), Activity.cancelled_at.is_(None), Activity.ends_at > utcnow(),
        Activity.id.not_in(has_company), Activity.id.not_in(has_guests)).order_by(Activity.starts_at)))
