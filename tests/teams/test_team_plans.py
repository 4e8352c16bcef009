"""Activities planned with the team: attendees picked from the team, organisers plan and edit for
their candidate, members see and answer, and everyone outside the team sees nothing."""

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Activity, ActivityAttendee, TeamMembership

FORM = {"kind": "canvassing", "day": "2027-03-18", "start_time": "10:00", "end_time": "12:00", "end_day": "",
        "meeting_point": "Clifton Library", "area": "Clifton: Acacia Avenue", "postcode": "", "notes": "",
        "companions-0-name": "", "companions-0-mobile": ""}


def _page(response):
    return BeautifulSoup(response.data, "html.parser")


def _going(activity) -> set[int]:
    return set(db.session.scalars(select(ActivityAttendee.user_id).where(
        ActivityAttendee.activity_id == activity.id, ActivityAttendee.response == "going")))


@pytest.mark.both_databases
def test_the_candidate_picks_attendees_from_the_team(client, sign_in, make_team):
    team, people = make_team()
    sign_in(people["owner"])
    form = _page(client.get("/activities/new"))
    labels = [label.text.strip() for label in form.select("#attendees-field label")]
    assert labels == sorted([people["organiser"].name, people["member"].name])
    assert form.select_one("#campaign") is None  # only one campaign to plan for
    response = client.post("/activities/new", data={**FORM, "attendees": [str(people["member"].id)]})
    assert response.status_code == 303
    activity = db.session.scalar(select(Activity))
    assert activity.owner_id == people["owner"].id
    assert _going(activity) == {people["member"].id}
    sign_in(people["member"])
    page = _page(client.get(f"/activities/{activity.id}"))
    assert people["member"].name in page.select_one("dl.summary").text
    assert page.select_one(f"#attendance-{activity.id} button[value=going]")["aria-pressed"] == "true"


def test_an_organiser_plans_for_their_candidate_and_the_team_sees_it(client, sign_in, make_team):
    team, people = make_team()
    sign_in(people["organiser"])
    client.post("/activities/new", data={**FORM, "campaign": str(people["owner"].id),
                                         "attendees": [str(people["organiser"].id)]})
    activity = db.session.scalar(select(Activity))
    assert activity.owner_id == people["owner"].id
    sign_in(people["member"])
    assert client.get(f"/activities/{activity.id}").status_code == 200
    assert f"/activities/{activity.id}" in client.get("/activities").get_data(as_text=True)


@pytest.mark.parametrize("who", ["outsider", "unknown"])
def test_picking_someone_outside_the_team_is_refused_with_input_kept(hx, sign_in, make_team, make_user, who):
    team, people = make_team()
    outsider = make_user("team_member")
    sign_in(people["owner"])
    value = str(outsider.id) if who == "outsider" else "999999"
    response = hx.post("/activities/new", target="activity-form", data={**FORM, "attendees": [value]})
    assert response.status_code == 422
    form = _page(response)
    assert "team" in form.select_one("#attendees-error").text
    assert form.select_one("#meeting_point")["value"] == "Clifton Library"
    assert db.session.scalar(select(Activity)) is None


def test_editing_the_plan_changes_who_from_the_team_is_going(client, sign_in, make_team):
    team, people = make_team()
    sign_in(people["owner"])
    client.post("/activities/new", data={**FORM, "attendees": [str(people["member"].id)]})
    activity = db.session.scalar(select(Activity))
    edit = _page(client.get(f"/activities/{activity.id}/edit"))
    assert edit.select_one(f"input[name=attendees][value='{people['member'].id}']").has_attr("checked")
    client.post(f"/activities/{activity.id}/edit", data={**FORM, "attendees": [str(people["organiser"].id)]})
    assert _going(activity) == {people["organiser"].id}


ACTIVITY_PAGE = dict(owner=200, organiser=200, member=200, removed=404, other_team=404, feoa=404)
EDIT_PAGE = dict(owner=200, organiser=200, member=403, removed=404, other_team=404, feoa=404)


@pytest.fixture
def plan_world(make_team, make_user, make_activity):
    team, people = make_team(organiser="organiser", member="member", removed="member")
    activity = make_activity(people["owner"])
    db.session.delete(db.session.scalar(select(TeamMembership).where(TeamMembership.user_id == people["removed"].id)))
    other_team, others = make_team()
    people["other_team"] = others["member"]
    people["feoa"] = make_user("feoa")
    db.session.commit()
    return people, activity


@pytest.mark.parametrize("role", list(ACTIVITY_PAGE))
def test_the_activity_page_and_its_edit_page_follow_the_team_roles(client, sign_in, plan_world, role):
    people, activity = plan_world
    sign_in(people[role])
    assert client.get(f"/activities/{activity.id}").status_code == ACTIVITY_PAGE[role]
    assert client.get(f"/activities/{activity.id}/edit").status_code == EDIT_PAGE[role]


@pytest.mark.parametrize("role", list(EDIT_PAGE))
@pytest.mark.parametrize("page", ["messages", "reminder-note"])
def test_the_plans_messages_and_reminder_note_answer_as_its_edit_page_does(client, sign_in, plan_world, role, page):
    people, activity = plan_world
    sign_in(people[role])
    assert client.get(f"/activities/{activity.id}/{page}").status_code == EDIT_PAGE[role]


def test_a_member_sees_the_team_part_of_the_plan_with_hazards(client, sign_in, make_team, make_activity):
    from webapp.models import DoNotKnockNote
    team, people = make_team()
    activity = make_activity(people["owner"])
    db.session.add(DoNotKnockNote(team_id=team.id, street="Acacia Avenue", reason="no_contact",
                                  added_by_id=people["member"].id))
    db.session.commit()
    sign_in(people["member"])
    page = _page(client.get(f"/activities/{activity.id}"))
    section = page.select_one("#team-heading").find_parent("section")
    assert "Asked not to be contacted" in section.text
    assert section.select_one("a[href$='/calendar.ics']") is not None
    assert page.select_one("a[href$='/edit']") is None
