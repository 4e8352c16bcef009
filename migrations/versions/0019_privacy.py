"""privacy: pseudonymised audit entries, account deletion requests, unused-account warnings

Revision ID: 0019
Revises: 0010
"""
import sqlalchemy as sa
from alembic import op


revision = '0019'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('actor_ref', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('subject_ref', sa.String(length=16), nullable=True))
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deletion_requested_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('unused_warning_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('unused_warning_at')
        batch_op.drop_column('deletion_requested_at')
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_column('subject_ref')
        batch_op.drop_column('actor_ref')
