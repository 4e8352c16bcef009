"""Demo data for `make run`: the demo candidate's team with the demo volunteer in it."""

from sqlalchemy import select

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.models import Activity, DoNotKnockNote, TeamMembership, User
from webapp.models.teams import GOING
from webapp.reminders.planner import plan_activity_reminders
from webapp.teams import attendance
from webapp.teams.access import ensure_candidate_team


def seed_team_demo(candidate: User, member: User, member_goes_to: list[Activity] = ()) -> None:
    """The team, with `member` in it and going to `member_goes_to` (as "I'll come", so he reads as
    one of the team, not "(not in the team)")."""
    team = ensure_candidate_team(candidate)
    if db.session.scalar(select(TeamMembership.id).where(TeamMembership.team_id == team.id,
                                                         TeamMembership.user_id == member.id)) is None:
        db.session.add(TeamMembership(team=team, user=member, role="member"))
        db.session.add(DoNotKnockNote(team=team, street="Acacia Avenue", reason="dog",
                                      details="Large dog loose in the front garden at number 12",
                                      added_by_id=member.id))
    for activity in member_goes_to:
        attendance.respond(activity, member, GOING)
        if activity.starts_at > utcnow():
            plan_activity_reminders(activity)
