"""Team membership and planning: whose plans a person sees, for whom they plan, tier-1 contacts."""

from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Activity, Role
from webapp.teams.planning import (
    plannable_owners,
    team_members_of,
    visible_clause,
)


def _visible_ids(user):
    return set(db.session.scalars(select(Activity.id).where(visible_clause(user))))


def test_a_person_sees_their_own_plans_and_their_teams_but_no_others(make_team, make_activity, make_user):
    team, people = make_team()
    other_team, others = make_team()
    own = make_activity(people["owner"])
    theirs = make_activity(others["owner"])
    assert _visible_ids(people["member"]) == {own.id}
    assert _visible_ids(people["owner"]) == {own.id}
    assert _visible_ids(others["member"]) == {theirs.id}
    assert _visible_ids(make_user(Role.FEOA)) == set()


def test_organisers_plan_for_their_candidate_and_candidates_for_themselves(make_team):
    team, people = make_team()
    assert plannable_owners(people["owner"]) == [people["owner"]]
    assert plannable_owners(people["organiser"]) == [people["owner"]]
    assert plannable_owners(people["member"]) == []


def test_attendees_are_picked_from_the_team_without_the_candidate(make_team):
    team, people = make_team()
    assert {u.id for u in team_members_of(people["owner"].id)} == {people["organiser"].id, people["member"].id}
