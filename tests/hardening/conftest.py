"""Councils are reference data kept between tests: remove the ones each test's worlds made."""

import pytest

from tests.hardening.world import forget_councils


@pytest.fixture(autouse=True)
def _forget_world_councils(app):
    yield
    forget_councils()
