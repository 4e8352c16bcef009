"""Outbox benchmark: 20,000 reminders due in the same minute, fake Twilio answering after 50 ms.

    .venv/bin/python -m bench.outbox                      # SQLite and PostgreSQL, 1 and 2 processes
    .venv/bin/python -m bench.outbox --messages 5000 --databases sqlite --processes 1
    .venv/bin/python -m bench.outbox --databases postgresql --processes 2 --faults   # 5 % drops, 5 % 5xx
    .venv/bin/python -m bench.outbox --databases postgresql --restart  # SIGTERM one of two `jobs run` mid-drain

Each jobs process is a separate Python process running the delivery job (`deliver_due`,
the same code `flask --app webapp jobs run` ticks) against the database; it reports what
it sent and its peak memory (resource.getrusage). With --faults the fake Twilio takes 5 % of
messages and then drops the connection, and answers 5 % with a 500 (retries back off 1–4 s here,
not the production 30 s+, so the figure shows the cost of the faults rather than of the waiting).
--restart runs two real `flask --app webapp jobs run` processes, clean and then with the first one
sent SIGTERM once a third of the messages are accepted, and reports the time until every message
is accepted. The fake Twilio server runs in this
process and counts every text it accepted, so duplicates are seen where they would matter.
PostgreSQL: BENCH_DATABASE_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/bench_outbox,
created if missing).
"""

import argparse
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/bench_outbox")


def ensure_postgres_database(url: str) -> None:
    target = sa.engine.make_url(url)
    admin = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                   {"name": target.database})
        if not exists:
            connection.execute(sa.text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()


def prepare(url: str, count: int) -> None:
    """A migrated, empty schema with `count` texts due now (by the real clock)."""
    from flask_migrate import upgrade

    from webapp import create_app
    from webapp.extensions import db
    from webapp.models import Message

    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        db.session.execute(sa.delete(Message))
        due = datetime.now(UTC) - timedelta(seconds=30)
        rows = [{"dedupe_key": f"reminder:bench:{n}:hour-before", "channel": "sms",
                 "recipient": f"+4477009{n % 100000:05d}", "template": "reminder_hour_before", "values": {},
                 "subject": "", "body": f"CampaignSafe: Canvassing 10:00 at meeting point {n}. Pairs, route shared, "
                                        "phone charged, never go inside a home. In danger call 999.",
                 "due_at": due, "expires_at": due + timedelta(hours=1), "status": "created", "attempts": 0,
                 "created_at": due, "updated_at": due, "kind": "reminder-hour-before", "urgent": False}
                for n in range(count)]
        for start in range(0, count, 2000):
            db.session.execute(sa.insert(Message), rows[start:start + 2000])
        db.session.commit()
        db.engine.dispose()


def worker() -> None:
    """One jobs process: run the delivery job until nothing is due, then report."""
    from webapp import create_app
    from webapp.extensions import db
    from webapp.models import Message
    from webapp.notify.delivery import deliver_due

    app = create_app("development")
    totals: dict = {}
    waiting = sa.select(sa.func.count()).where(sa.or_(
        Message.status == "created", sa.and_(Message.status == "sending", Message.sent_at.is_(None))))
    with app.app_context():
        while True:
            counts = deliver_due()
            for key, value in counts.items():
                totals[key] = totals.get(key, 0) + value
            if not counts.get("accepted") and not counts.get("retry"):
                left = db.session.scalar(waiting)  # retries backing off, or rows the other process holds
                db.session.commit()
                if not left:
                    break
                time.sleep(0.2)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"counts": totals, "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),
                      "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1)}))


def worker_env(url: str, fake, concurrency: int, batch: int) -> dict:
    return {**os.environ, "APP_ENV": "development", "DATABASE_URL": url, "SECRET_KEY": "bench",
            "PUBLIC_BASE_URL": "http://campaignsafe.test", "SMS_BACKEND": "twilio",
            "TWILIO_ACCOUNT_SID": fake.account_sid, "TWILIO_AUTH_TOKEN": fake.auth_token,
            "TWILIO_FROM_NUMBER": "+447700900000", "TWILIO_API_BASE_URL": fake.url, "TWILIO_TIMEOUT": "10",
            "DELIVERY_CONCURRENCY": str(concurrency), "DELIVERY_BATCH_SIZE": str(batch),
            "DELIVERY_MAX_PER_TICK": "1000000", "DELIVERY_RETRY_BASE_SECONDS": "1",
            "DELIVERY_RETRY_CAP_SECONDS": "4", "DELIVERY_TICK_SECONDS": "1"}


def unique_sent(fake) -> int:
    return len({(m["To"], m["Body"]) for m in fake.sent})


def wait_for_all(fake, count: int, timeout: float) -> bool:
    deadline = time.perf_counter() + timeout
    while unique_sent(fake) < count:
        if time.perf_counter() > deadline:
            return False
        time.sleep(0.05)
    return True


def run_jobs_processes(url: str, fake, concurrency: int, batch: int, count: int, stop_one_at: float | None) -> dict:
    """Two real `flask --app webapp jobs run` processes; optionally SIGTERM the first once
    `stop_one_at` of the messages are accepted. Seconds from start until every message is accepted."""
    env = worker_env(url, fake, concurrency, batch)
    command = [sys.executable, "-m", "flask", "--app", "webapp", "jobs", "run"]
    started = time.perf_counter()
    processes = [subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                  text=True) for _ in range(2)]
    stopped = {}
    try:
        if stop_one_at is not None:
            wait_for_all(fake, int(count * stop_one_at), 900)
            told = time.perf_counter()
            processes[0].send_signal(signal.SIGTERM)
            _, err = processes[0].communicate(timeout=60)
            stopped = {"stopped_at_s": round(told - started, 1), "exit_s": round(time.perf_counter() - told, 1),
                       "exit_code": processes[0].returncode,
                       "log": next((line for line in err.splitlines() if "jobs process stopped" in line), "")}
        finished = wait_for_all(fake, count, 900)
        elapsed = time.perf_counter() - started
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                process.communicate(timeout=60)
    return {"seconds": elapsed, "finished": finished, **stopped}


