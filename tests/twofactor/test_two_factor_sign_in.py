"""Two-factor sign-in for FEOA, election-office and admin accounts."""

import pyotp
import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import AuditEntry, RecoveryCode, TwoFactor

STAFF_ROLES = ["feoa", "election_office", "admin"]


def _error(response) -> str:
    page = BeautifulSoup(response.data, "html.parser")
    return page.select_one(".error-message").get_text(" ", strip=True)


def _is_signed_in(client) -> bool:
    with client.session_transaction() as session:
        return "_user_id" in session


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_a_staff_password_alone_does_not_sign_in(client, make_user, password_step, enrol, role):
    user = make_user(role)
    enrol(user)
    response = password_step(user)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/two-factor/code")
    assert not _is_signed_in(client)


@pytest.mark.parametrize("url", ["/feoa/", "/feoa/digest", "/feoa/settings", "/admin/accounts", "/admin/audit"])
def test_no_staff_page_opens_with_the_password_alone(client, make_user, password_step, enrol, url):
    feoa, admin = make_user("feoa"), make_user("admin")
    user = admin if url.startswith("/admin") else feoa
    enrol(user)
    password_step(user)
    response = client.get(url)
    assert response.status_code == 302
    assert "/sign-in" in response.headers["Location"]


@pytest.mark.parametrize("url", ["/feoa/", "/admin/accounts"])
def test_a_session_without_the_two_factor_mark_is_sent_to_enter_a_code(client, make_user, sign_in, url):
    user = make_user("admin" if url.startswith("/admin") else "feoa")
    sign_in(user, two_factor=False)
    response = client.get(url)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/two-factor/code")
    assert not _is_signed_in(client)


def test_a_candidate_signs_in_with_the_password_alone(client, make_user, password_step):
    user = make_user("candidate")
    response = password_step(user)
    assert response.headers["Location"].endswith("/")
    assert _is_signed_in(client)


def test_first_sign_in_enrols_an_authenticator_and_shows_recovery_codes_once(client, make_user, password_step, clock):
    user = make_user("feoa")
    response = password_step(user)
    assert response.headers["Location"].endswith("/two-factor/set-up")
    page = BeautifulSoup(client.get("/two-factor/set-up").data, "html.parser")
    assert page.select_one("img.qr")["src"].startswith("data:image/svg+xml")
    secret = page.select_one("#totp-secret").get_text(strip=True)
    assert page.select_one("label[for=code]") is not None
    response = client.post("/two-factor/set-up", data={"code": pyotp.TOTP(secret).at(clock.now())})
    assert response.status_code == 200
    shown = [li.get_text(strip=True) for li in BeautifulSoup(response.data, "html.parser").select("#recovery-codes li")]
    assert len(shown) == 10
    stored = db.session.scalars(select(RecoveryCode.code_hash).where(RecoveryCode.user_id == user.id)).all()
    assert len(stored) == 10 and not any(code in stored for code in shown)  # only hashes are kept
    assert db.session.scalar(select(TwoFactor).where(TwoFactor.user_id == user.id)).confirmed_at is not None
    assert _is_signed_in(client)
    assert client.get("/feoa/").status_code == 200


def test_a_wrong_code_at_enrolment_keeps_the_same_key_and_says_so(client, make_user, password_step):
    user = make_user("feoa")
    password_step(user)
    first = BeautifulSoup(client.get("/two-factor/set-up").data, "html.parser").select_one("#totp-secret").text
    response = client.post("/two-factor/set-up", data={"code": "000000"})
    assert response.status_code == 422
    assert "not right" in _error(response)
    again = BeautifulSoup(response.data, "html.parser").select_one("#totp-secret").text
    assert again == first
    assert not _is_signed_in(client)


