"""Migration 0011 moves typed council names to council records and marks linked candidacies nominated."""

import sqlalchemy as sa
from flask_migrate import upgrade

from tests.helpers import sqlite_migrated_to

NOW = "2027-03-01 09:00:00"


def test_migration_points_offices_and_nominees_at_council_records_and_keeps_unknown_names(tmp_path):
    with sqlite_migrated_to(tmp_path, "0010") as engine:
        with engine.begin() as connection:
            connection.execute(sa.text(
                "INSERT INTO force (id, code, name, nation, feoa_version) VALUES "
                "(1, 'avon-and-somerset', 'Avon and Somerset Police', 'England', 0)"))
            for user_id, email, role, council in [(1, "o@example.org", "election_office", "Bristol City Council"),
                                                  (2, "p@example.org", "election_office", "Nowhere Parish Council"),
                                                  (3, "n@example.org", "candidate", None),
                                                  (4, "s@example.org", "candidate", None)]:
                connection.execute(sa.text(
                    "INSERT INTO user (id, email, password_hash, role, name, contact_preference, active, created_at, "
                    "password_changed_at, council, force_id) VALUES (:id, :email, 'x', :role, 'N', "
                    "'both', 1, :now, :now, :council, 1)"),
                    {"id": user_id, "email": email, "role": role, "now": NOW, "council": council})
            connection.execute(sa.text(
                "INSERT INTO candidacy (id, user_id, feoa_consent) VALUES (1, 3, 1), (2, 4, 1)"))
            connection.execute(sa.text(
                "INSERT INTO nominee (id, council, name, email, office, ward, party, consent, invitations_sent, "
                "user_id, created_at, updated_at) VALUES (1, 'Bristol City Council', 'N', 'n@example.org', "
                "'councillor', 'Clifton', '', 1, 1, 3, :now, :now)"), {"now": NOW})
        upgrade(revision="0011")
        with engine.connect() as connection:
            offices = connection.execute(sa.text(
                'SELECT u.id, c.name, c.gss_code FROM "user" u JOIN council c ON c.id = u.council_id ORDER BY u.id'
            )).all()
            nowhere_forces = connection.execute(sa.text(
                "SELECT f.code FROM council c JOIN council_force cf ON cf.council_id = c.id "
                "JOIN force f ON f.id = cf.force_id WHERE c.name = 'Nowhere Parish Council'")).scalars().all()
            bristol_forces = connection.execute(sa.text(
                "SELECT count(*) FROM council c JOIN council_force cf ON cf.council_id = c.id "
                "WHERE c.name = 'Bristol City Council'")).scalar()
            nominee_council = connection.execute(sa.text(
                "SELECT c.name FROM nominee n JOIN council c ON c.id = n.council_id")).scalar()
            verification = dict(connection.execute(sa.text("SELECT user_id, verification FROM candidacy")).all())
            on_app = connection.execute(sa.text('SELECT count(*) FROM "user" WHERE on_app')).scalar()
        engine.dispose()
    assert [tuple(row) for row in offices] == [(1, "Bristol City Council", "E06000023"),
                                               (2, "Nowhere Parish Council", None)]
    assert nowhere_forces == ["avon-and-somerset"] and bristol_forces == 1
    assert nominee_council == "Bristol City Council"
    assert verification == {3: "nominated", 4: "self_registered"}
    assert on_app == 4
