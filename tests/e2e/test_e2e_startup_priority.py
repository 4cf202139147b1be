"""End to end: at start-up a live vote jumps the reconciliation's queue for real.

An item with a held live vote is reconciled at once in a slot of its own, outside the
background workers, and its reads go before theirs: they skip start-up's request budget
and take the next place at the global limit, while the workers take no new item and spend
no budget meanwhile. Counted in requests and their order, not in seconds.
"""

from __future__ import annotations

import asyncio
import dataclasses

import pytest

from bot.app import YrkaBot
from bot.domain.models import Choice
from bot.services import voting
from tests.e2e.test_e2e_vote_races import YES, message_read, record_and_reactions_agree, started
from tests.support.e2e import BotRunner, Published, World, eventually, publish_item
from tests.support.fakediscord import FakeDiscord, FakeMember, FakeMessage

pytestmark = pytest.mark.e2e

B = Choice.BIFALL


def thread_reads(fake: FakeDiscord) -> list[str]:
    """The paths of the reconciliation's thread reads so far, in order."""
    return [call.path for call in fake.calls("GET", r"^/channels/\d+/messages$")]


def read_of(published: Published) -> str:
    return f"/channels/{published.thread_id}/messages"


async def _items(bot_runner: BotRunner, world: World, count: int) -> list[Published]:
    bot, first = await started(bot_runner, world)
    items = [first]
    for number in range(2, count + 1):
        items.append(await publish_item(bot, world, (f"att göra sak {number}",)))
    await bot_runner.stop()
    return items


async def test_a_live_vote_on_the_last_item_is_recorded_while_the_only_worker_hangs(
    world: World, bot_runner: BotRunner
) -> None:
    fake = world.fake
    items = await _items(bot_runner, world, 6)
    first, last = items[0], items[-1]
    member = world.members[0]
    bot_runner.timings = dataclasses.replace(bot_runner.timings, reconcile_workers=1)
    # The one background worker's read of the first item hangs until the test lets it go.
    gate = asyncio.Event()
    hook = fake.on_request("GET", message_read(first.vote_messages[0]), gate.wait)
    before = len(thread_reads(fake))
    bot = await bot_runner.start()
    await eventually(lambda: hook.fired == 1, "the first item is being read")
    await fake.add_reaction(member, last.vote_messages[0], YES)

    async def recorded() -> bool:
        return await voting.current_votes_of(bot.db, last.yrkande_ids[0]) == {member.id: B}

    # Its own slot: recorded with the only worker still stuck on the first item.
    await eventually(recorded, "the live vote on the last item recorded")
    assert not gate.is_set()
    assert thread_reads(fake)[before:] == [read_of(first), read_of(last)]
    gate.set()
    await eventually(lambda: bot.votes.reconciler.reconciled.is_set(), "reconciled")
    assert thread_reads(fake)[before:] == [read_of(p) for p in [first, last, *items[1:-1]]]
    await record_and_reactions_agree(
        bot, fake, last.vote_messages[0], last.yrkande_ids[0], {member.id: B}
    )


async def test_a_live_vote_does_not_wait_behind_the_start_up_request_budget(
    world: World, bot_runner: BotRunner
) -> None:
    fake = world.fake
    items = await _items(bot_runner, world, 8)
    first, last = items[0], items[-1]
    member = world.members[0]
    # One background read per second: eight workers queue for the budget at once.
    bot_runner.timings = dataclasses.replace(bot_runner.timings, reconcile_rate=1)
    hook = fake.on_request(
        "GET",
        message_read(first.vote_messages[0]),
        lambda: fake.add_reaction(member, last.vote_messages[0], YES),
    )
    before = len(thread_reads(fake))
    bot = await bot_runner.start()

    async def recorded() -> bool:
        return await voting.current_votes_of(bot.db, last.yrkande_ids[0]) == {member.id: B}

    await eventually(recorded, "the live vote on the last item recorded")
    assert hook.fired == 1
    reads = thread_reads(fake)[before:]
    # The last item's read came right after the read during which the vote arrived, not
    # after the seven reads queued for the budget before it (one more may have gone while
    # the vote travelled).
    assert read_of(last) in reads[1:3], reads
    assert len(reads) <= 4, "recorded before the background reads behind it"
    await eventually(lambda: bot.votes.reconciler.reconciled.is_set(), "reconciled")
    assert sorted(thread_reads(fake)[before:]) == sorted(read_of(p) for p in items)
    await record_and_reactions_agree(
        bot, fake, last.vote_messages[0], last.yrkande_ids[0], {member.id: B}
    )


