"""Campaign Saturday (issue 17): N phones in running safety sessions against the real stack, in steps.

    .venv/bin/python -m bench.saturday                  # make bench: steps of 200 and 500 phones
    .venv/bin/python -m bench.saturday --full           # 1,000 to 5,000 phones, 300 s each (a quiet machine, 45-60 min)
    .venv/bin/python -m bench.saturday --phones 300 --duration 150 --profile   # cProfile the workers
    .venv/bin/python -m bench.saturday --phones 5000 --reuse-builds   # keep the build; the next run copies it

Each step builds a fresh PostgreSQL database (BENCH_DATABASE_URL, default bench_saturday: emptied; with
--reuse-builds a copy of the build kept for this phone count and code, bench/saturday_builds.py),
vacuums and analyses it as autovacuum would have by the step's start (and during the step too when
the server has autovacuum off, bench/saturday_vacuum.py), serves the app with gunicorn (production
settings; two sync workers per core unless --workers/--threads say otherwise), runs ONE real jobs process (`flask --app webapp jobs run`) sending through the real twilio
client to the fake Twilio server in a process of its own (answering after 50 ms and recording when it
accepted each message), and plays the phones open-loop (bench/saturday_schedule.py,
bench/saturday_load.py). 5 % of the sessions miss a check-in in the step: nobody posts "I'm safe" before
their deadline, and their escalation latency is deadline + grace (the session's escalate_at) -> the first
alert to their companion accepted by the fake.

SESSION_GRACE_MINUTES (the app's own setting, given to every process) is 1 minute here rather than
production's 10 so that a step lasts minutes, not a quarter of an hour: the latency is counted from
deadline + grace, so the grace's length changes how long a step lasts, not what is measured
(`--grace-minutes 10 --duration 780` runs the production value).

Per step: offered and served req/s; per endpoint count, errors, p50/p95/p99/max from the scheduled time
(over the window after the warm-up, errors over the whole step); CPU of the web workers, the database
backends serving the step's database, the jobs process, the generator and the fake provider (% of one
core) and the machine's busy share; how late the generator itself sent (lag p99); check-ins accepted;
every missed check-in's escalation latency; alerts about people who had checked in (false alarms).
Target (issue 17): p99 under 200 ms for every endpoint, no errors, every first alert within grace + 30 s.
"""

import argparse
import contextlib
import http.client
import json
import os
import pstats
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from bench.fake_provider import FakeProvider
from bench.harness import ROOT, bench_environment, gunicorn_process, signed_in_cookie, stop_process
from bench.procstat import CpuWatch, children_of, listen_overflows
from bench.saturday_builds import copy_kept, keep
from bench.saturday_data import PASSWORD, PhoneAccount, Saturday
from bench.saturday_load import Outcome, play
from bench.saturday_schedule import ALERT_WITHIN_S, KINDS, Phone, plan_phones, schedule
from bench.saturday_vacuum import Autovacuum, server_autovacuums, vacuum_analyze

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/bench_saturday")
DEFAULT_STEPS = (200, 500)
FULL_STEPS = (1000, 2000, 3000, 4000, 5000)
P99_TARGET_MS = 200
SETUP_S_PER_PHONE = 0.01  # starting a session and writing its cookie (0.004 s measured), with room to spare
STARTING_S = 60  # gunicorn's workers and the jobs process loading the app, with room to spare
WAIT_FOR_ALERTS_S = 60  # after the load stops, how long a missed check-in's alert may still come


def percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def endpoint_figures(outcomes: list[Outcome], warm_up_s: float) -> dict[str, dict]:
    figures = {}
    for kind in KINDS:
        mine = [o for o in outcomes if o.kind == kind]
        timed = [o.latency_ms for o in mine if o.scheduled >= warm_up_s and o.error is None]
        figures[kind] = {"requests": len(mine), "errors": sum(1 for o in mine if o.error),
                         **{f"p{int(q * 100)}_ms": _round(percentile(timed, q)) for q in (0.5, 0.95, 0.99)},
                         "max_ms": _round(max(timed, default=None))}
    return figures


