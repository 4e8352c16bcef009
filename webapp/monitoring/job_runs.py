"""Recording each background job's runs: one `job_run` row per job name, upserted.

The jobs runner notes when a job started and, when it has finished, calls `succeeded` or
`failed` with that moment: ONE INSERT … ON CONFLICT DO UPDATE (both databases), committed at
once, so any number of jobs processes can record side by side and the health checks see the
newest run from any of them (one write per run: jobs run every few seconds). The error kept is
the exception's type only: messages can carry personal data.
"""

from datetime import datetime

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.models import JobRun
from webapp.upsert import dialect_insert


def _upsert(name: str, on_insert: dict, on_update: dict) -> None:
    statement = dialect_insert(JobRun).values(name=name, **on_insert)
    db.session.execute(statement.on_conflict_do_update(index_elements=["name"], set_=on_update))
    db.session.commit()


def succeeded(name: str, started_at: datetime | None = None) -> None:
    now = utcnow()
    started_at = started_at or now
    _upsert(name, {"last_started_at": started_at, "last_succeeded_at": now, "run_count": 1, "failure_count": 0},
            {"last_started_at": started_at, "last_succeeded_at": now, "last_error": None,
             "run_count": JobRun.run_count + 1})


def failed(name: str, error: BaseException, started_at: datetime | None = None) -> None:
    now = utcnow()
    started_at = started_at or now
    kind = type(error).__name__
    _upsert(name, {"last_started_at": started_at, "last_failed_at": now, "last_error": kind, "run_count": 1,
                   "failure_count": 1},
            {"last_started_at": started_at, "last_failed_at": now, "last_error": kind,
             "run_count": JobRun.run_count + 1, "failure_count": JobRun.failure_count + 1})
