"""The SOS fallback and the duress PIN, at their one home (webapp/sessions/lifecycle.py), without a request."""

from datetime import timedelta

import pytest

from tests.sessions.session_helpers import COMPANION_MOBILE, EMERGENCY_MOBILE
from webapp.extensions import db
from webapp.sessions import lifecycle

POSITION = {"latitude": 51.4545, "longitude": -2.6094, "accuracy": 20}


@pytest.fixture
def running(person, activity, clock):
    session = lifecycle.start_session(person, expected_end_at=clock.now() + timedelta(hours=3),
                                      interval_minutes=30, place="Clifton", activity=activity)
    db.session.commit()
    return session


def alerted(outbox) -> list[str]:
    return sorted(m.recipient for m in outbox("session_alert"))


def visible_kinds(session) -> list[str]:
    return [e.kind for e in session.events if not e.hidden_from_person]


def test_sos_with_no_session_running_starts_an_hour_long_one_and_alerts_both_tiers(person, clock, outbox):
    session = lifecycle.start_sos(person)
    db.session.commit()
    assert session.place == lifecycle.SOS_PLACE
    assert session.expected_end_at - session.started_at == lifecycle.SOS_SESSION_LENGTH
    assert session.interval_minutes == lifecycle.SOS_CHECK_IN_MINUTES
    assert (session.state, session.sos, session.tier_reached) == ("escalated", True, 2)
    assert alerted(outbox) == [EMERGENCY_MOBILE]


def test_sos_with_no_session_running_shares_location_only_when_a_position_was_sent(person, outbox):
    assert lifecycle.start_sos(person).location_sharing is False
    db.session.commit()
    lifecycle.end_session(lifecycle.open_session_for(person).id)
    db.session.commit()
    assert lifecycle.start_sos(person, position=POSITION).location_sharing is True


def test_sos_with_a_session_running_alerts_on_that_session(running, person, outbox):
    assert lifecycle.start_sos(person) is running
    db.session.commit()
    assert alerted(outbox) == [COMPANION_MOBILE, EMERGENCY_MOBILE]
    assert running.sos and running.place == "Clifton"


def test_the_services_leave_the_commit_to_the_caller(running, person, outbox):
    lifecycle.start_sos(person)
    db.session.rollback()
    assert outbox() == []
    db.session.refresh(running)
    assert not running.sos


@pytest.fixture
def duress_pin(person):
    lifecycle.set_duress_pin(person, "2468")
    db.session.commit()
    return "2468"


def test_ending_with_the_duress_pin_alerts_both_tiers_and_shows_the_person_an_ordinary_end(
        running, duress_pin, outbox):
    session = lifecycle.end_session(running.id, pin=duress_pin)
    db.session.commit()
    assert (session.duress, session.tier_reached) == (True, 2)
    assert alerted(outbox) == [COMPANION_MOBILE, EMERGENCY_MOBILE]
    assert visible_kinds(session)[-1] == "ended"
    assert "duress" not in visible_kinds(session)


@pytest.mark.parametrize("pin", [None, "", "1357"])
def test_ending_with_any_other_pin_or_none_is_an_ordinary_end(running, duress_pin, outbox, pin):
    session = lifecycle.end_session(running.id, pin=pin)
    db.session.commit()
    assert (session.duress, session.state) == (False, "ended")
    assert outbox("session_alert") == []


def test_ending_with_a_pin_when_none_is_set_is_an_ordinary_end(running, outbox):
    session = lifecycle.end_session(running.id, pin="2468")
    db.session.commit()
    assert (session.duress, session.state) == (False, "ended")


def test_another_persons_duress_pin_is_no_duress_pin_here(running, make_user, outbox):
    lifecycle.set_duress_pin(make_user("candidate", name="Someone Else"), "2468")
    db.session.commit()
    assert lifecycle.end_session(running.id, pin="2468").duress is False


def test_a_removed_duress_pin_no_longer_alerts(running, person, duress_pin, outbox):
    lifecycle.remove_duress_pin(person)
    db.session.commit()
    assert lifecycle.end_session(running.id, pin=duress_pin).duress is False
