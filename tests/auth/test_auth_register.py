import pytest
import sqlalchemy as sa

from tests.auth.pages import error_beside, html, value_of
from tests.helpers import register, registration_link
from webapp.extensions import db
from webapp.models import Candidacy, Role, User

GOOD = {"name": "Asha Patel", "email": "asha@example.org", "password": "ribbon tractor lantern",
        "confirm": "ribbon tractor lantern"}


def test_registering_creates_a_signed_in_candidate_and_asks_for_their_profile(client):
    response = register(client, GOOD["name"], GOOD["email"], GOOD["password"])

    assert response.status_code == 303
    assert response.headers["Location"] == "/profile"
    user = db.session.scalar(sa.select(User).where(User.email == "asha@example.org"))
    assert user.role == Role.CANDIDATE.value
    assert user.password_hash.startswith("$argon2")
    assert db.session.scalar(sa.select(Candidacy).where(Candidacy.user_id == user.id)) is not None
    assert html(client.get("/")).select_one("h1").get_text(strip=True) != "Stay safe while you campaign"


def test_the_new_account_signs_in_with_the_password_chosen_on_the_form(app, client):
    register(client, GOOD["name"], GOOD["email"], GOOD["password"])
    other = app.test_client()
    response = other.post("/sign-in", data={"email": GOOD["email"], "password": GOOD["password"]})
    assert response.status_code == 303 and response.headers["Location"] == "/"


def test_registering_through_htmx_moves_on_to_check_your_email(client, hx):
    response = hx.post("/register", target="register-form", data=GOOD)
    assert response.status_code == 200
    assert response.headers["HX-Location"] == "/register/sent"
    page = html(client.get("/register/sent"))
    assert page.select_one("h1").get_text(strip=True) == "Check your email"
    assert "asha@example.org" in page.select_one("main").get_text()


def test_opening_the_link_creates_nothing_until_the_button_is_pressed(client):
    client.post("/register", data=GOOD)
    page = html(client.get(registration_link(GOOD["email"])))
    assert page.select_one("h1").get_text(strip=True) == "Finish creating your account"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_a_registration_link_works_once(client):
    register(client, GOOD["name"], GOOD["email"], GOOD["password"])
    client.post("/sign-out")
    assert client.post(registration_link(GOOD["email"])).status_code == 404
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1


def test_a_registration_link_expires_after_a_day(client, clock):
    client.post("/register", data=GOOD)
    clock.advance(hours=25)
    assert client.post(registration_link(GOOD["email"])).status_code == 410
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "Enter your name."),
        ("name", "x" * 101, "Name must be 100 characters or fewer."),
        ("email", "", "Enter your email address."),
        ("email", "asha-at-example.org", "Enter an email address like name@example.org."),
        ("email", "a" * 250 + "@example.org", "Email must be 254 characters or fewer."),
        ("password", "short one", "Use at least 10 characters"),
        ("password", "x" * 201, "Use at least 10 characters"),
        ("confirm", "ribbon tractor lantern!", "The passwords do not match."),
    ],
)
def test_bad_registration_input_is_refused_beside_the_field_keeping_what_was_typed(hx, field, value, message):
    data = {**GOOD, field: value}
    if field == "password":
        data["confirm"] = value
    response = hx.post("/register", target="register-form", data=data)

    assert response.status_code == 422
    page = html(response)
    assert page.select_one("form#register-form") is not None and page.select_one("h1") is None  # the fragment
    assert error_beside(page, field).startswith(message)
    for kept in ("name", "email"):
        if kept != field:
            assert value_of(page, kept) == data[kept]
    assert value_of(page, "password") == "" and value_of(page, "confirm") == ""
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_without_javascript_a_bad_registration_re_renders_the_whole_page(client):
    response = client.post("/register", data={**GOOD, "name": ""})
    assert response.status_code == 422
    page = html(response)
    assert len(page.select("h1")) == 1
    assert page.select_one(".error-summary a[href='#name']").get_text(strip=True) == "Enter your name."
    assert value_of(page, "email") == "asha@example.org"