async def test_live_votes_on_many_items_are_reconciled_a_few_at_once(
    world: World, bot_runner: BotRunner
) -> None:
    fake = world.fake
    items = await _items(bot_runner, world, 9)
    member = world.members[0]
    bot_runner.timings = dataclasses.replace(bot_runner.timings, reconcile_workers=1)
    # Every thread read hangs until the test lets them all go.
    gate = asyncio.Event()
    hook = fake.on_request("GET", r"^/channels/\d+/messages$", gate.wait, times=100)
    bot = await bot_runner.start()
    await eventually(lambda: hook.fired == 1, "the worker's read of the first item")
    for published in items[1:]:  # eight live votes on eight other items
        await fake.add_reaction(member, published.vote_messages[0], YES)
    # The worker's read and four items with a live vote: the other four wait their turn
    # (a hundred at once would each wait behind all the others at every step).
    await eventually(lambda: hook.fired == 5, "four hurried items being read")
    await asyncio.sleep(0.5)
    assert hook.fired == 5
    gate.set()
    await eventually(lambda: bot.votes.reconciler.reconciled.is_set(), "reconciled")
    for published in items[1:]:
        assert await voting.current_votes_of(bot.db, published.yrkande_ids[0]) == {member.id: B}


class BackgroundReads:
    """Database reads queued ahead of a live vote, as start-up's thousands of groups queue
    them; each holds the connection a moment. Counts how many had their turn."""

    def __init__(self, bot: YrkaBot, count: int, hold_s: float = 0.05) -> None:
        self.done = 0
        self._gate = asyncio.Event()
        self._tasks = [asyncio.create_task(self._hold(bot))]
        self._tasks += [asyncio.create_task(self._read(bot, hold_s)) for _ in range(count)]

    async def _hold(self, bot: YrkaBot) -> None:
        async with bot.db.read():
            await self._gate.wait()

    async def _read(self, bot: YrkaBot, hold_s: float) -> None:
        async with bot.db.read():
            await asyncio.sleep(hold_s)
            self.done += 1

    async def queued(self) -> None:
        for _ in range(10):  # every task has run up to the lock
            await asyncio.sleep(0)

    def go(self) -> None:
        self._gate.set()

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)


QUEUED = 40


async def recorded_before_the_reads_queued_ahead(
    bot: YrkaBot, fake: FakeDiscord, member: FakeMember, message: FakeMessage
) -> None:
    """QUEUED database reads queue, then `member` votes on `message`: the vote is recorded
    before half of them had their turn (first come, first served: after all of them)."""
    ingest = bot.votes.ingest
    background = BackgroundReads(bot, QUEUED)
    await background.queued()
    await fake.add_reaction(member, message, YES)
    await eventually(lambda: ingest.received == 1, "the live vote received")
    background.go()
    try:
        await eventually(lambda: ingest.recorded == 1, "the live vote recorded")
        assert background.done < QUEUED // 2, background.done
    finally:
        await background.stop()


async def test_a_live_vote_is_recorded_before_the_database_reads_queued_ahead_of_it(
    world: World, bot_runner: BotRunner
) -> None:
    fake = world.fake
    bot, published = await started(bot_runner, world)
    await eventually(lambda: bot.votes.reconciler.reconciled.is_set(), "reconciled")
    member = world.members[0]
    await recorded_before_the_reads_queued_ahead(bot, fake, member, published.vote_messages[0])
    assert await voting.current_votes_of(bot.db, published.yrkande_ids[0]) == {member.id: B}


async def test_at_start_up_a_live_votes_item_goes_before_the_database_reads_queued_ahead(
    world: World, bot_runner: BotRunner
) -> None:
    fake = world.fake
    items = await _items(bot_runner, world, 3)
    first, last = items[0], items[-1]
    member = world.members[0]
    bot_runner.timings = dataclasses.replace(bot_runner.timings, reconcile_workers=1)
    gate = asyncio.Event()  # the one worker's read of the first item hangs meanwhile
    hook = fake.on_request("GET", message_read(first.vote_messages[0]), gate.wait)
    bot = await bot_runner.start()
    await eventually(lambda: hook.fired == 1, "the first item is being read")
    try:
        # Its item's reconciliation (lookups, record read, members) and then its record.
        await recorded_before_the_reads_queued_ahead(bot, fake, member, last.vote_messages[0])
    finally:
        gate.set()
    await eventually(lambda: bot.votes.reconciler.reconciled.is_set(), "reconciled")
    await record_and_reactions_agree(
        bot, fake, last.vote_messages[0], last.yrkande_ids[0], {member.id: B}
    )
