"""A share of Discord's global rate limit for background work (start-up reconciliation).

Discord allows a bot 50 requests per second across all routes. Work that can wait (reading
every open item's vote messages after a restart) takes at most `rate` of them per second,
so it never draws a global 429 and leaves the rest for what members are waiting on (tally
edits, removals, answers to commands).
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable


class RequestBudget:
    """At most `rate` requests in any `per` seconds (a sliding window); 0 = unlimited."""

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
            if len(self._recent) >= self.rate:
                delay = self._recent[0] + self.per - now
                if delay > 0:
                    self.waited += delay
                    await self._sleep(delay)
                self._recent.popleft()
            self._recent.append(self._clock())
