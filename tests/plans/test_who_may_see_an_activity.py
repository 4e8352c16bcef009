"""Who may see and who may change an activity (webapp/plans/access.py), tested once, as a table, on both
databases: through the SQL rule the lists use, and through get_activity_or_404 (404 hidden, 403 seen but
not changeable)."""

from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import select
from werkzeug.exceptions import Forbidden, NotFound

from webapp.access import checked_url_args
from webapp.extensions import db
from webapp.models import (
    Activity,
    ActivityAttendee,
    Companion,
    Role,
    TeamInvitation,
    TeamMembership,
)
from webapp.plans.access import (
    EDIT,
    VIEW,
    changeable_by,
    get_activity_or_404,
    visible_activities,
    visible_to,
)
from webapp.plans.listing import activity_lists, next_activity
from webapp.teams.access import ensure_candidate_team

NOW = datetime(2027, 3, 16, 9, 0, tzinfo=UTC)
COMPANION_MOBILE = "+447911123457"

# The viewer's relation to the activity → (may see it, may change it).
RULE = {
    "its owner": (True, True),
    "an organiser of the owner's team": (True, True),
    "a member of the owner's team": (True, False),
    "a member who said they'd come, then left the team": (False, False),
    "invited to the owner's team, not yet accepted": (False, False),
    "a companion named on it whose mobile is their account's": (False, False),
    "an organiser of another candidate's team": (False, False),
    "another candidate": (False, False),
    "a police adviser (FEOA)": (False, False),
    "an election office": (False, False),
    "an admin": (False, False),
}


@pytest.fixture
def viewers(make_user):
    """The activity, and one person for each row of RULE."""
    owner = make_user(Role.CANDIDATE, name="Priya Shah")
    team = ensure_candidate_team(owner)
    activity = Activity(owner_id=owner.id, kind="canvassing", starts_at=NOW + timedelta(days=2),
                        ends_at=NOW + timedelta(days=2, hours=2), meeting_point="Clifton Library", area="Clifton",
                        notes="", companions=[Companion(name="Sam Volunteer", mobile=COMPANION_MOBILE)])
    db.session.add(activity)
    people = {"its owner": owner}

    def in_team(label, role, of=team):
        people[label] = make_user(Role.TEAM_MEMBER)
        db.session.add(TeamMembership(team=of, user=people[label], role=role))

    in_team("an organiser of the owner's team", "organiser")
    in_team("a member of the owner's team", "member")
    in_team("a member who said they'd come, then left the team", "member")
    other_team = ensure_candidate_team(people.setdefault("another candidate", make_user(Role.CANDIDATE)))
    in_team("an organiser of another candidate's team", "organiser", of=other_team)
    invited = people["invited to the owner's team, not yet accepted"] = make_user(Role.TEAM_MEMBER)
    db.session.add(TeamInvitation(team=team, invited_by_id=owner.id, name=invited.name, email=invited.email,
                                  role="organiser", expires_at=NOW + timedelta(days=7)))
    people["a companion named on it whose mobile is their account's"] = make_user(Role.TEAM_MEMBER,
                                                                                  mobile=COMPANION_MOBILE)
    people["a police adviser (FEOA)"] = make_user(Role.FEOA)
    people["an election office"] = make_user(Role.ELECTION_OFFICE)
    people["an admin"] = make_user(Role.ADMIN)
    db.session.commit()
    leaver = people["a member who said they'd come, then left the team"]
    db.session.add(ActivityAttendee(activity_id=activity.id, user_id=leaver.id, response="going"))
    db.session.delete(db.session.scalar(select(TeamMembership).where(TeamMembership.user_id == leaver.id)))
    db.session.commit()
    assert set(people) == set(RULE)
    return activity, people


def _ids(condition) -> set[int]:
    return set(db.session.scalars(select(Activity.id).where(condition)))


@pytest.mark.both_databases
@pytest.mark.parametrize(("relation", "may_see", "may_change"), [(k, *v) for k, v in RULE.items()])
def test_the_lists_show_an_activity_to_who_may_see_it(viewers, relation, may_see, may_change):
    activity, people = viewers
    viewer = people[relation]
    assert (activity.id in _ids(visible_to(viewer))) is may_see
    assert (activity.id in _ids(changeable_by(viewer))) is may_change
    assert (activity.id in {a.id for a in db.session.scalars(visible_activities(viewer))}) is may_see
    listed = activity_lists(viewer, NOW)  # the list page's statement, run with the viewer as a bound parameter
    assert (activity.id in {row.id for row in listed.upcoming}) is may_see
    assert (next_activity(viewer, NOW)[0] is not None) is may_see


@pytest.mark.both_databases
@pytest.mark.parametrize(("relation", "may_see", "may_change"), [(k, *v) for k, v in RULE.items()])
def test_fetching_an_activity_by_id_is_404_when_hidden_and_403_when_it_may_only_be_seen(
        app: Flask, viewers, relation, may_see, may_change):
    activity, people = viewers
    viewer = people[relation]
    expected = {VIEW: None if may_see else NotFound, EDIT: None if may_change else Forbidden if may_see else NotFound}
    for need, refusal in expected.items():
        with app.test_request_context():
            if refusal is None:
                assert get_activity_or_404(activity.id, viewer, need=need).id == activity.id
            else:
                with pytest.raises(refusal):
                    get_activity_or_404(activity.id, viewer, need=need)
            assert "activity_id" in checked_url_args()


@pytest.mark.both_databases
@pytest.mark.parametrize("activity_id", [987654, 2**31, 2**63])
def test_an_activity_that_does_not_exist_is_a_404_even_for_a_candidate(app: Flask, viewers, activity_id):
    activity, people = viewers
    with app.test_request_context(), pytest.raises(NotFound):
        get_activity_or_404(activity_id, people["its owner"], need=EDIT)
