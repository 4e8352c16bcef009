import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from webapp.extensions import db


@pytest.mark.both_databases
def test_the_migrations_build_exactly_the_schema_the_models_describe(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = compare_metadata(context, db.metadata)
    assert differences == []
