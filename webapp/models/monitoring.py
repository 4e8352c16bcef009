"""What the service knows about itself: when each background job last ran."""

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db
from webapp.timeutil import UTCDateTime


class JobRun(db.Model):
    """One row per job name, upserted by the jobs runner (any number of jobs processes)."""

    __tablename__ = "job_run"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    last_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_succeeded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)  # the exception's type only: no personal data
    run_count: Mapped[int] = mapped_column(default=0, server_default="0")
    failure_count: Mapped[int] = mapped_column(default=0, server_default="0")
