"""nomination_import: the file as read, the column mapping and the rows set aside

Revision ID: 0012
Revises: 0010
"""
import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('nomination_import', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source_columns', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('source_rows', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('dropped_columns', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('mapping', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('default_office', sa.String(length=20), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('bad_rows', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('nomination_import', schema=None) as batch_op:
        batch_op.drop_column('bad_rows')
        batch_op.drop_column('default_office')
        batch_op.drop_column('mapping')
        batch_op.drop_column('dropped_columns')
        batch_op.drop_column('source_rows')
        batch_op.drop_column('source_columns')
