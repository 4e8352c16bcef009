"""Small helpers for session tests."""

from datetime import datetime

PERSON_MOBILE = "+447700900001"
COMPANION_MOBILE = "+447700900002"
EMERGENCY_MOBILE = "+447700900009"


def at(clock, hh_mm: str) -> datetime:
    """Move the clock to hh:mm UTC on the test day (START is 09:00 UTC, GMT)."""
    hour, minute = (int(part) for part in hh_mm.split(":"))
    clock.set(clock.now().replace(hour=hour, minute=minute, second=0, microsecond=0))
    return clock.now()
