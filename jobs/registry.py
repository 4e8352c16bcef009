"""Every periodic job, in one list. Each job runs inside an app context and must be safe to run
in several processes at once (it claims rows atomically or inserts under a unique key)."""

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import current_app

from jobs import feoa_digest, heartbeat
from webapp.notify.delivery import deliver_due
from webapp.privacy import account_deletion
from webapp.privacy import export as data_export
from webapp.privacy import purge as privacy_purge
from webapp.sessions import escalation as session_escalation
from webapp.sessions import purge as session_purge


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[], object]
    every_seconds: int | None = None
    cron: dict = field(default_factory=dict)  # wall-clock schedule in Europe/London, e.g. {"minute": "*"}


def all_jobs() -> list[Job]:
    return [
        Job("heartbeat", heartbeat.run, every_seconds=60),
        # Escalation before delivery, so a tick that raises an alert also hands it to the provider.
        Job("session-escalation", session_escalation.run, every_seconds=15),
        Job("deliver_due", deliver_due, every_seconds=_tick_seconds(current_app)),
        Job("session-location-purge", session_purge.run, cron={"hour": "3", "minute": "20"}),
        Job("feoa_digests", feoa_digest.run, cron={"minute": "*"}),
        # The retention schedule (webapp/privacy/retention.py): daily, at a quiet hour outside 01:00-02:00.
        Job("privacy-purge", privacy_purge.run, cron={"hour": "3", "minute": "40"}),
        Job("account-deletion", account_deletion.run, every_seconds=60),
        Job("data-exports", data_export.run, every_seconds=60),
    ]


def job_intervals() -> dict[str, int]:
    """Every interval job's name and period in seconds: what /healthz/jobs and /metrics judge by."""
    return {job.name: job.every_seconds for job in all_jobs() if job.every_seconds}


def _tick_seconds(app) -> int:
    try:
        return int(app.config.get("DELIVERY_TICK_SECONDS", 5))
    except RuntimeError:  # outside an app context
        return 5
