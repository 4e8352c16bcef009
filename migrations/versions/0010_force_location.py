"""force: a representative point (latitude, longitude) for sunrise and sunset

Revision ID: 0010
Revises: 0009
"""
import csv
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

FORCES_CSV = Path(__file__).resolve().parents[2] / 'webapp' / 'data' / 'police-forces.csv'


def upgrade():
    with op.batch_alter_table('force', schema=None) as batch_op:
        batch_op.add_column(sa.Column('latitude', sa.Double(), nullable=True))
        batch_op.add_column(sa.Column('longitude', sa.Double(), nullable=True))

    # Fill the forces already seeded; only coordinates still missing, so running it again changes nothing.
    force = sa.table('force', sa.column('code', sa.String), sa.column('latitude', sa.Double),
                     sa.column('longitude', sa.Double))
    with FORCES_CSV.open(newline='', encoding='utf-8') as handle:
        for row in csv.DictReader(handle):
            op.execute(force.update().where(force.c.code == row['code'], force.c.latitude.is_(None))
                       .values(latitude=float(row['latitude']), longitude=float(row['longitude'])))


def downgrade():
    with op.batch_alter_table('force', schema=None) as batch_op:
        batch_op.drop_column('longitude')
        batch_op.drop_column('latitude')
