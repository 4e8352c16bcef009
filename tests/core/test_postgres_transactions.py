"""PostgreSQL transactions that only read end with COMMIT (webapp/postgres.py): psycopg keeps its prepared
statements from one request to the next, and whatever wrote is still rolled back.

`TRANSACTION_EXAMPLES=500` runs more of the property test than `make test` does."""

import os

import pytest
import sqlalchemy as sa
from flask import current_app
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from webapp.extensions import db
from webapp.models import ProcessedWebhook

pytestmark = [pytest.mark.postgresql_only, pytest.mark.usefixtures("app")]

EXAMPLES = int(os.environ.get("TRANSACTION_EXAMPLES", "40"))
PREPARED = sa.text("SELECT count(*) FROM pg_prepared_statements")


@pytest.fixture
def app_overrides():
    # One connection in the pool: every request, and the test's own look, use the same one.
    return {"SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "pool_size": 1, "max_overflow": 0}}


def in_a_request_of_its_own(work):
    """`work()` in a new app context (its own database session, closed at the end) as a real request has."""
    db.session.commit()
    with current_app.app_context():
        return work()


def keys_kept() -> set[str]:
    return in_a_request_of_its_own(lambda: set(db.session.scalars(sa.select(ProcessedWebhook.key))))


def test_the_statements_a_page_runs_stay_prepared_from_one_request_to_the_next(login_as, client):
    login_as("candidate")
    for _ in range(6):  # psycopg prepares a statement the fifth time a connection runs it
        assert in_a_request_of_its_own(lambda: client.get("/")).status_code == 200

    assert in_a_request_of_its_own(lambda: db.session.scalar(PREPARED)) > 0


def test_a_transaction_that_wrote_is_rolled_back_as_before():
    def write_then_think_better_of_it():
        db.session.add(ProcessedWebhook(key="inbound:SM-rolled-back"))
        db.session.flush()
        db.session.rollback()

    in_a_request_of_its_own(write_then_think_better_of_it)

    assert keys_kept() == set()


def test_a_request_that_wrote_and_failed_leaves_nothing_behind():
    def write_and_fail():
        db.session.add(ProcessedWebhook(key="inbound:SM-failed"))
        db.session.flush()
        raise RuntimeError("the request failed after its write")

    with pytest.raises(RuntimeError):
        in_a_request_of_its_own(write_and_fail)

    assert keys_kept() == set()


def test_a_read_that_failed_is_rolled_back_and_the_connection_serves_the_next_request():
    def divide_by_zero():
        db.session.execute(sa.text("SELECT 1 / 0"))

    with pytest.raises(sa.exc.DataError):
        in_a_request_of_its_own(divide_by_zero)

    assert in_a_request_of_its_own(lambda: db.session.scalar(sa.text("SELECT 2"))) == 2


# A program of steps on one connection: read, write a key, write a key inside a savepoint that is then
# rolled back, commit, roll back. Whatever the order, the keys kept are exactly the committed writes.
STEPS = st.lists(st.one_of(st.just(("read",)), st.tuples(st.just("write"), st.integers(0, 5)),
                           st.tuples(st.just("savepoint-undone"), st.integers(0, 5)),
                           st.just(("commit",)), st.just(("rollback",))), max_size=12)


@settings(max_examples=EXAMPLES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=STEPS)
def test_whatever_the_order_of_reads_writes_commits_and_rollbacks_only_committed_writes_are_kept(app, steps):
    with db.engine.begin() as connection:
        connection.execute(sa.delete(ProcessedWebhook))
    committed: set[str] = set()
    pending: set[str] = set()
    table = ProcessedWebhook.__table__
    with db.engine.connect() as connection:
        for step in steps:
            if step[0] == "read":
                connection.execute(sa.select(table.c.key)).all()
            elif step[0] == "write":
                key = f"k{step[1]}"
                if key not in committed | pending:
                    connection.execute(table.insert().values(key=key, received_at=sa.func.now()))
                    pending.add(key)
            elif step[0] == "savepoint-undone":
                savepoint = connection.begin_nested()
                connection.execute(table.insert().values(key=f"sp{step[1]}-{len(steps)}", received_at=sa.func.now()))
                savepoint.rollback()
            elif step[0] == "commit":
                connection.commit()
                committed |= pending
                pending = set()
            else:
                connection.rollback()
                pending = set()
        # Closing the connection rolls back whatever is still open, as the end of a request does.

    with db.engine.connect() as connection:
        assert set(connection.scalars(sa.select(table.c.key))) == committed
