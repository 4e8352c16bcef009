"""Demo data for `make run`: the demo candidate's team with the demo volunteer in it."""

from sqlalchemy import select

from webapp.extensions import db
from webapp.models import DoNotKnockNote, TeamMembership, User
from webapp.teams.access import ensure_candidate_team


def seed_team_demo(candidate: User, member: User) -> None:
    team = ensure_candidate_team(candidate)
    if db.session.scalar(select(TeamMembership.id).where(TeamMembership.team_id == team.id,
                                                         TeamMembership.user_id == member.id)) is None:
        db.session.add(TeamMembership(team=team, user=member, role="member"))
        db.session.add(DoNotKnockNote(team=team, street="Acacia Avenue", reason="dog",
                                      details="Large dog loose in the front garden at number 12",
                                      added_by_id=member.id))
    db.session.commit()
