"""The one source of "now". Tests swap in a FrozenClock and move it; nothing sleeps."""

from datetime import UTC, datetime, timedelta

from flask import current_app


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FrozenClock:
    """A clock that only moves when told to."""

    def __init__(self, at: datetime):
        self.set(at)

    def now(self) -> datetime:
        return self._now

    def set(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FrozenClock needs an aware datetime")
        self._now = at.astimezone(UTC)

    def advance(self, delta: timedelta | None = None, **kwargs) -> datetime:
        self._now += delta if delta is not None else timedelta(**kwargs)
        return self._now


def utcnow() -> datetime:
    """The current time in UTC, from the app's clock."""
    return current_app.extensions["clock"].now()
