"""Councils are reference data kept between tests: remove the ones each test's worlds (or the fuzz) added."""

import pytest
import sqlalchemy as sa

from tests.hardening.world import forget_councils
from webapp.extensions import db
from webapp.models import Council


@pytest.fixture(autouse=True)
def _forget_world_councils(app):
    before = db.session.scalar(sa.select(sa.func.max(Council.id))) or 0
    yield
    forget_councils(newer_than=before)
