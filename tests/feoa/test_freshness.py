"""Which writes bump a force's feoa_version (webapp/feoa/freshness.py): each change the FEOA could
see bumps its own force, in the same transaction, and leaves other forces' cached sections alone."""

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from webapp.extensions import db
from webapp.models import (
    Activity,
    ActivityAttendee,
    Companion,
    FeoaContact,
    Force,
    PledgeSignature,
    PledgeVersion,
    User,
)
from webapp.teams.attendance import respond

from .conftest import HOME_FORCE, OTHER_FORCE


def _versions() -> dict[str, int]:
    return dict(db.session.execute(sa.select(Force.code, Force.feoa_version)).all())


@pytest.fixture
def watch():
    """Calls `change()` and returns which forces' versions it moved."""

    def moved(change) -> set[str]:
        before = _versions()
        change()
        db.session.commit()
        after = _versions()
        return {code for code in after if after[code] != before[code]}

    return moved


@pytest.fixture
def home(make_candidate, make_activity):
    candidacy = make_candidate("Home Candidate")
    return candidacy, make_activity(candidacy, companions=1)


def _new_signature(candidacy):
    version = db.session.scalar(sa.select(PledgeVersion).limit(1)) or PledgeVersion(
        number=99, title="The Civility Pledge", body="Be civil.", official_url="https://example.org/pledge")
    db.session.add(PledgeSignature(user=candidacy.user, version=version, full_name="Home Candidate"))


CHANGES = {
    "consent withdrawn": lambda c, a: c.set_consent(False, "test"),
    "ward changed": lambda c, a: setattr(c, "ward", "Cotham"),
    "renamed": lambda c, a: setattr(c.user, "name", "New Name"),
    "deactivated": lambda c, a: setattr(c.user, "active", False),
    "contact recorded": lambda c, a: db.session.add(FeoaContact(
        candidacy_id=c.id, feoa_id=c.user_id, kind="briefing", method="phone", happened_on=datetime(2027, 3, 16).date())),
    "activity moved": lambda c, a: setattr(a, "starts_at", a.starts_at.replace(hour=20)),
    "activity deleted": lambda c, a: db.session.delete(a),
    "companion removed": lambda c, a: db.session.delete(a.companions[0]),
    "companion added": lambda c, a: db.session.add(Companion(activity_id=a.id, name="Sam")),
    "team member going": lambda c, a: db.session.add(ActivityAttendee(activity_id=a.id, user_id=c.user_id)),
    "pledge signed": lambda c, a: _new_signature(c),
}


@pytest.mark.both_databases
@pytest.mark.parametrize("change", CHANGES)
def test_a_change_the_feoa_could_see_bumps_only_its_own_force(watch, home, change):
    candidacy, activity = home
    assert watch(lambda: CHANGES[change](candidacy, activity)) == {HOME_FORCE}


def test_a_companion_loaded_afresh_and_removed_still_bumps_its_force(watch, home):
    _, activity = home
    companion_id = activity.companions[0].id
    db.session.expire_all()
    assert watch(lambda: db.session.delete(db.session.get(Companion, companion_id))) == {HOME_FORCE}


@pytest.mark.parametrize("how", ["relationship", "column"])
def test_moving_a_candidacy_to_another_force_bumps_both(watch, home, how):
    # The old force was never loaded here, so every force is bumped: a rare move, correct either way.
    candidacy, _ = home
    other = db.session.scalar(sa.select(Force).where(Force.code == OTHER_FORCE))
    if how == "relationship":
        moved = watch(lambda: setattr(candidacy, "force", other))
    else:
        moved = watch(lambda: setattr(candidacy, "force_id", other.id))
    assert {HOME_FORCE, OTHER_FORCE} <= moved


def test_a_shared_incident_and_its_status_bump_the_force(watch, home, make_shared_incident):
    candidacy, _ = home
    moved = watch(lambda: make_shared_incident(candidacy))
    assert moved == {HOME_FORCE}
    incident = make_shared_incident(candidacy)
    assert watch(lambda: setattr(incident, "feoa_status", "acknowledged")) == {HOME_FORCE}


def test_signing_in_does_not_bump_anything(watch, home):
    candidacy, _ = home
    assert watch(lambda: setattr(candidacy.user, "last_sign_in_at", datetime(2027, 3, 16, tzinfo=UTC))) == set()


def test_a_change_rolled_back_bumps_nothing(watch, home):
    candidacy, _ = home
    before = _versions()
    candidacy.ward = "Cotham"
    db.session.flush()
    db.session.rollback()
    db.session.commit()
    assert _versions() == before


@pytest.mark.both_databases
def test_a_bulk_statement_on_a_watched_table_bumps_every_force(watch, home):
    candidacy, activity = home
    moved = watch(lambda: db.session.execute(
        sa.update(Activity).where(Activity.id == activity.id).values(area="Elsewhere")))
    assert moved == set(_versions())


def test_a_team_members_answer_bumps_the_organisers_force(watch, home, make_user):
    _, activity = home
    member = make_user("team_member")
    assert watch(lambda: respond(activity, member, "going")) == {HOME_FORCE}


@pytest.mark.both_databases
def test_a_bulk_insert_of_many_rows_bumps_every_force_instead_of_failing(app, watch):
    """An INSERT with a list of rows (the benchmarks' data, any bulk load) cannot be traced to one
    force: it bumps them all. It used to raise KeyError while the one-row check compiled it."""
    now = datetime(2027, 3, 16, 9, 0, tzinfo=UTC)
    rows = [{"email": f"bulk{n}@example.org", "name": f"Bulk {n}", "role": "candidate", "password_hash": "x",
             "active": True, "created_at": now, "password_changed_at": now} for n in range(3)]
    moved = watch(lambda: db.session.execute(sa.insert(User), rows))
    assert {HOME_FORCE, OTHER_FORCE} <= moved
