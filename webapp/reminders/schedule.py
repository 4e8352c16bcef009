"""When each kind of reminder is due, until when it is still useful, and whether it is urgent."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from webapp.reminders.quiet import outside_quiet_hours, overlaps_quiet_hours
from webapp.timeutil import london_to_utc, to_london

KINDS = ("evening", "hour-before", "start", "aftercare")
EVENING_AT = time(18, 0)
HOUR_BEFORE = timedelta(minutes=60)
START_GRACE = timedelta(minutes=15)  # a "starting now" text later than this is no use
AFTERCARE_AFTER = timedelta(hours=1)
AFTERCARE_USEFUL_FOR = timedelta(hours=14)  # long enough to wait out the night, no longer


@dataclass(frozen=True)
class Slot:
    due_at: datetime
    expires_at: datetime
    urgent: bool

    @property
    def too_late(self) -> bool:
        return self.due_at >= self.expires_at


def slot_for(kind: str, starts_at: datetime, ends_at: datetime, now: datetime) -> Slot:
    if kind == "evening":
        day_before = to_london(starts_at).date() - timedelta(days=1)
        due, expires, urgent = london_to_utc(datetime.combine(day_before, EVENING_AT)), starts_at, False
    elif kind == "hour-before":
        due, expires, urgent = starts_at - HOUR_BEFORE, starts_at, False
    elif kind == "start":
        due, expires, urgent = starts_at, starts_at + START_GRACE, True
    elif kind == "aftercare":
        due, expires, urgent = ends_at + AFTERCARE_AFTER, ends_at + AFTERCARE_USEFUL_FOR, False
    else:
        raise ValueError(f"unknown reminder kind {kind!r}")
    due = max(due, now)  # a lead time that has already passed: send at once
    if not urgent and not overlaps_quiet_hours(starts_at, ends_at):
        due = outside_quiet_hours(due)
    return Slot(due, expires, urgent)
