"""Every staff sign-in and every refused two-factor code is in the audit log (for the inspector)."""

import pytest
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import AuditEntry


def _entries():
    return [(e.action, e.actor_id, e.subject_user_id, e.detail)
            for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


@pytest.mark.both_databases
def test_a_refused_code_and_then_the_staff_sign_in_are_audited(client, make_user, enrol, password_step, clock):
    feoa = make_user("feoa")
    totp = enrol(feoa)
    password_step(feoa)
    wrong = "000000" if totp.at(clock.now()) != "000000" else "111111"
    assert client.post("/two-factor/code", data={"code": wrong}).status_code == 422
    assert client.post("/two-factor/code", data={"code": totp.at(clock.now())}).status_code == 303
    assert _entries() == [("two_factor.code_refused", feoa.id, feoa.id, "wrong code"),
                          ("staff.signed_in", feoa.id, feoa.id, "role feoa")]


def test_a_wrong_recovery_code_is_audited(client, make_user, enrol, password_step):
    admin = make_user("admin")
    enrol(admin)
    password_step(admin)
    assert client.post("/two-factor/recovery", data={"code": "abcde-fghjk"}).status_code == 422
    assert [(action, detail) for action, _, _, detail in _entries()] == [
        ("two_factor.code_refused", "wrong recovery code")]


def test_a_wrong_code_at_first_set_up_is_audited(client, make_user, password_step):
    office = make_user("election_office")
    password_step(office)
    client.get("/two-factor/set-up")
    assert client.post("/two-factor/set-up", data={"code": "000000"}).status_code == 422
    assert [(action, detail) for action, _, _, detail in _entries()] == [
        ("two_factor.code_refused", "wrong code, at set-up")]


def test_a_candidate_sign_in_is_not_a_staff_sign_in(client, make_user, password_step):
    password_step(make_user("candidate"))
    assert _entries() == []
