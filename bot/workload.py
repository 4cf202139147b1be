"""What the bot has started and not yet finished: the one "everything settled" signal.

Every piece of background work registers here: each gateway event's listeners, each
reaction event from the moment it is queued until it is recorded, each reaction removal,
each pending tally edit, each refusal notice, each scheduler run. `idle()` returns when
none is left. Tests wait on it instead of sleeping for a while, and shutdown can use it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager, suppress
from typing import Any, TypeVar

T = TypeVar("T")

PROBE_INTERVAL = 0.01  # how often idle() asks the probes again while nothing else changed


class Workload:
    """A count of unfinished work plus probes ("is something due that has not started?")."""

    def __init__(self) -> None:
        self._busy = 0
        self._changed = asyncio.Event()
        self._probes: list[Callable[[], bool]] = []

    def begin(self, count: int = 1) -> None:
        """Some work was started (or queued)."""
        self._busy += count

    def end(self, count: int = 1) -> None:
        """Some work finished."""
        self._busy -= count
        if self._busy <= 0:
            self._busy = 0
            self._changed.set()

    @contextmanager
    def working(self) -> Iterator[None]:
        """Count the body as unfinished work."""
        self.begin()
        try:
            yield
        finally:
            self.end()

    def track(self, task: asyncio.Task[Any]) -> asyncio.Task[Any]:
        """Count a task as unfinished work until it is done."""
        self.begin()
        task.add_done_callback(lambda _: self.end())
        return task

    def spawn(self, coro: Coroutine[Any, Any, T]) -> asyncio.Task[T]:
        """Run `coro` as a task, counted as unfinished work until it is done."""
        return self.track(asyncio.create_task(coro))

    def add_probe(self, busy: Callable[[], bool]) -> None:
        """Also ask `busy()`: work that is due but has not begun (a timer that has fired)."""
        self._probes.append(busy)

    @property
    def busy(self) -> bool:
        """True while some work is unfinished or due."""
        return self._busy > 0 or any(probe() for probe in self._probes)

    async def idle(self) -> None:
        """Return once nothing the bot started is unfinished, checked twice in a row."""
        quiet = 0
        while quiet < 2:
            # Let tasks that became ready run first: a woken timer registers its work.
            await asyncio.sleep(0)
            if self.busy:
                quiet = 0
                self._changed.clear()
                with suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), PROBE_INTERVAL)
            else:
                quiet += 1
