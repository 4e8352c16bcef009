"""The FEOA dashboard under load: a force of 2,000 consenting candidates, gunicorn + wrk (bench.harness).

    .venv/bin/python -m bench.feoa dashboard [--connections 32 --seconds 10 --workers 2]
"""

import sys
import urllib.request
from datetime import UTC, datetime

from flask.sessions import SecureCookieSessionInterface
from sqlalchemy import select

from bench.feoa import build
from bench.harness import BENCH_SECRET, bench_environment, gunicorn, run_wrk
from webapp.clock import FrozenClock
from webapp.extensions import db
from webapp.models import User
from webapp.timeutil import LONDON

P99_TARGET_MS = 150


def _session_cookie(app, feoa_email: str) -> str:
    """The session a signed-in FEOA has after the code step (the real form needs a TOTP code)."""
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == feoa_email))
        app.secret_key = BENCH_SECRET
        serializer = SecureCookieSessionInterface().get_signing_serializer(app)
        value = serializer.dumps({"_user_id": user.get_id(), "_fresh": True, "two_factor_verified": user.get_id()})
    return f"session={value}"


def bench_dashboard(url: str, connections: int, seconds: int, workers: int = 2) -> bool:
    # The server runs on real time, so the generated activities sit around today.
    now = datetime.now(UTC)
    app, info = build(url, FrozenClock(now), day=now.astimezone(LONDON).date(), candidates=2_000 + 4_000,
                      activities=120_000, big_force_candidates=2_000)
    cookie = _session_cookie(app, info["big_force_feoa_email"])
    with gunicorn("webapp:create_app()", bench_environment(url), workers=workers) as (host, port):
        page_url = f"http://{host}:{port}/feoa/"
        request = urllib.request.Request(page_url, headers={"Cookie": cookie})
        page = urllib.request.urlopen(request, timeout=10).read().decode()  # noqa: S310 - loopback
        rows, risky = page.count('class="candidate-row"'), page.count('class="risky-activity"')
        if rows == 0:
            sys.exit("the benchmark session did not reach the dashboard")
        result = run_wrk("feoa dashboard", page_url, {"Cookie": cookie}, duration=seconds, connections=connections)
    print(f"dashboard ({rows} candidates + {risky} activities a page, force of 2,000 candidates), {workers} workers, "
          f"{connections} connections, {seconds} s: {result.requests_per_second:.0f} req/s, p50 {result.p50_ms:.1f} ms, "
          f"p99 {result.p99_ms:.1f} ms, non-2xx {result.non_2xx}")
    return result.p99_ms < P99_TARGET_MS and result.non_2xx == 0
