import pytest

from tests.conftest import PASSWORD
from webapp import create_app


def cookies_set_by(response) -> dict[str, str]:
    """Each Set-Cookie header by cookie name."""
    return {header.split("=", 1)[0]: header for header in response.headers.getlist("Set-Cookie")}


def sign_in(client, email, remember=False):
    data = {"email": email, "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    return client.post("/sign-in", data=data)


def flags(header: str) -> set[str]:
    """The attributes after the value: {"httponly", "secure", "samesite=Lax", ...} (values kept only for SameSite)."""
    attributes = set()
    for part in header.split(";")[1:]:
        name, _, value = part.strip().partition("=")
        attributes.add(f"samesite={value}" if name.lower() == "samesite" else name.lower())
    return attributes


def test_the_session_and_remember_me_cookies_are_http_only_and_same_site_lax(client, make_user):
    make_user("candidate", email="asha@example.org")
    cookies = cookies_set_by(sign_in(client, "asha@example.org", remember=True))
    for name in ("session", "remember_token"):
        assert {"httponly", "samesite=Lax"} <= flags(cookies[name]), cookies[name]


@pytest.fixture
def production_client(app, monkeypatch):
    """The same database under the production settings (CSRF off only so the test can post)."""
    monkeypatch.setenv("SECRET_KEY", "a-production-secret-for-this-test-only")
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://campaignsafe.example")
    monkeypatch.setenv("TWO_FACTOR_KEYS", "YmVuY2gtb25seS10d28tZmFjdG9yLWtleS0zMmJ5dGU=")
    monkeypatch.setenv("DATA_CONTROLLER_NAME", "Example Borough Council")
    monkeypatch.setenv("DATA_CONTROLLER_CONTACT", "dpo@example.gov.uk")
    production = create_app("production", {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                                           "WTF_CSRF_ENABLED": False})
    return production.test_client()


def test_in_production_the_cookies_are_only_sent_over_https(production_client, make_user):
    make_user("candidate", email="asha@example.org")
    response = sign_in(production_client, "asha@example.org", remember=True)
    assert response.status_code == 303
    cookies = cookies_set_by(response)
    for name in ("session", "remember_token"):
        assert {"secure", "httponly", "samesite=Lax"} <= flags(cookies[name]), cookies[name]
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY must be set"):
        create_app("production")
