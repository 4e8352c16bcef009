"""The Campaign Saturday benchmark's data (bench/saturday_data.py): the morning starts with the step,
however long the build took."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from bench.harness import BENCH_SETTINGS
from tests.conftest import POSTGRES_URL, _postgres_available

BUILD_TOOK = timedelta(minutes=10)


@pytest.fixture
def built(monkeypatch):
    """Eight phones' people and plans, built for now, in a database of their own."""
    if not _postgres_available():
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL}")
    for name, value in BENCH_SETTINGS.items():  # the bench sets them for production; undone after the test
        monkeypatch.setenv(name, value)
    from bench.saturday_data import Saturday

    url = sa.engine.make_url(POSTGRES_URL).set(database="bench_saturday_test").render_as_string(hide_password=False)
    saturday = Saturday(url, 8, grace_minutes=1, now=datetime.now(UTC).replace(microsecond=0))
    saturday.build_people_and_plans()
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    yield saturday, engine
    engine.dispose()
    with saturday.app.app_context():
        from webapp.extensions import db

        db.engine.dispose()
    server = sa.create_engine(sa.engine.make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:  # what the kept-build test kept
        for name in connection.scalars(sa.text("SELECT datname FROM pg_database WHERE datname LIKE 'bench_saturday_test_kept%'")):
            connection.execute(sa.text(f'DROP DATABASE "{name}"'))
    server.dispose()


def test_the_plans_are_moved_to_the_steps_start_leaving_nothing_due_before_it_unsent(built):
    saturday, engine = built
    step_start = saturday.now + BUILD_TOOK
    saturday.move_to(step_start)
    with engine.connect() as connection:
        first, last = connection.execute(sa.text("SELECT min(starts_at), max(starts_at) FROM activity")).one()
        due_unsent = connection.scalar(sa.text("SELECT count(*) FROM message WHERE status = 'created' AND due_at <= :at"),
                                       {"at": step_start})
        sent_after = connection.scalar(sa.text("SELECT count(*) FROM message WHERE sent_at > :at"), {"at": step_start})
    # The canvassing starts from an hour before the step to 20 minutes after it (to the minute the build rounded to).
    assert step_start - timedelta(minutes=61) <= first <= step_start - timedelta(minutes=59)
    assert step_start + timedelta(minutes=9) <= last <= step_start + timedelta(minutes=20)
    # What fell due before the step went when it was due; nothing is waiting to go out all at once.
    assert due_unsent == 0
    assert sent_after == 0


def test_a_kept_build_is_copied_with_the_moment_it_was_built_for(built):
    from bench.saturday_builds import copy_kept, keep

    saturday, engine = built
    url = engine.url.render_as_string(hide_password=False)
    assert copy_kept(url, 8) is None  # nothing kept for this code yet: build afresh
    keep(url, 8, saturday.now)
    saturday.move_to(saturday.now + BUILD_TOOK)  # the step's copy moves; the kept build does not
    assert copy_kept(url, 8) == saturday.now - BUILD_TOOK
    assert copy_kept(url, 9) is None
    with engine.connect() as connection:
        assert connection.scalar(sa.text("SELECT count(*) FROM activity")) == 8
        first = connection.scalar(sa.text("SELECT min(starts_at) FROM activity"))
    assert first < saturday.now - BUILD_TOOK - timedelta(minutes=59)  # as built, before any move
