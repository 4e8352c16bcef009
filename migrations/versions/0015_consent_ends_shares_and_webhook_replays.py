"""incident.share_ended_because (consent withdrawal ends every share); processed_webhook (replays are no-ops)

Revision ID: 0015
Revises: 0011
"""
import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.add_column(sa.Column('share_ended_because', sa.String(length=20), nullable=True))

    op.create_table(
        'processed_webhook',
        sa.Column('key', sa.String(length=80), nullable=False),
        sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_processed_webhook')),
    )


def downgrade():
    op.drop_table('processed_webhook')
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.drop_column('share_ended_because')
