import pytest

from tests.auth.pages import html
from tests.conftest import PASSWORD


@pytest.fixture
def app_overrides():
    return {"WTF_CSRF_ENABLED": True}


def token_from(client, url="/sign-in"):
    """The token a real page hands the browser: in the form and in #page's hx-headers."""
    page = html(client.get(url))
    field = page.select_one("input[name=csrf_token]")["value"]
    assert f'"X-CSRFToken": "{field}"' in page.select_one("#page")["hx-headers"]
    return field


def test_an_htmx_sign_in_with_the_token_header_works(client, hx, make_user):
    make_user("candidate", email="asha@example.org")
    token = token_from(client)
    response = hx.post("/sign-in", target="login-form", headers={"X-CSRFToken": token},
                       data={"email": "asha@example.org", "password": PASSWORD})
    assert response.status_code == 200
    assert response.headers["HX-Location"] == "/"


def test_a_plain_form_post_with_the_hidden_token_works(client, make_user):
    make_user("candidate", email="asha@example.org")
    token = token_from(client)
    response = client.post("/sign-in", data={"csrf_token": token, "email": "asha@example.org", "password": PASSWORD})
    assert response.status_code == 303


@pytest.mark.parametrize("headers", [{}, {"X-CSRFToken": "forged"}])
def test_a_post_without_a_valid_token_changes_nothing_and_says_why(client, hx, make_user, headers):
    make_user("candidate", email="asha@example.org")
    token_from(client)  # a session exists, as it would in a browser
    response = hx.post("/sign-in", target="login-form", headers=headers,
                       data={"email": "asha@example.org", "password": PASSWORD})
    assert response.status_code == 400
    assert "Your form expired" in response.get_data(as_text=True)
    assert html(client.get("/")).select_one("h1").get_text(strip=True) == "Stay safe while you campaign"


def test_signing_out_needs_the_token_too(client, hx, login_as):
    login_as("candidate")
    assert hx.post("/sign-out").status_code == 400
    token = token_from(client, "/")
    response = hx.post("/sign-out", headers={"X-CSRFToken": token})
    assert response.status_code == 200 and response.headers["HX-Location"] == "/sign-in"
