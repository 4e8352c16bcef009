"""FEOA benchmarks: every FEOA's digest over generated data, and the dashboard under load.

    .venv/bin/python -m bench.feoa digests [--sqlite] [--candidates 30000 --activities 600000]
    .venv/bin/python -m bench.feoa dashboard [--connections 32 --seconds 20] [--profile 200] [--reuse] [--not-on-app]

PostgreSQL: BENCH_DATABASE_URL (default the feoa test database, which it empties).
"""

import argparse
import os
import tempfile
import time
from datetime import UTC, date, datetime

import sqlalchemy as sa
from flask_migrate import upgrade

from bench.feoa_data import generate
from webapp import create_app
from webapp.clock import FrozenClock
from webapp.extensions import db
from webapp.models import Message
from webapp.seed import seed_reference_data

DIGEST_DAY = date(2027, 4, 20)
POSTGRES = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test_feoa")


def fresh_database(url: str) -> None:
    if url.startswith("postgresql"):
        engine = sa.create_engine(url)
        with engine.begin() as connection:
            connection.execute(sa.text("DROP SCHEMA public CASCADE"))
            connection.execute(sa.text("CREATE SCHEMA public"))
        engine.dispose()


def build(url: str, clock: FrozenClock, day: date = DIGEST_DAY, **sizes) -> tuple:
    fresh_database(url)
    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": url, "CLOCK": clock})
    with app.app_context():
        upgrade()
        seed_reference_data(day)
        started = time.perf_counter()
        info = generate(digest_day=day, **sizes)
        if url.startswith("postgresql"):
            db.session.execute(sa.text("ANALYZE"))
            db.session.commit()
        info["generate_seconds"] = time.perf_counter() - started
    return app, info


DIGESTS_TARGET_SECONDS = 10


def bench_digests(url: str, candidates: int, activities: int, incidents: int = 20_000) -> bool:
    from webapp.feoa.digest import send_due_digests

    clock = FrozenClock(datetime(2027, 4, 20, 5, 0, tzinfo=UTC))
    app, info = build(url, clock, candidates=candidates, activities=activities, incidents=incidents)
    clock.set(datetime(2027, 4, 20, 6, 0, tzinfo=UTC))  # 07:00 BST
    with app.app_context():
        started = time.perf_counter()
        built = send_due_digests()
        seconds = time.perf_counter() - started
        messages = db.session.scalar(sa.select(sa.func.count(Message.id)))
        db.engine.dispose()
    backend = url.split(":")[0]
    print(f"{backend}: generated {candidates:,} candidates, {activities:,} activities, {incidents:,} incidents "
          f"in {info['generate_seconds']:.0f} s")
    print(f"{backend}: {built} digests ({messages} messages) built in {seconds:.2f} s total, "
          f"{1000 * seconds / max(built, 1):.0f} ms per digest")
    return seconds < DIGESTS_TARGET_SECONDS


def main() -> bool:
    """`make bench`: digests on PostgreSQL and SQLite (the dashboard under load is in bench.web_pages,
    before and after side by side)."""
    met = bench_digests(POSTGRES, 30_000, 600_000)
    return bench_digests(f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3", 30_000, 600_000) and met


def cli() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["digests", "dashboard"])
    parser.add_argument("--sqlite", action="store_true")
    parser.add_argument("--candidates", type=int, default=30_000)
    parser.add_argument("--activities", type=int, default=600_000)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="dashboard: profile N requests in-process")
    parser.add_argument("--reuse", action="store_true", help="dashboard: keep the data of a previous run today")
    parser.add_argument("--not-on-app", action="store_true",
                        help="dashboard: the big force's 2,000 are handed-over nominees without accounts")
    args = parser.parse_args()
    if args.what == "digests":
        url = POSTGRES
        if args.sqlite:
            url = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
        bench_digests(url, args.candidates, args.activities)
    else:
        from bench.feoa_dashboard import bench_dashboard

        bench_dashboard(POSTGRES, args.connections, args.seconds, args.workers, profile=args.profile,
                        reuse=args.reuse, not_on_app=args.not_on_app)


if __name__ == "__main__":
    cli()
