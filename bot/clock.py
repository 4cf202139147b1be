"""The one place that reads the wall clock; tests swap in a clock they can move."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class Clock:
    """Real time, always aware UTC."""

    def now(self) -> datetime:
        """The current time in UTC."""
        return datetime.now(UTC)


class FixedClock(Clock):
    """A clock that only moves when told to (tests and the offline demo)."""

    def __init__(self, start: datetime) -> None:
        self._now = start

    def now(self) -> datetime:
        """The clock's current time."""
        return self._now

    def advance(self, delta: timedelta) -> None:
        """Move the clock forward."""
        self._now += delta

    def set(self, at: datetime) -> None:
        """Put the clock at a given time."""
        self._now = at
