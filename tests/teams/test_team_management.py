"""Owners and organisers change roles and remove people; anyone but the owner can leave."""

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Team, TeamMembership
from webapp.models.teams import OWNER


def _membership(user) -> TeamMembership | None:
    return db.session.scalar(select(TeamMembership).where(TeamMembership.user_id == user.id))


def test_a_candidates_team_is_created_the_first_time_they_open_it(client, login_as):
    candidate = login_as("candidate")
    response = client.get("/teams")
    team = db.session.scalar(select(Team).where(Team.owner_id == candidate.id))
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/teams/{team.id}")
    assert _membership(candidate).role == OWNER
    page = BeautifulSoup(client.get(f"/teams/{team.id}").data, "html.parser")
    assert "Nobody else is in the team yet" in page.select_one(".empty").text


def test_a_team_member_without_a_team_is_told_how_to_join(client, login_as):
    login_as("team_member")
    page = BeautifulSoup(client.get("/teams").data, "html.parser")
    assert "invitation" in page.select_one(".empty").text


def test_an_organiser_makes_a_member_an_organiser(client, sign_in, make_team):
    team, people = make_team()
    sign_in(people["organiser"])
    member = _membership(people["member"])
    assert client.post(f"/teams/{team.id}/members/{member.id}/role", data={"role": "organiser"}).status_code == 303
    db.session.refresh(member)
    assert member.role == "organiser"


def test_the_owner_role_cannot_be_changed_or_removed(client, sign_in, make_team):
    team, people = make_team()
    sign_in(people["organiser"])
    owner = _membership(people["owner"])
    client.post(f"/teams/{team.id}/members/{owner.id}/role", data={"role": "member"})
    client.post(f"/teams/{team.id}/members/{owner.id}/remove")
    db.session.refresh(owner)
    assert owner.role == OWNER


@pytest.mark.both_databases
def test_a_removed_member_stops_seeing_the_team_at_once(client, sign_in, make_team, make_activity):
    team, people = make_team()
    activity = make_activity(people["owner"])
    member = people["member"]
    sign_in(member)
    assert client.get(f"/teams/{team.id}").status_code == 200
    assert f"activity-{activity.id}" in client.get("/my-activities").get_data(as_text=True)
    # The owner removes them from another phone while they are still signed in.
    owner_client = client.application.test_client()
    sign_in(people["owner"], on=owner_client)
    owner_client.post(f"/teams/{team.id}/members/{_membership(member).id}/remove")
    assert client.get(f"/teams/{team.id}").status_code == 404
    assert client.get(f"/teams/{team.id}/do-not-knock").status_code == 404
    assert client.get(f"/activities/{activity.id}/calendar.ics").status_code == 404
    assert f"activity-{activity.id}" not in client.get("/my-activities").get_data(as_text=True)


def test_leaving_asks_for_confirmation_first(client, sign_in, make_team):
    team, people = make_team()
    sign_in(people["member"])
    page = BeautifulSoup(client.get(f"/teams/{team.id}/leave").data, "html.parser")
    assert page.select_one("h1").text.startswith("Leave")
    assert _membership(people["member"]) is not None
    assert client.post(f"/teams/{team.id}/leave").status_code == 303
    assert _membership(people["member"]) is None
    assert client.get(f"/teams/{team.id}").status_code == 404


def test_the_candidate_cannot_leave_their_own_team(client, sign_in, make_team):
    team, people = make_team()
    sign_in(people["owner"])
    client.post(f"/teams/{team.id}/leave")
    assert _membership(people["owner"]) is not None


def test_a_member_sees_the_team_but_no_management_buttons(client, sign_in, make_team):
    team, people = make_team()
    sign_in(people["member"])
    page = BeautifulSoup(client.get(f"/teams/{team.id}").data, "html.parser")
    assert page.select_one("#invite-form") is None
    assert page.select("form[action*='/remove']") == []
    assert page.select_one(f"a[href='/teams/{team.id}/leave']") is not None


def test_team_pages_have_one_heading_labelled_inputs_and_unique_ids(client, sign_in, make_team):
    team, people = make_team()
    sign_in(people["owner"])
    for url in (f"/teams/{team.id}", f"/teams/{team.id}/do-not-knock", "/calendar", "/pledge", "/my-activities"):
        page = BeautifulSoup(client.get(url).data, "html.parser")
        assert len(page.select("h1")) == 1, url
        ids = [element["id"] for element in page.select("[id]")]
        assert len(ids) == len(set(ids)), url
        for field in page.select("input:not([type=hidden]), select, textarea"):
            assert field.get("id") and (page.select_one(f"label[for='{field['id']}']") or field.find_parent("label")), (url, field)


def test_removing_someone_and_changing_a_role_are_recorded_in_the_audit_log(client, sign_in, make_team):
    from webapp.models import AuditEntry
    team, people = make_team()
    sign_in(people["owner"])
    organiser = _membership(people["organiser"])
    client.post(f"/teams/{team.id}/members/{organiser.id}/role", data={"role": "member"})
    client.post(f"/teams/{team.id}/members/{organiser.id}/remove")
    actions = [(e.action, e.actor_id, e.subject_user_id) for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions == [("team.role_changed", people["owner"].id, people["organiser"].id),
                       ("team.member_removed", people["owner"].id, people["organiser"].id)]
