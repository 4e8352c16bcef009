"""Inviting people into a campaign team by email or text, and every way a link is refused."""

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from tests.teams.helpers import invitation_path_from_outbox
from webapp.extensions import db
from webapp.models import Message, Role, TeamInvitation, TeamMembership, User

NEW_ACCOUNT = {"name": "Priya Canvasser", "email": "priya@example.org", "mobile": "",
               "password": "three random words", "confirm": "three random words"}


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _snapshot():
    return (_count(User), _count(TeamMembership),
            db.session.scalar(select(func.count()).where(TeamInvitation.accepted_at.is_not(None))))


@pytest.fixture
def owner_invites(client, sign_in, make_team):
    """The candidate (signed in) invites someone; returns (team, people, invitation path)."""

    def invite(email="priya@example.org", mobile="", role="member"):
        team, people = make_team()
        sign_in(people["owner"])
        response = client.post(f"/teams/{team.id}/invitations",
                               data={"name": "Priya", "email": email, "mobile": mobile, "role": role})
        assert response.status_code == 303
        client.post("/sign-out")
        return team, people, invitation_path_from_outbox(email or "+447911123400")

    return invite


@pytest.mark.both_databases
def test_an_email_invitation_goes_into_the_outbox_with_a_link(owner_invites):
    team, people, path = owner_invites()
    message = db.session.scalar(select(Message).where(Message.recipient == "priya@example.org"))
    assert message.channel == "email"
    assert "invited you to join" in message.subject
    assert path in message.body and path in message.html_body


def test_a_mobile_invitation_is_sent_by_text(owner_invites):
    owner_invites(email="", mobile="07911 123400")
    message = db.session.scalar(select(Message).where(Message.recipient == "+447911123400"))
    assert message.channel == "sms"
    assert "/invitations/" in message.body


@pytest.mark.both_databases
def test_an_invitee_creates_an_account_and_joins_as_a_team_member(client, owner_invites):
    team, people, path = owner_invites()
    page = BeautifulSoup(client.get(path).data, "html.parser")
    assert page.select_one("#account-form input[name=email]")["value"] == "priya@example.org"
    response = client.post(path + "/account", data=NEW_ACCOUNT)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/teams/{team.id}")
    user = db.session.scalar(select(User).where(User.email == "priya@example.org"))
    assert user.role == Role.TEAM_MEMBER.value
    membership = db.session.scalar(select(TeamMembership).where(TeamMembership.user_id == user.id))
    assert membership.team_id == team.id and membership.role == "member"
    team_page = BeautifulSoup(client.get(f"/teams/{team.id}").data, "html.parser")
    assert "Priya Canvasser" in team_page.select_one("#member-list").text


def test_an_invitee_with_an_account_joins_after_signing_in(client, sign_in, make_user, owner_invites):
    existing = make_user(Role.TEAM_MEMBER, email="priya@example.org")
    team, people, path = owner_invites(role="organiser")
    sign_in(existing)
    page = BeautifulSoup(client.get(path).data, "html.parser")
    assert page.select_one("#accept-form button") is not None
    response = client.post(path + "/accept")
    assert response.status_code == 303
    membership = db.session.scalar(select(TeamMembership).where(TeamMembership.user_id == existing.id))
    assert membership.team_id == team.id and membership.role == "organiser"


def _refusal(response) -> str:
    return BeautifulSoup(response.data, "html.parser").select_one("#refusal-reason").text


def test_an_expired_invitation_is_refused_and_changes_nothing(client, clock, owner_invites):
    team, people, path = owner_invites()
    clock.advance(days=7, minutes=1)
    before = _snapshot()
    response = client.post(path + "/account", data=NEW_ACCOUNT)
    assert response.status_code == 410
    assert "expired" in _refusal(response)
    assert _snapshot() == before


def test_an_invitation_still_works_just_inside_seven_days(client, clock, owner_invites):
    team, people, path = owner_invites()
    clock.advance(days=6, hours=23, minutes=59)
    assert client.post(path + "/account", data=NEW_ACCOUNT).status_code == 303


