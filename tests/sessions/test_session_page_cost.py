"""The session page and the plan page cost the same statements however many people are going and
however many organisers the team has: on a campaign Saturday both are opened thousands of times an
hour (issue 17), and a statement per person would grow with every volunteer."""

import pytest

from tests.helpers import statements_run
from webapp.extensions import db
from webapp.models import ActivityAttendee, Companion, TeamMembership
from webapp.teams.access import ensure_candidate_team


@pytest.fixture
def add_people(make_user, person, activity):
    def add(going: int, organisers: int) -> None:
        team = ensure_candidate_team(person)
        for n in range(going):
            member = make_user("team_member", mobile=f"+4479111234{10 + n:02d}")
            db.session.add(TeamMembership(team=team, user=member, role="member"))
            db.session.add(ActivityAttendee(activity_id=activity.id, user_id=member.id, response="going"))
        for n in range(organisers):
            db.session.add(TeamMembership(team=team, user=make_user("team_member", mobile=f"+4479111235{n:02d}"),
                                          role="organiser"))
        db.session.add_all([Companion(activity_id=activity.id, name=f"Friend {n}") for n in range(going)])
        db.session.commit()

    return add


@pytest.mark.both_databases
def test_the_session_page_costs_the_same_statements_whoever_is_going(database, client, start, add_people):
    session = start()
    page = f"/sessions/{session.id}"
    add_people(going=1, organisers=1)
    few = statements_run(lambda: client.get(page))
    add_people(going=4, organisers=3)
    assert statements_run(lambda: client.get(page)) == few


@pytest.mark.both_databases
def test_the_plan_page_costs_the_same_statements_whoever_is_going(database, client, sign_in, person, activity,
                                                                  add_people):
    sign_in(person)
    page = f"/activities/{activity.id}"
    add_people(going=1, organisers=1)
    few = statements_run(lambda: client.get(page))
    add_people(going=4, organisers=3)
    assert statements_run(lambda: client.get(page)) == few
