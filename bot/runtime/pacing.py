"""The bot keeps to Discord's rate limits itself, before a request leaves.

Discord limits writes per channel (a thread is a channel): about five new messages, five
edits and five thread creations per five seconds, one reaction (added or removed) per
quarter second, and 50 requests per second for the whole bot. discord.py learns a bucket
from the answers and waits when one is empty, but it does not see the global limit coming,
and it learns each bucket only after a first answer; a burst of tally edits, removals or a
long publish would draw 429s. The `Pacer` is the one place that knows the limits: every
write of the vote view and the publisher goes through `slot(kind, channel_id)`.

How a slot waits: one write of a kind per channel at a time, and a new one only when the
last `limit` writes of that kind in that channel *started* at least `per` seconds (and a
margin) ago: a sliding window, so it fits Discord's fixed windows too. Within a bucket
discord.py itself waits out an exhausted bucket before a call returns (it reads the
headers), so sequential writes never overtake Discord's window; the pacer adds what
discord.py cannot know: the buckets it has not yet seen an answer for, routes that share
one bucket, and the global limit. Every slot takes one of the `global_rate` requests per
second the bot's paced work may use (45 of Discord's 50: the rest is for answers to
commands and other unpaced requests).
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, Literal

import discord

from bot.runtime._loop import Background

log = logging.getLogger(__name__)

Kind = Literal["create", "edit", "thread", "reaction", "channel", "dm"]

# Set in a task whose requests a member is waiting on (a start-up read of an item with a
# held live vote): they pass the global limit before requests of background work.
URGENT: contextvars.ContextVar[bool] = contextvars.ContextVar("yrka_urgent", default=False)


@dataclass(frozen=True)
class PaceLimits:
    """Discord's buckets as the bot keeps to them (writes, seconds) per channel; the defaults
    are production's. `scale` stretches every window (1.0 = Discord's; 0 turns pacing off)."""

    create: tuple[int, float] = (5, 5.0)  # new messages per channel or thread
    edit: tuple[int, float] = (5, 5.0)  # message edits per channel or thread
    thread: tuple[int, float] = (5, 5.0)  # threads created per channel
    reaction: tuple[int, float] = (1, 0.25)  # reactions added or removed per channel
    channel: tuple[int, float] = (2, 10.0)  # channel edits (unarchiving a thread)
    dm: tuple[int, float] = (5, 5.0)  # private messages per member
    global_rate: int = 45  # the bot's requests per second (interactions aside), of Discord's 50
    scale: float = 1.0
    margin: float = 1.05  # each window a little longer than Discord's

    def window(self, kind: Kind) -> tuple[int, float]:
        """(writes, seconds) the bot allows itself for one kind of write in one channel."""
        limit, per = getattr(self, kind)
        return limit, per * self.scale * self.margin


class GlobalLimit:
    """At most `rate` requests in flight or finished within the last `per` seconds: a
    request's arrival at Discord lies between the two, so no `per` seconds at Discord hold
    more than `rate` of them, whatever the delays."""

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
        self._in_flight = 0
        self._finished: deque[float] = deque()
        self._admit = asyncio.Lock()  # first come, first served
        self._done = asyncio.Event()
        self._urgent = 0  # urgent requests waiting for a place
        self.waited = 0.0  # seconds requests waited for the global limit (the bench reports it)
        self.requests = 0

    @asynccontextmanager
    async def request(self, *, urgent: bool = False) -> AsyncIterator[None]:
        """Hold one of the `rate` places for the request sent inside. An `urgent` request
        goes before every other waiting one: they leave it a place while it waits."""
        if self.rate <= 0:
            yield
            return
        started = self._clock()
        if urgent:
            self._urgent += 1
            try:
                await self._place(reserved=lambda: 0)
            finally:
                self._urgent -= 1
        else:
            async with self._admit:
                await self._place(reserved=lambda: self._urgent)
        self.waited += self._clock() - started
        self._in_flight += 1
        self.requests += 1
        try:
            yield
        finally:
            self._in_flight -= 1
            self._finished.append(self._clock())
            self._done.set()

    async def _place(self, reserved: Callable[[], int]) -> None:
        """Return when a place is free beyond the `reserved()` ones (not taken yet: the caller
        takes it without awaiting in between)."""
        while True:
            now = self._clock()
            while self._finished and now - self._finished[0] >= self.per - 1e-9:
                self._finished.popleft()
            if self._in_flight + len(self._finished) + reserved() < self.rate:
                return
            if self._finished:
                await self._sleep(self._finished[0] + self.per - now)
            else:  # every place is a request still in flight: wait for one to finish
                self._done.clear()
                await self._done.wait()

    def install(self, http: discord.http.HTTPClient) -> None:
        """Let every request of this discord.py client through the limit (interaction answers
        and webhooks aside: Discord does not count them)."""
        send = http.request

        async def request(route: discord.http.Route, **kwargs: Any) -> Any:
            if route.path.startswith(("/interactions/", "/webhooks/")):
                return await send(route, **kwargs)
            async with self.request(urgent=URGENT.get()):
                return await send(route, **kwargs)

        http.request = request  # type: ignore[method-assign]


class Pacer:
    """Per-channel buckets kept before each write, and the bot's global limit."""

    def __init__(
        self,
        limits: PaceLimits | None = None,
        *,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
        spawn: Callable[[Coroutine[Any, Any, None]], asyncio.Task[None]] = asyncio.create_task,
    ) -> None:
        self.limits = limits = limits or PaceLimits()
        self._sleep = sleep
        self._clock = clock
        self.on = limits.scale > 0
        self.global_limit = GlobalLimit(
            limits.global_rate if self.on else 0, sleep=sleep, clock=clock
        )
        self._started: dict[tuple[Kind, int], deque[float]] = {}
        self._locks: dict[tuple[Kind, int], asyncio.Lock] = {}
        self._waiting: set[object] = set()  # keys of `latest` writes not yet in their slot
        self._background = Background(spawn)  # `latest` writes waiting or being sent
        self.waited = 0.0  # seconds spent waiting for a channel's bucket (the bench reports it)
        self.writes = 0  # writes paced

    @asynccontextmanager
    async def slot(self, kind: Kind, channel_id: int) -> AsyncIterator[None]:
        """Hold the slot for one write of `kind` in `channel_id`: send the request inside."""
        if not self.on:
            yield
            return
        key = (kind, channel_id)
        async with self._locks.setdefault(key, asyncio.Lock()):
            limit, window = self.limits.window(kind)
            started = self._started.setdefault(key, deque())
            now = self._clock()
            while started and now - started[0] >= window:
                started.popleft()
            if len(started) >= limit:
                delay = started[0] + window - now
                if delay > 0:
                    self.waited += delay
                    await self._sleep(delay)
                started.popleft()
            self.writes += 1
            started.append(self._clock())
            yield

    def latest(
        self, kind: Kind, channel_id: int, key: object, write: Callable[[], Awaitable[None]]
    ) -> None:
        """Re-render a message in the background (`write` renders from the record when its
        slot comes): nobody waits behind a channel's bucket for it, and if a write for `key`
        is already waiting for its slot, that one will show the latest state: this is it."""
        if key in self._waiting:
            return
        self._waiting.add(key)
        self._background.spawn(self._write_latest(kind, channel_id, key, write))

    async def _write_latest(
        self, kind: Kind, channel_id: int, key: object, write: Callable[[], Awaitable[None]]
    ) -> None:
        try:
            async with self.slot(kind, channel_id):
                # From here on a new request renders after this one: it needs its own write.
                self._waiting.discard(key)
                await write()
        except Exception:
            log.exception("a paced write (%s in %s) failed", kind, channel_id)
        finally:
            self._waiting.discard(key)

    async def drained(self) -> None:
        """Wait until every background write is done."""
        await self._background.drained()

    def stop(self) -> None:
        """Drop background writes still waiting (the bot is closing; the record is right)."""
        self._background.cancel()

    def has_room(self, kind: Kind, channel_id: int) -> bool:
        """True if a write of `kind` in `channel_id` would go at once (for writes that may be
        left out, such as a progress message's intermediate counts)."""
        key = (kind, channel_id)
        lock = self._locks.get(key)
        if not self.on or lock is None:
            return True
        if lock.locked():
            return False
        limit, window = self.limits.window(kind)
        now = self._clock()
        return sum(1 for at in self._started.get(key, ()) if now - at < window) < limit
