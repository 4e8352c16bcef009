"""Insert-if-absent under a unique key, as one statement on SQLite and PostgreSQL alike.

Get-then-create (`session.get(...) or Model(...)`) races: two requests both find nothing, both insert, and
the second dies on the unique constraint with a 500. `INSERT … ON CONFLICT DO NOTHING` lets the database
decide: exactly one insert wins, the others do nothing, and everyone then reads the one row. On PostgreSQL
the losing insert waits for the winner's transaction and then does nothing; on SQLite writers queue on the
database lock (see webapp/sqlite.py for the busy timeout). The caller commits.
"""

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from webapp.extensions import db


def dialect_insert(model):
    """`INSERT` into `model` in the dialect of the database in use: both have `ON CONFLICT`, each its own class."""
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    return insert(model)


def insert_ignore(model, key: dict, **values) -> bool:
    """Insert a `model` row with `key` (the unique columns) and `values` unless one with that key exists.

    True when this call inserted it. RETURNING, not rowcount: psycopg reports -1 for ON CONFLICT inserts.
    """
    primary = model.__mapper__.primary_key[0]
    statement = (dialect_insert(model).values(**key, **values).on_conflict_do_nothing(index_elements=list(key))
                 .returning(primary))
    return db.session.execute(statement).first() is not None


def insert_ignore_rows(model, rows: list[dict], key: list[str]) -> None:
    """Insert many `model` rows in one statement, leaving out each whose unique `key` columns are taken."""
    db.session.execute(dialect_insert(model).values(rows).on_conflict_do_nothing(index_elements=key))


def get_or_create(model, key: dict, **defaults):
    """The `model` row with `key`, inserted first (with `defaults`) if there is none: one winner under races."""
    db.session.flush()  # pending changes of this session are seen by the insert's conflict check
    insert_ignore(model, key, **defaults)
    return db.session.execute(select(model).filter_by(**key).execution_options(populate_existing=True)).scalar_one()
