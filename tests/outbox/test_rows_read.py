"""The outbox's frequent statements read the rows they are about, not the whole message table.

On a campaign Saturday the table holds every reminder still to come (tens of thousands), and the jobs
process claims and expires every 5 s while each check-in writes a text: a statement that walks all of
them costs the database a core in bursts (bench/README.md, "A fourth machine"). Measured with
PostgreSQL's own EXPLAIN ANALYZE: the rows each statement looked at on the message and user tables.
"""

from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy import event, insert

from tests.conftest import PASSWORD_HASH
from webapp.clock import utcnow
from webapp.extensions import db
from webapp.models import Message, User
from webapp.notify.claims import claim_due
from webapp.notify.delivery import expire_overdue
from webapp.notify.first_contact import introduction_for

pytestmark = [pytest.mark.postgresql_only, pytest.mark.usefixtures("app")]

WAITING = 3000  # reminders planned for later today
DUE = 5
PEOPLE = 1000


@pytest.fixture
def a_morning_of_reminders(app):
    """WAITING texts due over the coming hours (some to expire later), DUE due now, and PEOPLE with mobiles."""
    now = utcnow()
    db.session.execute(insert(User), [
        {"email": f"volunteer{n}@example.org", "name": f"Volunteer {n}", "role": "team_member",
         "password_hash": PASSWORD_HASH, "mobile": f"+4479111{n:05d}"} for n in range(PEOPLE)])

    def text(n: int, due_in: timedelta) -> dict:
        due = now + due_in
        return {"dedupe_key": f"morning:{n}", "channel": "sms", "recipient": f"+4479112{n:05d}",
                "template": "test_text", "values": {}, "subject": "", "body": f"Canvassing text {n}.",
                "due_at": due, "expires_at": due + timedelta(minutes=30) if n % 2 else None,
                "status": "created", "attempts": 0, "created_at": now, "updated_at": now, "kind": "",
                "urgent": False}

    rows = [text(n, timedelta(minutes=5 + n % 300)) for n in range(WAITING)]
    rows += [text(WAITING + n, -timedelta(seconds=30)) for n in range(DUE)]
    db.session.execute(insert(Message), rows)
    db.session.commit()
    db.session.execute(sa.text("ANALYZE message"))
    db.session.execute(sa.text('ANALYZE "user"'))
    db.session.commit()


def statements_of(work) -> list[tuple[str, object]]:
    """The SQL `work()` sends, with its parameters, as the driver received them."""
    sent = []

    def record(conn, cursor, statement, parameters, context, executemany):
        sent.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        work()
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    db.session.rollback()
    return [(s, p) for s, p in sent if s.lstrip().upper().startswith(("SELECT", "UPDATE"))]


def rows_looked_at(statement: str, parameters) -> dict[str, int]:
    """Per table, the rows PostgreSQL's scans produced or threw away running `statement` (undone after)."""
    with db.engine.connect() as connection:
        with connection.begin() as transaction:
            plan = connection.exec_driver_sql("EXPLAIN (ANALYZE, FORMAT JSON) " + statement, parameters).scalar()
            transaction.rollback()
    looked: dict[str, int] = {}

    def walk(node):
        if "Relation Name" in node and node["Node Type"] != "ModifyTable":
            rows = (node["Actual Rows"] + node.get("Rows Removed by Filter", 0)
                    + node.get("Rows Removed by Index Recheck", 0)) * node["Actual Loops"]
            looked[node["Relation Name"]] = looked.get(node["Relation Name"], 0) + rows
        for child in node.get("Plans", []):
            walk(child)

    walk(plan[0]["Plan"])
    return looked


def most_rows_looked_at(work) -> dict[str, int]:
    totals: dict[str, int] = {}
    for statement, parameters in statements_of(work):
        for table, rows in rows_looked_at(statement, parameters).items():
            totals[table] = max(totals.get(table, 0), rows)
    return totals


@pytest.mark.usefixtures("a_morning_of_reminders")
def test_claiming_the_due_texts_does_not_read_the_reminders_still_to_come():
    looked = most_rows_looked_at(lambda: claim_due(utcnow(), limit=50, lease_seconds=60))

    assert looked["message"] <= 2 * DUE


@pytest.mark.usefixtures("a_morning_of_reminders")
def test_expiring_overdue_texts_does_not_read_the_reminders_still_to_come():
    looked = most_rows_looked_at(expire_overdue)

    assert looked.get("message", 0) <= DUE


@pytest.mark.usefixtures("a_morning_of_reminders")
def test_deciding_whether_a_text_is_someones_first_reads_only_that_numbers_rows():
    looked = most_rows_looked_at(lambda: introduction_for("sms", "+447911300001", {"person": "Sam"}))

    assert looked.get("message", 0) <= 1
    assert looked.get("user", 0) <= 1