def test_the_current_code_signs_in_and_goes_where_the_user_was_heading(client, make_user, enrol, clock):
    user = make_user("feoa")
    totp = enrol(user)
    client.post("/sign-in?next=/feoa/settings", data={"email": user.email, "password": "correct horse battery"})
    response = client.post("/two-factor/code", data={"code": totp.at(clock.now())})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/feoa/settings")
    assert client.get("/feoa/settings").status_code == 200


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "Enter the 6-digit code"),
        ("12345", "The code is 6 digits"),
        ("abcdef", "The code is 6 digits"),
        ("1234567", "The code is 6 digits"),
        ("9" * 500, "The code is 6 digits"),
    ],
)
def test_a_malformed_code_is_explained(client, make_user, enrol, password_step, code, message):
    user = make_user("feoa")
    enrol(user)
    password_step(user)
    response = client.post("/two-factor/code", data={"code": code})
    assert response.status_code == 422
    assert message in _error(response)
    assert not _is_signed_in(client)


def test_a_wrong_code_is_refused_with_a_clear_message(client, make_user, enrol, password_step, clock):
    user = make_user("feoa")
    totp = enrol(user)
    password_step(user)
    wrong = "000000" if totp.at(clock.now()) != "000000" else "111111"
    response = client.post("/two-factor/code", data={"code": wrong})
    assert response.status_code == 422
    assert "That code is not right, or it has expired" in _error(response)


def test_a_code_cannot_be_used_twice(client, make_user, enrol, password_step, clock, app):
    user = make_user("feoa")
    totp = enrol(user)
    code = totp.at(clock.now())
    password_step(user)
    assert client.post("/two-factor/code", data={"code": code}).status_code == 303
    client.post("/sign-out")
    password_step(user)
    response = client.post("/two-factor/code", data={"code": code})
    assert response.status_code == 422
    assert "already been used" in _error(response)


def test_the_code_from_the_previous_window_is_accepted_once(client, make_user, enrol, password_step, clock):
    user = make_user("feoa")
    totp = enrol(user)
    previous = totp.at(clock.now(), counter_offset=-1)
    password_step(user)
    assert client.post("/two-factor/code", data={"code": previous}).status_code == 303
    client.post("/sign-out")
    password_step(user)
    assert "already been used" in _error(client.post("/two-factor/code", data={"code": previous}))


def test_once_a_newer_code_is_used_the_previous_window_code_is_refused(client, make_user, enrol, password_step, clock):
    user = make_user("feoa")
    totp = enrol(user)
    password_step(user)
    assert client.post("/two-factor/code", data={"code": totp.at(clock.now())}).status_code == 303
    client.post("/sign-out")
    password_step(user)
    response = client.post("/two-factor/code", data={"code": totp.at(clock.now(), counter_offset=-1)})
    assert "already been used" in _error(response)


def test_a_code_two_windows_old_has_expired(client, make_user, enrol, password_step, clock):
    user = make_user("feoa")
    totp = enrol(user)
    old = totp.at(clock.now(), counter_offset=-2)
    password_step(user)
    if old in {totp.at(clock.now(), counter_offset=o) for o in (-1, 0, 1)}:
        pytest.skip("the old code happens to equal a current one")
    response = client.post("/two-factor/code", data={"code": old})
    assert "That code is not right, or it has expired" in _error(response)


def test_guessing_codes_is_rate_limited(client, make_user, enrol, password_step):
    user = make_user("feoa")
    enrol(user)
    password_step(user)
    statuses = [client.post("/two-factor/code", data={"code": f"{n:06d}"}).status_code for n in range(7)]
    assert statuses[:5] == [422] * 5
    assert statuses[5] == 429
    page = BeautifulSoup(client.post("/two-factor/code", data={"code": "123456"}).data, "html.parser")
    assert "Too many attempts" in page.select_one("h1").text


