"""SQLite settings for several writers at once: write-ahead logging and a busy timeout, on every connection.

In SQLite's default rollback-journal mode a reader blocks a writer's commit and a writer blocks readers,
and a connection that cannot get its lock fails at once with "database is locked" (measured: six
concurrent posts to `make run`'s app). With WAL, readers never block the writer nor the writer readers;
the busy timeout makes a second writer wait its turn (up to SQLITE_BUSY_TIMEOUT_MS) instead of failing.
WAL is a property of the database file, so setting it on each connection is cheap after the first time.
PostgreSQL needs none of this; the listener is attached only to SQLite engines.
"""

from flask import Flask
from sqlalchemy import event

from webapp.extensions import db


def init_app(app: Flask) -> None:
    timeout_ms = int(app.config.get("SQLITE_BUSY_TIMEOUT_MS", 15000))
    with app.app_context():
        engines = list(db.engines.values())
    for engine in engines:
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _pragmas(timeout_ms, in_memory=engine.url.database in (None, "", ":memory:")))


def _pragmas(timeout_ms: int, in_memory: bool):
    def on_connect(dbapi_connection, connection_record):
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {timeout_ms}")
            if not in_memory:
                cursor.execute("PRAGMA journal_mode = WAL")
                # Safe with WAL (a power cut may lose the last commits, never corrupt the file) and faster.
                cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    return on_connect
