"""Kept builds for the Saturday steps (`--reuse-builds`): building 5,000 phones' people and plans takes
7-12 minutes, copying a kept one a few seconds.

A build is kept as a PostgreSQL template database named for its phone count and for the code that made
it (the app, its migrations and bench/saturday_data.py, committed or not): change any of them and the
next step builds afresh. A kept build holds the moment it was built for (`bench_built`), so the copy's
morning can be moved to its step's start like a fresh one.
"""

import hashlib
import re
import subprocess
from datetime import datetime

import sqlalchemy as sa

from bench.harness import ROOT

SOURCES = ("webapp", "migrations", "bench/saturday_data.py")


def code_key() -> str:
    """Changes with any change to what builds the data: its git trees, and edits not yet committed."""
    def git(*args: str) -> bytes:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, check=True).stdout

    made_by = git("rev-parse", *(f"HEAD:{source}" for source in SOURCES))
    made_by += git("diff", "HEAD", "--", *SOURCES) + git("status", "--porcelain", "--", *SOURCES)
    return hashlib.blake2b(made_by, digest_size=5).hexdigest()


def _kept_name(url: str, count: int) -> str:
    return f"{sa.engine.make_url(url).database}_kept_{count}_{code_key()}"


def _server(url: str) -> sa.Engine:
    target = sa.engine.make_url(url).set(database="postgres")
    return sa.create_engine(target, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)


def copy_kept(url: str, count: int) -> datetime | None:
    """Make the step's database a copy of the kept build for `count` phones, if there is one, and return the
    moment it was built for; None (the database untouched) when there is none for this code."""
    name, step_database = _kept_name(url, count), sa.engine.make_url(url).database
    server = _server(url)
    with server.connect() as connection:
        if not connection.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}):
            server.dispose()
            return None
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{step_database}" WITH (FORCE)'))
        connection.execute(sa.text(f'CREATE DATABASE "{step_database}" TEMPLATE "{name}"'))
    server.dispose()
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.connect() as connection:
        built_for = connection.scalar(sa.text("SELECT built_for FROM bench_built"))
    engine.dispose()
    return built_for


def keep(url: str, count: int, built_for: datetime) -> None:
    """Keep the step's freshly built database (nobody connected to it) as the build for `count` phones,
    in place of any kept for older code."""
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.begin() as connection:
        connection.execute(sa.text("CREATE TABLE bench_built (built_for timestamptz NOT NULL)"))
        connection.execute(sa.text("INSERT INTO bench_built VALUES (:at)"), {"at": built_for})
    engine.dispose()
    name, step_database = _kept_name(url, count), sa.engine.make_url(url).database
    server = _server(url)
    with server.connect() as connection:
        older = connection.scalars(sa.text("SELECT datname FROM pg_database WHERE datname ~ :kept"),
                                   {"kept": f"^{re.escape(step_database)}_kept_{count}_[0-9a-f]+$"}).all()
        for database in older:
            connection.execute(sa.text(f'DROP DATABASE "{database}"'))
        connection.execute(sa.text(f'CREATE DATABASE "{name}" TEMPLATE "{step_database}"'))
    server.dispose()
