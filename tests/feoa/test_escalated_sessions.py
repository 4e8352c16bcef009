"""Safety sessions whose contacts were alerted show on the FEOA dashboard, for their own force only."""

from datetime import timedelta

from bs4 import BeautifulSoup

from webapp.extensions import db
from webapp.models import SafetySession

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
