"""End to end: live votes during the start-up reconciliation, closes and reconnects meanwhile.

After a (re)connect the writer holds a vote message's live events until that message is
reconciled, then records them (they are newer than what was read); other messages' events
are recorded at once. Each race is pinned on the fake: a test holds the bot's read of one
item (`fake.on_request` waiting on an event) while people act elsewhere.
"""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import timedelta

import pytest

from bot.app import YrkaBot
from bot.domain.models import Choice
from bot.services import voting
from db import positions
from tests.e2e.test_e2e_vote_races import (
    NO,
    YES,
    held_votes,
    message_read,
    record_and_reactions_agree,
    started,
)
from tests.support.e2e import (
    START,
    BotRunner,
    Published,
    World,
    eventually,
    publish_item,
    within,
)

pytestmark = pytest.mark.e2e

B = Choice.BIFALL


async def _record_is(bot: YrkaBot, published: Published, expected: dict[int, Choice]) -> bool:
    return await voting.current_votes_of(bot.db, published.yrkande_ids[0]) == expected


async def test_vote_on_one_item_is_recorded_while_another_is_still_being_reconciled(
    world: World, bot_runner: BotRunner
) -> None:
    fake = world.fake
    bot, first = await started(bot_runner, world)
    second = await publish_item(bot, world, ("att sänka taxan",))
    member = world.members[0]
    await bot_runner.stop()
    # The start-up reconciliation's read of the first item hangs until the test lets it go.
    gate = asyncio.Event()
    hook = fake.on_request("GET", message_read(first.vote_messages[0]), gate.wait)
    bot = await bot_runner.start()
    await eventually(lambda: hook.fired == 1, "the first item is being read")
    await fake.add_reaction(member, second.vote_messages[0], YES)
    # Recorded with the first item's reconciliation still hanging: not after all of it.
    await eventually(lambda: _record_is(bot, second, {member.id: B}), "the live vote recorded")
    assert not gate.is_set() and not bot.votes.reconciler.reconciled.is_set()
    gate.set()
    await eventually(lambda: bot.votes.reconciler.reconciled.is_set(), "reconciled")
    await record_and_reactions_agree(
        bot, fake, second.vote_messages[0], second.yrkande_ids[0], {member.id: B}
    )


async def test_an_item_with_a_live_vote_is_reconciled_before_the_items_without(
    world: World, bot_runner: BotRunner
) -> None:
    fake = world.fake
    bot, first = await started(bot_runner, world)
    second = await publish_item(bot, world, ("att sänka taxan",))
    third = await publish_item(bot, world, ("att bygga ut cykelbanorna",))
    member = world.members[0]
    await bot_runner.stop()
    bot_runner.timings = dataclasses.replace(bot_runner.timings, reconcile_workers=1)
    await fake.add_reaction(member, third.vote_messages[0], NO, dispatch=False)  # while down
    # While the one worker reads the first item, M switches on the third: it goes next.
    hook = fake.on_request(
        "GET",
        message_read(first.vote_messages[0]),
        lambda: fake.add_reaction(member, third.vote_messages[0], YES),
    )
    bot = await bot_runner.start()
    await eventually(lambda: bot.votes.reconciler.reconciled.is_set(), "reconciled")
    assert hook.fired == 1
    reads = [c.path for c in fake.calls("GET", r"^/channels/\d+/messages$")]
    order = [f"/channels/{p.thread_id}/messages" for p in (first, third, second)]
    assert reads[-3:] == order, "the item with the live vote came second"
    # Missed ❌ then live ✅: the live act is the last one.
    await record_and_reactions_agree(
        bot, fake, third.vote_messages[0], third.yrkande_ids[0], {member.id: B}
    )


