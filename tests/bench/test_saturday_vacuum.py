"""The Campaign Saturday benchmark does autovacuum's work when the server has it off
(bench/saturday_vacuum.py), by autovacuum's own default rule."""

import pytest
import sqlalchemy as sa

from bench.saturday_vacuum import Autovacuum, vacuum_analyze
from tests.conftest import POSTGRES_URL, _postgres_available

ROWS = 1000


@pytest.fixture
def scratch():
    """A database of its own with two tables of ROWS rows, vacuumed and analysed."""
    if not _postgres_available():
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL}")
    url = sa.engine.make_url(POSTGRES_URL).set(database="bench_vacuum_test").render_as_string(hide_password=False)
    server = sa.create_engine(sa.engine.make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.exec_driver_sql("DROP DATABASE IF EXISTS bench_vacuum_test WITH (FORCE)")
        connection.exec_driver_sql("CREATE DATABASE bench_vacuum_test")
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.begin() as connection:
        for table in ("busy", "quiet"):
            connection.exec_driver_sql(f"CREATE TABLE {table} (id integer PRIMARY KEY, n integer)")
            connection.execute(sa.text(f"INSERT INTO {table} SELECT g, 0 FROM generate_series(1, :rows) g"),  # noqa: S608 - our own table names
                               {"rows": ROWS})
    vacuum_analyze(url)
    yield url, engine
    engine.dispose()
    with server.connect() as connection:
        connection.exec_driver_sql("DROP DATABASE IF EXISTS bench_vacuum_test WITH (FORCE)")
    server.dispose()


def dead_rows(engine, table: str) -> int:
    with engine.connect() as connection:
        return connection.execute(sa.text("SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = :table"),
                                  {"table": table}).scalar()


def test_a_table_past_autovacuums_threshold_is_vacuumed_and_a_quiet_one_left_alone(scratch):
    url, engine = scratch
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE busy SET n = n + 1")  # every row: past 50 + 20 % of 1,000
        connection.exec_driver_sql("UPDATE quiet SET n = n + 1 WHERE id <= 10")  # 10 rows: under it
        connection.exec_driver_sql("SELECT pg_stat_force_next_flush()")
    assert dead_rows(engine, "busy") == ROWS

    autovacuum = Autovacuum(url)
    autovacuum.one_naptime()

    assert autovacuum.vacuumed == {"busy": 1}
    assert dead_rows(engine, "busy") == 0
    assert dead_rows(engine, "quiet") == 10
