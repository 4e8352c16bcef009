"""`flask seed-demo`: the demo candidate's upcoming plans come with their reminders, the past one without."""

from sqlalchemy import select

from webapp.demo import seed_demo_data
from webapp.extensions import db
from webapp.models import Activity, Message


def test_demo_plans_that_are_still_ahead_have_reminders(app, clock):
    seed_demo_data()
    seed_demo_data()
    for activity in db.session.scalars(select(Activity)):
        kinds = {m.kind for m in db.session.scalars(select(Message).where(Message.activity_id == activity.id))}
        if activity.starts_at > clock.now():
            assert {"reminder-hour-before", "reminder-start"} <= kinds
        else:
            assert kinds == set()
