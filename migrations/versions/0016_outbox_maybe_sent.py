"""message.maybe_sent: an earlier attempt may have reached the provider, so look before resending

Revision ID: 0016
Revises: 0012
"""
import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('maybe_sent', sa.Boolean(), server_default=sa.false(), nullable=False))
    # Rows left waiting by the old code after a timeout or a lost lease keep looking first.
    message = sa.table('message', sa.column('maybe_sent', sa.Boolean), sa.column('error_code', sa.String),
                       sa.column('status', sa.String))
    op.execute(message.update()
               .where(message.c.status.in_(['created', 'sending']),
                      message.c.error_code.in_(['lease-expired', 'timeout', 'unconfirmed']))
               .values(maybe_sent=True))


def downgrade():
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.drop_column('maybe_sent')
