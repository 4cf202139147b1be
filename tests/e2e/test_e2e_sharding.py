"""End to end: the bot is auto-sharded, and groups on different shards work alike."""

from __future__ import annotations

import asyncio

import discord
import pytest

from bot.app import YrkaBot
from bot.domain.models import EMOJI_BY_CHOICE, Choice
from bot.services import voting
from tests.support.e2e import (
    BotRunner,
    World,
    build_world,
    eventually,
    publish_item,
    settled,
    setup_group,
)
from tests.support.fakediscord.gateway import shard_of

pytestmark = pytest.mark.e2e

YES, NO = EMOJI_BY_CHOICE[Choice.BIFALL], EMOJI_BY_CHOICE[Choice.AVSLAG]


async def test_two_groups_on_two_shards_set_up_publish_and_vote(
    world: World, bot_runner: BotRunner
) -> None:
    fake = world.fake
    fake.shards, fake.max_concurrency = 2, 2
    first_shard = shard_of(world.guild.id, 2)
    other = await fake.add_guild("Andra gruppen", shard=(1 - first_shard, 2))
    second = await build_world(fake, ("Gun", "Hans", "Ida"), guild=other)

    started = asyncio.get_running_loop().time()
    bot = await bot_runner.start()
    assert asyncio.get_running_loop().time() - started < 4.0  # both shards IDENTIFY at once

    assert isinstance(bot, YrkaBot) and bot.shard_count == 2
    assert sorted(s.shard for s in fake.sessions) == [(0, 2), (1, 2)]
    assert {g.id for g in bot.guilds} == {world.guild.id, other.id}
    assert {bot.get_guild(g.id).shard_id for g in (world.guild, other)} == {0, 1}  # type: ignore[union-attr]

    for group in (world, second):
        await setup_group(group)  # each interaction arrives on its guild's shard
    first_item = await publish_item(bot, world, ("att införa nattbussar",))
    second_item = await publish_item(bot, second, ("att sänka taxan",))
    await fake.add_reaction(world.members[0], first_item.vote_messages[0], YES)
    await fake.add_reaction(second.members[0], second_item.vote_messages[0], NO)
    await fake.add_reaction(second.outsider, second_item.vote_messages[0], YES)  # refused
    await settled(bot, fake)

    async def recorded() -> bool:
        first = await voting.current_votes_of(bot.db, first_item.yrkande_ids[0])
        other_votes = await voting.current_votes_of(bot.db, second_item.yrkande_ids[0])
        return first == {world.members[0].id: Choice.BIFALL} and other_votes == {
            second.members[0].id: Choice.AVSLAG
        }

    await eventually(recorded, "a vote in each shard's group is recorded")
    await eventually(
        lambda: (
            second.outsider.id not in fake.reactions_on(second_item.vote_messages[0]).get(YES, [])
        ),
        "the outsider's reaction on the second shard is removed",
    )
    # Each shard's session carried its own group's events only, and both carried some.
    for session in fake.sessions:
        guilds = {guild_id for _, guild_id in session.guild_events}
        assert guilds == {world.guild.id if session.shard[0] == first_shard else other.id}
        events = {event for event, _ in session.guild_events}
        assert {"GUILD_CREATE", "INTERACTION_CREATE", "MESSAGE_REACTION_ADD"} <= events


async def test_the_fake_refuses_a_bot_with_too_few_shards(
    world: World, bot_runner: BotRunner
) -> None:
    fake = world.fake
    fake.required_shards = 2  # as Discord does past 2,500 servers per shard (close code 4011)
    with pytest.raises(discord.ConnectionClosed) as refused:
        await bot_runner.start()
    assert refused.value.code == 4011