def run(url: str, processes: int, fake, concurrency: int, batch: int) -> dict:
    env = worker_env(url, fake, concurrency, batch)
    started = time.perf_counter()
    workers = [subprocess.Popen([sys.executable, "-m", "bench.outbox", "worker"], cwd=ROOT, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for _ in range(processes)]
    reports = []
    for process in workers:
        out, err = process.communicate(timeout=900)
        if process.returncode != 0:
            raise RuntimeError(f"worker failed:\n{err[-3000:]}")
        reports.append(json.loads(out.strip().splitlines()[-1]))
    elapsed = time.perf_counter() - started
    return {"seconds": elapsed, "reports": reports}


def main(argv=None) -> bool:
    """Run the benchmark; True when its targets are met (for bench/run_all.py)."""
    results = run_benchmark(argv)
    if not results:
        return True  # worker mode
    return targets_met(results)


def targets_met(results: list[dict]) -> bool:
    """All sent, none twice, one process drains in under 60 s, two on PostgreSQL ≥ 1.5× one;
    a restart costs under 15 s beyond the clean drain."""
    if results and "run" in results[0]:
        ok = all(r["finished"] and r["accepted"] == r["messages"] and r["duplicates"] == 0 for r in results)
        ok &= results[1]["all_accepted_seconds"] - results[0]["all_accepted_seconds"] < 15
        print("outbox restart targets met" if ok else "outbox restart targets MISSED")
        return ok
    ok = all(r["sent"] == r["messages"] and r["duplicates"] == 0 for r in results)
    ok &= all(r["drain_seconds"] < 60 for r in results if r["processes"] == 1 and r["messages"] >= 20000)
    rate = {(r["database"], r["processes"]): r["messages_per_second"] for r in results}
    if ("postgresql", 1) in rate and ("postgresql", 2) in rate:
        speedup = rate[("postgresql", 2)] / rate[("postgresql", 1)]
        print(f"two jobs processes on PostgreSQL: {speedup:.2f}x one")
        ok &= speedup >= 1.5
    print("outbox targets met" if ok else "outbox targets MISSED")
    return ok


def run_benchmark(argv=None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", nargs="?", default="bench", choices=["bench", "worker"])
    parser.add_argument("--messages", type=int, default=20000)
    parser.add_argument("--delay-ms", type=float, default=50)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--processes", default="1,2")
    parser.add_argument("--concurrency", type=int, default=32, help="sending threads per jobs process")
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--faults", action="store_true", help="5 %% of messages dropped after being taken, 5 %% 500")
    parser.add_argument("--restart", action="store_true",
                        help="two `jobs run` processes, clean and with one sent SIGTERM mid-drain")
    args = parser.parse_args(sys.argv[1:] if argv is None and __name__ == "__main__" else argv or [])
    if args.mode == "worker":
        worker()
        return []

    sys.path.insert(0, str(ROOT))
    from tests.fakes.twilio_server import FakeTwilio

    fake = FakeTwilio().start()
    fake.answer_slowly(args.delay_ms / 1000)
    if args.restart:
        try:
            return restart_benchmark(args, fake)
        finally:
            fake.stop()
    results = []
    try:
        for database in args.databases.split(","):
            if database == "postgresql":
                ensure_postgres_database(PG_URL)
                url = PG_URL
            else:
                url = f"sqlite:///{tempfile.mkdtemp(prefix='bench-outbox-')}/bench.sqlite3"
            for processes in (int(p) for p in args.processes.split(",")):
                prepare(url, args.messages)
                fake.reset()
                fake.answer_slowly(args.delay_ms / 1000)
                if args.faults:
                    fake.drop_randomly(0.05)
                    fake.fail_randomly(0.05)
                outcome = run(url, processes, fake, args.concurrency, args.batch)
                sent = unique_sent(fake)
                row = {
                    "database": database, "processes": processes, "messages": args.messages,
                    "faults": args.faults, "dropped_after_taking": sum(1 for r in fake.requests if r.answered == 0),
                    "answered_500": sum(1 for r in fake.requests if r.answered == 500),
                    "lost": args.messages - sent,
                    "drain_seconds": round(outcome["seconds"], 1),
                    "messages_per_second": round(sent / outcome["seconds"]),
                    "sent": sent, "duplicates": sum(n - 1 for n in fake.duplicates().values()),
                    "peak_rss_mib": max(r["peak_rss_mib"] for r in outcome["reports"]),
                    "per_process": [r["counts"].get("accepted", 0) for r in outcome["reports"]],
                    "worker_cpu_seconds": [r["cpu_seconds"] for r in outcome["reports"]],
                }
                results.append(row)
                print(json.dumps(row), flush=True)
    finally:
        fake.stop()
    print()
    print("| database | jobs processes | faults | messages | drain (s) | messages/s | duplicates | lost | "
          "peak RSS per process (MiB) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in results:
        faults = f"{r['dropped_after_taking']} dropped, {r['answered_500']} × 500" if r["faults"] else "none"
        print(f"| {r['database']} | {r['processes']} | {faults} | {r['sent']:,} of {r['messages']:,} | "
              f"{r['drain_seconds']} | {r['messages_per_second']} | {r['duplicates']} | {r['lost']} | "
              f"{r['peak_rss_mib']} |")
    return results


def restart_benchmark(args, fake) -> list[dict]:
    """Two `jobs run` processes on PostgreSQL: a clean drain, then one stopped with SIGTERM mid-drain."""
    ensure_postgres_database(PG_URL)
    results = []
    for stop_one_at in (None, 1 / 3):
        prepare(PG_URL, args.messages)
        fake.reset()
        fake.answer_slowly(args.delay_ms / 1000)
        outcome = run_jobs_processes(PG_URL, fake, args.concurrency, args.batch, args.messages, stop_one_at)
        row = {"run": "restart" if stop_one_at else "clean", "messages": args.messages,
               "all_accepted_seconds": round(outcome["seconds"], 1), "finished": outcome["finished"],
               "accepted": unique_sent(fake), "duplicates": sum(n - 1 for n in fake.duplicates().values()),
               **{key: value for key, value in outcome.items() if key not in {"seconds", "finished"}}}
        results.append(row)
        print(json.dumps(row), flush=True)
    clean, restart = results
    extra = restart["all_accepted_seconds"] - clean["all_accepted_seconds"]
    print(f"restart cost: {extra:+.1f} s beyond the clean drain (target: under 15 s)")
    return results


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