def test_a_recovery_code_signs_in_once(client, make_user, password_step, clock):
    user = make_user("feoa")
    password_step(user)
    secret = BeautifulSoup(client.get("/two-factor/set-up").data, "html.parser").select_one("#totp-secret").text
    shown = client.post("/two-factor/set-up", data={"code": pyotp.TOTP(secret).at(clock.now())})
    recovery = BeautifulSoup(shown.data, "html.parser").select_one("#recovery-codes li").get_text(strip=True)
    client.post("/sign-out")
    password_step(user)
    response = client.post("/two-factor/recovery", data={"code": recovery.upper()})
    assert response.status_code == 303
    assert _is_signed_in(client)
    client.post("/sign-out")
    password_step(user)
    response = client.post("/two-factor/recovery", data={"code": recovery})
    assert response.status_code == 422
    assert "already been used" in _error(response)


@pytest.mark.parametrize(("code", "message"), [("", "Enter one of your recovery codes"),
                                               ("abc", "Recovery codes look like"),
                                               ("zzzzz-zzzzz", "not one of your recovery codes")])
def test_a_bad_recovery_code_is_explained(client, make_user, enrol, password_step, code, message):
    user = make_user("feoa")
    enrol(user)
    password_step(user)
    response = client.post("/two-factor/recovery", data={"code": code})
    assert response.status_code == 422
    assert message in _error(response)


def test_the_code_page_needs_a_password_first(client):
    response = client.get("/two-factor/code")
    assert response.status_code == 302
    assert "/sign-in" in response.headers["Location"]


def test_an_admin_reset_is_audited_and_the_next_sign_in_enrols_again(client, make_user, sign_in, enrol):
    admin, feoa = make_user("admin"), make_user("feoa")
    enrol(feoa)
    sign_in(admin)
    response = client.post(f"/admin/accounts/{feoa.id}/reset-two-factor")
    assert response.status_code == 303
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "two_factor.reset"))
    assert (entry.actor_id, entry.subject_user_id) == (admin.id, feoa.id)
    client.post("/sign-out")
    response = client.post("/sign-in", data={"email": feoa.email, "password": "correct horse battery"})
    assert response.headers["Location"].endswith("/two-factor/set-up")


@pytest.mark.parametrize("url", ["/", "/safety", "/account/password"])
def test_any_page_asks_a_staff_session_without_the_code_step_for_a_code(client, make_user, sign_in, enrol, url):
    user = make_user("election_office")
    enrol(user)
    sign_in(user, two_factor=False)
    response = client.get(url)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/two-factor/code")
    assert not _is_signed_in(client)


def test_a_signed_in_adviser_makes_new_recovery_codes_and_the_old_ones_stop_working(client, make_user, sign_in):
    from webapp.twofactor import codes as two_factor

    user = make_user("feoa")
    old = two_factor.new_recovery_codes(user)
    db.session.commit()
    sign_in(user)
    page = BeautifulSoup(client.get("/two-factor/recovery-codes").data, "html.parser")
    assert "10 unused recovery codes" in page.text
    response = client.post("/two-factor/recovery-codes")
    new = [li.get_text(strip=True) for li in BeautifulSoup(response.data, "html.parser").select("#recovery-codes li")]
    assert len(new) == 10 and not set(new) & set(old)
    assert two_factor.use_recovery_code(user, old[0]).value == "wrong"
    assert two_factor.use_recovery_code(user, new[0]).value == "accepted"


def test_the_code_step_expires_ten_minutes_after_the_password(client, make_user, enrol, password_step, clock):
    user = make_user("feoa")
    totp = enrol(user)
    password_step(user)
    clock.advance(minutes=11)
    response = client.post("/two-factor/code", data={"code": totp.at(clock.now())})
    assert response.status_code == 302
    assert "/sign-in" in response.headers["Location"]
    assert not _is_signed_in(client)


def test_using_a_recovery_code_is_audited(client, make_user, enrol, password_step):
    from webapp.twofactor import codes as two_factor

    user = make_user("feoa")
    enrol(user)
    recovery = two_factor.new_recovery_codes(user)
    db.session.commit()
    password_step(user)
    client.post("/two-factor/recovery", data={"code": recovery[3]})
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "two_factor.recovery_code_used"))
    assert entry.actor_id == user.id
