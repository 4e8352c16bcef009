"""Each police force's representative point, which sets its sunrise and sunset."""

import pytest
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Force
from webapp.seed import seed_reference_data


@pytest.mark.both_databases
def test_every_seeded_force_has_coordinates_inside_the_uk(app):
    forces = db.session.scalars(select(Force)).all()
    assert len(forces) == 45
    for force in forces:
        assert 49.8 <= force.latitude <= 60.9 and -8.7 <= force.longitude <= 1.8, force.code


def test_seeding_again_fills_the_coordinates_a_force_is_missing(app, clock):
    force = db.session.scalar(select(Force).where(Force.code == "police-scotland"))
    force.latitude = force.longitude = None
    db.session.commit()
    seed_reference_data(clock.now().date())
    db.session.refresh(force)
    assert (force.latitude, force.longitude) == (56.0, -4.0)
