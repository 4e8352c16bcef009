"""indexes: message.recipient, user.mobile, message (status, expires_at): no statement of a delivery tick or
of writing a text reads the whole message or user table

Revision ID: 0020
Revises: 0019
"""
from alembic import op

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(op.f('ix_message_recipient'), 'message', ['recipient'], unique=False)
    op.create_index('ix_message_status_expires', 'message', ['status', 'expires_at'], unique=False)
    op.create_index(op.f('ix_user_mobile'), 'user', ['mobile'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_user_mobile'), table_name='user')
    op.drop_index('ix_message_status_expires', table_name='message')
    op.drop_index(op.f('ix_message_recipient'), table_name='message')
