"""Four people's phones saving the first reminder note of an activity at the same moment (real threads)."""

from datetime import datetime

import pytest

from tests.concurrency import held_after, run_together
from webapp.extensions import db
from webapp.models import ReminderNote


@pytest.mark.both_databases
def test_four_simultaneous_first_saves_of_a_note_all_succeed_and_leave_one_note(app, sign_in, organiser, plan):
    activity = plan(datetime(2027, 3, 18, 10, 0))
    clients = [app.test_client() for _ in range(4)]
    for c in clients:
        sign_in(organiser, on=c)
    url = f"/activities/{activity.id}/reminder-note"

    with held_after(db.engine, "FROM reminder_note", parties=4):
        statuses = run_together(4, lambda i: clients[i].post(url, data={"note": f"Park by gate {i}."}).status_code)

    assert statuses == [303] * 4
    db.session.expire_all()
    notes = db.session.query(ReminderNote).filter_by(activity_id=activity.id).all()
    assert len(notes) == 1 and notes[0].note.startswith("Park by gate ")
