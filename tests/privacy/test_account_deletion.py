"""Deleting one's own account: at once for sign-in, messages, the FEOA and the team; the rest by the jobs."""

import pytest
import sqlalchemy as sa

from tests.conftest import PASSWORD
from tests.helpers import soup
from tests.privacy.scenario import build_campaign
from webapp.extensions import db
from webapp.incidents.access import incidents_shared_with
from webapp.models import AuditEntry, Message, Role, TeamMembership, User
from webapp.privacy import account_deletion
from webapp.privacy.account_deletion import HANDLED
from webapp.privacy.pseudonyms import pseudonym


def columns_pointing_at_a_person() -> set[str]:
    return {f"{table.name}.{fk.parent.name}" for table in db.metadata.sorted_tables
            for fk in table.foreign_keys if fk.column.table.name in {"user", "candidacy"}}


def references_to(user_id: int, candidacy_ids: list[int]) -> dict[str, int]:
    found = {}
    for table in db.metadata.sorted_tables:
        for fk in table.foreign_keys:
            ids = [user_id] if fk.column.table.name == "user" else candidacy_ids if fk.column.table.name == "candidacy" else []
            if ids:
                n = db.session.scalar(sa.select(sa.func.count()).select_from(table).where(fk.parent.in_(ids)))
                if n:
                    found[f"{table.name}.{fk.parent.name}"] = n
    return found


def test_every_column_pointing_at_a_user_or_candidacy_is_handled_by_account_deletion(app):
    missing = columns_pointing_at_a_person() - set(HANDLED)
    assert not missing, f"say in webapp/privacy/account_deletion.py what erasing a person does to: {sorted(missing)}"


@pytest.fixture
def campaign(app, make_user, clock, tmp_path, sign_in):
    people = build_campaign(make_user, clock.now(), tmp_path / "uploads")
    db.session.add(Message(dedupe_key="later", channel="sms", recipient="+447911000001", user_id=people["candidate"].id,
                           template="reminder", body="Later", due_at=clock.now(), status="created"))
    db.session.commit()
    return people


def test_the_page_says_exactly_what_will_happen_before_asking_for_the_password(client, campaign, sign_in):
    sign_in(campaign["candidate"])
    page = soup(client.get("/your-data/delete"))
    said = page.select_one("#consequences").get_text(" ", strip=True)
    assert "1 other member(s) are told once" in said
    assert "1 incident(s) and 1 evidence file(s)" in said and "the 1 you shared are withdrawn" in said
    assert "audit log keeps its entries" in said
    assert page.select_one("input[type=password]")["name"] == "password"


def test_a_wrong_password_keeps_the_account_and_says_so_beside_the_field(client, campaign, sign_in):
    sign_in(campaign["candidate"])
    response = client.post("/your-data/delete", data={"password": "not it"})
    assert response.status_code == 422
    assert "That is not your password." in response.get_data(as_text=True)
    assert db.session.get(User, campaign["candidate"].id).active


@pytest.mark.both_databases
def test_deleting_an_account_takes_effect_at_once_and_the_jobs_process_erases_the_rest(
        app, client, campaign, sign_in, make_user, run_jobs):
    candidate, member, feoa = campaign["candidate"], campaign["member"], campaign["feoa"]
    candidate_id, candidacy_id = candidate.id, candidate.candidacy.id
    sign_in(candidate)
    response = client.post("/your-data/delete", data={"password": PASSWORD})
    assert response.status_code == 303 and response.headers["Location"].endswith("/your-data/deleted")

    # At once: signed out, cannot sign in, the FEOA sees nothing, unsent messages cancelled, team closed.
    assert client.get("/profile").status_code in (302, 303)
    login = client.post("/sign-in", data={"email": candidate.email, "password": PASSWORD})
    assert login.status_code == 422 or "/sign-in" in login.headers.get("Location", "/sign-in")
    assert db.session.scalars(incidents_shared_with(feoa)).all() == []
    assert db.session.scalar(sa.select(Message.status).where(Message.dedupe_key == "later")) == "cancelled"
    assert db.session.scalar(sa.select(TeamMembership).where(TeamMembership.user_id == member.id)) is None
    told = db.session.scalars(sa.select(Message).where(Message.template == "team_closed")).all()
    assert [m.user_id for m in told] == [member.id]

    run_jobs(app)
    run_jobs(app)  # the second run finds nothing more to do and tells nobody twice
    assert db.session.get(User, candidate_id) is None
    assert references_to(candidate_id, [candidacy_id]) == {}
    assert not campaign["evidence_file"].exists()
    told = db.session.scalars(sa.select(Message).where(Message.template == "team_closed")).all()
    assert [m.user_id for m in told] == [member.id]
    # The audit log keeps the FEOA's view of their details, without their name.
    viewed = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "feoa.contact_details_viewed"))
    assert viewed.subject_user_id is None and viewed.subject_ref == pseudonym(candidate_id)
    assert viewed.actor_id == feoa.id
    assert db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "account.deleted")).subject_ref \
        == pseudonym(candidate_id)
    # Everyone else is still there.
    assert db.session.get(User, member.id) is not None and db.session.get(User, feoa.id) is not None


def test_a_team_member_can_delete_their_own_account_the_same_way(app, client, campaign, sign_in, run_jobs):
    member = campaign["member"]
    member_id = member.id
    sign_in(member)
    assert "1 other member" not in soup(client.get("/your-data/delete")).get_text()
    client.post("/your-data/delete", data={"password": PASSWORD})
    run_jobs(app)
    assert db.session.get(User, member_id) is None
    assert references_to(member_id, []) == {}
    assert db.session.get(User, campaign["candidate"].id).active


def test_staff_accounts_are_not_deleted_from_this_page(client, make_user, sign_in):
    sign_in(make_user(Role.FEOA))
    assert client.get("/your-data/delete").status_code == 404
    assert "closed by an administrator" in client.get("/your-data").get_data(as_text=True)


@pytest.mark.postgresql_only
def test_two_jobs_processes_erasing_at_once_do_not_fail(app, campaign):
    import threading

    account_deletion.request_deletion(campaign["candidate"])
    account_deletion.request_deletion(campaign["member"])
    db.session.commit()
    errors, start = [], threading.Barrier(2)

    def erase():
        with app.app_context():
            try:
                start.wait()
                account_deletion.run()
            except Exception as error:  # noqa: BLE001
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=erase) for _ in range(2)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert errors == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User).where(
        User.deletion_requested_at.is_not(None))) == 0
