import pyotp
import pytest

from tests.conftest import PASSWORD
from webapp.extensions import db
from webapp.twofactor import codes


@pytest.fixture
def enrol(app):
    """Give a user a confirmed authenticator; returns its pyotp.TOTP."""

    def enrol_user(user):
        enrolment = codes.start_enrolment(user)
        enrolment.confirmed_at = app.extensions["clock"].now()
        db.session.commit()
        return pyotp.TOTP(enrolment.secret)

    return enrol_user


@pytest.fixture
def password_step(client):
    """Sign in with email and password only (the first step)."""

    def submit(user, password=PASSWORD):
        return client.post("/sign-in", data={"email": user.email, "password": password})

    return submit
