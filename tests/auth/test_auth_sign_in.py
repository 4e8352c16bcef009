import pytest

from tests.auth.pages import error_beside, html, value_of
from tests.conftest import PASSWORD
from webapp.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, seed_demo_data


def sign_in(client, email, password=PASSWORD, next_url=None, address="127.0.0.1"):
    url = "/sign-in" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"email": email, "password": password}, environ_base={"REMOTE_ADDR": address})


def is_signed_in(client) -> bool:
    return html(client.get("/")).select_one("button.linklike") is not None  # the "Sign out" button


def test_a_person_signs_in_with_their_email_and_password_and_lands_home(client, make_user):
    user = make_user("candidate", email="asha@example.org")
    response = sign_in(client, "  ASHA@example.org ")
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    assert is_signed_in(client)
    assert user.last_sign_in_at is not None


def test_a_wrong_password_is_refused_with_the_email_kept_and_the_password_not(client, make_user):
    make_user("candidate", email="asha@example.org")
    response = sign_in(client, "asha@example.org", "not the password")
    assert response.status_code == 422
    page = html(response)
    assert error_beside(page, "password") == "That email and password do not match an account."
    assert value_of(page, "email") == "asha@example.org"
    assert value_of(page, "password") == ""
    assert not is_signed_in(client)


def test_an_unknown_email_gets_the_same_answer_as_a_wrong_password(client):
    response = sign_in(client, "nobody@example.org")
    assert response.status_code == 422
    assert error_beside(html(response), "password") == "That email and password do not match an account."


def test_a_deactivated_account_cannot_sign_in(client, make_user):
    make_user("candidate", email="asha@example.org", active=False)
    assert sign_in(client, "asha@example.org").status_code == 422


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"email": "", "password": PASSWORD}, "email", "Enter your email address."),
        ({"email": "asha-at-example.org", "password": PASSWORD}, "email", "Enter an email address like name@example.org."),
        ({"email": "a" * 255 + "@example.org", "password": PASSWORD}, "email", "Field cannot be longer than 254 characters."),
        ({"email": "asha@example.org", "password": ""}, "password", "Enter your password."),
        ({"email": "asha@example.org", "password": "x" * 201}, "password", "Field cannot be longer than 200 characters."),
    ],
)
def test_bad_sign_in_input_is_refused_beside_the_field(hx, data, field, message):
    response = hx.post("/sign-in", target="login-form", data=data)
    assert response.status_code == 422
    page = html(response)
    assert error_beside(page, field) == message
    if field != "email":
        assert value_of(page, "email") == data["email"]


def test_signing_out_ends_the_session(client, login_as):
    login_as("candidate")
    response = client.post("/sign-out")
    assert response.status_code == 303
    assert response.headers["Location"] == "/sign-in"
    assert not is_signed_in(client)


def test_signing_out_by_get_is_not_allowed(client, login_as):
    login_as("candidate")
    assert client.get("/sign-out").status_code == 405
    assert is_signed_in(client)


def test_after_sign_in_a_person_goes_back_to_the_page_they_asked_for(client, make_user):
    make_user("candidate", email="asha@example.org")
    response = sign_in(client, "asha@example.org", next_url="/safety/where-to-report?from=nav")
    assert response.headers["Location"] == "/safety/where-to-report?from=nav"


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/path", "javascript:alert(1)", "/\\evil.example", "evil.example", "http:/evil"],
)
def test_a_next_address_outside_the_site_is_ignored(client, make_user, next_url):
    make_user("candidate", email="asha@example.org")
    response = client.post("/sign-in", query_string={"next": next_url},
                           data={"email": "asha@example.org", "password": PASSWORD})
    assert response.status_code == 303
    assert response.headers["Location"] == "/"


def test_the_sixth_attempt_in_a_minute_for_one_account_is_refused_from_any_address(client, make_user):
    make_user("candidate", email="asha@example.org")
    for n in range(5):
        assert sign_in(client, "asha@example.org", "wrong password", address=f"10.0.0.{n}").status_code == 422
    response = sign_in(client, "asha@example.org", address="10.0.0.99")
    assert response.status_code == 429
    assert html(response).select_one("h1").get_text(strip=True) == "Too many attempts"
    assert "wait a minute" in response.get_data(as_text=True)
    assert not is_signed_in(client)


def test_the_sixth_attempt_in_a_minute_from_one_address_is_refused_whatever_the_account(client, make_user):
    make_user("candidate", email="asha@example.org")
    for n in range(5):
        assert sign_in(client, f"person{n}@example.org", "wrong password", address="10.0.0.7").status_code == 422
    assert sign_in(client, "asha@example.org", address="10.0.0.7").status_code == 429
    assert sign_in(client, "asha@example.org", address="10.0.0.8").status_code == 303


def test_the_sign_in_limit_is_a_setting(app, client, make_user):
    app.config["SIGN_IN_RATE_LIMIT"] = "2 per minute"
    make_user("candidate", email="asha@example.org")
    sign_in(client, "asha@example.org", "wrong password")
    sign_in(client, "asha@example.org", "wrong password")
    assert sign_in(client, "asha@example.org").status_code == 429


def test_every_printed_demo_account_can_sign_in(app, client):
    seed_demo_data()
    for email, *_ in DEMO_ACCOUNTS:
        response = client.post("/sign-in", data={"email": email, "password": DEMO_PASSWORD})
        assert response.status_code == 303, email
        client.post("/sign-out")


@pytest.fixture
def behind_one_proxy(app_overrides):
    app_overrides["TRUSTED_PROXY_COUNT"] = 1


def test_behind_a_trusted_proxy_the_limit_counts_each_client_address_not_the_proxys(behind_one_proxy, client, make_user):
    make_user("candidate", email="asha@example.org")
    for n in range(5):
        client.post("/sign-in", data={"email": f"person{n}@example.org", "password": "wrong password"},
                    headers={"X-Forwarded-For": f"203.0.113.{n}"})
    response = client.post("/sign-in", data={"email": "asha@example.org", "password": PASSWORD},
                           headers={"X-Forwarded-For": "203.0.113.50"})
    assert response.status_code == 303


def test_without_a_trusted_proxy_a_forged_forwarded_address_does_not_escape_the_limit(client, make_user):
    for n in range(5):
        client.post("/sign-in", data={"email": f"person{n}@example.org", "password": "wrong password"},
                    headers={"X-Forwarded-For": f"203.0.113.{n}"})
    response = client.post("/sign-in", data={"email": "asha@example.org", "password": PASSWORD},
                           headers={"X-Forwarded-For": "203.0.113.50"})
    assert response.status_code == 429
