"""PostgreSQL: a transaction that only read ends with COMMIT, so psycopg keeps its prepared statements.

psycopg prepares a statement on the server once a connection has run it five times, and then skips its
parsing and planning, but it forgets every prepared statement on ROLLBACK. Each request ends with one
(the session is closed, its transaction rolled back), and each runs a statement once or twice, so none
was ever prepared: PostgreSQL parsed and planned every statement of every page, 65-80 % of its CPU
on a campaign Saturday (bench/README.md, issue 17).

For a transaction that ran only SELECTs, COMMIT and ROLLBACK are the same: there is nothing to undo, and
locks are released by both. So when such a transaction is rolled back it is committed first, and the
rollback that follows finds nothing to do. Any other statement (INSERT, UPDATE, DELETE, a SAVEPOINT, a
WITH ..., SET, ...) marks the transaction as written to, and it is rolled back as before. A SELECT
that calls a function that changes something (pg_notify, a function that writes) would be committed:
the app has none; write such a call so that it does not start with SELECT. SQLite needs none of this;
the listeners are attached only to PostgreSQL engines.
"""

import psycopg
from flask import Flask
from psycopg.pq import TransactionStatus
from sqlalchemy import event

from webapp.extensions import db

WROTE = "campaignsafe_wrote"  # in Connection.info (kept per database connection), while a transaction runs


def init_app(app: Flask) -> None:
    with app.app_context():
        engines = list(db.engines.values())
    for engine in engines:
        if engine.dialect.name == "postgresql":
            event.listen(engine, "begin", _forget_writes)
            event.listen(engine, "before_cursor_execute", _notice_writes)
            event.listen(engine, "rollback", _commit_first_if_only_read)


def is_read(statement: str) -> bool:
    return statement.lstrip()[:6].upper() == "SELECT"


def _forget_writes(connection) -> None:
    connection.info.pop(WROTE, None)


def _notice_writes(connection, cursor, statement, parameters, context, executemany) -> None:
    if not is_read(statement):
        connection.info[WROTE] = True


def _commit_first_if_only_read(connection) -> None:
    if connection.info.pop(WROTE, False):
        return
    driver = connection.connection.driver_connection
    if driver is None or driver.pgconn.transaction_status != TransactionStatus.INTRANS:
        return  # idle, or failed (INERROR): only a rollback ends that
    try:
        driver.commit()
    except psycopg.Error:
        return  # e.g. the connection was lost: the rollback that follows meets it and SQLAlchemy recovers
