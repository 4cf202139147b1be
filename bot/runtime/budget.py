"""A share of Discord's global rate limit for background work (start-up reconciliation).

Discord allows a bot 50 requests per second across all routes. Work that can wait (reading
every open item's vote messages after a restart) takes at most `rate` of them per second,
so it never draws a global 429 and leaves the rest for what members are waiting on (tally
edits, removals, answers to commands).

The requests are spread evenly (at least `per / rate` apart), not sent in bursts of `rate`
at the start of each window: the global limit counts a request for a second after it ends,
so a burst would fill it for a whole second, and a request a member waits on (a live vote's
item, `pacing.URGENT`) would wait that second for a place.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable


class RequestBudget:
    """At most `rate` requests in any `per` seconds (a sliding window), each at least
    `per / rate` after the one before; 0 = unlimited."""

    def __init__(
        self,
        rate: int,
        per: float = 1.0,
        *,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rate = rate
        self.per = per
        self._sleep = sleep
        self._clock = clock
        self._recent: deque[float] = deque()
        self._lock = asyncio.Lock()
        self.waited = 0.0  # seconds spent waiting, for the bench

    async def spend(self) -> None:
        """Return when one more request fits the window (and count it)."""
        if self.rate <= 0:
            return
        async with self._lock:
            now = self._clock()
            while self._recent and now - self._recent[0] >= self.per:
                self._recent.popleft()
            due = self._recent[-1] + self.per / self.rate if self._recent else now
            if len(self._recent) >= self.rate:
                due = max(due, self._recent[0] + self.per)
            if due > now:
                self.waited += due - now
                await self._sleep(due - now)
                now = self._clock()
                while self._recent and now - self._recent[0] >= self.per:
                    self._recent.popleft()
            self._recent.append(self._clock())
