import re

import pytest
import sqlalchemy as sa

from tests.auth.pages import error_beside, html
from tests.conftest import PASSWORD
from webapp.extensions import db
from webapp.models import Message

NEW_PASSWORD = "harbour pencil meadow"


def reset_link_sent_to(email: str) -> str:
    message = db.session.scalar(sa.select(Message).where(Message.recipient == email))
    assert message is not None, f"no email to {email} in the outbox"
    link = re.search(r"https?://\S+/reset-password/\S+", message.body).group(0)
    return link.removeprefix("http://campaignsafe.test")


def can_sign_in(client, email, password) -> bool:
    response = client.post("/sign-in", data={"email": email, "password": password})
    if response.status_code == 303:
        client.post("/sign-out")
        return True
    return False


def test_a_forgotten_password_is_reset_through_a_link_emailed_to_the_account(client, make_user):
    make_user("candidate", email="asha@example.org", name="Asha Patel")
    response = client.post("/forgot-password", data={"email": "Asha@example.org"})
    assert response.status_code == 200
    assert html(response).select_one("h1").get_text(strip=True) == "Check your email"

    message = db.session.scalar(sa.select(Message))
    assert (message.channel, message.recipient) == ("email", "asha@example.org")
    assert "Hello Asha Patel" in message.body and "within one hour" in message.body
    link = reset_link_sent_to("asha@example.org")
    assert html(client.get(link)).select_one("h1").get_text(strip=True) == "Choose a new password"

    response = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 303
    assert response.headers["Location"] == "/sign-in"
    assert can_sign_in(client, "asha@example.org", NEW_PASSWORD)
    assert not can_sign_in(client, "asha@example.org", PASSWORD)


def test_a_reset_link_works_only_once(client, make_user):
    make_user("candidate", email="asha@example.org")
    client.post("/forgot-password", data={"email": "asha@example.org"})
    link = reset_link_sent_to("asha@example.org")
    client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})

    for response in (client.get(link), client.post(link, data={"password": "another pass word", "confirm": "another pass word"})):
        assert response.status_code == 404
        assert "already been used" in html(response).select_one("main").get_text()
    assert can_sign_in(client, "asha@example.org", NEW_PASSWORD)


def test_a_reset_link_still_works_just_before_an_hour_and_not_after(client, make_user, clock):
    make_user("candidate", email="asha@example.org")
    client.post("/forgot-password", data={"email": "asha@example.org"})
    link = reset_link_sent_to("asha@example.org")

    clock.advance(minutes=59)
    assert client.get(link).status_code == 200
    clock.advance(minutes=2)
    response = client.get(link)
    assert response.status_code == 410
    assert "expired" in html(response).select_one("main").get_text()
    assert client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 410
    assert can_sign_in(client, "asha@example.org", PASSWORD)


def test_a_reset_link_has_expired_an_hour_and_a_minute_later(client, make_user, clock):
    make_user("candidate", email="asha@example.org")
    client.post("/forgot-password", data={"email": "asha@example.org"})
    link = reset_link_sent_to("asha@example.org")
    clock.advance(hours=1, minutes=1)
    assert client.get(link).status_code == 410


@pytest.mark.parametrize("token", ["not-a-token", "eyJ1c2VyIjoxfQ.AAAA.BBBB", "x" * 300])
def test_a_made_up_reset_link_is_not_found(client, token):
    response = client.get(f"/reset-password/{token}")
    assert response.status_code == 404
    assert html(response).select_one("a[href='/forgot-password']") is not None


def test_asking_for_a_reset_for_an_unknown_email_looks_the_same_and_sends_nothing(client):
    response = client.post("/forgot-password", data={"email": "nobody@example.org"})
    assert response.status_code == 200
    assert html(response).select_one("h1").get_text(strip=True) == "Check your email"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Message)) == 0


