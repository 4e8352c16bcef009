"""A team member answering "I'll come" from two phones at the same moment (real threads): one answer row."""

import pytest
import sqlalchemy as sa

from tests.concurrency import held_after, run_together
from tests.hardening.world import build_world
from webapp.extensions import db
from webapp.models import ActivityAttendee


@pytest.mark.both_databases
def test_two_simultaneous_first_answers_both_succeed_and_leave_one_answer(app, make_user, sign_in):
    world = build_world(app, make_user, sign_in)
    phones = [world.client_for(app, sign_in, "member") for _ in range(2)]
    url = f"/activities/{world.ids['activity_id']}/attendance"

    with held_after(db.engine, "FROM activity_attendee", parties=2):
        statuses = run_together(2, lambda i: phones[i].post(url, data={"answer": "going"}).status_code)

    assert statuses == [303, 303]
    db.session.expire_all()
    rows = db.session.scalars(sa.select(ActivityAttendee).where(
        ActivityAttendee.activity_id == world.ids["activity_id"])).all()
    assert [(row.user_id, row.response) for row in rows] == [(world.users["member"].id, "going")]
