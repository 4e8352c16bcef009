"""Shared arrangement for the self-monitoring tests."""

from datetime import timedelta

import pytest

from webapp.extensions import db
from webapp.models import Activity, Companion
from webapp.sessions import lifecycle


@pytest.fixture
def overdue_session(make_user, clock):
    """A safety session with a companion and an emergency contact, started now: it goes overdue when
    the clock passes its first check-in (30 minutes)."""
    person = make_user("candidate", mobile="+447911123450", emergency_contact_name="Sam",
                       emergency_contact_mobile="+447911123459")
    activity = Activity(owner_id=person.id, kind="canvassing", starts_at=clock.now(),
                        ends_at=clock.now() + timedelta(hours=3), meeting_point="Clifton Library", area="Clifton",
                        companions=[Companion(name="Jo", mobile="+447911123451")])
    db.session.add(activity)
    db.session.flush()
    session = lifecycle.start_session(person, expected_end_at=activity.ends_at, interval_minutes=30,
                                      activity=activity)
    db.session.commit()
    return session
