"""One home for the working parts' background tasks: how they are started, looked after and
stopped when the bot closes.

- `Loop`: one long-running task of a part (the vote writer, the scheduler): started once,
  `running` while it has not ended, stopped by cancelling it (`stop`), or first asked to
  end by itself and waited for (`finish`).
- `Background`: the short tasks a part starts and does not await (paced writes, private
  notices, a start-up reconciliation, removal workers): each leaves the set when it is
  done; `cancel()` drops those still running as the bot closes (the record is already
  right), `drained()` waits until none is left. Given `Workload.spawn`, each also counts as
  unfinished work for `bot.idle()`.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Coroutine
from typing import Any

Spawn = Callable[[Coroutine[Any, Any, Any]], asyncio.Task[Any]]


class Loop:
    """One long-running task: started once, stopped by cancelling it."""

    def __init__(self, run: Callable[[], Coroutine[Any, Any, None]], name: str) -> None:
        self._run = run
        self._name = name
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Start the task (a second start before `stop` does nothing)."""
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name=self._name)

    @property
    def running(self) -> bool:
        """Started and not yet ended."""
        return self._task is not None and not self._task.done()

    async def finish(self, timeout: float) -> bool:
        """Wait up to `timeout` s for the task to end by itself (it was told to); False if it
        is still running then (it is not cancelled: see `cancel`)."""
        if self._task is None:
            return True
        try:
            await asyncio.wait_for(asyncio.shield(self._task), timeout)
        except TimeoutError:
            return False
        return True

    def cancel(self) -> None:
        """Cancel the task without waiting for it to end."""
        if self._task is not None:
            self._task.cancel()

    async def stop(self) -> None:
        """Cancel the task and wait until it has ended (then it may be started again)."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None


class Background:
    """Tasks a part started and has not seen end; each leaves the set when done."""

    def __init__(self, spawn: Spawn = asyncio.create_task) -> None:
        self._spawn = spawn
        self._tasks: set[asyncio.Task[Any]] = set()

    def spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        """Run `coro` in the background (through the part's `spawn`)."""
        task = self._spawn(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def cancel(self) -> None:
        """Cancel every task still running (the bot is closing)."""
        for task in list(self._tasks):
            task.cancel()

    async def drained(self) -> None:
        """Wait until every task is done, those started meanwhile too."""
        while self._tasks:
            await asyncio.wait(list(self._tasks))
