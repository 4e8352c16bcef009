"""Finding 7: codes could be guessed all day (no lockout) and TOTP secrets were stored in plain text."""

import pyotp
import pytest
import sqlalchemy as sa
from cryptography.fernet import Fernet
from flask_migrate import upgrade
from sqlalchemy import select

from tests.helpers import sqlite_migrated_to
from webapp.extensions import db
from webapp.models import Message, TwoFactor
from webapp.twofactor import codes


@pytest.fixture
def app_overrides():
    # The per-minute limits (real time, not the test clock) are not what is tested here.
    return {"TWO_FACTOR_RATE_LIMIT": "1000 per minute", "SIGN_IN_RATE_LIMIT": "1000 per minute"}


def wrong_code(totp: pyotp.TOTP, clock) -> str:
    now = clock.now().timestamp()
    right = {totp.at(now + offset) for offset in (-30, 0, 30)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in right)


@pytest.fixture
def staff_at_code_step(make_user, enrol, password_step):
    user = make_user("feoa", email="adviser@example.org")
    totp = enrol(user)
    password_step(user)
    return user, totp


def signed_in(client) -> bool:
    with client.session_transaction() as session:
        return "_user_id" in session


@pytest.mark.both_databases
def test_ten_wrong_codes_in_a_day_lock_the_codes_and_email_the_person(client, clock, staff_at_code_step,
                                                                      password_step):
    user, totp = staff_at_code_step
    for _ in range(9):  # spread over 18 hours, each after the password again
        assert client.post("/two-factor/code", data={"code": wrong_code(totp, clock)}).status_code == 422
        clock.advance(hours=2)
        password_step(user)
    response = client.post("/two-factor/code", data={"code": wrong_code(totp, clock)})
    assert response.status_code == 423
    assert "Codes from your app no longer work" in response.get_data(as_text=True)
    clock.advance(minutes=1)
    assert client.post("/two-factor/code", data={"code": totp.at(clock.now())}).status_code == 423
    assert not signed_in(client)
    emails = db.session.scalars(select(Message).where(Message.kind == "two-factor-locked")).all()
    assert [(m.recipient, m.channel) for m in emails] == [("adviser@example.org", "email")]
    assert "10 wrong sign-in codes" in emails[0].body


def test_wrong_codes_spread_over_more_than_a_day_do_not_lock(client, clock, staff_at_code_step, password_step):
    user, totp = staff_at_code_step
    for _ in range(9):
        client.post("/two-factor/code", data={"code": wrong_code(totp, clock)})
    clock.advance(hours=25)
    password_step(user)
    for _ in range(9):
        assert client.post("/two-factor/code", data={"code": wrong_code(totp, clock)}).status_code == 422
    assert client.post("/two-factor/code", data={"code": totp.at(clock.now())}).status_code == 303
    assert signed_in(client)


def test_a_recovery_code_signs_in_and_lifts_the_lock(app, client, clock, staff_at_code_step):
    user, totp = staff_at_code_step
    recovery = codes.new_recovery_codes(user)
    db.session.commit()
    for _ in range(10):
        client.post("/two-factor/code", data={"code": wrong_code(totp, clock)})
    assert client.post("/two-factor/recovery", data={"code": recovery[0]}).status_code == 303
    assert signed_in(client)
    enrolment = db.session.scalar(select(TwoFactor).where(TwoFactor.user_id == user.id))
    db.session.refresh(enrolment)
    assert enrolment.locked_at is None and enrolment.failed_codes == 0


def test_an_administrators_reset_lifts_the_lock(client, clock, staff_at_code_step, make_user, sign_in, password_step):
    user, totp = staff_at_code_step
    for _ in range(10):
        client.post("/two-factor/code", data={"code": wrong_code(totp, clock)})
    admin_client = client.application.test_client()
    sign_in(make_user("admin"), on=admin_client)
    assert admin_client.post(f"/admin/accounts/{user.id}/reset-two-factor").status_code in (302, 303)
    response = password_step(user)
    assert response.headers["Location"].endswith("/two-factor/set-up")


@pytest.mark.both_databases
def test_the_totp_secret_is_encrypted_at_rest(app, make_user, enrol):
    user = make_user("feoa")
    totp = enrol(user)
    stored = db.session.execute(sa.text("SELECT secret_encrypted FROM two_factor WHERE user_id = :u"),
                                {"u": user.id}).scalar()
    assert totp.secret not in stored
    assert db.session.scalar(select(TwoFactor)).secret == totp.secret


def test_rotating_keys_keeps_every_secret_readable(app, make_user, enrol, monkeypatch):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    app.config["TWO_FACTOR_KEYS"] = old
    app.extensions.pop("two_factor_fernet", None)
    secret = enrol(make_user("feoa")).secret
    app.config["TWO_FACTOR_KEYS"] = f"{new},{old}"  # step 1: the new key first, the old one still listed
    app.extensions.pop("two_factor_fernet", None)
    assert db.session.scalar(select(TwoFactor)).secret == secret
    result = app.test_cli_runner().invoke(args=["two-factor", "rotate-keys"])
    assert "Re-encrypted 1 two-factor secrets" in result.output
    app.config["TWO_FACTOR_KEYS"] = new  # step 3: the old key removed
    app.extensions.pop("two_factor_fernet", None)
    db.session.expire_all()
    assert db.session.scalar(select(TwoFactor)).secret == secret


def test_the_migration_encrypts_existing_secrets(tmp_path):
    with sqlite_migrated_to(tmp_path, "0010") as engine:
        with engine.begin() as connection:
            connection.execute(sa.text(
                "INSERT INTO user (id, email, password_hash, role, name, contact_preference, active, created_at, "
                "password_changed_at) VALUES (1, 'a@example.org', 'x', 'feoa', 'Ade', 'both', 1, "
                "'2027-03-01 09:00:00', '2027-03-01 09:00:00')"))
            connection.execute(sa.text(
                "INSERT INTO two_factor (id, user_id, secret, last_used_step, created_at) "
                "VALUES (1, 1, 'JBSWY3DPEHPK3PXP', 0, '2027-03-01 09:00:00')"))
        upgrade(revision="0014")
        with engine.connect() as connection:
            stored = connection.execute(sa.text("SELECT secret_encrypted FROM two_factor")).scalar()
        engine.dispose()
        assert "JBSWY3DPEHPK3PXP" not in stored
        assert db.session.get(TwoFactor, 1).secret == "JBSWY3DPEHPK3PXP"

