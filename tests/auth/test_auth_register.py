import pytest
import sqlalchemy as sa

from tests.auth.pages import error_beside, html, value_of
from webapp.extensions import db
from webapp.models import Candidacy, Role, User

GOOD = {"name": "Asha Patel", "email": "asha@example.org", "password": "ribbon tractor lantern",
        "confirm": "ribbon tractor lantern"}


def test_registering_creates_a_signed_in_candidate_and_asks_for_their_profile(client):
    response = client.post("/register", data=GOOD)

    assert response.status_code == 303
    assert response.headers["Location"] == "/profile"
    user = db.session.scalar(sa.select(User).where(User.email == "asha@example.org"))
    assert user.role == Role.CANDIDATE.value
    assert user.password_hash.startswith("$argon2")
    assert db.session.scalar(sa.select(Candidacy).where(Candidacy.user_id == user.id)) is not None
    assert html(client.get("/")).select_one("h1").get_text(strip=True) != "Stay safe while you campaign"


def test_registering_through_htmx_moves_on_with_hx_location(hx):
    response = hx.post("/register", target="register-form", data=GOOD)
    assert response.status_code == 200
    assert response.headers["HX-Location"] == "/profile"


def test_an_email_that_already_has_an_account_is_refused_beside_the_email(client, make_user):
    make_user("candidate", email="asha@example.org")
    response = client.post("/register", data={**GOOD, "email": "Asha@Example.org"})
    assert response.status_code == 422
    assert "already exists" in error_beside(html(response), "email")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1


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
