"""Fixtures for the profile: a complete, valid profile form as a candidate would post it."""

import pytest
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Election, Force


@pytest.fixture
def profile_form():
    """A valid candidate profile form; pass changes as keyword arguments."""

    def form(**changes):
        force = db.session.scalar(select(Force).where(Force.code == "devon-and-cornwall"))
        election = db.session.scalar(select(Election))
        data = {
            "name": "Alex Candidate",
            "email": "alex@example.org",
            "mobile": "07911 123456",
            "contact_preference": "both",
            "emergency_contact_name": "Jamie Friend",
            "emergency_contact_mobile": "07911 123458",
            "office": "mayor",
            "council": "Plymouth City Council",
            "ward": "Drake",
            "party": "Independent",
            "force_id": str(force.id),
            "election_id": str(election.id),
        }
        data.update(changes)
        return data

    return form
