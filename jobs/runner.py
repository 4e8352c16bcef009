"""The APScheduler 3 process. It only runs the ticks in jobs.registry; the work is in the database."""

import logging
from zoneinfo import ZoneInfo

from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask

from jobs.registry import Job, all_jobs
from webapp.clock import utcnow
from webapp.extensions import db
from webapp.monitoring import job_runs

log = logging.getLogger("campaignsafe.jobs")


def run_recorded(job: Job):
    """Run one job inside the current app context, recording its start and outcome in `job_run`
    (what /healthz/jobs and /metrics read). A failure is recorded, then raised again."""
    started_at = utcnow()
    try:
        result = job.run()
    except Exception as error:
        db.session.rollback()
        job_runs.failed(job.name, error, started_at)
        raise
    job_runs.succeeded(job.name, started_at)
    return result


def _in_app_context(app: Flask, job: Job):
    def run():
        with app.app_context():
            try:
                run_recorded(job)
            except Exception:
                log.exception("job %s failed; it will run again at its next tick", job.name)
                db.session.rollback()
            finally:
                db.session.remove()

    return run


def build_scheduler(app: Flask) -> BlockingScheduler:
    # misfire_grace_time=None: a late tick still runs; coalesce: a backlog runs once; one at a time.
    scheduler = BlockingScheduler(
        timezone=ZoneInfo("Europe/London"),
        job_defaults={"misfire_grace_time": None, "coalesce": True, "max_instances": 1},
    )
    for job in all_jobs():
        if job.every_seconds:
            scheduler.add_job(_in_app_context(app, job), "interval", seconds=job.every_seconds, id=job.name)
        else:
            scheduler.add_job(_in_app_context(app, job), "cron", id=job.name, **job.cron)
    return scheduler


def tick_all(app: Flask) -> list[tuple[str, object]]:
    """Run every job once, in order (operators and tests)."""
    results = []
    for job in all_jobs():
        with app.app_context():
            results.append((job.name, run_recorded(job)))
    return results
