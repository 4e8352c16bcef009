"""indexes: message.recipient, user.mobile, message (status, expires_at): no statement of a delivery tick or
of writing a text reads the whole message or user table

On PostgreSQL the indexes are built CONCURRENTLY, outside the migration's transaction: a plain CREATE INDEX
would stop every write to the message table (the jobs process's sending, every new text) for as long as
the build takes, and the table holds every text of the campaign. A concurrent build that fails leaves an
INVALID index of that name: drop it (`DROP INDEX CONCURRENTLY ix_...`) and run the upgrade again.

Revision ID: 0020
Revises: 0019
"""
from alembic import op

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None

INDEXES = (
    ('ix_message_recipient', 'message', ['recipient']),
    ('ix_message_status_expires', 'message', ['status', 'expires_at']),
    ('ix_user_mobile', 'user', ['mobile']),
)


def upgrade():
    with op.get_context().autocommit_block():
        for name, table, columns in INDEXES:
            op.create_index(name, table, columns, unique=False, postgresql_concurrently=True)


def downgrade():
    with op.get_context().autocommit_block():
        for name, table, _ in reversed(INDEXES):
            op.drop_index(name, table_name=table, postgresql_concurrently=True)
