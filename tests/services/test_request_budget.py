"""The background request budget: never more than `rate` requests in any window."""

from __future__ import annotations

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
    assert spent[:4] == [0.0, 0.125, 0.25, 0.375]
    assert spent[4] == 1.0
    assert budget.waited > 0


async def test_a_zero_rate_never_waits() -> None:
    time = FakeTime()
    budget = RequestBudget(0, sleep=time.sleep, clock=time.clock)
    for _ in range(100):
        await budget.spend()
    assert time.slept == []
