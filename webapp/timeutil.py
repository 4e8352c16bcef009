"""UTC in storage, Europe/London on screen: conversions and the column type between them."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator

LONDON = ZoneInfo("Europe/London")


class UTCDateTime(TypeDecorator):
    """Aware datetimes in, aware UTC datetimes out, on SQLite (which keeps no offset) and PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("refusing to store a naive datetime; attach a time zone first")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class NonexistentLocalTime(ValueError):
    """A wall-clock time skipped when the clocks go forward (01:00–02:00 on the last Sunday of March)."""


def london_to_utc(local: datetime) -> datetime:
    """A naive Europe/London wall-clock time as aware UTC.

    In the autumn hour that happens twice, the first (BST) one is meant. A time that never
    happens (the spring gap) raises NonexistentLocalTime so the form can say so.
    """
    aware = local.replace(tzinfo=LONDON, fold=0)
    round_trip = aware.astimezone(UTC).astimezone(LONDON).replace(tzinfo=None)
    if round_trip != local.replace(tzinfo=None):
        raise NonexistentLocalTime(local)
    return aware.astimezone(UTC)


def to_london(moment: datetime | None) -> datetime | None:
    return moment.astimezone(LONDON) if moment is not None else None


def london_day_bounds(day: date) -> tuple[datetime, datetime]:
    """The UTC start and end of a Europe/London calendar day (23 or 25 hours on DST days)."""
    start = datetime(day.year, day.month, day.day, tzinfo=LONDON).astimezone(UTC)
    following = day + timedelta(days=1)
    end = datetime(following.year, following.month, following.day, tzinfo=LONDON).astimezone(UTC)
    return start, end


def format_london(moment: datetime | None, pattern: str = "%a %-d %b %Y, %H:%M") -> str:
    return to_london(moment).strftime(pattern) if moment is not None else ""


def next_may_polling_day(today: date) -> date:
    """The first Thursday in May on or after `today` (the usual English local-election day)."""
    year = today.year
    while True:
        first = date(year, 5, 1)
        polling = first + timedelta(days=(3 - first.weekday()) % 7)
        if polling >= today:
            return polling
        year += 1
