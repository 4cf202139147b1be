"""An English-speaking group, end to end: every answer, vote message, reminder, DM and the
minutes in English, through the same commands a Swedish group uses."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.app import YrkaBot
from bot.clock import FixedClock
from bot.domain.models import EMOJI_BY_CHOICE, Choice
from tests.support.e2e import BotRunner, World, settled
from tests.support.fakediscord import FakeDiscord

pytestmark = pytest.mark.e2e

YES, NO, ABSTAIN = (EMOJI_BY_CHOICE[c] for c in (Choice.BIFALL, Choice.AVSLAG, Choice.AVSTAR))
MOTION = (
    "Motion on night buses\n\n"
    "Förslag till beslut\n\n"
    "att regionen inför nattbussar\n\n"
    "att taxan sänks\n\n"
    "Anna Svensson (V)"
)


async def test_english_group_from_setup_to_minutes(
    world: World, bot_runner: BotRunner, fake_discord: FakeDiscord
) -> None:
    fake = fake_discord
    bot: YrkaBot = await bot_runner.start()
    setup = await fake.run_command(
        world.admin,
        world.channel,
        "setup group",
        {
            "member_role": world.member_role,
            "chair_role": world.chair_role,
            "channel": world.channel,
            "secretary_role": world.secretary_role,
            "language": "en",
        },
    )
    assert "Done! The group is set up" in (await setup.response()).content

    created = await fake.run_command(
        world.chair, world.channel, "meeting create", {"title": "Council", "date": "2026-12-08"}
    )
    assert "Meeting 1 is created: **Council**" in (await created.response()).content

    post = await fake.run_command(
        world.chair, world.channel, "motion post", {"meeting": 1, "text": MOTION}
    )
    [preview] = await post.followups(1, timeout=10)
    [publish] = [cid for cid in preview.custom_ids() if cid.endswith(":publish")]
    click = await fake.click_button(world.chair, preview, publish)
    published = await click.original_edited(timeout=10)
    assert published.content.startswith("Published as item 1:")

    [thread] = [c for c in fake.guild.channels.values() if c.is_thread]
    votes = [m for m in fake.messages_in(thread) if "Clause" in m.content or "of 2" in m.content]
    assert len(votes) == 2, [m.content for m in fake.messages_in(thread)]
    first = votes[0]
    for member, emoji in zip(world.voters, [YES] * 5 + [NO, ABSTAIN], strict=False):
        await fake.add_reaction(member, first, emoji)
    await fake.add_reaction(world.outsider, first, YES)
    await settled(bot, fake)
    assert "✅ 5 bifall · ❌ 1 avslag · ➖ 1 avstår · 1 not voted" in first.content
    [notice] = fake.messages_in(fake.dm_channel(world.outsider))
    assert "only voting members can vote" in notice.content

    status = await fake.run_command(world.secretary, world.channel, "motion status", {"motion": 1})
    [answer] = await status.followups(1)
    assert "**Item 1: Motion on night buses**" in answer.embeds[0]["description"]

    clock = bot_runner.clock
    assert isinstance(clock, FixedClock)
    clock.advance(timedelta(days=12))  # past the deadline: the scheduler closes the item
    await settled(bot, fake)
    assert "Voting is closed. The group's line:" in first.content

    export = await fake.run_command(
        world.secretary, world.channel, "export", {"meeting": 1, "format": "md"}
    )
    [message] = await export.followups(1, timeout=30)
    [minutes] = [f.data.decode("utf-8") for f in message.files]
    assert "Minutes – Group meeting" in minutes and "Clause 1" in minutes
    assert "Protokoll" not in minutes and "Att-sats" not in minutes
