"""How long a test waits for the bot: until nothing has happened for a while, not a fixed time.

Every wait in the fake and the e2e helpers (an interaction's answer, a client getting ready,
`settled`, `eventually`) counts its timeout with a `Patience`:

- Only time this process could use counts. The waiter polls every `POLL` s; a gap between two
  polls counts at most `GAP_CAP` s. A longer gap means the event loop was not there to poll:
  the process was not scheduled (a loaded machine, a niced CI run) or work held the loop (the
  bot rendering an export, handling a burst). Neither is the bot failing to act, so a starved
  or busy run waits longer in wall time, while a bot that waits for something that never
  comes (the loop free, polling every `POLL` s) still fails after `timeout` s.
- With `progress` (e.g. the fake's `activity`: requests and gateway messages), the timeout
  counts from its last change: a bot that keeps working within Discord's rate limits is not
  stalled, however long the buckets make it take.
- However much progress there is, a wait ends after `LIMIT_S` s of wall time (a bot in a loop).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")

POLL = 0.02  # s between two looks
GAP_CAP = 2 * POLL  # s one gap between looks counts at most
LIMIT_S = 300.0  # s of wall time any wait ends after, progress or not


class Patience:
    """The clock of one wait: `spent` seconds without progress that count (see the module)."""

    def __init__(self, timeout: float, progress: Callable[[], object] | None = None) -> None:
        self.timeout = timeout
        self._progress = progress
        self._seen = progress() if progress is not None else None
        self.started = self._last = time.monotonic()
        self.spent = 0.0  # counted seconds since the start or the last progress
        self.counted = 0.0  # counted seconds in all

    def tick(self) -> bool:
        """Account for the time since the last tick; False once patience has run out."""
        now = time.monotonic()
        counted = min(now - self._last, GAP_CAP)
        self._last = now
        self.counted += counted
        current = self._progress() if self._progress is not None else None
        if current != self._seen:
            self._seen, self.spent = current, 0.0
        else:
            self.spent += counted
        return self.spent <= self.timeout and now - self.started <= LIMIT_S

    def story(self) -> str:
        """How the wait went, for the failure message."""
        wall = time.monotonic() - self.started
        if wall > LIMIT_S:
            return f"still at work after {wall:.1f} s (the limit is {LIMIT_S:.0f} s)"
        quiet = "without progress " if self._progress is not None else ""
        return (
            f"{self.spent:.1f} s {quiet}counted; {wall:.1f} s of wall time in all,"
            f" {self.counted:.1f} s of it counted (the rest this process was not running)"
        )


async def within(
    awaitable: Awaitable[T],
    timeout: float,
    what: str,
    *,
    progress: Callable[[], object] | None = None,
) -> T:
    """`await awaitable`, failing naming `what` after `timeout` seconds counted as above."""
    task = asyncio.ensure_future(awaitable)
    patience = Patience(timeout, progress)
    try:
        while not task.done():
            if not patience.tick():
                raise AssertionError(f"timed out waiting for: {what} ({patience.story()})")
            await asyncio.wait([task], timeout=POLL)
    finally:
        task.cancel()
    return task.result()


def process_cpu(pid: int) -> int:
    """Clock ticks of CPU time process `pid` has used (0 without /proc): progress of a bot in
    another process that is busy starting up, before the fake hears from it."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime
    except (OSError, ValueError, IndexError):
        return 0
