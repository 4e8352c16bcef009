"""Companions and attendees: migration 0005 leaves every existing companion as a named guest, and a
companion stays as the planner typed it when a person with that mobile joins the candidate's team."""

import sqlalchemy as sa
from flask_migrate import upgrade
from sqlalchemy import select

from tests.helpers import sqlite_migrated_to
from tests.teams.helpers import invitation_path_from_outbox
from webapp.extensions import db
from webapp.models import ActivityAttendee, Companion


def test_migration_keeps_existing_companions_as_named_guests(tmp_path):
    with sqlite_migrated_to(tmp_path, "0005-1") as engine:
        with engine.begin() as connection:
            connection.execute(sa.text(
                "INSERT INTO user (id, email, password_hash, role, name, contact_preference, active, created_at, "
                "password_changed_at) VALUES (1, 'a@example.org', 'x', 'candidate', 'Alex', 'both', 1, "
                "'2027-03-01 09:00:00', '2027-03-01 09:00:00')"))
            connection.execute(sa.text(
                "INSERT INTO activity (id, owner_id, kind, starts_at, ends_at, meeting_point, area, notes, created_at, "
                "updated_at) VALUES (7, 1, 'canvassing', '2027-03-17 10:00:00', '2027-03-17 12:00:00', 'Post box', "
                "'Clifton', '', '2027-03-01 09:00:00', '2027-03-01 09:00:00')"))
            connection.execute(sa.text(
                "INSERT INTO companion (activity_id, name, mobile) VALUES (7, 'Jo Helper', '+447911123456'), "
                "(7, 'Sam', NULL)"))
        upgrade(revision="0005")
        with engine.connect() as connection:
            companions = connection.execute(sa.text("SELECT name, mobile FROM companion ORDER BY id")).all()
            attendees = connection.execute(sa.text("SELECT count(*) FROM activity_attendee")).scalar()
        engine.dispose()
    assert [tuple(row) for row in companions] == [("Jo Helper", "+447911123456"), ("Sam", None)]
    assert attendees == 0


def test_a_companion_stays_as_typed_when_someone_with_that_mobile_joins_the_team(client, sign_in, make_team, make_activity):
    team, people = make_team()
    activity = make_activity(people["owner"])
    db.session.add_all([Companion(activity_id=activity.id, name="Jo Helper", mobile="+447911123456"),
                        Companion(activity_id=activity.id, name="Sam", mobile=None)])
    db.session.commit()
    sign_in(people["owner"])
    client.post(f"/teams/{team.id}/invitations", data={"name": "Jo", "email": "jo@example.org", "role": "member"})
    client.post("/sign-out")
    client.post(invitation_path_from_outbox("jo@example.org") + "/account", data={
        "name": "Jo Helper", "email": "jo@example.org", "mobile": "07911 123456",
        "password": "three random words", "confirm": "three random words"})
    assert db.session.scalar(select(ActivityAttendee).where(ActivityAttendee.activity_id == activity.id)) is None
    assert [c.name for c in db.session.scalars(select(Companion).order_by(Companion.id))] == ["Jo Helper", "Sam"]
