"""user.session_version (sessions that end); two-factor secrets encrypted at rest, wrong-code lockout

Revision ID: 0014
Revises: 0016

Existing TOTP secrets are encrypted with the app's TWO_FACTOR_KEYS (first key) during the upgrade;
the downgrade decrypts them back.
"""
import sqlalchemy as sa
from alembic import op
from flask import current_app

revision = '0014'
down_revision = '0016'
branch_labels = None
depends_on = None

two_factor = sa.table('two_factor', sa.column('id', sa.Integer), sa.column('secret', sa.String),
                      sa.column('secret_encrypted', sa.Text))


def _fernet():
    from webapp.at_rest import fernet_for

    return fernet_for(current_app.config)


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='0', nullable=False))

    with op.batch_alter_table('two_factor', schema=None) as batch_op:
        batch_op.add_column(sa.Column('secret_encrypted', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('failed_codes', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('failures_since', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('locked_at', sa.DateTime(timezone=True), nullable=True))

    connection = op.get_bind()
    rows = connection.execute(sa.select(two_factor.c.id, two_factor.c.secret)).all()
    if rows:
        fernet = _fernet()
        for row_id, secret in rows:
            connection.execute(two_factor.update().where(two_factor.c.id == row_id)
                               .values(secret_encrypted=fernet.encrypt(secret.encode()).decode()))

    with op.batch_alter_table('two_factor', schema=None) as batch_op:
        batch_op.alter_column('secret_encrypted', existing_type=sa.Text(), nullable=False)
        batch_op.drop_column('secret')


def downgrade():
    with op.batch_alter_table('two_factor', schema=None) as batch_op:
        batch_op.add_column(sa.Column('secret', sa.String(length=64), nullable=True))

    connection = op.get_bind()
    rows = connection.execute(sa.select(two_factor.c.id, two_factor.c.secret_encrypted)).all()
    if rows:
        fernet = _fernet()
        for row_id, token in rows:
            connection.execute(two_factor.update().where(two_factor.c.id == row_id)
                               .values(secret=fernet.decrypt(token.encode()).decode()))

    with op.batch_alter_table('two_factor', schema=None) as batch_op:
        batch_op.alter_column('secret', existing_type=sa.String(length=64), nullable=False)
        batch_op.drop_column('locked_at')
        batch_op.drop_column('failures_since')
        batch_op.drop_column('failed_codes')
        batch_op.drop_column('secret_encrypted')

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('session_version')
