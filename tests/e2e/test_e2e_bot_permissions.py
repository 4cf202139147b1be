"""End to end: what Yrka itself may do in the group's channel (permission overwrites on the fake).

/setup group refuses a channel where the bot lacks a permission, a permission lost later is
reported once, and a 403 while publishing or removing a reaction reaches the chair."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from bot.app import YrkaBot
from bot.services.setup import get_group
from cogs import _agenda_flow
from tests.e2e import test_e2e_agenda as agenda_test
from tests.e2e.test_e2e_motion import add_meeting, only_item, post_seed, publish
from tests.e2e.test_e2e_voting import NO, YES
from tests.support import kallelser
from tests.support.e2e import BotRunner, World, eventually, publish_item, settled, setup_group
from tests.support.fakediscord import FakeMessage
from tests.support.fakediscord.permissions import CREATE_PRIVATE_THREADS
from tests.support.fakediscord.state import (
    ADD_REACTIONS,
    CREATE_PUBLIC_THREADS,
    MANAGE_MESSAGES,
    SEND_MESSAGES,
    VIEW_CHANNEL,
)

pytestmark = pytest.mark.e2e


def setup_options(world: World) -> dict[str, object]:
    return {
        "member_role": world.member_role,
        "chair_role": world.chair_role,
        "channel": world.channel,
        "secretary_role": world.secretary_role,
    }


def notices(world: World) -> list[FakeMessage]:
    """The bot's messages in the group's channel addressed to the chair role."""
    return [
        m
        for m in world.fake.messages_in(world.channel)
        if m.author.id == world.fake.bot_user.id and world.chair_role.mention in m.content
    ]


@pytest.mark.parametrize(
    ("denied", "named"),
    [(MANAGE_MESSAGES, "Hantera meddelanden"), (CREATE_PUBLIC_THREADS, "Skapa offentliga trådar")],
)
async def test_setup_group_refuses_a_channel_where_the_bot_lacks_a_permission(
    world: World, bot_runner: BotRunner, denied: int, named: str
) -> None:
    fake = world.fake
    await fake.set_overwrite(world.channel, fake.bot_role(), deny=denied)
    bot = await bot_runner.start()
    interaction = await fake.run_command(
        world.admin, world.channel, "setup group", setup_options(world)
    )
    reply = await interaction.response()
    assert reply.ephemeral
    assert named in reply.content and world.channel.mention in reply.content
    assert fake.bot_role().mention in reply.content  # where to grant it
    assert "Klart" not in reply.content
    assert await get_group(bot.db, world.guild.id) is None

    await fake.set_overwrite(world.channel, fake.bot_role())  # the admin fixes it
    await setup_group(world)
    assert await get_group(bot.db, world.guild.id) is not None


async def test_a_member_overwrite_denying_the_bot_counts_too(
    world: World, bot_runner: BotRunner
) -> None:
    fake = world.fake
    bot_member = fake.guild.members[fake.bot_user.id]
    await fake.set_overwrite(world.channel, bot_member, deny=MANAGE_MESSAGES | SEND_MESSAGES)
    await bot_runner.start()
    interaction = await fake.run_command(
        world.admin, world.channel, "setup group", setup_options(world)
    )
    reply = await interaction.response()
    assert "Hantera meddelanden" in reply.content and "Skicka meddelanden," in reply.content
    # Without SEND_MESSAGES Discord also withholds Embed Links and Attach Files.
    assert "Bädda in länkar" in reply.content and "Bifoga filer" in reply.content


async def test_permission_lost_after_setup_is_reported_once_and_shown_by_setup_show(
    running_bot: YrkaBot, world: World, bot_runner: BotRunner
) -> None:
    fake = world.fake
    await fake.set_overwrite(world.channel, fake.bot_role(), deny=MANAGE_MESSAGES)
    notice = await fake.wait_for(lambda m: "förlorat behörigheter" in m.content)
    assert "Hantera meddelanden" in notice.content and world.chair_role.mention in notice.content
    mentions = fake.calls("POST", rf"/channels/{world.channel.id}/messages$")[-1].json[
        "allowed_mentions"
    ]
    assert [int(r) for r in mentions["roles"]] == [world.chair_role.id]  # the chair is pinged

    # More changes that leave the gap, and a restart: nobody is told twice.
    await fake.set_overwrite(
        world.channel, fake.bot_role(), deny=MANAGE_MESSAGES | CREATE_PRIVATE_THREADS
    )
    await fake.set_role_permissions(world.member_role, world.member_role.permissions)
    await bot_runner.restart()
    await fake.settle()
    assert len(notices(world)) == 1

    show = await fake.run_command(world.chair, world.channel, "setup show")
    shown = (await show.response()).embeds[0]["description"]
    assert "Yrka saknar behörigheter" in shown and "Hantera meddelanden" in shown

    # Fixed, then lost again: that is news again.
    await fake.set_overwrite(world.channel, fake.bot_role())
    await fake.set_overwrite(world.channel, fake.guild.everyone, deny=CREATE_PUBLIC_THREADS)
    await fake.wait_for(lambda m: "Skapa offentliga trådar" in m.content)
    assert len(notices(world)) == 2


async def test_role_permission_changes_are_checked_too(running_bot: YrkaBot, world: World) -> None:
    fake = world.fake
    everyone = fake.guild.everyone
    await fake.set_role_permissions(everyone, everyone.permissions & ~ADD_REACTIONS)
    assert notices(world) == []  # the bot's own role still grants it
    await fake.set_role_permissions(fake.bot_role(), fake.bot_role().permissions & ~ADD_REACTIONS)
    notice = await fake.wait_for(lambda m: "Lägg till reaktioner" in m.content)
    assert "förlorat" in notice.content


async def test_channel_the_bot_can_no_longer_see_is_logged_with_the_guild(
    running_bot: YrkaBot, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    fake = world.fake
    before = len(fake.messages_in(world.channel))
    with caplog.at_level(logging.WARNING, logger="cogs.bot_permissions"):
        await fake.set_overwrite(world.channel, fake.guild.everyone, deny=VIEW_CHANNEL)

        async def logged() -> bool:
            return any(str(world.guild.id) in r.getMessage() for r in caplog.records)

        await eventually(logged, "the loss is logged with the guild")
    assert "view_channel" in caplog.text
    assert len(fake.messages_in(world.channel)) == before  # nothing posted (it could not)


async def test_publishing_refused_by_discord_is_reported_and_resumes_after_the_fix(
    running_bot: YrkaBot, world: World
) -> None:
    fake = world.fake
    meeting = await add_meeting(running_bot, world, deadline_in=timedelta(days=2))
    preview = await post_seed(world, meeting)
    # Lost without the bot seeing it (a missed event): only Discord's 403 tells.
    await fake.set_overwrite(
        world.channel, fake.bot_role(), deny=CREATE_PUBLIC_THREADS, dispatch=False
    )
    click = await fake.click_button(world.chair, preview, "yrka:draft:1:publish")
    [refusal] = await click.followups(1)
    assert refusal.ephemeral and "Discord lät inte Yrka publicera" in refusal.content
    assert "Publicera igen" in refusal.content
    assert fake.calls("POST", r"/threads$")[-1].status == 403
    heads = [m for m in fake.messages_in(world.channel) if m.embeds]
    assert len(heads) == 1  # the motion itself was posted before the refusal

    await fake.set_overwrite(world.channel, fake.bot_role(), dispatch=False)  # fixed
    await publish(world, preview)
    item = await only_item(running_bot, world)
    assert item.thread_id is not None and item.status.value == "open"
    assert [m.id for m in fake.messages_in(world.channel) if m.embeds] == [heads[0].id]
    votes = fake.messages_in(fake.guild.channels[item.thread_id])
    assert len(votes) == len(item.yrkanden) and all(YES in fake.reactions_on(v) for v in votes)


async def test_reaction_removal_refused_by_discord_is_reported_to_the_chair_once(
    running_bot: YrkaBot, world: World
) -> None:
    fake = world.fake
    published = await publish_item(running_bot, world, ("att införa nattbussar",))
    message = published.vote_messages[0]
    await fake.set_overwrite(world.channel, fake.bot_role(), deny=MANAGE_MESSAGES, dispatch=False)
    anna, bertil = world.members[:2]
    for member in (anna, bertil):
        await fake.add_reaction(member, message, NO)
        await fake.add_reaction(member, message, YES)  # the bot must take ❌ off: 403
    await settled(running_bot, fake)
    [notice] = notices(world)
    assert "ta bort en ersatt reaktion" in notice.content
    assert "Hantera meddelanden" in notice.content
    # The record is right even though the view could not be corrected.
    assert fake.reactions_on(message)[NO] == [fake.bot_user.id, anna.id, bertil.id]


async def test_agenda_publishing_refused_by_discord_tells_the_chair_what_to_grant_and_resumes(
    world: World, bot_runner: BotRunner
) -> None:
    fake = world.fake
    bot = await bot_runner.start()
    agenda_test._fast(bot)
    await agenda_test._meeting(world)
    kallelse = kallelser.build(10, shape="arende", seed=5)
    preview = await agenda_test._import(world, kallelse)
    # Lost without the bot seeing it (a missed event): only Discord's 403/50013 tells.
    await fake.set_overwrite(
        world.channel, fake.bot_role(), deny=CREATE_PUBLIC_THREADS, dispatch=False
    )
    click = await fake.click_button(world.chair, preview, agenda_test._id(preview, ":publish:0$"))
    await click.response()
    await _agenda_flow.wait_for_publishing()
    assert fake.calls("POST", r"/threads$")[-1].status == 403
    stopped = await fake.wait_for(lambda m: "Publiceringen stannade" in (m.content or ""))
    # The chair is told what is missing and where to grant it, in the progress message.
    assert "Skapa offentliga trådar" in stopped.content, stopped.content
    assert fake.bot_role().mention in stopped.content
    assert "Traceback" not in stopped.content
    heads = agenda_test._item_embeds(world)
    assert heads == []  # no item got its thread

    await fake.set_overwrite(world.channel, fake.bot_role(), dispatch=False)  # fixed
    preview = fake.messages[preview.id]
    again = await fake.click_button(world.chair, preview, agenda_test._id(preview, ":publish:0$"))
    await again.response()
    await agenda_test._wait_published(world)
    await _agenda_flow.wait_for_publishing()
    decisions = [e for e in kallelse.items if not agenda_test._informational(e)]
    embeds = [m for m in fake.messages_in(world.channel) if m.embeds]
    titles = [m.embeds[0]["title"].split(". ", 1)[1] for m in embeds]
    assert titles == [e["title"] for e in decisions]  # each posted once, in agenda order
    assert all(m.thread_id for m in embeds)
