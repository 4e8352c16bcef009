"""Quiet hours (21:00–08:00 UK time): non-urgent messages wait for the morning."""

from datetime import datetime, time, timedelta

from webapp.timeutil import london_to_utc, to_london

QUIET_FROM = time(21, 0)
QUIET_UNTIL = time(8, 0)


def in_quiet_hours(moment: datetime) -> bool:
    local = to_london(moment).time()
    return local >= QUIET_FROM or local < QUIET_UNTIL


def end_of_quiet_hours(moment: datetime) -> datetime:
    """The 08:00 UK time that ends the quiet hours `moment` falls in."""
    local = to_london(moment)
    day = local.date() + timedelta(days=1) if local.time() >= QUIET_FROM else local.date()
    return london_to_utc(datetime.combine(day, QUIET_UNTIL))


def overlaps_quiet_hours(starts_at: datetime, ends_at: datetime) -> bool:
    """True if any part of [starts_at, ends_at) is within quiet hours."""
    if in_quiet_hours(starts_at):
        return True
    local = to_london(starts_at)
    next_quiet = london_to_utc(datetime.combine(local.date(), QUIET_FROM))
    return next_quiet < ends_at


def outside_quiet_hours(due_at: datetime) -> datetime:
    return end_of_quiet_hours(due_at) if in_quiet_hours(due_at) else due_at
