"""Keeping your own details up to date on the profile page."""

import pytest
from sqlalchemy import select

from tests.helpers import register, soup
from webapp.extensions import db
from webapp.models import Force, User


def test_saving_the_profile_stores_every_detail(client, login_as, profile_form):
    user = login_as("candidate")
    response = client.post("/profile", data=profile_form(email=" Alex@Example.org "))
    assert response.status_code == 303
    db.session.refresh(user)
    assert (user.name, user.email, user.mobile) == ("Alex Candidate", "alex@example.org", "+447911123456")
    assert (user.emergency_contact_name, user.emergency_contact_mobile) == ("Jamie Friend", "+447911123458")
    candidacy = user.candidacy
    assert (candidacy.office, candidacy.council, candidacy.ward, candidacy.party) == (
        "mayor", "Plymouth City Council", "Drake", "Independent")
    assert candidacy.force.code == "devon-and-cornwall"
    assert candidacy.election is not None


def test_the_profile_page_shows_what_is_stored(client, login_as):
    login_as("candidate", mobile="+447911123456")
    page = soup(client.get("/profile"))
    assert page.select_one("h1").get_text(strip=True) == "Your profile"
    assert page.select_one("#mobile")["value"] == "07911 123456"
    assert page.select_one("#ward")["value"] == "Clifton"
    force = page.select_one("#force_id option[selected]")
    assert force.get_text() == "Avon and Somerset Police"
    assert len(page.select("#force_id option")) == 46  # 45 forces and the prompt


def test_the_profile_never_asks_for_a_home_address(client, login_as):
    login_as("candidate")
    page = soup(client.get("/profile"))
    labels = " ".join(label.get_text() for label in page.select("label")).lower()
    assert "address" not in labels.replace("email address", "")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "Enter your name."),
        ("name", "x" * 101, "100 characters or fewer"),
        ("email", "", "Enter your email address."),
        ("email", "not-an-email", "Enter an email address like"),
        ("email", "a" * 250 + "@example.org", "254 characters or fewer"),
        ("mobile", "020 7946 0000", "landline"),
        ("mobile", "09098 790000", "premium-rate"),
        ("mobile", "0791112345", "too short"),
        ("mobile", "+33 6 12 34 56 78", "UK mobile"),
        ("mobile", "7" * 31, "30 characters or fewer"),
        ("mobile", "", "Enter a mobile number so we can text you"),
        ("contact_preference", "carrier-pigeon", "Choose one of the options listed."),
        ("emergency_contact_name", "", "Enter your emergency contact's name."),
        ("emergency_contact_name", "x" * 101, "100 characters or fewer"),
        ("emergency_contact_mobile", "", "Enter your emergency contact's mobile"),
        ("emergency_contact_mobile", "0117 496 0123", "landline"),
        ("emergency_contact_mobile", "07911 123456", "different number from yours"),
        ("office", "king", "Choose one of the options listed."),
        ("council", "x" * 121, "120 characters or fewer"),
        ("ward", "x" * 121, "120 characters or fewer"),
        ("party", "x" * 121, "120 characters or fewer"),
        ("force_id", "99999", "Choose one of the options listed."),
        ("force_id", "avon", "Choose one of the options listed."),
        ("election_id", "99999", "Choose one of the options listed."),
    ],
)
def test_bad_profile_input_is_refused_beside_its_field_and_the_rest_is_kept(hx, login_as, profile_form, field,
                                                                             value, message):
    user = login_as("candidate", name="Before")
    response = hx.post("/profile", target="profile-form", data=profile_form(**{field: value}))
    assert response.status_code == 422
    fragment = soup(response)
    assert fragment.select_one("h1") is None
    error = fragment.select_one(f"#{field}-error")
    assert error is not None and message in error.get_text()
    for kept in ("ward", "council", "emergency_contact_name"):
        if kept != field:
            assert fragment.select_one(f"#{kept}")["value"] == profile_form()[kept]
    db.session.refresh(user)
    assert user.name == "Before"


def test_without_javascript_a_bad_mobile_re_renders_the_page(client, login_as, profile_form):
    login_as("candidate")
    response = client.post("/profile", data=profile_form(mobile="0117 496 0123"))
    assert response.status_code == 422
    page = soup(response)
    assert page.select_one("h1").get_text(strip=True) == "Your profile"
    assert "landline" in page.select_one(".error-summary").get_text()
    assert page.select_one("#mobile")["value"] == "0117 496 0123"


def test_email_only_contact_needs_no_mobile(client, login_as, profile_form):
    user = login_as("candidate", mobile="+447911123456")
    response = client.post("/profile", data=profile_form(mobile="", contact_preference="email"))
    assert response.status_code == 303
    db.session.refresh(user)
    assert user.mobile is None and user.contact_preference == "email"


def test_an_email_used_by_another_account_is_refused(hx, make_user, sign_in, profile_form):
    make_user("candidate", email="taken@example.org")
    sign_in(make_user("candidate"))
    response = hx.post("/profile", target="profile-form", data=profile_form(email="taken@example.org"))
    assert response.status_code == 422
    assert "Another account" in soup(response).select_one("#email-error").get_text()


def test_a_team_member_has_no_candidacy_fields_and_can_save(client, login_as):
    user = login_as("team_member")
    page = soup(client.get("/profile"))
    assert page.select_one("#office") is None and page.select_one("#force_id") is None
    assert page.select_one("#consent") is None
    response = client.post("/profile", data={"name": "Sam Helper", "email": user.email, "mobile": "07911 222333",
                                             "contact_preference": "sms", "emergency_contact_name": "",
                                             "emergency_contact_mobile": ""})
    assert response.status_code == 303
    db.session.refresh(user)
    assert user.name == "Sam Helper" and user.candidacy is None


def test_registering_lands_on_the_profile(client):
    response = register(client, "New Person", "new@example.org", "three random words")
    assert response.status_code == 303
    assert response.headers["Location"] == "/profile"
    page = soup(client.get("/profile"))
    assert page.select_one("#name")["value"] == "New Person"
    assert page.select_one("#consent") is not None


def test_a_candidate_with_no_candidacy_yet_gets_one_on_saving(client, make_user, sign_in, profile_form):
    user = make_user("team_member")
    user.role = "candidate"
    db.session.commit()
    sign_in(user)
    assert client.post("/profile", data=profile_form()).status_code == 303
    db.session.refresh(user)
    assert user.candidacy.force_id == db.session.scalar(
        select(Force.id).where(Force.code == "devon-and-cornwall"))


def test_signed_out_visitors_cannot_see_a_profile(client):
    assert client.get("/profile").status_code == 302
    assert db.session.scalar(select(User)) is None


def test_a_new_candidate_finds_the_only_election_already_chosen(client):
    register(client, "New Person", "new@example.org", "three random words")
    page = soup(client.get("/profile"))
    assert page.select_one("#election_id option[selected]").get_text().startswith("Local elections 2027")
