"""councils as reference data; nominees handed over before they join; verified candidacies

Revision ID: 0011
Revises: 0014
"""
import csv
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0014'
branch_labels = None
depends_on = None

COUNCILS_CSV = Path(__file__).resolve().parents[2] / 'webapp' / 'data' / 'councils.csv'


def upgrade():
    op.create_table('council',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('gss_code', sa.String(length=9), nullable=True),
    sa.Column('nation', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_council')),
    sa.UniqueConstraint('gss_code', name=op.f('uq_council_gss_code')),
    sa.UniqueConstraint('name', name=op.f('uq_council_name'))
    )
    op.create_table('council_force',
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('force_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['council.id'], name=op.f('fk_council_force_council_id_council'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['force_id'], ['force.id'], name=op.f('fk_council_force_force_id_force'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('council_id', 'force_id', name=op.f('pk_council_force'))
    )
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('council_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('on_app', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.create_index(batch_op.f('ix_user_council_id'), ['council_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_user_council_id_council'), 'council', ['council_id'], ['id'])
    for table in ('nomination_import', 'nominee'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('council_id', sa.Integer(), nullable=True))
            batch_op.create_index(batch_op.f(f'ix_{table}_council_id'), ['council_id'], unique=False)
            batch_op.create_foreign_key(batch_op.f(f'fk_{table}_council_id_council'), 'council', ['council_id'], ['id'])
    with op.batch_alter_table('candidacy', schema=None) as batch_op:
        batch_op.add_column(sa.Column('verification', sa.String(length=20), server_default='self_registered',
                                      nullable=False))
        batch_op.add_column(sa.Column('verified_at', sa.DateTime(timezone=True), nullable=True))

    _seed_councils()
    _move_office_councils_to_records()
    # A candidacy linked to an office's nominee is nominated; every other one signed up on its own.
    op.execute("UPDATE candidacy SET verification = 'nominated' WHERE user_id IN "
               "(SELECT user_id FROM nominee WHERE user_id IS NOT NULL)")
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('council')


def _seed_councils():
    """The councils in webapp/data/councils.csv, with the forces already seeded (seed-reference adds the rest)."""
    council = sa.table('council', sa.column('id', sa.Integer), sa.column('name', sa.String),
                       sa.column('gss_code', sa.String), sa.column('nation', sa.String))
    link = sa.table('council_force', sa.column('council_id', sa.Integer), sa.column('force_id', sa.Integer))
    bind = op.get_bind()
    forces = dict(bind.execute(sa.text('SELECT code, id FROM force')).all())
    with COUNCILS_CSV.open(newline='', encoding='utf-8') as handle:
        for row in csv.DictReader(handle):
            bind.execute(council.insert().values(name=row['name'], gss_code=row['gss_code'] or None,
                                                 nation=row['nation']))
            council_id = bind.execute(sa.select(council.c.id).where(council.c.name == row['name'])).scalar_one()
            for code in row['forces'].split(';'):
                if code in forces:
                    bind.execute(link.insert().values(council_id=council_id, force_id=forces[code]))


def _move_office_councils_to_records():
    """Office accounts, imports and nominees typed a council name: point them at the council record,
    making one (in the account's force) for a name the list does not have."""
    bind = op.get_bind()
    offices = bind.execute(sa.text('SELECT id, council, force_id FROM "user" WHERE council IS NOT NULL')).all()
    names = {name for _, name, _ in offices}
    names |= {name for (name,) in bind.execute(sa.text('SELECT DISTINCT council FROM nominee')).all()}
    names |= {name for (name,) in bind.execute(sa.text('SELECT DISTINCT council FROM nomination_import')).all()}
    for name in sorted(n for n in names if n):
        found = bind.execute(sa.text('SELECT id FROM council WHERE name = :name'), {'name': name}).scalar()
        if found is None:
            bind.execute(sa.text("INSERT INTO council (name, nation) VALUES (:name, 'England')"), {'name': name})
            found = bind.execute(sa.text('SELECT id FROM council WHERE name = :name'), {'name': name}).scalar()
            for force_id in {f for _, n, f in offices if n == name and f is not None}:
                bind.execute(sa.text('INSERT INTO council_force (council_id, force_id) VALUES (:c, :f)'),
                             {'c': found, 'f': force_id})
        bind.execute(sa.text('UPDATE "user" SET council_id = :c WHERE council = :name'), {'c': found, 'name': name})
        for table in ('nominee', 'nomination_import'):
            bind.execute(sa.text(f'UPDATE {table} SET council_id = :c WHERE council = :name'),
                         {'c': found, 'name': name})


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('council', sa.String(length=120), nullable=True))
    op.execute('UPDATE "user" SET council = (SELECT name FROM council WHERE council.id = "user".council_id)')
    with op.batch_alter_table('candidacy', schema=None) as batch_op:
        batch_op.drop_column('verified_at')
        batch_op.drop_column('verification')
    for table in ('nominee', 'nomination_import'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'fk_{table}_council_id_council'), type_='foreignkey')
            batch_op.drop_index(batch_op.f(f'ix_{table}_council_id'))
            batch_op.drop_column('council_id')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_user_council_id_council'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_user_council_id'))
        batch_op.drop_column('on_app')
        batch_op.drop_column('council_id')
    op.drop_table('council_force')
    op.drop_table('council')
