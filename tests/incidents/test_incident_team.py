"""A team member's incident about the campaign is visible to the candidate, who decides what the FEOA sees."""

import sqlalchemy as sa
from bs4 import BeautifulSoup

from webapp.extensions import db
from webapp.incidents.access import incidents_shared_with
from webapp.models import Incident, TeamMembership
from webapp.teams.access import ensure_candidate_team


def page(response):
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def team_of(candidate, *members):
    team = ensure_candidate_team(candidate)
    for member in members:
        db.session.add(TeamMembership(team=team, user=member, role="member"))
    db.session.commit()
    return team


def test_a_team_members_incident_about_the_campaign_is_seen_and_shared_by_the_candidate(app, client, sign_in, make_user, candidate, valid_incident):
    member = make_user("team_member", name="Sam Volunteer")
    team_of(candidate, member)
    feoa = make_user("feoa")
    sign_in(member)
    form = page(client.get("/incidents/new"))
    assert form.select_one("#campaign option[selected]")["value"] == str(candidate.candidacy.id)
    client.post("/incidents/new", data={**valid_incident, "campaign": str(candidate.candidacy.id)})
    incident = db.session.scalar(sa.select(Incident))
    assert incident.candidacy_id == candidate.candidacy.id and incident.owner_id == member.id
    assert "Only the candidate can choose" in page(client.get(f"/incidents/{incident.id}")).select_one("#sharing").text
    assert client.post(f"/incidents/{incident.id}/share").status_code == 404

    boss = app.test_client()
    sign_in(candidate, on=boss)
    listed = page(boss.get("/incidents")).select_one("#incident-list li")
    assert "Logged by Sam Volunteer" in listed.text
    assert boss.get(f"/incidents/{incident.id}/edit").status_code == 404  # the record stays the member's
    assert boss.post(f"/incidents/{incident.id}/share").status_code == 303
    assert [i.id for i in db.session.scalars(incidents_shared_with(feoa))] == [incident.id]


def test_a_team_member_may_keep_an_incident_to_themselves(app, client, sign_in, make_user, candidate, valid_incident):
    member = make_user("team_member")
    team_of(candidate, member)
    sign_in(member)
    client.post("/incidents/new", data={**valid_incident, "campaign": ""})
    incident = db.session.scalar(sa.select(Incident))
    assert incident.candidacy_id is None
    boss = app.test_client()
    sign_in(candidate, on=boss)
    assert boss.get(f"/incidents/{incident.id}").status_code == 404


def test_a_team_member_cannot_file_an_incident_under_another_candidates_campaign(client, hx, sign_in, make_user, candidate, valid_incident):
    member = make_user("team_member")
    team_of(candidate, member)
    stranger = make_user("candidate")
    sign_in(member)
    response = hx.post("/incidents/new", target="incident-form",
                       data={**valid_incident, "campaign": str(stranger.candidacy.id)})
    assert response.status_code == 422
    assert page(response).select_one("#campaign-field .error-message")
    assert db.session.scalar(sa.select(sa.func.count(Incident.id))) == 0


def test_moving_a_shared_incident_out_of_the_campaign_withdraws_it_from_the_feoa(app, client, sign_in, make_user, candidate, valid_incident):
    member = make_user("team_member")
    team_of(candidate, member)
    feoa = make_user("feoa")
    sign_in(member)
    client.post("/incidents/new", data={**valid_incident, "campaign": str(candidate.candidacy.id)})
    incident = db.session.scalar(sa.select(Incident))
    boss = app.test_client()
    sign_in(candidate, on=boss)
    boss.post(f"/incidents/{incident.id}/share")
    client.post(f"/incidents/{incident.id}/edit", data={**valid_incident, "campaign": ""})
    assert list(db.session.scalars(incidents_shared_with(feoa))) == []
    assert boss.get(f"/incidents/{incident.id}").status_code == 404