async def test_deadline_close_during_start_up_counts_a_held_vote_cast_before_the_deadline(
    world: World, bot_runner: BotRunner
) -> None:
    fake = world.fake
    bot, published = await started(bot_runner, world)
    message = published.vote_messages[0]
    anna, bertil = world.members[:2]
    await bot_runner.stop()
    gate = asyncio.Event()
    fake.on_request("GET", message_read(message), gate.wait)
    bot = await bot_runner.start()
    # Before the deadline Anna votes: held, as her item is not yet reconciled.
    await fake.add_reaction(anna, message, YES)
    await eventually(lambda: bot.votes.ingest.holds_events, "Anna's vote held")
    deadline = START + timedelta(days=2)
    bot_runner.clock.set(deadline)  # the scheduler wakes and closes the item
    await asyncio.sleep(0.3)
    # After the deadline, while the close waits, Bertil votes: refused by the deadline rule.
    await fake.add_reaction(bertil, message, NO)
    gate.set()

    async def closed() -> bool:
        async with bot.db.read() as conn:
            return published.yrkande_ids[0] in await positions.for_yrkanden(
                conn, published.yrkande_ids
            )

    await eventually(closed, "closed at the deadline")
    await bot.idle()
    async with bot.db.read() as conn:
        frozen = (await positions.for_yrkanden(conn, published.yrkande_ids))[
            published.yrkande_ids[0]
        ]
    assert (frozen.bifall, frozen.avslag) == (1, 0), "Anna's vote, cast before it, counted"
    assert await _record_is(bot, published, {anna.id: B})
    # Record and reactions agree: Bertil's refused reaction is gone, and he was told.
    await eventually(lambda: held_votes(fake, message) == {anna.id: [B]}, "Bertil's ❌ removed")
    await eventually(lambda: fake.messages_in(fake.dm_channel(bertil)), "Bertil told")


async def test_shard_reconnect_during_start_up_reconciliation_reconciles_again(
    world: World, bot_runner: BotRunner
) -> None:
    fake = world.fake
    bot, first = await started(bot_runner, world)
    second = await publish_item(bot, world, ("att sänka taxan",))
    member = world.members[0]
    await bot_runner.stop()
    gate = asyncio.Event()
    fake.on_request("GET", message_read(first.vote_messages[0]), gate.wait)
    bot = await bot_runner.start()
    ingest = bot.votes.ingest
    second_message = second.vote_messages[0]
    await eventually(lambda: not ingest.held(second_message.id), "the second item reconciled")
    # The shard's session ends; M reacts on the already reconciled item before it is back.
    new_session = within(
        bot.wait_for("shard_ready"), 10, "the new session", progress=lambda: fake.activity
    )
    shard_ready = asyncio.ensure_future(new_session)
    await fake.drop_gateway(refuse_resume=True)  # the client must IDENTIFY anew
    await fake.react_as(member.id, second_message, YES)
    await shard_ready  # the new session is ready while the first item still hangs
    await asyncio.sleep(0.05)  # the bot's own shard_ready listener runs too
    assert ingest.generation == 2 and not gate.is_set()
    gate.set()
    await eventually(lambda: _record_is(bot, second, {member.id: B}), "M's missed vote")
    await eventually(lambda: bot.votes.reconciler.reconciled.is_set(), "reconciled")
    await record_and_reactions_agree(
        bot, fake, second_message, second.yrkande_ids[0], {member.id: B}
    )


async def test_a_live_vote_during_start_up_costs_its_item_no_user_list_read(
    world: World, bot_runner: BotRunner
) -> None:
    fake = world.fake
    bot, published = await started(bot_runner, world)
    message, member = published.vote_messages[0], world.members[0]
    await bot_runner.stop()
    # M votes live as the start-up reconciliation reads the item: its counts then differ
    # from the record by exactly the live vote the bot holds, so no user list is read.
    hook = fake.on_request(
        "GET", message_read(message), lambda: fake.add_reaction(member, message, YES)
    )
    lists_before = len(fake.calls("GET", r"/reactions/[^/]+$"))
    bot = await bot_runner.start()
    await eventually(lambda: bot.votes.reconciler.reconciled.is_set(), "reconciled")
    assert hook.fired == 1
    await record_and_reactions_agree(bot, fake, message, published.yrkande_ids[0], {member.id: B})
    assert len(fake.calls("GET", r"/reactions/[^/]+$")) == lists_before
