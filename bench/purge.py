"""Purge benchmark: the nightly purge after an election, on PostgreSQL, with its longest statement.

    .venv/bin/python -m bench.purge                                  # 1,000 candidates (default scale)
    .venv/bin/python -m bench.purge --candidates 3000 --activities-each 20 --messages-each 66
    .venv/bin/python -m bench.purge --during-campaign                # the nightly run before polling day

Builds candidates with a candidacy in the seeded election, each with activities (and a companion
each), messages, an incident and a safety session, all made before polling day; moves the clock to
31 days after polling day (with --during-campaign, to the day before polling day: the campaign's
plans and messages are not due yet, but the purge looks at each) and runs `webapp.privacy.purge.run()` — the code the jobs process runs —
timing every SQL statement (SQLAlchemy cursor events). The issue's full scale is 30,000 candidates,
600,000 activities, 20,000 incidents and 2 million messages; the default here is 1/30 of it.
PostgreSQL: BENCH_DATABASE_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/bench_purge,
created if missing).
"""

import argparse
import os
import time
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from bench.outbox import ensure_postgres_database

PG_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/bench_purge")


def build(app, candidates: int, activities_each: int, messages_each: int) -> None:
    from flask_migrate import upgrade

    from webapp.extensions import db
    from webapp.models import Election
    from webapp.seed import seed_reference_data

    upgrade()
    with db.engine.begin() as connection:
        names = ", ".join(f'"{t.name}"' for t in reversed(db.metadata.sorted_tables)
                          if t.name not in {"force", "election", "alembic_version"})
        connection.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    seed_reference_data(date(2027, 3, 1))
    election_id = db.session.scalar(sa.select(Election.id).where(Election.polling_day == date(2027, 5, 6)))
    t = {name: db.metadata.tables[name] for name in ("user", "candidacy", "activity", "companion", "message",
                                                     "incident", "safety_session", "session_event")}
    start = datetime(2027, 4, 1, 9, tzinfo=UTC)
    with db.engine.begin() as c:
        c.execute(t["user"].insert(), [{"id": n, "email": f"c{n}@example.org", "password_hash": "x", "role": "candidate",
                                        "name": f"C {n}", "contact_preference": "both", "active": True,
                                        "created_at": start, "password_changed_at": start} for n in range(1, candidates + 1)])
        c.execute(t["candidacy"].insert(), [{"id": n, "user_id": n, "election_id": election_id, "feoa_consent": True}
                                            for n in range(1, candidates + 1)])
        activity_rows, companion_rows, activity_id = [], [], 0
        for n in range(1, candidates + 1):
            for k in range(activities_each):
                activity_id += 1
                at = start + timedelta(hours=k)
                activity_rows.append({"id": activity_id, "owner_id": n, "kind": "canvassing", "starts_at": at,
                                      "ends_at": at + timedelta(hours=2), "meeting_point": "Library", "area": "",
                                      "notes": "", "created_at": start, "updated_at": start})
                companion_rows.append({"activity_id": activity_id, "name": "Sam", "mobile": "+447911123456"})
        for chunk in range(0, len(activity_rows), 20000):
            c.execute(t["activity"].insert(), activity_rows[chunk:chunk + 20000])
            c.execute(t["companion"].insert(), companion_rows[chunk:chunk + 20000])
        message_rows = []
        for n in range(1, candidates + 1):
            for k in range(messages_each):
                message_rows.append({"dedupe_key": f"m:{n}:{k}", "channel": "sms", "recipient": "+447911123456",
                                     "user_id": n, "activity_id": (n - 1) * activities_each + 1 + k % activities_each,
                                     "template": "reminder_hour_before", "values": {}, "subject": "",
                                     "body": "CampaignSafe: Canvassing 10:00 at Library.", "due_at": start,
                                     "status": "delivered", "attempts": 1, "created_at": start, "sent_at": start,
                                     "updated_at": start, "kind": "reminder-hour-before", "urgent": False})
                if len(message_rows) == 20000:
                    c.execute(t["message"].insert(), message_rows)
                    message_rows = []
        if message_rows:
            c.execute(t["message"].insert(), message_rows)
        c.execute(t["incident"].insert(), [{"owner_id": n, "candidacy_id": n, "category": "other", "occurred_at": start,
                                            "location": "", "description": "x", "person": "", "person_key": "",
                                            "witnesses": "", "police_reported": "no", "police_reference": "",
                                            "urgent": False, "shared_with_feoa": True, "feoa_status": "new",
                                            "feoa_notes": "", "created_at": start, "updated_at": start}
                                           for n in range(1, candidates + 1)])
        c.execute(t["safety_session"].insert(), [
            {"id": n, "user_id": n, "place": "", "started_at": start, "expected_end_at": start + timedelta(hours=1),
             "interval_minutes": 30, "next_check_in_at": start, "deadline_at": start, "reminder_at": start,
             "state": "ended", "tier_reached": 0, "check_in_seq": 0, "duress": False, "sos": False,
             "location_sharing": False, "ended_at": start + timedelta(hours=1)} for n in range(1, candidates + 1)])
        c.execute(t["session_event"].insert(), [{"session_id": n, "at": start, "kind": "started", "how": "", "who": "",
                                                 "note": "", "hidden_from_person": False}
                                                for n in range(1, candidates + 1)])
        for name in ("user", "candidacy", "activity", "safety_session"):
            c.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('\"{name}\"', 'id'), "  # noqa: S608 - fixed table names
                              f"(SELECT max(id) FROM \"{name}\"))"))
        c.execute(sa.text("ANALYZE"))


