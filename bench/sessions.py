"""Benchmark: 5,000 active safety sessions, 1,000 of them miss the same check-in.

Measures, with ONE jobs process (this process: the escalation job, then the outbox delivery, tick
after tick), the wall-clock time from the moment tier 1 falls due to every tier-1 alert accepted
by the provider (the fake Twilio server, answering each request after a 50 ms delay like the
real API). Run on SQLite (a file) and on PostgreSQL.

    .venv/bin/python -m bench.sessions                 # both databases
    .venv/bin/python -m bench.sessions --database sqlite
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench_sessions .venv/bin/python -m bench.sessions
"""

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from flask_migrate import upgrade

from tests.fakes.twilio_server import FakeTwilio
from webapp import create_app
from webapp.clock import FrozenClock
from webapp.extensions import db
from webapp.models import Activity, Companion, User
from webapp.models.sessions import SafetySession
from webapp.notify.delivery import deliver_due
from webapp.sessions import escalation

SESSIONS = 5_000
OVERDUE = 1_000
T0 = datetime(2027, 4, 20, 17, 0, tzinfo=UTC)  # the minute the 1,000 miss their check-in
PROVIDER_DELAY = 0.05
POSTGRES_URL = os.environ.get("BENCH_DATABASE_URL",
                              "postgresql+psycopg://postgres@127.0.0.1:5432/bench_sessions")


class RunningClock(FrozenClock):
    """Real time passing from a chosen moment, so "now" moves while the benchmark works."""

    def __init__(self, at: datetime):
        super().__init__(at)
        self._started = time.monotonic()

    def now(self) -> datetime:
        return self._now + timedelta(seconds=time.monotonic() - self._started)

    def set(self, at: datetime) -> None:
        super().set(at)
        self._started = time.monotonic()


def _fresh_database(url: str) -> None:
    """Create the benchmark database if needed, then empty its schema."""
    if url.startswith("postgresql"):
        target = sa.engine.make_url(url)
        server = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with server.connect() as connection:
            exists = connection.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                        {"name": target.database}).scalar()
            if not exists:
                connection.execute(sa.text(f'CREATE DATABASE "{target.database}"'))
        server.dispose()
        engine = sa.create_engine(url)
        with engine.begin() as connection:
            connection.execute(sa.text("DROP SCHEMA public CASCADE"))
            connection.execute(sa.text("CREATE SCHEMA public"))
        engine.dispose()


def _seed() -> None:
    """5,000 people, each with an activity, one companion and an emergency contact, and a session.
    The first 1,000 are due to check in at T0; the rest 20 minutes later."""
    started = T0 - timedelta(minutes=30)
    grace = timedelta(minutes=10)
    users, activities, companions, sessions = [], [], [], []
    for n in range(1, SESSIONS + 1):
        users.append({"id": n, "email": f"walker{n}@example.org", "password_hash": "x", "role": "candidate",
                      "name": f"Walker {n}", "mobile": f"+4477001{n:05d}", "emergency_contact_name": f"EC {n}",
                      "emergency_contact_mobile": f"+4477002{n:05d}", "contact_preference": "both",
                      "active": True, "created_at": started, "password_changed_at": started})
        activities.append({"id": n, "owner_id": n, "kind": "canvassing", "starts_at": started,
                           "ends_at": T0 + timedelta(hours=2), "meeting_point": f"Library {n}", "area": "Clifton",
                           "notes": "", "created_at": started, "updated_at": started})
        companions.append({"activity_id": n, "name": f"Buddy {n}", "mobile": f"+4477003{n:05d}"})
        deadline = T0 if n <= OVERDUE else T0 + timedelta(minutes=20)
        sessions.append({"user_id": n, "activity_id": n, "place": "", "started_at": started,
                         "expected_end_at": T0 + timedelta(hours=2), "interval_minutes": 30,
                         "next_check_in_at": deadline, "deadline_at": deadline,
                         "reminder_at": deadline - timedelta(minutes=5), "escalate_at": deadline + grace,
                         "state": "due", "tier_reached": 0, "check_in_seq": 0, "duress": False, "sos": False,
                         "location_sharing": False})
    for model, rows in ((User, users), (Activity, activities), (Companion, companions), (SafetySession, sessions)):
        db.session.execute(sa.insert(model), rows)
    if db.engine.dialect.name == "postgresql":
        for table in ("user", "activity"):
            sequence = f"pg_get_serial_sequence('\"{table}\"', 'id')"
            db.session.execute(sa.text(f"SELECT setval({sequence}, {SESSIONS})"))
    db.session.commit()


def run(database: str) -> dict:
    if database == "sqlite":
        url = f"sqlite:///{tempfile.mkdtemp(prefix='bench-sessions-')}/bench.sqlite3"
    else:
        url = POSTGRES_URL
        _fresh_database(url)
    fake = FakeTwilio().start()
    fake.answer_slowly(PROVIDER_DELAY)
    clock = RunningClock(T0)
    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": url, "CLOCK": clock, **fake.settings})
    try:
        with app.app_context():
            upgrade()
            _seed()
            # T0: the 1,000 miss their check-in; "are you OK?" texts go out (not timed).
            escalation.run()
            deliver_due()
            fake.reset()
            fake.answer_slowly(PROVIDER_DELAY)
            # T0 + grace: tier 1 falls due. From here the clock runs in real time.
            clock.set(T0 + timedelta(minutes=10))
            began = time.perf_counter()
            escalated_at = None
            ticks = 0
            while True:
                ticks += 1
                result = escalation.run()
                if escalated_at is None and result["tier_1"]:
                    escalated_at = time.perf_counter() - began
                deliver_due()
                alerts = [m for m in fake.sent if "CampaignSafe alert" in m["Body"]]
                if len(alerts) >= OVERDUE or time.perf_counter() - began > 300:
                    break
            elapsed = time.perf_counter() - began
            duplicates = len(fake.duplicates())
            db.session.remove()
            db.engine.dispose()
    finally:
        fake.stop()
    return {"database": database, "sessions": SESSIONS, "overdue": OVERDUE, "tier1_alerts_accepted": len(alerts),
            "duplicates": duplicates, "escalation_step_s": round(escalated_at or 0, 2),
            "due_to_all_tier1_accepted_s": round(elapsed, 2), "ticks": ticks,
            "provider_delay_ms": int(PROVIDER_DELAY * 1000)}


TARGET_SECONDS = 30


def main(argv: list[str] | None = None) -> bool:
    """Print the figures for each database; True when every run met the target with no duplicates."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args(argv if argv is not None else [])
    met = True
    for database in (["sqlite", "postgresql"] if args.database == "both" else [args.database]):
        figures = run(database)
        ok = (figures["tier1_alerts_accepted"] == OVERDUE and figures["duplicates"] == 0
              and figures["due_to_all_tier1_accepted_s"] < TARGET_SECONDS)
        print(json.dumps({**figures, "target_s": TARGET_SECONDS, "met": ok}), flush=True)
        met = met and ok
    return met


if __name__ == "__main__":
    sys.exit(0 if main(sys.argv[1:]) else 1)
