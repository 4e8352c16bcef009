"""Fixtures for teams: a candidate's team with people in each role, and activities."""

from datetime import UTC, datetime, timedelta

import pytest

from webapp.extensions import db
from webapp.models import Activity, Role, TeamMembership
from webapp.teams.access import ensure_candidate_team

TOMORROW_10 = datetime(2027, 3, 17, 10, 0, tzinfo=UTC)


@pytest.fixture
def make_team(make_user):
    """`make_team()` → (team, {"owner": user, "organiser": user, "member": user})."""

    def make(**people_roles):
        owner = make_user(Role.CANDIDATE)
        team = ensure_candidate_team(owner)
        people = {"owner": owner}
        for label, role in (people_roles or {"organiser": "organiser", "member": "member"}).items():
            person = make_user(Role.TEAM_MEMBER, mobile=None)
            db.session.add(TeamMembership(team=team, user=person, role=role))
            people[label] = person
        db.session.commit()
        return team, people

    return make


@pytest.fixture
def make_activity():
    def make(owner, starts_at=TOMORROW_10, hours=2, area="Clifton: Acacia Avenue and Elm Road",
             meeting_point="Corner of Acacia Avenue and Elm Road, by the post box", notes="Bring leaflets", **fields):
        activity = Activity(owner_id=owner.id, kind=fields.pop("kind", "canvassing"), starts_at=starts_at,
                            ends_at=starts_at + timedelta(hours=hours), meeting_point=meeting_point, area=area,
                            notes=notes, **fields)
        db.session.add(activity)
        db.session.commit()
        return activity

    return make
