"""The FEOA dashboard under load: a force of 2,000 consenting candidates, gunicorn + wrk (bench.harness).

    .venv/bin/python -m bench.feoa dashboard [--connections 32 --seconds 10 --workers 2]
    .venv/bin/python -m bench.feoa dashboard --profile 200 [--reuse]   # in-process, cProfile + SQL time

--reuse keeps the data of the previous run (generated today) instead of generating it again.
"""

import cProfile
import os
import pstats
import sys
import time
import urllib.request
from datetime import UTC, datetime

from flask.sessions import SecureCookieSessionInterface
from sqlalchemy import event, select

from bench.feoa import build
from bench.harness import BENCH_SECRET, bench_environment, gunicorn, run_wrk
from webapp.clock import FrozenClock
from webapp.extensions import db
from webapp.models import Force, User
from webapp.timeutil import LONDON

P99_TARGET_MS = 100  # issue 15: every page, 32 connections, 2 cores


def _session_cookie(app, feoa_email: str) -> str:
    """The session a signed-in FEOA has after the code step (the real form needs a TOTP code)."""
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == feoa_email))
        app.secret_key = BENCH_SECRET
        serializer = SecureCookieSessionInterface().get_signing_serializer(app)
        value = serializer.dumps({"_user_id": user.get_id(), "_fresh": True, "two_factor_verified": user.get_id()})
    return f"session={value}"


def _data(url: str, reuse: bool, not_on_app: bool = False) -> str:
    """The big force's FEOA email, generating the data unless reusing the previous run's."""
    if reuse:
        from webapp import create_app

        app = create_app("test", {"SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            code = db.session.scalar(select(Force.code).order_by(Force.id).limit(1))
        return f"feoa-{code}@bench.test"
    # The server runs on real time, so the generated activities sit around today.
    now = datetime.now(UTC)
    _, info = build(url, FrozenClock(now), day=now.astimezone(LONDON).date(), candidates=2_000 + 4_000,
                    activities=120_000, big_force_candidates=2_000, big_force_not_on_app=not_on_app)
    return info["big_force_feoa_email"]


def profile_dashboard(url: str, requests: int, path: str = "/feoa/") -> None:
    """Wall, CPU and SQL time per request through the test client under production settings, then cProfile."""
    from bench.cpu import production_app

    os.environ.setdefault("SECRET_KEY", BENCH_SECRET)
    app = production_app(url)
    cookie = _session_cookie(app, _feoa_email_cache[url])
    client = app.test_client()
    client.set_cookie("session", cookie.removeprefix("session="))
    headers = {}
    sql_seconds = [0.0]

    def before(conn, cursor, statement, parameters, context, executemany):
        context._bench_started = time.perf_counter()

    def after(conn, cursor, statement, parameters, context, executemany):
        sql_seconds[0] += time.perf_counter() - context._bench_started

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", before)
        event.listen(db.engine, "after_cursor_execute", after)
    for _ in range(20):
        assert client.get(path, headers=headers).status_code == 200
    sql_seconds[0] = 0.0
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(requests):
        client.get(path, headers=headers).close()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{path}: {1000 * wall / requests:.2f} ms wall, {1000 * cpu / requests:.2f} ms CPU, "
          f"{1000 * sql_seconds[0] / requests:.2f} ms in SQL (cursor execute) per request, {requests} requests")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        client.get(path, headers=headers).close()
    profiler.disable()
    stats = pstats.Stats(profiler).strip_dirs()
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(25)


_feoa_email_cache: dict[str, str] = {}


def bench_dashboard(url: str, connections: int, seconds: int, workers: int = 2, *, profile: int = 0,
                    reuse: bool = False, not_on_app: bool = False) -> bool:
    """`not_on_app`: the 2,000 are nominees an election office handed over, none of whom has joined."""
    _feoa_email_cache[url] = _data(url, reuse, not_on_app)
    if profile:
        profile_dashboard(url, profile)
        return True
    from webapp import create_app

    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": url})
    cookie = _session_cookie(app, _feoa_email_cache[url])
    with gunicorn("webapp:create_app()", bench_environment(url), workers=workers) as (host, port):
        page_url = f"http://{host}:{port}/feoa/"
        request = urllib.request.Request(page_url, headers={"Cookie": cookie})
        page = urllib.request.urlopen(request, timeout=10).read().decode()  # noqa: S310 - loopback
        rows, risky = page.count('class="candidate-row"'), page.count('class="risky-activity"')
        if rows == 0:
            sys.exit("the benchmark session did not reach the dashboard")
        result = run_wrk("feoa dashboard", page_url, {"Cookie": cookie}, duration=seconds, connections=connections)
    who = "handed-over nominees, none on the app" if not_on_app else "candidates"
    print(f"dashboard ({rows} candidates + {risky} activities a page, force of 2,000 {who}), {workers} workers, "
          f"{connections} connections, {seconds} s: {result.requests_per_second:.0f} req/s, p50 {result.p50_ms:.1f} ms, "
          f"p99 {result.p99_ms:.1f} ms, non-2xx {result.non_2xx}")
    return result.p99_ms < P99_TARGET_MS and result.non_2xx == 0
