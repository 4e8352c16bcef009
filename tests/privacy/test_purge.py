"""The purge deletes each kind of personal data when the retention schedule says, and nothing else."""

import threading
from contextlib import contextmanager
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from tests.privacy.scenario import build_campaign, census, london_noon
from webapp.extensions import db
from webapp.models import AuditEntry, Incident, Message, Role
from webapp.privacy import purge
from webapp.privacy.pseudonyms import pseudonym

# (the moment the purge runs, the rows each table loses then). Polling day is Thursday 6 May 2027;
# everything was made on Tuesday 16 March 2027.
TIMELINE = [
    (date(2027, 4, 14), {}),
    # 30 days after the session and after sending: sessions, positions, the FEOA's digest and its email.
    (date(2027, 4, 16), {"safety_session": 1, "session_event": 1, "location_point": 1, "digest": 1, "message": 1}),
    # The invitation expired on 30 March: 30 days later it goes.
    (date(2027, 4, 30), {"team_invitation": 1}),
    (date(2027, 6, 5), {}),
    # 30 days after polling day: the campaign's plans and their messages, the FEOA's records; the
    # FEOA's access ends (one more line in the candidate's consent history says so).
    (date(2027, 6, 6), {"activity": 1, "companion": 1, "activity_attendee": 1, "reminder_note": 1,
                        "do_not_knock_note": 1, "message": 2, "feoa_contact": 1, "consent_event": -1}),
    (date(2027, 7, 5), {}),
    # 60 days after polling day: the election office's import.
    (date(2027, 7, 6), {"nominee": 1, "nomination_import": 1}),
    # Neither the candidate nor the team member has signed in since: each is warned by email
    # (30 days before their account would be deleted, 548 days after polling day).
    (date(2029, 3, 17), {"message": -2}),
]


@pytest.mark.both_databases
def test_each_kind_of_data_is_gone_after_its_end_date_and_nothing_else_is(app, make_user, clock, tmp_path):
    people = build_campaign(make_user, clock.now(), tmp_path / "uploads")
    before = census()
    for day, lost in TIMELINE:
        clock.set(london_noon(day))
        purge.run()
        db.session.expire_all()
        after = census()
        changed = {name: before[name] - after[name] for name in before if before[name] != after[name]}
        assert changed == lost, day
        before = after
    # Incidents and their evidence stay while the account does; the share ended with FEOA access.
    incident = db.session.get(Incident, people["incident"].id)
    assert incident.shared_with_feoa is False and incident.share_withdrawn_at is not None
    assert people["evidence_file"].exists()


@pytest.mark.both_databases
def test_shared_incidents_are_withdrawn_from_the_feoa_the_day_after_access_ends(app, make_user, clock, tmp_path):
    people = build_campaign(make_user, clock.now(), tmp_path / "uploads")
    clock.set(london_noon(date(2027, 6, 5)))
    purge.run()
    assert db.session.get(Incident, people["incident"].id).shared_with_feoa is True
    clock.set(london_noon(date(2027, 6, 6)))
    purge.run()
    db.session.expire_all()
    assert db.session.get(Incident, people["incident"].id).shared_with_feoa is False


@pytest.mark.both_databases
def test_audit_entries_older_than_two_years_keep_the_act_but_not_the_names(app, make_user, clock, tmp_path):
    people = build_campaign(make_user, clock.now(), tmp_path / "uploads")
    clock.set(london_noon(date(2029, 3, 14)))
    purge.run()
    entry = db.session.scalar(sa.select(AuditEntry))
    assert entry.actor_id == people["feoa"].id
    clock.set(london_noon(date(2029, 3, 17)))
    purge.run()
    db.session.expire_all()
    entry = db.session.scalar(sa.select(AuditEntry))
    assert entry.action == "feoa.contact_details_viewed"
    assert (entry.actor_id, entry.subject_user_id) == (None, None)
    assert (entry.actor_ref, entry.subject_ref) == (pseudonym(people["feoa"].id), pseudonym(people["candidate"].id))


@pytest.mark.both_databases
def test_purging_twice_changes_nothing_the_second_time(app, make_user, clock, tmp_path):
    build_campaign(make_user, clock.now(), tmp_path / "uploads")
    clock.set(london_noon(date(2029, 6, 1)))
    first = purge.run()
    assert sum(first.values()) > 0
    after_first = census()
    second = purge.run()
    assert set(second.values()) == {0}
    assert census() == after_first


