"""privacy: pseudonymised audit entries, account deletion requests, unused-account warnings, data exports

Revision ID: 0019
Revises: 0017
"""
import sqlalchemy as sa
from alembic import op


revision = '0019'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'data_export',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('built_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('stored_name', sa.String(length=64), nullable=True),
        sa.Column('token_hash', sa.String(length=64), nullable=True),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('downloaded_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_data_export_user_id_user'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_data_export')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_data_export_token_hash')),
    )
    op.create_index(op.f('ix_data_export_user_id'), 'data_export', ['user_id'], unique=False)
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('actor_ref', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('subject_ref', sa.String(length=16), nullable=True))
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deletion_requested_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('unused_warning_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    op.drop_index(op.f('ix_data_export_user_id'), table_name='data_export')
    op.drop_table('data_export')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('unused_warning_at')
        batch_op.drop_column('deletion_requested_at')
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_column('subject_ref')
        batch_op.drop_column('actor_ref')
