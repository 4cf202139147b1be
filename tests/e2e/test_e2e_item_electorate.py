"""End to end: the bot's one answer to "who votes on this item" (`Electorates.for_item`).

Issue 17's rule decides an item's electorate when its voting opens (the group's
`who_votes` over the roster and the meeting's attendance); the vote judge, "not yet
voted", reminders and the deadline close all take it from `bot.electorates.for_item`.
An ersättare's vote counts only while serving in place of an absent ledamot
(`serving`), always under `members_and_substitutes`, never under `members`.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from bot.app import YrkaBot
from bot.domain.models import Choice, ItemStatus
from bot.domain.records import Item
from bot.services import voting
from db import items
from tests.e2e.test_e2e_attendance import command, publish_motion
from tests.e2e.test_e2e_meetings import clock_of
from tests.e2e.test_e2e_motion import add_meeting
from tests.support.e2e import START, BotRunner, World, eventually, settled, setup_group
from tests.support.fakediscord import FakeDiscord, FakeMember, FakeMessage

pytestmark = pytest.mark.e2e

YES = "\N{WHITE HEAVY CHECK MARK}"


async def eligible(bot: YrkaBot, item: Item) -> frozenset[int]:
    electorate = await bot.electorates.for_item(item.id)
    assert electorate is not None
    return electorate.eligible


async def react_and_judge(
    bot: YrkaBot, fake: FakeDiscord, message: FakeMessage, item: Item, people: list[FakeMember]
) -> dict[int, Choice]:
    """Each person reacts ✅; returns the votes the record counts once the bot has judged."""
    for person in people:
        await fake.add_reaction(person, message, YES)
    await settled(bot, fake)
    return await voting.current_votes_of(bot.db, item.yrkanden[0].id)


async def test_item_electorate_ersattare_counts_only_while_serving_istf_an_absent_ledamot(
    world: World, bot_runner: BotRunner, fake_discord: FakeDiscord
) -> None:
    fake = fake_discord
    substitute_role = await fake.add_role("Ersättare")
    ulla, vera = [await fake.add_member(name, [substitute_role]) for name in ("Ulla", "Vera")]
    bot = await bot_runner.start()
    await setup_group(world)
    await command(
        world,
        world.chair,
        "setup group",
        {
            "member_role": world.member_role,
            "chair_role": world.chair_role,
            "channel": world.channel,
            "secretary_role": world.secretary_role,
            "substitute_role": substitute_role,
        },
    )
    await command(world, world.chair, "setup rules", {"who_votes": "serving"})
    meeting = await add_meeting(bot, world, deadline_in=timedelta(days=10))
    anna = world.members[0]
    ledamoter = {person.id for person in world.voters}  # chair, secretary, six members

    # Anna is ill and Ulla serves in her place: motion 1 opens with Ulla, without Anna.
    await command(world, anna, "meeting absent", {"meeting": meeting, "reason": "sjuk"})
    await command(
        world,
        world.chair,
        "meeting substitute",
        {"meeting": meeting, "substitute": ulla, "instead_of": anna},
    )
    item1, message1 = await publish_motion(bot, world, meeting)
    serving1 = ledamoter - {anna.id} | {ulla.id}
    assert await eligible(bot, item1) == serving1
    votes = await react_and_judge(bot, fake, message1, item1, [ulla, vera, anna])
    assert votes == {ulla.id: Choice.BIFALL}, "only the serving ersättare's vote counts"

    # Anna is back: Ulla no longer serves. Motion 1 keeps the electorate it opened with…
    await command(world, anna, "meeting present", {"meeting": meeting})
    assert await eligible(bot, item1) == serving1
    # …and motion 2 opens with Anna and without Ulla.
    item2, message2 = await publish_motion(bot, world, meeting)
    assert await eligible(bot, item2) == ledamoter
    votes = await react_and_judge(bot, fake, message2, item2, [ulla, anna])
    assert votes == {anna.id: Choice.BIFALL}, "an ersättare whose ledamot is present does not vote"

    # Under members_and_substitutes every ersättare votes, present ledamot or not.
    await command(world, world.chair, "setup rules", {"who_votes": "members_and_substitutes"})
    item3, message3 = await publish_motion(bot, world, meeting)
    assert await eligible(bot, item3) == ledamoter | {ulla.id, vera.id}
    votes = await react_and_judge(bot, fake, message3, item3, [vera])
    assert votes == {vera.id: Choice.BIFALL}
    # Under members no ersättare votes, even one appointed to serve.
    await command(world, anna, "meeting absent", {"meeting": meeting})
    await command(
        world,
        world.chair,
        "meeting substitute",
        {"meeting": meeting, "substitute": vera, "instead_of": anna},
    )
    await command(world, world.chair, "setup rules", {"who_votes": "members"})
    item4, message4 = await publish_motion(bot, world, meeting)
    assert await eligible(bot, item4) == ledamoter
    votes = await react_and_judge(bot, fake, message4, item4, [vera, anna])
    assert votes == {anna.id: Choice.BIFALL}

    # The deadline passes: the scheduler's own loop closes every item over its own electorate.
    clock_of(bot).set(START + timedelta(days=10))
    await settled(bot, fake)

    async def all_closed() -> bool:
        async with bot.db.read() as conn:
            found = await items.for_group(conn, world.guild.id)
        return all(item.status is ItemStatus.CLOSED for item in found)

    await eventually(all_closed, "every item closed at the deadline by the scheduler loop")
    expected = {
        item1.id: serving1,
        item2.id: ledamoter,
        item3.id: ledamoter | {ulla.id, vera.id},
        item4.id: ledamoter,
    }
    async with bot.db.read() as conn:
        for item_id, voters in expected.items():
            async with conn.execute(
                "SELECT eligible_json FROM positions p JOIN yrkanden y ON y.id = p.yrkande_id"
                " WHERE y.item_id = ?",
                (item_id,),
            ) as cursor:
                rows = await cursor.fetchall()
            assert [set(json.loads(row[0])) for row in rows] == [voters]
