"""End to end: one member's acts racing the bot's own work, each race pinned on the fake.

Each test is one of the sequences of issue 11: member M on one vote message, with the
race made exact by `fake.on_request` (M acts at the moment a given request of the bot
arrives, before the fake answers it). Each ends with the record equal to the reactions,
M's last act counted, after `/motion status` (which reconciles) and after `/motion close`.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import pytest

from bot.app import YrkaBot
from bot.domain.models import CHOICE_BY_EMOJI, EMOJI_BY_CHOICE, Choice
from bot.services import voting
from db import positions
from tests.support.e2e import BotRunner, Published, World, eventually, publish_item, setup_group
from tests.support.fakediscord import FakeDiscord, FakeMember, FakeMessage

pytestmark = pytest.mark.e2e

B, A, S = Choice.BIFALL, Choice.AVSLAG, Choice.AVSTAR
YES, NO, ABSTAIN = EMOJI_BY_CHOICE[B], EMOJI_BY_CHOICE[A], EMOJI_BY_CHOICE[S]


def message_read(message: FakeMessage) -> str:
    """The path of the reconciliation's read of the vote message (its thread's messages,
    which carry their reaction counts)."""
    return rf"^/channels/{message.channel_id}/messages$"


def users_read(message: FakeMessage, emoji: str) -> str:
    """The path of a read of the users who reacted with `emoji`."""
    return rf"^/channels/\d+/messages/{message.id}/reactions/{re.escape(emoji)}$"


def removal_of(message: FakeMessage, emoji: str, member: FakeMember) -> str:
    """The path of the bot's removal of a member's reaction."""
    return rf"^/channels/\d+/messages/{message.id}/reactions/{re.escape(emoji)}/{member.id}$"


def held_votes(fake: FakeDiscord, message: FakeMessage) -> dict[int, list[Choice]]:
    """Member -> the vote reactions they hold on the message (the bot's own left out)."""
    held: dict[int, list[Choice]] = {}
    for emoji, users in fake.reactions_on(message).items():
        choice = CHOICE_BY_EMOJI.get(emoji)
        for user_id in users:
            if user_id != fake.bot_user.id and choice is not None:
                held.setdefault(user_id, []).append(choice)
    return {user_id: sorted(choices) for user_id, choices in held.items()}


async def record_and_reactions_agree(
    bot: YrkaBot,
    fake: FakeDiscord,
    message: FakeMessage,
    yrkande_id: int,
    expected: dict[int, Choice],
) -> None:
    """Wait until the record and the reactions both say `expected` (and stay so)."""
    wanted = {member_id: [choice] for member_id, choice in expected.items()}

    async def agree() -> bool:
        await bot.votes.drained()
        record = await voting.current_votes_of(bot.db, yrkande_id)
        return record == expected and held_votes(fake, message) == wanted

    await eventually(agree, f"record and reactions both {expected}")
    await fake.settle()
    await bot.votes.drained()
    assert await voting.current_votes_of(bot.db, yrkande_id) == expected
    assert held_votes(fake, message) == wanted


async def status_then_close_agree(
    bot: YrkaBot, world: World, published: Published, expected: dict[int, Choice]
) -> None:
    """/motion status (reconciles) and /motion close keep the record equal to the reactions."""
    fake, message, yrkande_id = world.fake, published.vote_messages[0], published.yrkande_ids[0]
    status = await fake.run_command(world.chair, world.channel, "motion status", {"motion": 1})
    (reply,) = await status.followups(1)
    counts = {c: list(expected.values()).count(c) for c in Choice}
    assert (
        f"{counts[B]} bifall · ❌ {counts[A]} avslag · ➖ {counts[S]} avstår"
        in (reply.embeds[0]["description"])
    )
    await record_and_reactions_agree(bot, fake, message, yrkande_id, expected)
    close = await fake.run_command(world.chair, world.channel, "motion close", {"motion": 1})
    await close.followups(1)
    async with bot.db.read() as conn:
        frozen = (await positions.for_yrkanden(conn, [yrkande_id]))[yrkande_id]
    assert (frozen.bifall, frozen.avslag, frozen.avstar) == (counts[B], counts[A], counts[S])
    assert await voting.current_votes_of(bot.db, yrkande_id) == expected
    assert held_votes(fake, message) == {m: [c] for m, c in expected.items()}


async def started(bot_runner: BotRunner, world: World) -> tuple[YrkaBot, Published]:
    bot = await bot_runner.start()
    await setup_group(world)
    published = await publish_item(bot, world, ("att införa nattbussar",))
    return bot, published


async def restarted(bot_runner: BotRunner) -> YrkaBot:
    bot = await bot_runner.start()
    await eventually(
        lambda: _set(bot.votes.reconciler.reconciled.is_set()), "start-up reconciliation"
    )
    return bot


async def _set(flag: bool) -> bool:
    return flag


def acts(runner: BotRunner, *steps: Callable[[], Awaitable[Any]]) -> Callable[[], Awaitable[None]]:
    """Acts of people, one after the other, as one hook action; the clock moves a second after
    each, so an event received during a reconciliation has an earlier time than its findings."""

    async def run() -> None:
        for step in steps:
            await step()
            runner.clock.advance(timedelta(seconds=1))

    return run


RECONCILE_READS = ["message", YES, NO]


def read_path(message: FakeMessage, read: str) -> str:
    return message_read(message) if read == "message" else users_read(message, read)


@pytest.mark.parametrize("read", RECONCILE_READS)
async def test_1_vote_while_down_then_switch_during_reconciliation_counts_the_switch(
    world: World, bot_runner: BotRunner, read: str
) -> None:
    fake = world.fake
    bot, published = await started(bot_runner, world)
    message, member = published.vote_messages[0], world.members[0]
    await bot_runner.stop()
    await fake.add_reaction(member, message, YES, dispatch=False)
    hook = fake.on_request(
        "GET",
        read_path(message, read),
        acts(bot_runner, lambda: fake.add_reaction(member, message, NO)),
    )
    bot = await restarted(bot_runner)
    assert hook.fired == 1
    await record_and_reactions_agree(bot, fake, message, published.yrkande_ids[0], {member.id: A})
    await status_then_close_agree(bot, world, published, {member.id: A})


@pytest.mark.parametrize("read", RECONCILE_READS)
async def test_2_vote_while_down_taken_off_during_reconciliation_counts_nothing(
    world: World, bot_runner: BotRunner, read: str
) -> None:
    fake = world.fake
    bot, published = await started(bot_runner, world)
    message, member = published.vote_messages[0], world.members[0]
    await bot_runner.stop()
    await fake.add_reaction(member, message, YES, dispatch=False)
    hook = fake.on_request(
        "GET",
        read_path(message, read),
        acts(bot_runner, lambda: fake.remove_reaction(member, message, YES)),
    )
    bot = await restarted(bot_runner)
    assert hook.fired == 1
    await record_and_reactions_agree(bot, fake, message, published.yrkande_ids[0], {})
    await status_then_close_agree(bot, world, published, {})


@pytest.mark.parametrize("read", RECONCILE_READS)
async def test_3_switch_during_motion_status_counts_the_switch(
    world: World, bot_runner: BotRunner, read: str
) -> None:
    fake = world.fake
    bot, published = await started(bot_runner, world)
    message, member = published.vote_messages[0], world.members[0]
    await fake.add_reaction(member, message, YES)
    await record_and_reactions_agree(bot, fake, message, published.yrkande_ids[0], {member.id: B})
    hook = fake.on_request(
        "GET",
        read_path(message, read),
        acts(
            bot_runner,
            lambda: fake.remove_reaction(member, message, YES),
            lambda: fake.add_reaction(member, message, NO),
        ),
    )
    status = await fake.run_command(world.chair, world.channel, "motion status", {"motion": 1})
    await status.followups(1)
    assert hook.fired == 1
    await record_and_reactions_agree(bot, fake, message, published.yrkande_ids[0], {member.id: A})
    await status_then_close_agree(bot, world, published, {member.id: A})


async def test_4_bots_removal_of_an_old_vote_landing_during_reconciliation_counts_nothing(
    world: World, bot_runner: BotRunner
) -> None:
    fake = world.fake
    bot, published = await started(bot_runner, world)
    message, member = published.vote_messages[0], world.members[0]
    ingest = bot.votes.ingest
    await fake.add_reaction(member, message, YES)
    await record_and_reactions_agree(bot, fake, message, published.yrkande_ids[0], {member.id: B})
    # M goes ✅ -> ➖ and takes ➖ off while the bot's removal of the old ✅ is on its way;
    # a reconciliation (/motion status) reads ✅ still there, then the removal lands and the
    # bot receives its event before the reconciliation reads ❌.
    commands: list[Any] = []
    received: list[int] = []

    async def status_reads_yes() -> None:
        received.append(ingest.received)
        read = fake.on_request("GET", users_read(message, YES), _nothing)
        commands.append(
            await fake.run_command(world.chair, world.channel, "motion status", {"motion": 1})
        )
        await eventually(lambda: _set(read.fired == 1), "the reconciliation reads ✅")

    async def removal_event_received() -> None:
        await eventually(lambda: _set(ingest.received > received[0]), "the removal's event arrives")

    hook = fake.on_request(
        "DELETE",
        removal_of(message, YES, member),
        acts(bot_runner, lambda: fake.remove_reaction(member, message, ABSTAIN), status_reads_yes),
    )
    late = fake.on_request("GET", users_read(message, NO), acts(bot_runner, removal_event_received))
    await fake.add_reaction(member, message, ABSTAIN)
    await eventually(lambda: _set(bool(commands)), "/motion status started")
    await commands[0].followups(1)
    assert hook.fired == 1 and late.fired == 1
    await record_and_reactions_agree(bot, fake, message, published.yrkande_ids[0], {})
    await status_then_close_agree(bot, world, published, {})


async def _nothing() -> None:
    return None


async def test_5_reaction_added_between_reading_the_message_and_its_users_loses_no_vote(
    world: World, bot_runner: BotRunner
) -> None:
    fake = world.fake
    bot, published = await started(bot_runner, world)
    message = published.vote_messages[0]
    last = await fake.add_member("Östen", [world.member_role])  # the highest user id
    other = world.members[0]
    assert last.id > max(v.id for v in world.voters)
    await fake.add_reaction(last, message, YES)
    await record_and_reactions_agree(bot, fake, message, published.yrkande_ids[0], {last.id: B})
    hook = fake.on_request(
        "GET",
        users_read(message, YES),
        acts(bot_runner, lambda: fake.add_reaction(other, message, YES)),
    )
    status = await fake.run_command(world.chair, world.channel, "motion status", {"motion": 1})
    await status.followups(1)
    assert hook.fired == 1
    expected = {last.id: B, other.id: B}
    await record_and_reactions_agree(bot, fake, message, published.yrkande_ids[0], expected)
    await status_then_close_agree(bot, world, published, expected)


async def test_6_taken_off_and_put_back_while_the_old_removal_waits_keeps_the_last_act(
    world: World, bot_runner: BotRunner
) -> None:
    fake = world.fake
    bot, published = await started(bot_runner, world)
    message, member = published.vote_messages[0], world.members[0]
    await fake.add_reaction(member, message, YES)
    await record_and_reactions_agree(bot, fake, message, published.yrkande_ids[0], {member.id: B})
    # The bot is busy taking off a guest's refused reaction (the fake holds that request),
    # so the removal of M's old ✅ waits while M acts.
    gate = asyncio.Event()
    guest = world.outsider
    held = fake.on_request("DELETE", removal_of(message, YES, guest), gate.wait)
    await fake.add_reaction(guest, message, YES)
    await eventually(lambda: _set(held.fired == 1), "the bot is removing the guest's reaction")
    await fake.add_reaction(member, message, NO)  # switch: the bot must take ✅ off

    async def switched() -> bool:
        return await voting.current_votes_of(bot.db, published.yrkande_ids[0]) == {member.id: A}

    await eventually(switched, "the switch is recorded")
    bot_runner.clock.advance(timedelta(seconds=1))
    await fake.remove_reaction(member, message, YES)
    await fake.add_reaction(member, message, YES)  # M's last act: ✅ again
    gate.set()
    await record_and_reactions_agree(bot, fake, message, published.yrkande_ids[0], {member.id: B})
    assert guest.id not in fake.reactions_on(message).get(YES, [])
    await status_then_close_agree(bot, world, published, {member.id: B})


async def test_7_vote_recorded_live_before_start_up_reconciliation_beats_a_missed_one(
    world: World, bot_runner: BotRunner
) -> None:
    fake = world.fake
    bot, first = await started(bot_runner, world)
    second = await publish_item(bot, world, ("att sänka taxan",))
    message, member = second.vote_messages[0], world.members[0]
    await bot_runner.stop()
    await fake.add_reaction(member, message, YES, dispatch=False)
    # While the start-up reconciliation reads the first item, M adds ❌ on the second one:
    # recorded live before the second item is reconciled.
    hook = fake.on_request(
        "GET",
        message_read(first.vote_messages[0]),
        acts(bot_runner, lambda: fake.add_reaction(member, message, NO)),
    )
    bot = await restarted(bot_runner)
    assert hook.fired == 1
    reads = [c.path for c in fake.calls("GET", r"^/channels/\d+/messages$")]
    assert reads.index(reads[-2]) < reads.index(reads[-1])
    assert reads[-2] == f"/channels/{first.thread_id}/messages"
    assert reads[-1] == f"/channels/{second.thread_id}/messages", "the second item came second"
    await record_and_reactions_agree(bot, fake, message, second.yrkande_ids[0], {member.id: A})
    status = await fake.run_command(world.chair, world.channel, "motion status", {"motion": 2})
    await status.followups(1)
    await record_and_reactions_agree(bot, fake, message, second.yrkande_ids[0], {member.id: A})
    close = await fake.run_command(world.chair, world.channel, "motion close", {"motion": 2})
    await close.followups(1)
    async with bot.db.read() as conn:
        frozen = (await positions.for_yrkanden(conn, second.yrkande_ids))[second.yrkande_ids[0]]
    assert (frozen.bifall, frozen.avslag, frozen.avstar) == (0, 1, 0)


async def test_8_reaction_the_bot_removed_put_back_while_down_is_a_new_act(
    world: World, bot_runner: BotRunner
) -> None:
    fake = world.fake
    bot, published = await started(bot_runner, world)
    message, member = published.vote_messages[0], world.members[0]
    await fake.add_reaction(member, message, NO)
    await fake.add_reaction(member, message, YES)  # switch: the bot removes ❌
    await record_and_reactions_agree(bot, fake, message, published.yrkande_ids[0], {member.id: B})
    await bot_runner.stop()
    await fake.add_reaction(member, message, NO, dispatch=False)  # M's last act
    bot = await restarted(bot_runner)
    await record_and_reactions_agree(bot, fake, message, published.yrkande_ids[0], {member.id: A})
    await status_then_close_agree(bot, world, published, {member.id: A})


async def test_two_new_reactions_made_while_down_have_no_order_so_the_member_is_asked_again(
    world: World, bot_runner: BotRunner
) -> None:
    fake = world.fake
    bot, published = await started(bot_runner, world)
    message, member = published.vote_messages[0], world.members[0]
    await fake.add_reaction(member, message, ABSTAIN)
    await record_and_reactions_agree(bot, fake, message, published.yrkande_ids[0], {member.id: S})
    await bot_runner.stop()
    await fake.add_reaction(member, message, YES, dispatch=False)
    await fake.add_reaction(member, message, NO, dispatch=False)
    bot = await restarted(bot_runner)
    await record_and_reactions_agree(bot, fake, message, published.yrkande_ids[0], {})
    await eventually(
        lambda: _set(bool(fake.messages_in(fake.dm_channel(member)))), "the member is told"
    )
    assert "kunde inte läsas" in fake.messages_in(fake.dm_channel(member))[-1].content
    await status_then_close_agree(bot, world, published, {})


async def test_motion_close_reconciles_before_it_freezes_the_tally(
    world: World, bot_runner: BotRunner
) -> None:
    fake = world.fake
    bot, published = await started(bot_runner, world)
    message = published.vote_messages[0]
    anna, bertil = world.members[:2]
    await fake.add_reaction(anna, message, YES)
    await fake.add_reaction(bertil, message, NO, dispatch=False)  # never seen by the bot
    close = await fake.run_command(world.chair, world.channel, "motion close", {"motion": 1})
    await close.followups(1)
    async with bot.db.read() as conn:
        frozen = (await positions.for_yrkanden(conn, published.yrkande_ids))[
            published.yrkande_ids[0]
        ]
    assert (frozen.bifall, frozen.avslag, frozen.avstar) == (1, 1, 0)
    assert await voting.current_votes_of(bot.db, published.yrkande_ids[0]) == {
        anna.id: B,
        bertil.id: A,
    }


async def test_custom_emoji_is_refused_and_removed_by_id_even_after_a_rename(
    world: World, bot_runner: BotRunner
) -> None:
    fake = world.fake
    bot, published = await started(bot_runner, world)
    message, member = published.vote_messages[0], world.members[0]
    await fake.add_reaction(member, message, "<:yrka:112233445566778899>")
    # While the bot is down another member reacts with the same emoji, since renamed.
    await bot_runner.stop()
    await fake.add_reaction(
        world.members[1], message, "<:yrka_ny:112233445566778899>", dispatch=False
    )
    bot = await restarted(bot_runner)
    await record_and_reactions_agree(bot, fake, message, published.yrkande_ids[0], {})
    assert [e for e in fake.reactions_on(message) if "112233445566778899" in e] == []
