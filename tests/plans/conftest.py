"""Fixtures for activity plans: a valid form to start from, and activities made through the service."""

from datetime import UTC, datetime

import pytest

from webapp.extensions import db
from webapp.plans.service import create_activity

VALID_FORM = {
    "kind": "canvassing",
    "day": "2027-03-18",
    "start_time": "10:00",
    "end_time": "12:00",
    "end_day": "",
    "meeting_point": "Clifton Library",
    "area": "Clifton Down and Pembroke Road",
    "postcode": "bs8 2bx",
    "companions-0-name": "Sam Volunteer",
    "companions-0-mobile": "07911 123457",
    "companions-1-name": "",
    "companions-1-mobile": "",
    "notes": "Skip the do-not-knock houses on Pembroke Road.",
}


@pytest.fixture
def activity_form():
    """A valid activity form as posted; pass changes as keyword arguments."""

    def form(**changes):
        data = dict(VALID_FORM)
        data.update(changes)
        return data

    return form


@pytest.fixture
def make_activity():
    """Plan an activity for `owner` through the service (times are UTC)."""

    def make(owner, *, starts_at=datetime(2027, 3, 18, 10, tzinfo=UTC), ends_at=None, companions=(), **fields):
        data = {
            "kind": "canvassing",
            "starts_at": starts_at,
            "ends_at": ends_at or starts_at.replace(hour=starts_at.hour + 2),
            "meeting_point": "Clifton Library",
            "area": "",
            "postcode": None,
            "notes": "",
            "companions": [{"name": n, "mobile": m} for n, m in companions],
        }
        data.update(fields)
        activity = create_activity(owner, data)
        db.session.commit()
        return activity

    return make
