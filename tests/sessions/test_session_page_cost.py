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


@pytest.mark.both_databases
def test_the_pages_of_a_person_out_in_a_session_stay_within_their_statement_budget(database, client, start, activity,
                                                                                    add_people):
    """A campaign Saturday is thousands of phones opening these pages (bench/README.md, issue 17): each
    statement costs every one of them a round trip and the web workers a share of their CPU. The budget is
    what the pages need today: who is signed in, then the plan page's activity with the reader's rights
    and team role, its attendees with their users, the team's do-not-knock notes, companions, the reader's
    running session, the plan's messages and the owner's force (sun times); the session page's session with
    its activity, its events, the people going with their users, the organisers, companions and the PIN
    setting; the home page's running session with its activity, the next activity and the pledge."""
    session = start()
    add_people(going=2, organisers=1)
    budget = {f"/activities/{activity.id}": 8, f"/sessions/{session.id}": 7, "/": 4}
    spent = {page: statements_run(lambda page=page: client.get(page)) for page in budget}
    assert {page: n for page, n in spent.items() if n > budget[page]} == {}
