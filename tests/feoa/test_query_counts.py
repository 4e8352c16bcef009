"""The dashboard and the digest run the same number of SQL queries whatever the data size."""

from contextlib import contextmanager
from datetime import UTC, datetime

import pytest
from sqlalchemy import event

from webapp.extensions import db
from webapp.feoa.digest import send_due_digests
from webapp.models import FeoaContact


@contextmanager
def counting_queries():
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def _add_data(make_candidate, make_activity, feoa, how_many, start):
    for n in range(how_many):
        candidacy = make_candidate(f"Candidate {start + n:03d}")
        make_activity(candidacy, in_hours=1 + n % 40, companions=n % 2)
        if n % 3 == 0:
            db.session.add(FeoaContact(candidacy_id=candidacy.id, feoa_id=feoa.id, kind="briefing", method="phone",
                                       happened_on=datetime(2027, 3, 15).date()))
    db.session.commit()


@pytest.mark.both_databases
def test_the_dashboard_query_count_does_not_grow_with_the_data(client, feoa, make_candidate, make_activity):
    _add_data(make_candidate, make_activity, feoa, 2, 0)
    with counting_queries() as small:
        assert client.get("/feoa/").status_code == 200
    _add_data(make_candidate, make_activity, feoa, 40, 100)
    with counting_queries() as large:
        assert client.get("/feoa/").status_code == 200
    assert len(large) == len(small)
    assert len(small) <= 8


@pytest.mark.both_databases
def test_the_digest_query_count_does_not_grow_with_the_data(app, clock, feoa, make_candidate, make_activity):
    clock.set(datetime(2027, 3, 16, 6, 0, tzinfo=UTC))
    _add_data(make_candidate, make_activity, feoa, 2, 0)
    clock.set(datetime(2027, 3, 16, 7, 0, tzinfo=UTC))
    with counting_queries() as small:
        assert send_due_digests() == 1
    _add_data(make_candidate, make_activity, feoa, 40, 100)
    clock.set(datetime(2027, 3, 17, 7, 0, tzinfo=UTC))
    with counting_queries() as large:
        assert send_due_digests() == 1
    assert len(large) == len(small)
    assert len(small) <= 15


@pytest.mark.both_databases
def test_a_repeated_dashboard_request_reuses_the_kept_sections(client, feoa, make_candidate, make_activity):
    _add_data(make_candidate, make_activity, feoa, 5, 0)
    with counting_queries() as first:
        assert client.get("/feoa/").status_code == 200
    with counting_queries() as repeated:
        assert client.get("/feoa/").status_code == 200
    assert len(repeated) < len(first)
    assert not any(table in s for s in repeated for table in ("feoa_contact", "FROM activity", "incident"))
