"""The background request budget: never more than `rate` requests in any window, spread
evenly rather than in bursts."""

from __future__ import annotations

import itertools

from bot.runtime.budget import RequestBudget


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


async def test_the_budget_spaces_requests_to_its_rate() -> None:
    time = FakeTime()
    budget = RequestBudget(4, 1.0, sleep=time.sleep, clock=time.clock)
    spent: list[float] = []
    for _ in range(10):
        await budget.spend()
        spent.append(time.now)
        time.now += 0.125  # each request takes a little while
    # No window of one second holds more than four requests.
    for i, at in enumerate(spent):
        assert sum(1 for other in spent[i:] if other - at < 1.0) <= 4
    # Evenly spread: a quarter of a second apart, not four at once and then a pause.
    assert spent[:5] == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert budget.waited > 0


async def test_requests_late_to_their_turn_still_keep_to_the_window() -> None:
    time = FakeTime()
    budget = RequestBudget(4, 1.0, sleep=time.sleep, clock=time.clock)
    spent: list[float] = []
    for pause in (0.0, 0.6, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0):
        time.now += pause
        await budget.spend()
        spent.append(time.now)
    for i, at in enumerate(spent):
        assert sum(1 for other in spent[i:] if other - at < 1.0) <= 4
    gaps = [round(b - a, 9) for a, b in itertools.pairwise(spent)]
    assert min(gaps) >= 0.25


async def test_a_zero_rate_never_waits() -> None:
    time = FakeTime()
    budget = RequestBudget(0, sleep=time.sleep, clock=time.clock)
    for _ in range(100):
        await budget.spend()
    assert time.slept == []