@pytest.mark.parametrize(
    ("email", "message"),
    [("", "Enter your email address."), ("asha-at-example.org", "Enter an email address like name@example.org."),
     ("a" * 255 + "@example.org", "Field cannot be longer than 254 characters.")],
)
def test_bad_input_on_the_forgotten_password_form_is_refused_beside_the_field(client, email, message):
    response = client.post("/forgot-password", data={"email": email})
    assert response.status_code == 422
    page = html(response)
    assert error_beside(page, "email") == message
    assert page.select_one("#email")["value"] == email


@pytest.mark.parametrize(
    ("password", "confirm", "field", "message"),
    [
        ("", "", "password", "Enter a password."),
        ("short", "short", "password", "Use at least 10 characters (three random words work well)."),
        ("x" * 201, "x" * 201, "password", "Use at least 10 characters (three random words work well)."),
        (NEW_PASSWORD, "something else", "confirm", "The passwords do not match."),
    ],
)
def test_bad_input_on_the_new_password_form_is_refused_and_the_link_still_works(client, make_user, password, confirm, field, message):
    make_user("candidate", email="asha@example.org")
    client.post("/forgot-password", data={"email": "asha@example.org"})
    link = reset_link_sent_to("asha@example.org")
    response = client.post(link, data={"password": password, "confirm": confirm})
    assert response.status_code == 422
    assert error_beside(html(response), field) == message
    assert client.get(link).status_code == 200


def test_changing_a_password_keeps_this_session_and_signs_out_every_other(app, client, make_user, sign_in):
    user = make_user("candidate", email="asha@example.org")
    other_phone = app.test_client()
    sign_in(user, on=client)
    sign_in(user, on=other_phone)

    response = client.post("/account/password", data={"current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 303

    assert client.get("/account/password").status_code == 200
    elsewhere = other_phone.get("/account/password")
    assert elsewhere.status_code == 302
    assert elsewhere.headers["Location"].startswith("/sign-in")
    assert can_sign_in(app.test_client(), "asha@example.org", NEW_PASSWORD)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"current": "not my password", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}, "current", "That is not your current password."),
        ({"current": "", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}, "current", "Enter your current password."),
        ({"current": PASSWORD, "password": "short", "confirm": "short"}, "password", "Use at least 10 characters (three random words work well)."),
        ({"current": PASSWORD, "password": NEW_PASSWORD, "confirm": "different words"}, "confirm", "The passwords do not match."),
        ({"current": PASSWORD, "password": PASSWORD, "confirm": PASSWORD}, "password", "Choose a password different from your current one."),
    ],
)
def test_bad_input_on_the_change_password_form_is_refused_and_changes_nothing(app, client, login_as, data, field, message):
    login_as("candidate", email="asha@example.org")
    response = client.post("/account/password", data=data)
    assert response.status_code == 422
    page = html(response)
    assert error_beside(page, field) == message
    assert all(page.select_one(f"#{name}")["value"] == "" for name in ("current", "password", "confirm"))
    assert can_sign_in(app.test_client(), "asha@example.org", PASSWORD)


def test_changing_a_password_needs_a_signed_in_person(client):
    response = client.get("/account/password")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=")


def _password_audit():
    from webapp.models import AuditEntry
    return [(e.action, e.subject_user_id, e.detail) for e in db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "account.password_changed"))]


def test_a_staff_password_change_is_in_the_audit_log(client, login_as):
    adviser = login_as("feoa", email="pc.adviser@police.uk")
    response = client.post("/account/password", data={"current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 303
    assert _password_audit() == [("account.password_changed", adviser.id, "signed in, with the current password")]


def test_a_staff_password_reset_is_in_the_audit_log_and_a_candidates_is_not(client, make_user):
    office = make_user("election_office", email="robin@bristol.gov.uk")
    make_user("candidate", email="asha@example.org")
    for email in ("robin@bristol.gov.uk", "asha@example.org"):
        client.post("/forgot-password", data={"email": email})
        assert client.post(reset_link_sent_to(email), data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 303
    assert _password_audit() == [("account.password_changed", office.id, "by a password-reset link")]
