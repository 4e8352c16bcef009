"""Staff onboarding (a "set your password" link valid 72 hours, once, then two-factor set-up) and
deactivation by an admin (signed out at once, with a confirmation and an audit entry)."""

import re

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from tests.conftest import PASSWORD
from webapp.extensions import db
from webapp.models import AuditEntry, Message, User

NEW_PASSWORD = "a brand new passphrase"  # noqa: S105


@pytest.fixture
def admin(make_user, sign_in):
    return sign_in(make_user("admin"))


def _page(response):
    return BeautifulSoup(response.data, "html.parser")


def _welcome_link(user) -> str:
    message = db.session.scalar(select(Message).where(Message.user_id == user.id, Message.template == "staff_welcome"))
    assert message is not None, "no welcome email"
    return re.search(r"http://campaignsafe\.test(/set-password/\S+)", message.body).group(1)


def _actions():
    return [(e.action, e.subject_user_id) for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def _create_feoa(client):
    response = client.post("/admin/accounts", data={"role": "feoa", "name": "PC New", "email": "pc.new@police.uk",
                                                    "force": "avon-and-somerset"})
    assert response.status_code == 303
    return db.session.scalar(select(User).where(User.email == "pc.new@police.uk"))


def test_a_new_staff_account_gets_a_set_your_password_email_not_the_reset_one(client, admin):
    user = _create_feoa(client)
    message = db.session.scalar(select(Message).where(Message.user_id == user.id))
    assert message.template == "staff_welcome"
    assert message.subject == "Your CampaignSafe account: choose your password"
    assert "72 hours" in message.body and "works once" in message.body
    assert "reset" not in message.body.lower() and "Someone (we hope you)" not in message.body
    assert "two-factor" in message.body


def test_the_link_sets_the_first_password_once_and_the_first_sign_in_sets_up_two_factor(client, admin, clock):
    user = _create_feoa(client)
    link = _welcome_link(user)
    client.post("/sign-out")
    clock.advance(hours=71)
    page = _page(client.get(link))
    assert page.select_one("h1").text == "Choose your password"
    assert client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 303
    assert ("account.password_set", user.id) in _actions()
    again = client.get(link)
    assert again.status_code == 404 and "already been chosen" in again.data.decode()
    response = client.post("/sign-in", data={"email": user.email, "password": NEW_PASSWORD})
    assert response.headers["Location"].endswith("/two-factor/set-up")


def test_the_link_expires_after_72_hours(client, admin, clock):
    user = _create_feoa(client)
    link = _welcome_link(user)
    client.post("/sign-out")
    clock.advance(hours=72, seconds=1)
    response = client.get(link)
    assert response.status_code == 410
    assert "72 hours" in _page(response).select_one("main").text


def test_the_cli_without_a_password_emails_the_set_password_link_and_is_audited(app):
    result = app.test_cli_runner().invoke(args=["create-user", "--role", "feoa", "--force", "avon-and-somerset",
                                                "--email", "pc.cli@police.uk"])
    assert result.exit_code == 0, result.output
    assert "emailed a link to choose their password" in result.output
    user = db.session.scalar(select(User).where(User.email == "pc.cli@police.uk"))
    assert _welcome_link(user).startswith("/set-password/")
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "account.created"))
    assert (entry.actor_id, entry.subject_user_id, entry.detail) == (None, user.id, "role feoa, from the command line")


def test_the_cli_with_a_password_sends_no_link_but_is_audited(app):
    result = app.test_cli_runner().invoke(args=["create-user", "--role", "admin", "--email", "boss@example.org",
                                                "--password", PASSWORD])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(Message.id)) is None
    assert [action for action, _ in _actions()] == ["account.created"]


def test_deactivation_asks_first_and_says_what_happens(client, admin, make_user):
    feoa = make_user("feoa")
    accounts = _page(client.get("/admin/accounts"))
    link = accounts.select_one(f"#account-{feoa.id} a[href$='/deactivate']")
    page = _page(client.get(link["href"]))
    assert "signed out at once" in page.text
    form = page.select_one(f"form[action='/admin/accounts/{feoa.id}/deactivate']")
    assert form["method"] == "post" and form.select_one("input[name=csrf_token]") is not None
    assert db.session.get(User, feoa.id).active


def test_a_deactivated_staff_member_is_signed_out_on_their_very_next_request(app, client, admin, make_user, sign_in):
    feoa = make_user("feoa")
    theirs = app.test_client()
    sign_in(feoa, on=theirs)
    assert theirs.get("/feoa/").status_code == 200
    assert client.post(f"/admin/accounts/{feoa.id}/deactivate").status_code == 303
    response = theirs.get("/feoa/")
    assert response.status_code in (302, 303) and "/sign-in" in response.headers["Location"]
    refused = theirs.post("/sign-in", data={"email": feoa.email, "password": PASSWORD})
    assert refused.status_code == 422
    assert ("account.deactivated", feoa.id) in _actions()
    assert "Deactivated" in _page(client.get("/admin/accounts")).select_one(f"#account-{feoa.id}").text


def test_a_reactivated_staff_member_can_sign_in_again(app, client, admin, make_user):
    feoa = make_user("feoa")
    client.post(f"/admin/accounts/{feoa.id}/deactivate")
    assert client.post(f"/admin/accounts/{feoa.id}/reactivate").status_code == 303
    assert db.session.get(User, feoa.id).active
    response = app.test_client().post("/sign-in", data={"email": feoa.email, "password": PASSWORD})
    assert response.status_code == 303
    assert [a for a in _actions() if a[1] == feoa.id] == [("account.deactivated", feoa.id),
                                                          ("account.reactivated", feoa.id)]


def test_an_admin_cannot_deactivate_their_own_account(client, admin):
    assert client.get(f"/admin/accounts/{admin.id}/deactivate").status_code == 302
    assert client.post(f"/admin/accounts/{admin.id}/deactivate").status_code == 303
    assert db.session.get(User, admin.id).active
    assert _actions() == []


def test_a_candidate_cannot_be_deactivated_from_the_staff_page(client, admin, make_user):
    candidate = make_user("candidate")
    assert client.post(f"/admin/accounts/{candidate.id}/deactivate").status_code == 404
    assert client.get(f"/admin/accounts/{candidate.id}/deactivate").status_code == 404


@pytest.mark.parametrize("role", ["candidate", "feoa", "election_office"])
def test_only_admins_deactivate_accounts(client, login_as, make_user, role):
    staff = make_user("feoa")
    login_as(role)
    assert client.post(f"/admin/accounts/{staff.id}/deactivate").status_code in (403, 404)
    assert db.session.get(User, staff.id).active


def test_the_audit_filter_offers_every_action_before_any_is_recorded(client, admin):
    page = _page(client.get("/admin/audit"))
    options = {o["value"]: o.text for o in page.select("#action option")}
    for action in ("account.created", "account.deactivated", "account.reactivated", "staff.signed_in",
                   "two_factor.code_refused", "feoa.contact_details_viewed", "feoa.candidates_exported",
                   "feoa.incident_acknowledged", "feoa.incident_closed", "feoa.briefing_recorded", "pledge.published"):
        assert action in options
    assert options["account.deactivated"] == "Staff account deactivated"