def over_time(outcomes: list[Outcome], window_s: float = 10) -> list[tuple]:
    """Every `window_s` of the step (by scheduled time): requests, p50 and p99 ms of all endpoints, and
    errors, to tell a steady queue from a stall."""
    windows: dict[int, list[Outcome]] = {}
    for outcome in outcomes:
        windows.setdefault(int(outcome.scheduled // window_s), []).append(outcome)
    rows = []
    for index in sorted(windows):
        mine = windows[index]
        latencies = [o.latency_ms for o in mine if o.error is None]
        rows.append((int(index * window_s), len(mine), _round(percentile(latencies, 0.5)),
                     _round(percentile(latencies, 0.99)), sum(1 for o in mine if o.error)))
    return rows


def load_figures(outcomes: list[Outcome], duration_s: float, warm_up_s: float) -> dict:
    window = duration_s - warm_up_s
    in_window = [o for o in outcomes if o.scheduled >= warm_up_s]
    return {
        "offered_req_s": round(len(in_window) / window, 1),
        "served_req_s": round(sum(1 for o in in_window if o.error is None) / window, 1),
        "errors": sum(1 for o in outcomes if o.error),
        "error_kinds": sorted({o.error for o in outcomes if o.error})[:5],
        "poll_share": round(sum(1 for o in outcomes if o.kind == "poll") / len(outcomes), 2),
        "polls_unchanged_304": sum(1 for o in outcomes if o.kind == "poll" and o.status == 304),
        # Pages and check-ins only: a poll is asked for when the answer before it came, so its lag is the server's.
        "generator_lag_p99_ms": _round(percentile([o.lag_ms for o in in_window if o.kind != "poll"], 0.99)),
        "endpoints": endpoint_figures(outcomes, warm_up_s),
        "check_ins_accepted": sum(1 for o in outcomes if o.kind == "check-in" and o.error is None),
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


@contextlib.contextmanager
def jobs_process(env: dict, log_path: Path):
    with log_path.open("w") as log:
        process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "webapp", "jobs", "run"], cwd=ROOT,
                                   env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            yield process
        finally:
            stop_process(process, timeout=30)


def wait_until_serving(port: int, timeout: float = 120) -> None:
    """gunicorn listens before its workers have loaded the app: wait until both answer."""
    deadline = time.monotonic() + timeout
    answered = 0
    while answered < 4:
        if time.monotonic() > deadline:
            raise RuntimeError(f"the web workers did not answer within {timeout} s")
        with contextlib.suppress(OSError):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
            connection.request("GET", "/healthz")
            answered += connection.getresponse().status == 200
            connection.close()
            continue
        time.sleep(0.5)


def database_backends(url: str):
    """The PostgreSQL backends serving the step's database (the web workers' and the jobs process's)."""
    target = sa.engine.make_url(url)
    engine = sa.create_engine(target.set(database="postgres"), poolclass=sa.pool.NullPool)
    query = sa.text("SELECT pid FROM pg_stat_activity WHERE datname = :name")

    def pids() -> list[int]:
        with engine.connect() as connection:
            return list(connection.scalars(query, {"name": target.database}))

    return pids


class DatabaseWaits:
    """Samples, twice a second, what the step's active PostgreSQL backends are waiting for (a lock, the
    WAL, the client...): the top few, as shares of the samples, say where a slow answer waited."""

    def __init__(self, url: str):
        target = sa.engine.make_url(url)
        self.engine = sa.create_engine(target.set(database="postgres"), poolclass=sa.pool.NullPool)
        self.database = target.database
        self.counts: dict[str, int] = {}
        self.samples = 0
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        query = sa.text("SELECT coalesce(wait_event_type || ':' || wait_event, 'on CPU') FROM pg_stat_activity "
                        "WHERE datname = :name AND state = 'active' AND pid <> pg_backend_pid()")
        with self.engine.connect() as connection:
            while not self.stopped.wait(0.5):
                self.samples += 1
                for wait in connection.scalars(query, {"name": self.database}):
                    self.counts[wait] = self.counts.get(wait, 0) + 1

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> dict[str, float]:
        self.stopped.set()
        self.thread.join()
        self.engine.dispose()
        top = sorted(self.counts.items(), key=lambda item: -item[1])[:6]
        return {wait: round(count / max(1, self.samples), 2) for wait, count in top}  # backends per sample


def escalations(url: str, phones: list[Phone], accounts: list[PhoneAccount], sent: list[dict], since: float) -> dict:
    """Each missed check-in: escalate_at (deadline + grace) -> its first alert (to any tier-1 contact:
    the volunteers going and the companion with a mobile) accepted by the fake."""
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.connect() as connection:
        escalate_at = dict(connection.execute(sa.text("SELECT id, escalate_at FROM safety_session")).all())
        alerts = connection.execute(sa.text(
            "SELECT user_id, recipient, body FROM message WHERE kind = 'session-alert' AND channel = 'sms'")).all()
    missed_users = {accounts[p.index].user_id for p in phones if p.misses}
    alert_of = {(recipient, body): user_id for user_id, recipient, body in alerts}  # every tier-1 contact's
    first: dict[int, float] = {}
    for message in sent:
        user_id = alert_of.get((message["to"], message["body"]))
        if user_id is not None and message["at"] >= since:
            first[user_id] = min(first.get(user_id, message["at"]), message["at"])
    latencies, not_alerted = [], 0
    for phone in phones:
        if not phone.misses:
            continue
        account = accounts[phone.index]
        at = first.get(account.user_id)
        if at is None:
            not_alerted += 1
        else:
            latencies.append(at - escalate_at[account.session_id].timestamp())
    return {"missed_check_ins": len(missed_users), "alerted": len(latencies), "not_alerted": not_alerted,
            "latency_s_min": _round(min(latencies, default=None)),
            "latency_s_median": _round(statistics.median(latencies) if latencies else None),
            "latency_s_max": _round(max(latencies, default=None)),
            f"over_grace_plus_{ALERT_WITHIN_S}s": sum(1 for s in latencies if s > ALERT_WITHIN_S) + not_alerted,
            "false_alarms": sum(1 for user_id, _, _ in alerts if user_id not in missed_users)}


def wait_for_alerts(provider: FakeProvider, phones, accounts, until: float) -> list[dict]:
    wanted = {accounts[p.index].companion_mobile for p in phones if p.misses}
    while True:
        sent = provider.sent()
        if wanted <= {m["to"] for m in sent} or time.time() > until:
            return sent
        time.sleep(1)


def run_step(count: int, args) -> dict:
    rng = random.Random(args.seed + count)
    grace_s = args.grace_minutes * 60
    phones = plan_phones(count, args.duration, grace_s, args.warm_up, rng)
    requests = schedule(phones, args.duration, rng)
    print(f"\n--- {count} phones: {len(requests):,} requests over {args.duration} s, "
          f"{sum(p.misses for p in phones)} missed check-ins, {sum(p.check_in_s is not None for p in phones)} "
          "check-ins; building the data...", flush=True)
    began = time.perf_counter()
    kept_for = copy_kept(args.database_url, count) if args.reuse_builds else None
    saturday = Saturday(args.database_url, count, args.grace_minutes, kept_for or datetime.now(UTC))
    if kept_for is None:
        saturday.build_people_and_plans()
        if args.reuse_builds:
            keep(args.database_url, count, saturday.now)
    print(f"people, plans and the morning's reminders: {time.perf_counter() - began:.0f} s"
          f"{' (a kept build)' if kept_for else ''}", flush=True)
    workdir = Path(tempfile.mkdtemp(prefix="bench-saturday-"))
    provider = FakeProvider()
    env = {**bench_environment(args.database_url), "SESSION_GRACE_MINUTES": str(args.grace_minutes),
           "MAIL_BACKEND": "console", **{key: str(value) for key, value in provider.settings.items()
                                           if key != "TWILIO_TIMEOUT"}}  # production's 10 s, not a test's 1 s
    hooks = ()
    if args.profile:
        env["PROFILE_DIR"] = str(workdir)
        hooks = ("--config", str(ROOT / "bench" / "gunicorn_profile.py"))
    # The step's start, fixed before any process runs so that the plans can be moved to it.
    step_start = datetime.now(UTC) + timedelta(seconds=STARTING_S + count * SETUP_S_PER_PHONE)
    saturday.move_to(step_start)
    began = time.perf_counter()
    vacuum_analyze(args.database_url)  # what autovacuum would have done by the step's start
    autovacuum = None if server_autovacuums(args.database_url) else Autovacuum(args.database_url)
    print(f"vacuumed and analysed: {time.perf_counter() - began:.0f} s; autovacuum during the step: "
          f"{'the server' if autovacuum is None else 'the bench (the server has it off: bench/saturday_vacuum.py)'}",
          flush=True)
    try:
        with (gunicorn_process("webapp:create_app()", env, workers=args.workers, extra_args=hooks,
                               threads=args.threads) as (server, port),
              jobs_process(env, workdir / "jobs.log") as jobs):
            base_url = f"http://127.0.0.1:{port}"
            wait_until_serving(port)
            began = time.perf_counter()
            accounts = saturday.start_sessions(phones, step_start)
            print(f"sessions started and cookies made: {time.perf_counter() - began:.0f} s; the step starts at "
                  f"{step_start:%H:%M:%S} UTC", flush=True)
            # One phone signs in through the real form (CSRF and all); the rest hold made cookies.
            accounts[0] = replace(accounts[0], cookie=signed_in_cookie("127.0.0.1", port, accounts[0].email, PASSWORD))
            start_unix = step_start.timestamp()
            if time.time() > start_unix - 1:
                raise RuntimeError("setting up took longer than planned: raise STARTING_S or SETUP_S_PER_PHONE")
            watch = CpuWatch({"web": lambda: [server.pid, *children_of(server.pid)],
                              "database": database_backends(args.database_url), "jobs": lambda: [jobs.pid],
                              "generator": lambda: [os.getpid()], "provider": lambda: [provider.process.pid]})
            cpu: dict = {}
            timers = [threading.Timer(start_unix + args.warm_up - time.time(), watch.start),
                      threading.Timer(start_unix + args.duration - time.time(), lambda: cpu.update(watch.stop()))]
            for timer in timers:
                timer.daemon = True  # a step that fails must not wait for them
                timer.start()
            overflows_before = listen_overflows()
            waits = DatabaseWaits(args.database_url)
            waits.start()
            if autovacuum:
                autovacuum.start()
            outcomes = play(base_url, accounts, requests, start_unix)
            vacuuming = autovacuum.stop() if autovacuum else "the server's"
            database_waits = waits.stop()
            overflows = listen_overflows() - overflows_before
            for timer in timers:
                timer.join()
            load = os.getloadavg()
            sent = wait_for_alerts(provider, phones, accounts, time.time() + WAIT_FOR_ALERTS_S)
    finally:
        provider.stop()
    result = {"phones": count, "duration_s": args.duration, "grace_minutes": args.grace_minutes,
              "workers": args.workers, "threads": args.threads,
              **load_figures(outcomes, args.duration, args.warm_up),
              "cpu_percent_of_one_core": cpu, "load_average": [round(x, 1) for x in load],
              "listen_queue_overflows": overflows, "database_waits_per_sample": database_waits,
              "autovacuum": vacuuming,
              "every_10_s": over_time(outcomes),
              "escalation": escalations(args.database_url, phones, accounts, sent, start_unix)}
    if args.profile:
        result["profile"] = str(workdir)
        print_profile(workdir)
    return result


def print_profile(workdir: Path) -> None:
    files = [str(path) for path in workdir.glob("worker-*.prof")]
    if not files:
        print("no worker profile was written")
        return
    stats = pstats.Stats(*files)
    stats.sort_stats("cumulative").print_stats(40)
    stats.sort_stats("tottime").print_stats(25)


def met(result: dict) -> bool:
    endpoints = result["endpoints"].values()
    return (result["errors"] == 0 and all((e["p99_ms"] or 0) < P99_TARGET_MS for e in endpoints)
            and result["escalation"][f"over_grace_plus_{ALERT_WITHIN_S}s"] == 0
            and result["escalation"]["false_alarms"] == 0)


def print_table(results: list[dict]) -> None:
    print("\n| phones | offered req/s | served req/s | p50 / p95 / p99 ms: poll · plan page · session page · home · "
          "check-in | errors | CPU % of a core: web · db · jobs · generator · provider (machine busy) | "
          "escalation s: max (over grace+30 s / missed) | load avg |")
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        latency = " · ".join(f"{e['p50_ms']}/{e['p95_ms']}/{e['p99_ms']}" for e in r["endpoints"].values())
        c = r["cpu_percent_of_one_core"]
        cpu = " · ".join(str(c.get(k)) for k in ("web", "database", "jobs", "generator", "provider"))
        e = r["escalation"]
        print(f"| {r['phones']:,} | {r['offered_req_s']} | {r['served_req_s']} | {latency} | {r['errors']} | "
              f"{cpu} ({c.get('machine busy')} %) | {e['latency_s_max']} ({e[f'over_grace_plus_{ALERT_WITHIN_S}s']}"
              f" / {e['missed_check_ins']}) | {r['load_average'][0]} |")


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--phones", default=",".join(map(str, DEFAULT_STEPS)), help="steps, e.g. 200,500")
    parser.add_argument("--full", action="store_true", help="steps of 1,000 to 5,000 phones, 300 s each, grace 2 min")
    parser.add_argument("--duration", type=int, default=180, help="seconds of load per step")
    parser.add_argument("--warm-up", type=int, default=20, help="first seconds left out of the latencies")
    parser.add_argument("--grace-minutes", type=int, default=1, help="SESSION_GRACE_MINUTES for every process")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1),
                        help="gunicorn workers (sync unless --threads); default two per core, as the README deploys")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker: more than 1 serves with gthread")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--reuse-builds", action="store_true",
                        help="keep each step's built data as a template database and copy it next time (same code)")
    parser.add_argument("--profile", action="store_true", help="cProfile each web worker (slows them: not timed)")
    parser.add_argument("--database-url", default=DATABASE_URL)
    args = parser.parse_args(argv)
    if args.full:
        args.phones, args.duration, args.grace_minutes = ",".join(map(str, FULL_STEPS)), 300, 2
    return args


def main(argv: list[str] | None = None) -> bool:
    """Run the steps; True when every step met the target (for bench/run_all.py)."""
    args = parse(argv if argv is not None else [])
    results = []
    for count in (int(n) for n in args.phones.split(",")):
        result = run_step(count, args)
        print(json.dumps(result), flush=True)
        results.append(result)
    print_table(results)
    ok = all(met(r) for r in results)
    print("Campaign Saturday target met" if ok else "Campaign Saturday target MISSED "
          f"(p99 < {P99_TARGET_MS} ms everywhere, no errors, every first alert within grace + {ALERT_WITHIN_S} s)")
    return ok


if __name__ == "__main__":
    sys.exit(0 if main(sys.argv[1:]) else 1)
