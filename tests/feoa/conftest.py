"""FEOA fixtures: candidates in two forces, with and without consent, and their activities."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from webapp.extensions import db
from webapp.models import Activity, Companion, Force, Incident

HOME_FORCE = "avon-and-somerset"
OTHER_FORCE = "bedfordshire"


# Advisers in these tests have had their accounts since January, so moving the clock back to a
# digest time on the test day does not put the digest before the account existed (a new account
# gets no digest for a time before it was made: test_digest_timing.py passes created_at itself).
ADVISERS_SINCE = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)


@pytest.fixture
def make_user(make_user):
    def make(role="candidate", **fields):
        if role == "feoa":
            fields.setdefault("created_at", ADVISERS_SINCE)
        return make_user(role, **fields)

    return make


@pytest.fixture
def make_candidate(make_user):
    """A candidate in a force (home force by default), consenting unless told otherwise."""

    def make(name="Casey Candidate", *, force=HOME_FORCE, consent=True, ward=None, **fields):
        user = make_user("candidate", name=name, mobile=fields.pop("mobile", "+447700900123"), **fields)
        candidacy = user.candidacy
        if ward:
            candidacy.ward = ward
        candidacy.force = db.session.scalar(sa.select(Force).where(Force.code == force))
        if consent:
            candidacy.set_consent(True, "test")
        db.session.commit()
        return candidacy

    return make


@pytest.fixture
def make_activity(clock):
    """An activity for a candidacy, starting `in_hours` from now; alone unless companions given."""

    def make(candidacy, *, in_hours=2, hours=2, companions=0, area="Clifton Down", notes="", **fields):
        start = clock.now() + timedelta(hours=in_hours)
        activity = Activity(owner_id=candidacy.user_id, kind=fields.pop("kind", "canvassing"), starts_at=start,
                            ends_at=start + timedelta(hours=hours), meeting_point="The library", area=area,
                            notes=notes, **fields)
        activity.companions = [Companion(name=f"Helper {n}") for n in range(companions)]
        db.session.add(activity)
        db.session.commit()
        return activity

    return make


@pytest.fixture
def feoa(make_user, sign_in):
    """The signed-in FEOA of the home force (two-factor done)."""
    return sign_in(make_user("feoa", force_code=HOME_FORCE, mobile="+447700900999"))


@pytest.fixture
def make_shared_incident(clock):
    """An incident about a candidacy, shared with the FEOA unless told otherwise."""

    def make(candidacy, *, shared=True, **fields):
        values = {"category": "online_abuse", "occurred_at": clock.now() - timedelta(hours=20),
                  "description": "Abusive replies to my post.", "location": "Online"}
        values.update(fields)
        incident = Incident(owner_id=candidacy.user_id, candidacy_id=candidacy.id, shared_with_feoa=shared,
                            shared_at=clock.now() if shared else None, **values)
        db.session.add(incident)
        db.session.commit()
        return incident

    return make