def main(argv=None) -> bool:
    parser = argparse.ArgumentParser()
    parser.add_argument("--candidates", type=int, default=1000)
    parser.add_argument("--activities-each", type=int, default=20)
    parser.add_argument("--messages-each", type=int, default=66)
    parser.add_argument("--during-campaign", action="store_true", help="purge the day before polling day")
    args = parser.parse_args(argv)
    ensure_postgres_database(PG_URL)

    from webapp import create_app
    from webapp.clock import FrozenClock
    from webapp.extensions import db
    from webapp.privacy import purge

    clock = FrozenClock(datetime(2027, 5, 5, 11, tzinfo=UTC) if args.during_campaign
                        else datetime(2027, 6, 6, 11, tzinfo=UTC))
    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": PG_URL, "CLOCK": clock})
    with app.app_context():
        began = time.perf_counter()
        build(app, args.candidates, args.activities_each, args.messages_each)
        print(f"built {args.candidates} candidates, {args.candidates * args.activities_each} activities, "
              f"{args.candidates * args.messages_each} messages, {args.candidates} incidents "
              f"in {time.perf_counter() - began:.1f} s")
        longest = {"seconds": 0.0, "sql": ""}

        @sa.event.listens_for(db.engine, "before_cursor_execute")
        def before(conn, cursor, statement, parameters, context, executemany):
            conn.info["started"] = time.perf_counter()

        @sa.event.listens_for(db.engine, "after_cursor_execute")
        def after(conn, cursor, statement, parameters, context, executemany):
            spent = time.perf_counter() - conn.info.pop("started")
            if spent > longest["seconds"]:
                longest.update(seconds=spent, sql=" ".join(statement.split())[:100])

        began = time.perf_counter()
        counts = purge.run()
        spent = time.perf_counter() - began
        print(f"purge: {spent:.1f} s; longest statement {longest['seconds'] * 1000:.0f} ms: {longest['sql']}")
        print(", ".join(f"{name} {n}" for name, n in counts.items() if n))
        again = time.perf_counter()
        purge.run()
        print(f"second run (nothing due): {time.perf_counter() - again:.2f} s")
        db.engine.dispose()
    return longest["seconds"] < 1.0


if __name__ == "__main__":
    raise SystemExit(0 if main() else 1)
