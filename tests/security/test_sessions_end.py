"""Finding 4: a session cookie (or remember-me cookie) kept from before sign-out still opened the account."""

from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest

from tests.conftest import PASSWORD
from webapp.auth.session_versions import end_all_sessions
from webapp.extensions import db

pytestmark = pytest.mark.both_databases


def signed_in_client(app, user, remember=False):
    client = app.test_client()
    data = {"email": user.email, "password": PASSWORD, **({"remember": "y"} if remember else {})}
    assert client.post("/sign-in", data=data).status_code == 303
    assert client.get("/profile").status_code == 200
    return client


def replay(app, **cookies):
    """A fresh browser holding only copies of these cookies."""
    client = app.test_client()
    for name, value in cookies.items():
        client.set_cookie(name, value)
    return client


def test_a_session_cookie_kept_from_before_sign_out_opens_nothing(app, make_user):
    client = signed_in_client(app, make_user("candidate"))
    kept = client.get_cookie("session").value
    client.post("/sign-out")
    response = replay(app, session=kept).get("/profile")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_a_remember_me_cookie_kept_from_before_sign_out_opens_nothing(app, make_user):
    client = signed_in_client(app, make_user("candidate"), remember=True)
    kept = client.get_cookie("remember_token").value
    assert replay(app, remember_token=kept).get("/profile").status_code == 200  # it works until then
    client.post("/sign-out")
    response = replay(app, remember_token=kept).get("/profile")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_keep_me_signed_in_lasts_30_days(app, make_user):
    user = make_user("candidate")
    response = app.test_client().post("/sign-in", data={"email": user.email, "password": PASSWORD, "remember": "y"})
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("remember_token="))
    expires = parsedate_to_datetime(cookie.split("Expires=")[1].split(";")[0])
    assert timedelta(days=29) < expires - datetime.now(UTC) <= timedelta(days=30)


def test_signing_out_of_every_other_device_keeps_this_one(app, make_user):
    user = make_user("candidate")
    phone = signed_in_client(app, user, remember=True)
    laptop = signed_in_client(app, user, remember=True)
    laptop_remember = laptop.get_cookie("remember_token").value
    assert "Sign out of every other device" in phone.get("/account/devices").get_data(as_text=True)
    response = phone.post("/account/devices")
    assert response.status_code == 303
    assert phone.get("/profile").status_code == 200
    assert replay(app, remember_token=phone.get_cookie("remember_token").value).get("/profile").status_code == 200
    assert laptop.get("/profile").status_code == 302
    assert replay(app, remember_token=laptop_remember).get("/profile").status_code == 302


def test_the_profile_links_to_signing_out_of_other_devices(app, make_user):
    client = signed_in_client(app, make_user("candidate"))
    assert 'href="/account/devices"' in client.get("/profile").get_data(as_text=True)


def test_a_staff_member_stays_verified_here_after_signing_out_elsewhere(client, make_user, sign_in):
    admin = sign_in(make_user("admin"))
    assert client.get("/admin/accounts").status_code == 200
    client.post("/account/devices")
    db.session.refresh(admin)
    assert client.get("/admin/accounts").status_code == 200


def test_a_password_change_ends_other_sessions_and_keeps_this_one(app, make_user):
    user = make_user("candidate")
    here, elsewhere = signed_in_client(app, user), signed_in_client(app, user, remember=True)
    kept = elsewhere.get_cookie("remember_token").value
    response = here.post("/account/password", data={"current": PASSWORD, "password": "another long passphrase",
                                                     "confirm": "another long passphrase"})
    assert response.status_code == 303
    assert here.get("/profile").status_code == 200
    assert elsewhere.get("/profile").status_code == 302
    assert replay(app, remember_token=kept).get("/profile").status_code == 302


def test_ending_all_sessions_of_an_account_signs_it_out_everywhere(app, make_user):
    """What an administrator's deactivation calls (webapp.auth.session_versions.end_all_sessions)."""
    user = make_user("candidate")
    client = signed_in_client(app, user, remember=True)
    kept = client.get_cookie("remember_token").value
    end_all_sessions(user)
    db.session.commit()
    assert client.get("/profile").status_code == 302
    assert replay(app, remember_token=kept).get("/profile").status_code == 302


def test_a_deactivated_account_is_refused_even_with_a_live_session(app, make_user):
    user = make_user("candidate")
    client = signed_in_client(app, user)
    user.active = False
    db.session.commit()
    assert client.get("/profile").status_code == 302
