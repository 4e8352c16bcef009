"""Two jobs processes ticking at the same moment against PostgreSQL: each step happens once."""

import threading
from datetime import timedelta

import pytest

from tests.sessions.session_helpers import COMPANION_MOBILE, EMERGENCY_MOBILE, at
from webapp import create_app
from webapp.clock import utcnow
from webapp.extensions import db
from webapp.models import User
from webapp.models.sessions import SessionEvent
from webapp.sessions import escalation
from webapp.sessions.lifecycle import start_session

JOBS_PROCESSES = 2


def tick_together(app, clock, rounds=3):
    """Each "process" is its own app (own engine and connections) on its own thread, released together."""
    apps = [create_app("test", {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                                "CLOCK": clock}) for _ in range(JOBS_PROCESSES)]
    barrier = threading.Barrier(JOBS_PROCESSES)
    errors = []

    def run(other):
        try:
            with other.app_context():
                for _ in range(rounds):
                    barrier.wait(timeout=10)
                    escalation.run()
                db.engine.dispose()
        except Exception as error:  # noqa: BLE001 - reported by the test below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(other,), daemon=True) for other in apps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    db.session.expire_all()


@pytest.mark.both_databases
def test_two_jobs_processes_escalate_each_tier_exactly_once(app, database, start, clock, outbox):
    sessions = [start()]
    for n in range(1, 20):  # more sessions, so the two processes really overlap
        sessions.append(_another_session(n))
    db.session.commit()
    for moment in ("09:25", "09:30", "09:40", "09:55"):
        at(clock, moment)
        tick_together(app, clock)
    first = sessions[0].id
    kinds = [e.kind for e in db.session.query(SessionEvent).filter_by(session_id=first).order_by(SessionEvent.id)]
    assert kinds == ["started", "reminder", "grace_warning", "tier_1", "tier_2"]
    counts = {kind: db.session.query(SessionEvent).filter_by(kind=kind).count()
              for kind in ("reminder", "grace_warning", "tier_1", "tier_2")}
    assert counts == {"reminder": 20, "grace_warning": 20, "tier_1": 20, "tier_2": 20}
    alerts = [m for m in outbox("session_alert") if m.user_id == sessions[0].user_id]
    assert sorted(m.recipient for m in alerts) == [COMPANION_MOBILE, EMERGENCY_MOBILE]


def _another_session(n):


    user = User(email=f"walker{n}@example.org", password_hash="x", name=f"Walker {n}",
                mobile=f"+4477009{n:05d}", emergency_contact_name="EC", emergency_contact_mobile=f"+4477008{n:05d}")
    db.session.add(user)
    db.session.flush()
    return start_session(user, expected_end_at=utcnow() + timedelta(hours=3), interval_minutes=30, place="Here")
