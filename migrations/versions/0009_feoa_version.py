"""feoa dashboard version per force

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-25

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('force', schema=None) as batch_op:
        batch_op.add_column(sa.Column('feoa_version', sa.Integer(), server_default=sa.text('0'), nullable=False))


def downgrade():
    with op.batch_alter_table('force', schema=None) as batch_op:
        batch_op.drop_column('feoa_version')
