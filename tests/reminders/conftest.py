"""Fixtures for reminder tests: an activity planned by a candidate with a mobile."""

from datetime import datetime, timedelta

import pytest

from webapp.extensions import db
from webapp.models import Activity, Companion, Message
from webapp.reminders.planner import plan_activity_reminders
from webapp.timeutil import london_to_utc


@pytest.fixture
def organiser(make_user):
    return make_user("candidate", name="Sam Patel", mobile="+447700900111")


@pytest.fixture
def plan(app, organiser):
    """plan(start_local=datetime(...), minutes=120, companions=[(name, mobile)]) → a planned activity."""

    def make(start_local: datetime, minutes: int = 120, companions=(), owner=None, meeting_point="Clifton library"):
        starts_at = london_to_utc(start_local)
        activity = Activity(owner=owner or organiser, kind="canvassing", starts_at=starts_at,
                            ends_at=starts_at + timedelta(minutes=minutes), meeting_point=meeting_point,
                            area="Clifton")
        for name, mobile in companions:
            activity.companions.append(Companion(name=name, mobile=mobile))
        db.session.add(activity)
        db.session.flush()
        plan_activity_reminders(activity)
        db.session.commit()
        return activity

    return make


@pytest.fixture
def reminders(app):
    """reminders(activity) → {(recipient, kind): row} for the activity's reminder rows."""

    def rows(activity):
        db.session.expire_all()
        found = db.session.query(Message).filter(Message.activity_id == activity.id,
                                                 Message.kind.like("reminder-%")).all()
        return {(m.recipient, m.kind.removeprefix("reminder-")): m for m in found}

    return rows
