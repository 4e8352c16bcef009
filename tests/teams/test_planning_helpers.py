"""Team membership and planning: for whom a person plans, and whom they pick as attendees.
(Whose plans a person sees: tests/plans/test_who_may_see_an_activity.py.)"""

from webapp.teams.planning import plannable_owners, team_members_of


def test_organisers_plan_for_their_candidate_and_candidates_for_themselves(make_team):
    team, people = make_team()
    assert plannable_owners(people["owner"]) == [people["owner"]]
    assert plannable_owners(people["organiser"]) == [people["owner"]]
    assert plannable_owners(people["member"]) == []


def test_attendees_are_picked_from_the_team_without_the_candidate(make_team):
    team, people = make_team()
    assert {u.id for u in team_members_of(people["owner"].id)} == {people["organiser"].id, people["member"].id}
