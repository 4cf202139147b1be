"""The one place that reads the wall clock; tests swap in a clock they can move.

Waiting is part of the clock too (`sleep_until`), so whatever waits for a moment (the
scheduler's next deadline or reminder) is driven by the same clock that says what time
it is: real time in production, a `FixedClock` that a test moves by hand.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta


class Clock:
    """Real time, always aware UTC."""

    def now(self) -> datetime:
        """The current time in UTC."""
        return datetime.now(UTC)

    async def sleep_until(self, at: datetime) -> None:
        """Return once `at` has come (at once if it has passed)."""
        await asyncio.sleep(max((at - self.now()).total_seconds(), 0.0))


class FixedClock(Clock):
    """A clock that only moves when told to (tests and the offline demo)."""

    def __init__(self, start: datetime) -> None:
        self._now = start
        self._moved = asyncio.Event()

    def now(self) -> datetime:
        """The clock's current time."""
        return self._now

    async def sleep_until(self, at: datetime) -> None:
        """Return once the clock has been moved to `at` or past it (never by itself)."""
        while self._now < at:
            moved = self._moved
            await moved.wait()

    def advance(self, delta: timedelta) -> None:
        """Move the clock forward (and wake whatever sleeps until a moment now passed)."""
        self.set(self._now + delta)

    def set(self, at: datetime) -> None:
        """Put the clock at a given time (and wake whatever sleeps until a moment now passed)."""
        self._now = at
        # Wake every sleeper once; each checks its own moment and sleeps on the new event.
        moved, self._moved = self._moved, asyncio.Event()
        moved.set()
