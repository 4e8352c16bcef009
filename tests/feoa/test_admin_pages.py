"""Admin: create FEOA and election-office accounts, and read the audit log (read only)."""

from datetime import UTC, datetime

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import AuditEntry, Message, User
from webapp.models.audit import record


@pytest.fixture
def admin(make_user, sign_in):
    return sign_in(make_user("admin"))


def test_an_admin_creates_an_feoa_who_is_emailed_a_password_link(client, admin):
    response = client.post("/admin/accounts", data={"role": "feoa", "name": "PC New", "email": "New@Police.uk",
                                                    "mobile": "07911 123555", "force": "bedfordshire"})
    assert response.status_code == 303
    user = db.session.scalar(select(User).where(User.email == "new@police.uk"))
    assert (user.role, user.force.code, user.mobile) == ("feoa", "bedfordshire", "+447911123555")
    assert db.session.scalar(select(Message.template).where(Message.user_id == user.id)) == "staff_welcome"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "account.created"))
    assert (entry.actor_id, entry.subject_user_id) == (admin.id, user.id)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"role": "feoa", "name": "A", "email": "a@b.org"}, "force", "Choose the police force"),
        ({"role": "election_office", "name": "A", "email": "a@b.org"}, "council", "Enter the council"),
        ({"role": "admin", "name": "A", "email": "a@b.org"}, "role", "Not a valid choice"),
        ({"role": "feoa", "name": "", "email": "a@b.org", "force": "bedfordshire"}, "name", "Enter their name"),
        ({"role": "feoa", "name": "x" * 101, "email": "a@b.org", "force": "bedfordshire"}, "name", "100 characters"),
        ({"role": "feoa", "name": "A", "email": "not-an-email", "force": "bedfordshire"}, "email", "like name@example.org"),
        ({"role": "feoa", "name": "A", "email": "a@b.org", "force": "atlantis"}, "force", "Not a valid choice"),
        ({"role": "feoa", "name": "A", "email": "a@b.org", "force": "bedfordshire", "mobile": "0117 496 0000"},
         "mobile", "landline"),
    ],
)
def test_bad_account_details_are_explained_and_kept(hx, admin, data, field, message):
    response = hx.post("/admin/accounts", target="create-staff-form", data=data)
    assert response.status_code == 422
    form = BeautifulSoup(response.data, "html.parser").select_one("#create-staff-form")
    assert message.lower() in form.select_one(f"#{field}-error").text.lower()
    if data.get("name"):
        assert form.select_one("#name")["value"] == data["name"]


def test_an_existing_email_is_refused(hx, admin, make_user):
    existing = make_user("feoa")
    response = hx.post("/admin/accounts", target="create-staff-form",
                       data={"role": "feoa", "name": "A", "email": existing.email, "force": "bedfordshire"})
    assert response.status_code == 422
    assert "already exists" in response.data.decode()


def test_resetting_two_factor_of_a_candidate_is_not_found(client, admin, make_user):
    candidate = make_user("candidate")
    assert client.post(f"/admin/accounts/{candidate.id}/reset-two-factor").status_code == 404


def test_the_audit_log_filters_by_action_actor_and_date(client, admin, make_user, clock):
    feoa = make_user("feoa", email="adviser@police.uk")
    record("feoa.contact_details_viewed", actor=feoa, detail="first")
    db.session.flush()
    clock.set(datetime(2027, 3, 20, 12, 0, tzinfo=UTC))
    record("feoa.candidates_exported", actor=feoa, detail="second")
    record("two_factor.reset", actor=admin, subject=feoa, detail="third")
    db.session.commit()

    def details(**params):
        page = BeautifulSoup(client.get("/admin/audit", query_string=params).data, "html.parser")
        return [row.select("td")[4].text for row in page.select(".audit-entry")]

    assert details() == ["third", "second", "first"]
    assert details(action="feoa.candidates_exported") == ["second"]
    assert details(actor="adviser@") == ["second", "first"]
    assert details(start="2027-03-17") == ["third", "second"]
    assert details(end="2027-03-16") == ["first"]


@pytest.mark.parametrize("params", [{"start": "not-a-date"}, {"start": "2027-03-20", "end": "2027-03-01"},
                                    {"action": "made-up"}, {"actor": "x" * 300}])
def test_bad_audit_filters_are_explained_not_errors(client, admin, params):
    response = client.get("/admin/audit", query_string=params)
    assert response.status_code == 422
    assert BeautifulSoup(response.data, "html.parser").select_one(".error-summary") is not None


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_the_audit_log_cannot_be_changed(client, admin, method):
    assert getattr(client, method)("/admin/audit").status_code == 405
