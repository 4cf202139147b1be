"""End to end: start-up, command sync and /setup over the fake Discord."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.app import YrkaBot
from bot.domain.models import Choice
from bot.services import voting
from db import groups
from tests.e2e.test_e2e_attendance import publish_motion
from tests.e2e.test_e2e_motion import add_meeting
from tests.support.e2e import BotRunner, World, settled, setup_group
from tests.support.fakediscord import FakeDiscord

pytestmark = pytest.mark.e2e


async def test_bot_starts_and_syncs_commands_with_swedish_names(
    world: World, bot_runner: BotRunner, fake_discord: FakeDiscord
) -> None:
    await bot_runner.start()
    setup = fake_discord.find_command("setup", None)
    payload = setup.data
    assert payload["name_localizations"]["sv-SE"] == "installera"
    names = {option["name"] for option in payload["options"]}
    assert names == {"group", "rules", "show"}


async def test_restart_does_not_sync_unchanged_commands(
    world: World, bot_runner: BotRunner, fake_discord: FakeDiscord
) -> None:
    await bot_runner.start()
    await bot_runner.restart()
    syncs = [r for r in fake_discord.requests if r.method == "PUT" and r.path.endswith("/commands")]
    assert len(syncs) == 1


async def test_admin_sets_up_the_group(world: World, bot_runner: BotRunner) -> None:
    bot = await bot_runner.start()
    await setup_group(world)
    async with bot.db.read() as conn:
        group = await groups.get(conn, world.guild.id)
    assert group is not None and group.configured
    assert group.chair_role_id == world.chair_role.id
    assert group.secretary_role_id == world.secretary_role.id


async def test_member_without_rights_is_refused_and_nothing_changes(
    world: World, bot_runner: BotRunner
) -> None:
    bot = await bot_runner.start()
    interaction = await world.fake.run_command(
        world.members[0],
        world.channel,
        "setup group",
        {
            "member_role": world.member_role,
            "chair_role": world.member_role,
            "channel": world.channel,
        },
    )
    reply = await interaction.response()
    assert reply.ephemeral
    assert "behörighet" in reply.content
    async with bot.db.read() as conn:
        assert await groups.get(conn, world.guild.id) is None


async def test_chair_changes_rules_and_sees_them(running_bot: YrkaBot, world: World) -> None:
    interaction = await world.fake.run_command(
        world.chair,
        world.channel,
        "setup rules",
        {"quorum_percent": 60, "majority": "two_thirds", "tie_break": "lottery"},
    )
    reply = await interaction.response()
    assert "60 %" in reply.content and "två tredjedelar" in reply.content
    show = await world.fake.run_command(world.members[0], world.channel, "setup show")
    shown = await show.response()
    assert "behörighet" not in shown.content
    description = shown.embeds[0]["description"]
    assert "lottning" in description and "kan läsa kommentarer" in description


async def test_rules_before_setup_tell_how_to_start(world: World, bot_runner: BotRunner) -> None:
    await bot_runner.start()
    interaction = await world.fake.run_command(
        world.admin, world.channel, "setup rules", {"quorum_percent": 40}
    )
    reply = await interaction.response()
    assert "/setup group" in reply.content


async def test_dev_guild_id_syncs_commands_to_that_server_only(
    world: World, bot_runner: BotRunner, fake_discord: FakeDiscord, monkeypatch: pytest.MonkeyPatch
) -> None:
    # YRKA_DEV_GUILD_ID: commands appear at once on one test server instead of globally.
    monkeypatch.setenv("YRKA_DEV_GUILD_ID", str(world.guild.id))
    await bot_runner.start()
    synced = fake_discord.guild_commands.get(world.guild.id, {})
    assert {"setup", "meeting", "motion", "position", "export", "audit"} <= set(synced)
    assert fake_discord.global_commands == {}
    await setup_group(world)  # and they work there
    show = await fake_discord.run_command(world.members[0], world.channel, "setup show")
    assert "kan läsa kommentarer" in (await show.response()).embeds[0]["description"]


# A big group's server: its members are many more than a vote needs.
CROWD = 2500
YES = "\N{WHITE HEAVY CHECK MARK}"


async def test_setup_group_on_a_big_server_answers_first_and_every_member_is_stored(
    world: World, bot_runner: BotRunner, fake_discord: FakeDiscord
) -> None:
    fake = fake_discord
    crowd = [await fake.add_member(f"Ledamot {n}", [world.member_role]) for n in range(CROWD)]
    guests = [await fake.add_member(f"Gäst {n}", []) for n in range(100)]
    bot = await bot_runner.start()
    # Answered ("Klart!") before the members are stored, which happens in the background…
    await setup_group(world)
    # …yet a motion published right after opens with all of them as its electorate.
    meeting = await add_meeting(bot, world, deadline_in=timedelta(days=10))
    item, message = await publish_motion(bot, world, meeting)
    voters = {person.id for person in (*world.voters, *crowd)}
    electorate = await bot.electorates.for_item(item.id)
    assert electorate is not None and electorate.eligible == voters
    await fake.add_reaction(crowd[-1], message, YES)
    await fake.add_reaction(guests[0], message, YES)
    await settled(bot, fake)
    votes = await voting.current_votes_of(bot.db, item.yrkanden[0].id)
    assert votes == {crowd[-1].id: Choice.BIFALL}, "the crowd votes, a guest does not"

    async with bot.db.read() as conn:
        roster = await groups.roster(conn, world.guild.id)
        names = await groups.member_names(conn, world.guild.id)
    assert roster.ledamoter == voters
    people = [*world.voters, world.outsider, world.admin, *crowd, *guests]
    assert {person.id for person in people} <= set(names)
    assert names[crowd[7].id][0] == "Ledamot 7"
