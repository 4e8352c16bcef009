"""An empty tier is skipped, not waited for: with nobody in tier 1, tier 2 hears at tier 1's time."""

import pytest
from bs4 import BeautifulSoup

from tests.sessions.session_helpers import EMERGENCY_MOBILE, at
from webapp.extensions import db
from webapp.models import Companion
from webapp.models.sessions import SessionEvent


def alerted(outbox):
    return sorted(m.recipient for m in outbox("session_alert", "sms"))


@pytest.mark.both_databases
def test_a_lone_candidates_emergency_contact_is_alerted_at_the_first_rounds_time(start, clock, tick, outbox):
    session = start(with_activity=False)  # no activity, no team: nobody in tier 1
    at(clock, "09:30")
    tick()  # missed: "are you OK?" to the person
    at(clock, "09:39")
    tick()
    assert alerted(outbox) == []
    at(clock, "09:40")  # grace over: tier 1's time
    tick()
    assert alerted(outbox) == [EMERGENCY_MOBILE]
    at(clock, "09:55")  # tier 2's usual time: nobody is told twice
    tick()
    assert alerted(outbox) == [EMERGENCY_MOBILE]
    db.session.refresh(session)
    assert (session.state, session.tier_reached) == ("escalated", 2)
    events = db.session.query(SessionEvent).filter_by(session_id=session.id).order_by(SessionEvent.id).all()
    assert [(e.kind, e.note, e.at.strftime("%H:%M")) for e in events if e.kind.startswith("tier_")] == [
        ("tier_1", "nobody reachable", "09:40"), ("tier_2", "Sam Morgan", "09:40")]


def test_a_tier_whose_people_cannot_be_reached_counts_as_empty(start, activity, clock, tick, outbox):
    activity.companions = [Companion(name="Jo Patel")]  # no mobile, no email
    db.session.commit()
    start()
    for moment in ("09:30", "09:40"):
        at(clock, moment)
        tick()
    assert alerted(outbox) == [EMERGENCY_MOBILE]


def test_with_someone_in_tier_one_the_emergency_contact_still_waits_for_the_second_round(
        start, clock, tick, outbox):
    start()  # Jo Patel, a companion with a mobile, is tier 1
    for moment in ("09:30", "09:40", "09:54"):
        at(clock, moment)
        tick()
    assert EMERGENCY_MOBILE not in alerted(outbox)
    at(clock, "09:55")
    tick()
    assert EMERGENCY_MOBILE in alerted(outbox)


def test_the_session_page_says_the_emergency_contact_is_told_at_the_first_rounds_time(start, client):
    session = start(with_activity=False)
    page = BeautifulSoup(client.get(f"/sessions/{session.id}").data, "html.parser")
    steps = [" ".join(li.text.split()) for li in page.select("#session-who ol > li")]
    assert steps[2].startswith("At the same time, as nobody is in the round before (09:40): Sam Morgan")
