"""Every team form refuses bad input with 422, a message beside the field and what was typed kept."""

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from tests.teams.helpers import invitation_path_from_outbox
from webapp.extensions import db
from webapp.models import DoNotKnockNote, TeamInvitation, User

GOOD_INVITE = {"name": "Priya Canvasser", "email": "priya@example.org", "mobile": "", "role": "member"}


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"name": ""}, "name", "Enter the name"),
    ({"name": "x" * 101}, "name", "100 characters or fewer"),
    ({"email": "not-an-email"}, "email", "Enter an email address like"),
    ({"email": "a" * 250 + "@example.org"}, "email", "254 characters or fewer"),
    ({"email": "", "mobile": ""}, "mobile", "Enter an email address or a mobile number"),
    ({"mobile": "07911 123456"}, "mobile", "not both"),
    ({"email": "", "mobile": "12345"}, "mobile", ""),
    ({"email": "", "mobile": "0" * 21}, "mobile", "20 characters or fewer"),
    ({"role": "owner"}, "role", "Not a valid choice"),
    ({"role": ""}, "role", ""),
])
def test_a_bad_invitation_is_refused_with_the_reason_and_input_kept(hx, sign_in, make_team, change, field, message):
    team, people = make_team()
    sign_in(people["owner"])
    data = {**GOOD_INVITE, **change}
    response = hx.post(f"/teams/{team.id}/invitations", target="invite-form", data=data)
    assert response.status_code == 422
    form = BeautifulSoup(response.data, "html.parser").select_one("#invite-form")
    assert form is not None and form.select_one("h1") is None  # the fragment, not the page
    assert message in form.select_one(f"#{field}-error").text
    assert form.select_one("input[name=name]").get("value", "") == data["name"]
    assert db.session.scalar(select(func.count()).select_from(TeamInvitation)) == 0


ACCOUNT = {"name": "Priya Canvasser", "email": "priya@example.org", "mobile": "",
           "password": "three random words", "confirm": "three random words"}


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"name": ""}, "name", "Enter your name"),
    ({"name": "n" * 101}, "name", "100 characters or fewer"),
    ({"email": "nonsense"}, "email", "Enter an email address like"),
    ({"mobile": "020 7946 0000"}, "mobile", ""),
    ({"password": "short", "confirm": "short"}, "password", "at least 10 characters"),
    ({"password": "p" * 201, "confirm": "p" * 201}, "password", "at least 10 characters"),
    ({"confirm": "something else"}, "confirm", "do not match"),
])
def test_a_bad_new_account_from_an_invitation_is_refused_with_input_kept(client, hx, sign_in, make_team,
                                                                         change, field, message):
    team, people = make_team()
    sign_in(people["owner"])
    client.post(f"/teams/{team.id}/invitations", data=GOOD_INVITE)
    client.post("/sign-out")
    path = invitation_path_from_outbox("priya@example.org")
    users_before = db.session.scalar(select(func.count()).select_from(User))
    response = hx.post(path + "/account", target="account-form", data={**ACCOUNT, **change})
    assert response.status_code == 422
    form = BeautifulSoup(response.data, "html.parser").select_one("#account-form")
    assert message in form.select_one(f"#{field}-error").text
    assert form.select_one("input[name=name]").get("value", "") == {**ACCOUNT, **change}["name"]
    assert db.session.scalar(select(func.count()).select_from(User)) == users_before


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"street": "", "reason": "dog"}, "street", "Enter the street"),
    ({"street": "ab", "reason": "dog"}, "street", "between 3 and 120"),
    ({"street": "s" * 121, "reason": "dog"}, "street", "between 3 and 120"),
    ({"street": "Acacia Avenue", "reason": ""}, "reason", ""),
    ({"street": "Acacia Avenue", "reason": "gossip"}, "reason", "Not a valid choice"),
    ({"street": "Acacia Avenue", "reason": "dog", "details": "d" * 301}, "details", "300 characters or fewer"),
])
def test_a_bad_do_not_knock_note_is_refused_with_input_kept(hx, sign_in, make_team, data, field, message):
    team, people = make_team()
    sign_in(people["member"])
    response = hx.post(f"/teams/{team.id}/do-not-knock", target="hazard-form", data=data)
    assert response.status_code == 422
    form = BeautifulSoup(response.data, "html.parser").select_one("#hazard-form")
    assert message in form.select_one(f"#{field}-error").text
    assert form.select_one("input[name=street]").get("value", "") == data["street"]
    assert db.session.scalar(select(func.count()).select_from(DoNotKnockNote)) == 0


@pytest.mark.parametrize("role", ["owner", "", "admin", "x" * 500])
def test_an_invalid_role_change_is_refused(client, sign_in, make_team, role):
    team, people = make_team()
    sign_in(people["owner"])
    from webapp.models import TeamMembership
    member = db.session.scalar(select(TeamMembership).where(TeamMembership.user_id == people["member"].id))
    response = client.post(f"/teams/{team.id}/members/{member.id}/role", data={"role": role})
    assert response.status_code == 422
    db.session.refresh(member)
    assert member.role == "member"


@pytest.mark.parametrize("answer", ["", "maybe", "GOING", "x" * 1000])
def test_an_unknown_attendance_answer_is_refused(hx, sign_in, make_team, make_activity, answer):
    team, people = make_team()
    activity = make_activity(people["owner"])
    sign_in(people["member"])
    response = hx.post(f"/activities/{activity.id}/attendance", target=f"attendance-{activity.id}",
                       data={"answer": answer})
    assert response.status_code == 400


@pytest.mark.parametrize("day", ["2027-02-30", "tomorrow", "2027-3-1x", "9" * 50])
def test_a_printable_day_with_a_bad_date_is_not_found(client, login_as, day):
    login_as("candidate")
    assert client.get(f"/my-activities/{day}/print").status_code == 404


@pytest.mark.parametrize("url", ["/teams/999999", "/teams/999999/do-not-knock", "/activities/999999/calendar.ics",
                                 "/pledge/card/999999.svg", "/calendar/feed/" + "x" * 500 + ".ics"])
def test_unknown_ids_in_urls_are_not_found(client, login_as, url):
    login_as("candidate")
    assert client.get(url).status_code == 404
