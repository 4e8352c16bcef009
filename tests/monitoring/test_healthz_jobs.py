"""/healthz/jobs turns red when the jobs process stops doing its work; /healthz only reports it."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from jobs.registry import Job, all_jobs
from jobs.runner import run_recorded
from webapp.extensions import db
from webapp.models import JobRun, Message
from webapp.monitoring import job_runs
from webapp.notify.outbox import enqueue

pytestmark = pytest.mark.both_databases


def problems(client, check=None):
    response = client.get("/healthz/jobs")
    found = response.get_json()["problems"]
    return response.status_code, [p["detail"] for p in found if check is None or p["check"] == check]


def test_before_the_jobs_process_has_ever_run_the_jobs_check_says_so(client):
    status, details = problems(client, "job-stale")
    assert status == 503
    assert details == ["deliver_due has never run", "session-escalation has never run"]
    health = client.get("/healthz")
    assert health.status_code == 200 and health.get_json()["jobs"] == "stale"


def test_a_stopped_jobs_process_turns_the_jobs_check_red_within_three_intervals_and_it_recovers(
        app, client, clock, run_jobs):
    run_jobs(app)
    assert problems(client) == (200, [])
    assert client.get("/healthz").get_json() == {"status": "ok", "database": "ok", "jobs": "ok"}

    clock.advance(seconds=3 * 5)  # three delivery ticks: still within what we allow
    assert problems(client) == (200, [])
    clock.advance(seconds=1)  # the jobs process stopped 16 s ago
    status, details = problems(client, "job-stale")
    assert status == 503
    assert details == ["deliver_due last succeeded under a minute ago (expected every 5 s)"]
    health = client.get("/healthz")
    assert health.status_code == 200, "a stale jobs process must not take the web servers out of rotation"
    assert health.get_json() == {"status": "ok", "database": "ok", "jobs": "stale"}

    clock.advance(seconds=3 * 15)  # and escalation's three ticks of 15 s
    status, details = problems(client, "job-stale")
    assert details == ["deliver_due last succeeded 1 minute ago (expected every 5 s)",
                       "session-escalation last succeeded 1 minute ago (expected every 15 s)"]

    run_jobs(app)
    assert problems(client) == (200, [])
    assert client.get("/healthz").get_json()["jobs"] == "ok"


def test_a_job_that_keeps_failing_is_stale_and_its_error_type_is_named(app, client, clock, run_jobs):
    run_jobs(app)

    def broken():
        raise ConnectionError("the database went away at +447911123456")

    clock.advance(seconds=20)
    with pytest.raises(ConnectionError):
        run_recorded(Job("deliver_due", broken, every_seconds=5))
    status, details = problems(client, "job-stale")
    assert status == 503
    assert details == ["deliver_due last succeeded under a minute ago (expected every 5 s); "
                       "its last error was ConnectionError"]
    run = db.session.get(JobRun, "deliver_due")
    db.session.refresh(run)
    assert (run.failure_count, run.last_error) == (1, "ConnectionError")
    assert "+44" not in client.get("/healthz/jobs").get_data(as_text=True)


def test_every_job_records_its_runs_once_per_tick(app, run_jobs):
    run_jobs(app)
    run_jobs(app)
    runs = {r.name: r for r in db.session.scalars(sa.select(JobRun))}
    assert set(runs) == {job.name for job in all_jobs()}
    assert {"session-escalation", "deliver_due"} <= set(runs)
    assert {r.run_count for r in runs.values()} == {2}
    assert all(r.last_succeeded_at == r.last_started_at for r in runs.values())


def test_a_message_due_more_than_two_minutes_ago_and_unsent_turns_the_check_red_naming_it(
        app, client, clock, run_jobs):
    run_jobs(app)
    now = clock.now()
    enqueue(channel="sms", recipient="+447911123456", template="session_reminder", dedupe_key="late-1",
            values={"due": "09:00", "title": "Canvassing", "link": "http://x"}, due_at=now - timedelta(seconds=90))
    db.session.commit()
    assert problems(client) == (200, [])  # 90 s late is within what we allow

    enqueue(channel="sms", recipient="+447911123457", template="session_reminder", dedupe_key="late-2",
            values={"due": "09:00", "title": "Canvassing", "link": "http://x"}, due_at=now - timedelta(minutes=7))
    db.session.commit()
    late = db.session.scalar(sa.select(Message.id).where(Message.dedupe_key == "late-2"))
    status, details = problems(client)
    assert status == 503
    assert details == [f"1 message due more than 2 minutes ago not yet sent (oldest: message {late}, "
                       "due 7 minutes ago)"]
    assert "+44" not in client.get("/healthz/jobs").get_data(as_text=True)

    run_jobs(app)
    assert problems(client) == (200, [])


def test_a_message_abandoned_mid_send_is_late_once_its_lease_is_two_minutes_past(app, client, clock, run_jobs):
    run_jobs(app)
    enqueue(channel="email", recipient="a@example.org", template="session_reminder", dedupe_key="stuck",
            values={"due": "09:00", "title": "Canvassing", "link": "http://x"})
    db.session.execute(sa.update(Message).values(status="sending", claim_token="gone",
                                                 lease_until=clock.now() - timedelta(minutes=3)))
    db.session.commit()
    status, details = problems(client, "message-late")
    assert status == 503 and len(details) == 1


def _jobs_look_alive():
    """A jobs process that runs but does not escalate (a bug, a crash loop inside one step)."""
    for name in ("deliver_due", "session-escalation"):
        job_runs.succeeded(name)


def test_an_overdue_session_not_escalated_within_grace_plus_two_minutes_turns_the_check_red(
        app, client, clock, overdue_session, run_jobs):
    run_jobs(app)
    escalate_at = overdue_session.escalate_at  # deadline (30 min) + grace (10 min)
    clock.set(escalate_at + timedelta(minutes=2))
    _jobs_look_alive()
    assert problems(client) == (200, [])
    clock.advance(seconds=1)
    _jobs_look_alive()
    status, details = problems(client, "escalation-late")
    assert status == 503
    assert details == [f"session {overdue_session.id} is overdue and its first contacts have not been alerted "
                       "within 2 minutes of when that was due"]

    run_jobs(app)  # the escalation job catches up: tier 1 alerted, and the alerts handed over
    assert problems(client) == (200, [])

    clock.set(escalate_at + timedelta(minutes=15 + 2, seconds=1))  # tier 2 is due 15 minutes after tier 1
    _jobs_look_alive()
    status, details = problems(client, "escalation-late")
    assert details == [f"session {overdue_session.id} is overdue and its emergency contact has not been "
                       "alerted within 2 minutes of when that was due"]
    run_jobs(app)
    assert problems(client) == (200, [])


def test_the_jobs_process_records_a_failed_run_and_keeps_going(app, clock):
    from jobs.runner import build_scheduler

    scheduler = build_scheduler(app)
    [delivery] = [job for job in scheduler.get_jobs() if job.id == "deliver_due"]
    delivery.func()  # what APScheduler calls every DELIVERY_TICK_SECONDS
    app.config["SMS_BACKEND"] = "carrier-pigeon"  # a broken deployment: every delivery tick fails
    clock.advance(seconds=5)
    delivery.func()  # logged and recorded, not raised: the scheduler carries on
    run = db.session.get(JobRun, "deliver_due")
    db.session.refresh(run)
    assert (run.run_count, run.failure_count, run.last_error) == (2, 1, "RuntimeError")
    assert run.last_succeeded_at == clock.now() - timedelta(seconds=5)
    assert run.last_failed_at == clock.now()