@pytest.mark.both_databases
def test_the_dry_run_prints_counts_and_deletes_nothing(app, make_user, clock, tmp_path):
    build_campaign(make_user, clock.now(), tmp_path / "uploads")
    clock.set(london_noon(date(2027, 6, 6)))
    before = census()
    result = app.test_cli_runner().invoke(args=["purge", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "activity plans: would remove 1" in result.output
    assert "messages: would remove 3" in result.output
    assert "@" not in result.output and "Library" not in result.output
    assert census() == before
    result = app.test_cli_runner().invoke(args=["purge"])
    assert "activity plans: removed 1" in result.output


@pytest.mark.both_databases
def test_the_purge_works_in_batches_smaller_than_what_is_due(app, make_user, clock, tmp_path):
    for _ in range(3):
        build_campaign(make_user, clock.now(), tmp_path / "uploads")
    app.config["PURGE_BATCH_SIZE"] = 2
    clock.set(london_noon(date(2027, 6, 6)))
    assert purge.run()["activity plans"] == 3
    assert census()["activity"] == 0


@pytest.mark.postgresql_only
def test_two_purges_at_once_on_postgresql_both_finish_and_remove_each_row_once(app, make_user, clock, tmp_path):
    for _ in range(6):
        build_campaign(make_user, clock.now(), tmp_path / "uploads")
    app.config["PURGE_BATCH_SIZE"] = 1
    clock.set(london_noon(date(2029, 6, 1)))
    assert sum(purge.preview().values()) > 0
    start = threading.Barrier(2)
    results, errors = [], []

    def purge_in_own_context():
        with app.app_context():
            try:
                start.wait()
                results.append(purge.run())
            except Exception as error:  # noqa: BLE001 - reported to the test below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=purge_in_own_context) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(results) == 2 and sum(results[0].values()) > 0 and sum(results[1].values()) > 0
    assert set(purge.preview().values()) == {0}
    left = census()
    assert [left[name] for name in ("activity", "safety_session", "location_point", "nominee")] == [0] * 4
    # What is left in the outbox is one unused-account warning per candidate and team member, once.
    assert left["message"] == 12
    assert left["incident"] == left["audit_entry"] == 6


def test_the_admin_page_lists_what_the_next_purge_will_remove_as_counts_only(app, client, make_user, sign_in, clock,
                                                                           tmp_path):
    from bs4 import BeautifulSoup

    build_campaign(make_user, clock.now(), tmp_path / "uploads")
    clock.set(london_noon(date(2027, 6, 6)))
    sign_in(make_user("admin"))
    page = BeautifulSoup(client.get("/admin/retention").get_data(as_text=True), "html.parser")
    counts = {item.select_one("h2").get_text(" ", strip=True).split(":")[0]: int(item.select_one(".count").text)
              for item in page.select("#purge-steps > li")}
    assert counts["Activity plans"] == 1 and counts["Messages"] == 3
    assert "Library steps" not in page.get_text() and "@example.org" not in page.get_text()
    assert census()["activity"] == 1  # looking deletes nothing


@pytest.mark.parametrize("role", ["candidate", "feoa", "election_office"])
def test_only_administrators_see_the_purge_page(client, login_as, role):
    login_as(role)
    assert client.get("/admin/retention").status_code in (403, 404)


@pytest.mark.both_databases
def test_the_feoa_sees_when_access_ends_and_stops_seeing_the_candidate_on_that_date(
        app, client, make_user, sign_in, clock, tmp_path):
    from webapp.feoa.scope import visible_candidacies
    from webapp.models import Candidacy, ConsentEvent

    people = build_campaign(make_user, clock.now(), tmp_path / "uploads")
    sign_in(people["feoa"])
    page = client.get("/feoa/").get_data(as_text=True)
    assert "Your access to these candidates ends on\n  Saturday 5 June 2027, 30 days after polling day." in page
    clock.set(london_noon(date(2027, 6, 5)))
    purge.run()
    assert len(db.session.scalars(visible_candidacies(people["feoa"])).all()) == 1
    clock.set(london_noon(date(2027, 6, 6)))
    purge.run()
    db.session.expire_all()
    assert db.session.scalars(visible_candidacies(people["feoa"])).all() == []
    candidacy = db.session.scalar(sa.select(Candidacy).where(Candidacy.user_id == people["candidate"].id))
    assert candidacy.feoa_consent is False
    assert db.session.scalar(sa.select(ConsentEvent.source).where(ConsentEvent.candidacy_id == candidacy.id)) \
        == purge.ACCESS_ENDED


@pytest.mark.both_databases
def test_an_account_unused_for_18_months_after_its_election_is_warned_then_deleted(app, make_user, clock, tmp_path):
    from webapp.models import Message, User

    people = build_campaign(make_user, clock.now(), tmp_path / "uploads")
    candidate_id = people["candidate"].id
    clock.set(london_noon(date(2028, 10, 5)))  # polling day + 548 - 30 days is 6 October 2028
    purge.run()
    assert db.session.scalar(sa.select(Message).where(Message.template == "account_unused_warning")) is None
    clock.set(london_noon(date(2028, 10, 6)))
    purge.run()
    purge.run()
    warnings = db.session.scalars(sa.select(Message).where(Message.template == "account_unused_warning",
                                                           Message.user_id == candidate_id)).all()
    assert len(warnings) == 1 and "5 November 2028" in warnings[0].subject
    clock.set(london_noon(date(2028, 11, 6)))
    purge.run()
    db.session.expire_all()
    assert db.session.get(User, candidate_id).deletion_requested_at is not None
    assert db.session.get(User, candidate_id).is_active is False
    assert db.session.get(User, people["feoa"].id).is_active  # staff accounts are not touched


@pytest.mark.both_databases
def test_signing_in_after_the_warning_keeps_the_account(app, make_user, clock, tmp_path):
    from webapp.models import User

    people = build_campaign(make_user, clock.now(), tmp_path / "uploads")
    clock.set(london_noon(date(2028, 10, 6)))
    purge.run()
    clock.set(london_noon(date(2028, 10, 20)))
    db.session.get(User, people["candidate"].id).last_sign_in_at = clock.now()
    db.session.commit()
    clock.set(london_noon(date(2028, 11, 6)))
    purge.run()
    db.session.expire_all()
    assert db.session.get(User, people["candidate"].id).deletion_requested_at is None


def _message(id_, now, status="delivered", user_id=None):
    return Message(id=id_, dedupe_key=f"m{id_}", channel="sms", recipient="+447911123456", user_id=user_id,
                   template="reminder", body="Canvassing soon", due_at=now, status=status, sent_at=now,
                   created_at=now)


@pytest.mark.both_databases
def test_due_rows_far_apart_in_id_are_all_purged_and_the_rest_kept(app, clock):
    now = clock.now()
    due = [1, 2, 3, 4, 5, 25, 400, 401, 402, 5000]
    db.session.add_all([_message(i, now) for i in due] + [_message(26, now, status="created")])
    db.session.commit()
    app.config["PURGE_BATCH_SIZE"] = 2  # claims look at 20 ids at a time
    clock.set(now + timedelta(days=31))
    assert purge.run()["messages"] == len(due)
    assert db.session.scalars(sa.select(Message.id)).all() == [26]


@contextmanager
def _rows_each_claim_reads(table: str):
    """The rows of `table` each claim (SELECT … FOR UPDATE) read, from PostgreSQL's EXPLAIN ANALYZE of
    the same statement in the same transaction."""
    reads = []

    def explain(conn, cursor, statement, parameters, context, executemany):
        if f"FOR UPDATE OF {table}" not in statement:
            return
        with cursor.connection.cursor() as explaining:
            explaining.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + statement, parameters)
            plan = explaining.fetchone()[0][0]["Plan"]
        reads.append(sum((node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0)) * node["Actual Loops"]
                         for node in _plan_nodes(plan) if node.get("Relation Name") == table))

    sa.event.listen(db.engine, "after_cursor_execute", explain)
    try:
        yield reads
    finally:
        sa.event.remove(db.engine, "after_cursor_execute", explain)


def _plan_nodes(node):
    yield node
    for child in node.get("Plans", []):
        yield from _plan_nodes(child)


@pytest.mark.postgresql_only
def test_no_claim_reads_more_than_its_window_of_ids_however_many_rows_are_not_due(app, make_user, clock):
    candidate = make_user(Role.CANDIDATE)
    now = clock.now()
    db.session.add_all([_message(i, now, user_id=candidate.id) for i in range(1, 61)])
    db.session.commit()
    app.config["PURGE_BATCH_SIZE"] = 2
    clock.set(london_noon(date(2027, 5, 5)))  # sent over 30 days ago, but polling day is tomorrow
    with _rows_each_claim_reads("message") as reads:
        assert purge.run()["messages"] == 0
    assert sum(reads) == 60
    assert max(reads) <= purge.WINDOW_BATCHES * 2