def test_a_used_invitation_cannot_be_used_again(client, sign_in, make_user, owner_invites):
    team, people, path = owner_invites()
    client.post(path + "/account", data=NEW_ACCOUNT)
    client.post("/sign-out")
    before = _snapshot()
    response = client.get(path)
    assert response.status_code == 410
    assert "already been used" in _refusal(response)
    again = client.post(path + "/account", data={**NEW_ACCOUNT, "email": "priya@example.org"})
    assert again.status_code == 410
    assert _snapshot() == before


@pytest.mark.parametrize("tamper", [
    lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
    lambda token: "x" + token,
    lambda token: token.split(".")[0],
    lambda token: "not-a-token",
])
def test_a_tampered_invitation_link_is_refused(client, owner_invites, tamper):
    team, people, path = owner_invites()
    token = path.rsplit("/", 1)[1]
    before = _snapshot()
    response = client.post(f"/invitations/{tamper(token)}/account", data=NEW_ACCOUNT)
    assert response.status_code == 404
    assert "not valid" in _refusal(response)
    assert _snapshot() == before


def test_an_invitation_for_another_email_is_refused_to_a_signed_in_account(client, sign_in, make_user, owner_invites):
    someone_else = make_user(Role.TEAM_MEMBER, email="someone@example.org")
    team, people, path = owner_invites()
    sign_in(someone_else)
    before = _snapshot()
    assert client.get(path).status_code == 403
    response = client.post(path + "/accept")
    assert response.status_code == 403
    assert "different email address" in _refusal(response)
    assert _snapshot() == before


def test_a_new_account_must_use_the_invited_email_address(client, owner_invites):
    team, people, path = owner_invites()
    before = _snapshot()
    response = client.post(path + "/account", data={**NEW_ACCOUNT, "email": "other@example.org"})
    assert response.status_code == 422
    page = BeautifulSoup(response.data, "html.parser")
    assert "priya@example.org" in page.select_one("#email-error").text
    assert page.select_one("input[name=name]")["value"] == "Priya Canvasser"
    assert _snapshot() == before


def test_an_invitation_from_someone_who_has_left_the_team_is_refused(client, sign_in, make_team):
    team, people = make_team()
    organiser = people["organiser"]
    sign_in(organiser)
    client.post(f"/teams/{team.id}/invitations", data={"name": "Priya", "email": "priya@example.org", "role": "member"})
    path = invitation_path_from_outbox("priya@example.org")
    client.post(f"/teams/{team.id}/leave")
    client.post("/sign-out")
    before = _snapshot()
    response = client.post(path + "/account", data=NEW_ACCOUNT)
    assert response.status_code == 410
    assert "has left this team" in _refusal(response)
    assert _snapshot() == before


def test_a_withdrawn_invitation_is_refused(client, sign_in, make_team):
    team, people = make_team()
    sign_in(people["owner"])
    client.post(f"/teams/{team.id}/invitations", data={"name": "Priya", "email": "priya@example.org", "role": "member"})
    invitation = db.session.scalar(select(TeamInvitation))
    client.post(f"/teams/{team.id}/invitations/{invitation.id}/cancel")
    client.post("/sign-out")
    response = client.get(invitation_path_from_outbox("priya@example.org"))
    assert response.status_code == 410
    assert "withdrawn" in _refusal(response)


def test_a_mobile_invitation_is_refused_to_an_account_with_another_number(client, sign_in, make_user, owner_invites):
    other = make_user(Role.TEAM_MEMBER, mobile="+447911123999")
    team, people, path = owner_invites(email="", mobile="07911 123400")
    sign_in(other)
    response = client.post(path + "/accept")
    assert response.status_code == 403
    assert "different mobile number" in _refusal(response)


@pytest.mark.parametrize("role", [Role.FEOA, Role.ELECTION_OFFICE, Role.ADMIN])
def test_staff_accounts_cannot_join_a_campaign_team(client, sign_in, make_user, owner_invites, role):
    staff = make_user(role, email="priya@example.org")
    team, people, path = owner_invites()
    sign_in(staff)
    before = _snapshot()
    response = client.post(path + "/accept")
    assert response.status_code == 403
    assert "cannot join a campaign team" in _refusal(response)
    assert _snapshot() == before
