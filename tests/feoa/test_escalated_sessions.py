"""Safety sessions whose contacts were alerted show on the FEOA dashboard, for their own force only."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup

from webapp.extensions import db
from webapp.models import SafetySession
from webapp.sessions import escalation

from .conftest import OTHER_FORCE


def _session(candidacy, clock, state="escalated"):
    now = clock.now()
    row = SafetySession(user_id=candidacy.user_id, place="Cotham Hill", started_at=now - timedelta(hours=2),
                        expected_end_at=now, next_check_in_at=now - timedelta(minutes=40),
                        deadline_at=now - timedelta(minutes=40), reminder_at=now - timedelta(minutes=45),
                        overdue_since=now - timedelta(minutes=40), state=state)
    db.session.add(row)
    db.session.commit()
    return row


def test_only_escalated_sessions_of_the_forces_consenting_candidates_are_listed(client, feoa, make_candidate, clock):
    _session(make_candidate("Alerted Home"), clock)
    _session(make_candidate("Still Active"), clock, state="active")
    _session(make_candidate("Alerted Elsewhere", force=OTHER_FORCE), clock)
    _session(make_candidate("Alerted No Consent", consent=False), clock)
    rows = [li.get_text(" ", strip=True) for li in
            BeautifulSoup(client.get("/feoa/").data, "html.parser").select(".escalated-session")]
    assert len(rows) == 1 and "Alerted Home" in rows[0] and "Cotham Hill" in rows[0]


def _overdue(candidacy, clock):
    """A session whose grace period ends now: the next escalation tick alerts tier 1."""
    row = _session(candidacy, clock, state="overdue")
    row.escalate_at = clock.now()
    db.session.commit()
    return row


def _told_line(client):
    item = BeautifulSoup(client.get("/feoa/").data, "html.parser").select_one(".escalated-session .escalation-told")
    return " ".join(item.text.split())


@pytest.mark.both_databases
def test_a_candidate_with_no_contacts_is_shown_as_no_one_told_not_as_contacts_alerted(client, feoa, make_candidate,
                                                                                       clock):
    _overdue(make_candidate("Lone Candidate"), clock)  # no team, no emergency contact
    escalation.run()
    clock.advance(minutes=16)
    escalation.run()  # tier 2 also finds nobody
    page = BeautifulSoup(client.get("/feoa/").data, "html.parser")
    assert "have been alerted" not in page.select_one("#sessions-heading").parent.text
    assert _told_line(client) == "Told: no one yet: no contacts (the app found nobody to alert at 09:00)"


@pytest.mark.both_databases
def test_the_line_names_who_was_told_and_when_from_the_escalation_log(client, feoa, make_candidate, clock):
    candidacy = make_candidate("Careful Candidate", emergency_contact_name="Robin Contact",
                               emergency_contact_mobile="+447911123456")
    _overdue(candidacy, clock)
    escalation.run()  # 09:00: tier 1 has nobody (no team), so tier 2 is alerted at once (no empty round)
    assert _told_line(client) == "Told at 09:00 (emergency contact): Robin Contact"
    clock.advance(minutes=15)
    escalation.run()  # 09:15: nothing more to do; the line still says who was told, and when
    assert _told_line(client) == "Told at 09:00 (emergency contact): Robin Contact"


def test_an_escalated_session_before_any_alert_step_says_no_one_yet(client, feoa, make_candidate, clock):
    _session(make_candidate("Just Escalated"), clock)
    assert _told_line(client) == "Told: no one yet"
