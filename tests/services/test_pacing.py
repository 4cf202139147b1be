"""The bot's own pacing (bot/runtime/pacing.py): Discord's per-channel buckets and a share of
the global limit, kept before each write; `latest` folds writes that would show one state."""

from __future__ import annotations

import asyncio
import random

import pytest

from bot.runtime.pacing import GlobalLimit, Kind, PaceLimits, Pacer


class Ticker:
    """A clock that only moves when the pacer sleeps (or the test says so)."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def pacer(ticker: Ticker, **limits: object) -> Pacer:
    return Pacer(PaceLimits(**limits), sleep=ticker.sleep, clock=ticker)  # type: ignore[arg-type]


async def writes(pacer: Pacer, ticker: Ticker, kind: Kind, channel: int, count: int) -> list[float]:
    times = []
    for _ in range(count):
        async with pacer.slot(kind, channel):
            times.append(ticker.now)
    return times


@pytest.mark.parametrize(
    ("kind", "limit", "per"), [("create", 5, 5.0), ("edit", 5, 5.0), ("reaction", 1, 0.25)]
)
async def test_no_window_of_a_channel_holds_more_writes_than_discord_allows(
    kind: Kind, limit: int, per: float
) -> None:
    ticker = Ticker()
    paced = pacer(ticker)
    times = await writes(paced, ticker, kind, 1, 40)
    for index, start in enumerate(times):
        assert len([t for t in times[index:] if t - start < per]) <= limit
    assert times[limit - 1] == 0.0  # a fresh bucket lets a burst of `limit` through
    assert times[limit] >= per  # and then the next waits for the window


async def test_channels_have_their_own_buckets_and_scale_zero_never_waits() -> None:
    ticker = Ticker()
    paced = pacer(ticker)
    for channel in range(8):  # eight threads: each its own bucket
        await writes(paced, ticker, "edit", channel, 5)
    assert ticker.slept == []
    off = pacer(ticker, scale=0.0)
    await writes(off, ticker, "reaction", 1, 100)
    assert ticker.slept == []


async def test_the_global_limit_holds_at_discord_however_late_requests_arrive() -> None:
    ticker = Ticker()
    limit = GlobalLimit(10, 1.0, sleep=ticker.sleep, clock=ticker)
    arrivals: list[float] = []
    rng = random.Random(5)
    for _ in range(60):
        async with limit.request():
            # Reaches Discord somewhere between being let through and its answer.
            delay = rng.choice([0.0, 0.05, 0.4])
            arrivals.append(ticker.now + delay * rng.random())
            ticker.now += delay
    arrivals.sort()
    for index, start in enumerate(arrivals):
        assert len([t for t in arrivals[index:] if t - start < 1.0]) <= 10
    assert limit.waited > 0


async def test_requests_in_flight_hold_their_place() -> None:
    limit = GlobalLimit(3, 1.0)
    release = asyncio.Event()
    entered = 0

    async def slow() -> None:
        nonlocal entered
        async with limit.request():
            entered += 1
            await release.wait()

    tasks = [asyncio.create_task(slow()) for _ in range(4)]
    await asyncio.sleep(0.05)
    assert entered == 3  # the fourth waits while three are in flight
    release.set()
    await asyncio.wait_for(asyncio.gather(*tasks), 3)
    assert entered == 4


async def test_writes_asked_for_while_one_waits_are_that_one() -> None:
    paced = Pacer(PaceLimits(edit=(1, 0.2)))
    shown: list[int] = []
    state = {"tally": 0}

    async def edit() -> None:
        shown.append(state["tally"])  # renders what is true when its turn comes

    paced.latest("edit", 1, "message", edit)
    await asyncio.sleep(0.01)  # the first takes the slot at once
    for tally in range(1, 6):
        state["tally"] = tally
        paced.latest("edit", 1, "message", edit)  # nobody waits for the bucket
        await asyncio.sleep(0)
    await asyncio.wait_for(paced.drained(), 3)
    assert shown == [0, 5]  # one edit for the first state, one for the latest: none between


class ManualTime:
    """A clock the test moves; sleepers wake in the order they began to sleep."""

    def __init__(self) -> None:
        self.now = 0.0
        self._sleepers: list[tuple[float, asyncio.Future[None]]] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        woken: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._sleepers.append((self.now + seconds, woken))
        await woken

    async def advance_to(self, now: float) -> None:
        self.now = now
        for deadline, woken in list(self._sleepers):
            if deadline <= now:
                self._sleepers.remove((deadline, woken))
                woken.set_result(None)
        await asyncio.sleep(0.01)


async def test_an_urgent_request_takes_the_next_place_before_waiting_background_ones() -> None:
    time = ManualTime()
    limit = GlobalLimit(2, 1.0, sleep=time.sleep, clock=time)
    release = asyncio.Event()
    entered: list[str] = []

    async def request(name: str, *, urgent: bool = False, hold: bool = True) -> None:
        async with limit.request(urgent=urgent):
            entered.append(name)
            if hold:
                await release.wait()

    tasks = [asyncio.create_task(request("busy"))]  # one place in flight throughout
    await asyncio.sleep(0.01)
    await request("quick", hold=False)  # the other counts until 1.0
    tasks.append(asyncio.create_task(request("background")))  # asks first, sleeps first
    await asyncio.sleep(0.01)
    tasks.append(asyncio.create_task(request("urgent", urgent=True)))
    await asyncio.sleep(0.01)
    assert entered == ["busy", "quick"]
    # The place frees at 1.0; the background request wakes first, and leaves it.
    await time.advance_to(1.0)
    assert entered == ["busy", "quick", "urgent"]
    release.set()
    await asyncio.wait_for(asyncio.gather(*tasks[:1]), 1)
    await time.advance_to(2.0)
    await asyncio.wait_for(asyncio.gather(*tasks), 1)
    assert entered == ["busy", "quick", "urgent", "background"]


async def test_urgent_requests_keep_to_the_global_limit_too() -> None:
    ticker = Ticker()
    limit = GlobalLimit(10, 1.0, sleep=ticker.sleep, clock=ticker)
    starts: list[float] = []
    for index in range(40):
        async with limit.request(urgent=index % 3 == 0):
            starts.append(ticker.now)
            ticker.now += 0.01
    for index, start in enumerate(starts):
        assert len([t for t in starts[index:] if t - start < 1.0]) <= 10
