"""End to end: who votes at a meeting (issue 17) over the fake Discord.

A ledamot texts "jag är sjuk", reports förhinder, the chair appoints an ersättare in
their place, the group votes under `who_votes: serving`: the ersättare's reaction
counts, the absent ledamot's is removed with a private explanation, quorum is counted
on the serving electorate, a later attendance change leaves the open item's electorate
alone (but applies to the next item), reminders ping only the electorate, and the
minutes list the attendance.
"""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from docx import Document

from bot.app import YrkaBot
from bot.domain.models import Choice
from bot.domain.records import Item
from bot.services import voting
from db import items
from tests.e2e.test_e2e_meetings import clock_of, reminder_posts
from tests.e2e.test_e2e_motion import add_meeting, post_seed, publish
from tests.support.e2e import START, BotRunner, World, eventually, settled, setup_group
from tests.support.fakediscord import FakeDiscord, FakeMember, FakeMessage, FakeRole

pytestmark = pytest.mark.e2e

YES = "\N{WHITE HEAVY CHECK MARK}"


async def command(world: World, person: FakeMember, name: str, options: dict[str, object]) -> str:
    """Run a slash command; the text of its (ephemeral) answer, after a defer if any."""
    interaction = await world.fake.run_command(person, world.channel, name, options)
    reply = await interaction.response()
    if reply.content:
        assert reply.ephemeral
        return reply.content
    [message] = await interaction.followups(1)
    return message.content


async def publish_motion(bot: YrkaBot, world: World, meeting: int) -> tuple[Item, FakeMessage]:
    """The chair posts and publishes the seed motion; its item and its one vote message."""
    preview = await post_seed(world, meeting)
    done = await publish(world, preview)
    assert "Publicerat som ärende" in done.content
    async with bot.db.read() as conn:
        item = (await items.for_group(conn, world.guild.id))[0]  # newest first
    assert item.thread_id is not None
    [vote_message] = world.fake.messages_in(world.guild.channels[item.thread_id])
    return item, vote_message


@pytest.fixture
async def substitutes(world: World) -> tuple[FakeRole, list[FakeMember]]:
    role = await world.fake.add_role("Ersättare")
    people = [await world.fake.add_member(name, [role]) for name in ("Ulla", "Vera")]
    return role, people


async def test_serving_electorate_ersattare_istf_absent_ledamot_quorum_and_minutes(
    world: World,
    bot_runner: BotRunner,
    fake_discord: FakeDiscord,
    substitutes: tuple[FakeRole, list[FakeMember]],
) -> None:
    fake = fake_discord
    substitute_role, (ulla, vera) = substitutes
    bot = await bot_runner.start()
    await setup_group(world)
    group_saved = await command(
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
    assert f"ersättare <@&{substitute_role.id}>" in group_saved
    rules = await command(
        world, world.chair, "setup rules", {"who_votes": "serving", "quorum_percent": 55}
    )
    assert "Röstar: tjänstgörande" in rules
    meeting = await add_meeting(bot, world, deadline_in=timedelta(days=10))
    anna, bertil, cecilia, david, eva, fredrik = world.members
    # 8 ledamöter: the chair, the secretary and six members; 2 ersättare.

    # Anna is ill: she reports it herself. Bertil is away too, with nobody in his place yet.
    said = await command(world, anna, "meeting absent", {"meeting": meeting, "reason": "sjuk"})
    assert f"<@{anna.id}> är anmäld frånvarande till möte {meeting}" in said
    assert "gäller ärenden som öppnas för röstning härefter" in said
    said = await command(
        world, world.secretary, "meeting absent", {"meeting": meeting, "member": bertil}
    )
    assert f"<@{bertil.id}> är anmäld frånvarande" in said
    # A member cannot report someone else; nothing changes.
    refused = await command(world, cecilia, "meeting absent", {"meeting": meeting, "member": david})
    assert "behörighet" in refused

    said = await command(
        world,
        world.chair,
        "meeting substitute",
        {"meeting": meeting, "substitute": ulla, "instead_of": anna},
    )
    assert f"<@{ulla.id}> tjänstgör i stället för <@{anna.id}>" in said
    # Bad input: polite answers, nothing changes.
    wrong = await command(
        world,
        world.chair,
        "meeting substitute",
        {"meeting": meeting, "substitute": vera, "instead_of": ulla},
    )
    assert f"<@{ulla.id}> är inte ledamot" in wrong
    wrong = await command(world, eva, "meeting present", {"meeting": meeting})
    assert f"<@{eva.id}> har inte anmält förhinder" in wrong
    wrong = await command(world, eva, "meeting absent", {"meeting": 99})
    assert "99" in wrong and "frånvarande" not in wrong
    overview = await command(world, world.chair, "meeting attendance", {"meeting": meeting})
    assert "Tjänstgörande ersättare: Ulla (istf Anna)" in overview
    assert "Anna (sjuk; ersätts av Ulla)" in overview
    # Bertil has no ersättare: the bot suggests the one still free.
    assert "Bertil (ingen anledning angiven; förslag: Vera" in overview
    assert "Ersättare som inte tjänstgör: Vera" in overview
    assert "Ärenden som öppnas nu får 7 röstberättigade." in overview

    # Motion 1 opens: its electorate is fixed now (6 ledamöter present + Ulla istf Anna).
    item, message = await publish_motion(bot, world, meeting)
    serving = {
        world.chair.id,
        world.secretary.id,
        cecilia.id,
        david.id,
        eva.id,
        fredrik.id,
        ulla.id,
    }
    assert "7 har inte röstat" in message.content

    await fake.add_reaction(ulla, message, YES)  # the serving ersättare: counts
    await fake.add_reaction(anna, message, YES)  # absent ledamot: removed
    await fake.add_reaction(vera, message, YES)  # ersättare not serving: removed

    async def judged() -> bool:
        on_message = fake.reactions_on(message).get(YES, [])
        return anna.id not in on_message and vera.id not in on_message

    await eventually(judged, "the absent ledamot's and the idle ersättare's reactions removed")
    yrkande_id = item.yrkanden[0].id
    assert await voting.current_votes_of(bot.db, yrkande_id) == {ulla.id: Choice.BIFALL}
    notice = fake.messages_in(fake.dm_channel(anna))
    assert (
        notice
        and "vilka som röstar i ärendet bestämdes när röstningen öppnades" in notice[-1].content
    )

    # Bertil is back after all: the open motion keeps its electorate, the answer says so.
    said = await command(world, bertil, "meeting present", {"meeting": meeting})
    assert f"Redan öppna ärenden ({item.number})" in said
    await fake.add_reaction(bertil, message, YES)

    async def bertil_removed() -> bool:
        return bertil.id not in fake.reactions_on(message).get(YES, [])

    await eventually(bertil_removed, "Bertil is not in motion 1's electorate")
    # ...but the next motion opens with him in it.
    item2, message2 = await publish_motion(bot, world, meeting)
    assert "8 har inte röstat" in message2.content
    await fake.add_reaction(bertil, message2, YES)

    async def bertil_counted() -> bool:
        return await voting.current_votes_of(bot.db, item2.yrkanden[0].id) == {
            bertil.id: Choice.BIFALL
        }

    await eventually(bertil_counted, "Bertil votes on motion 2")

    # The 24 h reminder pings only motion 1's electorate members who have not voted.
    clock_of(bot).set(START + timedelta(days=10) - timedelta(hours=23))
    await settled(bot, fake)
    assert item.thread_id is not None
    (post,) = [
        call
        for call in reminder_posts(fake, item.thread_id)
        if "Påminnelse" in call.json["content"]
    ]
    pinged = {int(user) for user in post.json["allowed_mentions"]["users"]}
    assert pinged == serving - {ulla.id}

    # Three more votes: 4 of the 7 serving take part = 57 % >= 55 % (4 of 8 ledamöter would not be).
    for person in (world.chair, cecilia, david):
        await fake.add_reaction(person, message, YES)

    async def four_votes() -> bool:
        return len(await voting.current_votes_of(bot.db, yrkande_id)) == 4

    await eventually(four_votes, "four votes on motion 1")
    closed = await command(world, world.chair, "motion close", {"motion": item.number})
    assert "är stängd" in closed and "bifall" in closed
    async with (
        bot.db.read() as conn,
        conn.execute(
            "SELECT quorum_met, not_voted, eligible_json FROM positions WHERE yrkande_id = ?",
            (yrkande_id,),
        ) as cursor,
    ):
        row = await cursor.fetchone()
    assert row is not None
    assert row[0] == 1 and row[1] == 3
    assert set(json.loads(row[2])) == serving

    # The minutes list the attendance.
    interaction = await fake.run_command(
        world.secretary, world.channel, "export", {"meeting": meeting, "format": "docx"}
    )
    await interaction.response()
    [exported] = await interaction.followups(1)
    [docx] = [f.data for f in exported.files if f.filename.endswith(".docx")]
    text = [p.text for p in Document(io.BytesIO(docx)).paragraphs]
    assert (
        "Närvarande: ledamöter Bertil, Cecilia, David, Eva, Fredrik, Ordföranden, Sekreteraren; "
        "tjänstgörande ersättare Ulla (istf Anna); ersättare Vera"
    ) in text
    assert "Frånvarande: Anna (anmält förhinder)" in text
    assert not any("sjuk" in line for line in text), "the reason is not for the minutes"

    # The brief shows who serves.
    said = await command(world, world.secretary, "meeting brief", {"meeting": meeting})
    assert "är publicerad i" in said
    brief = fake.messages_in(world.channel)[-1].content
    assert (
        "Tjänstgör: ledamöter Bertil, Cecilia, David, Eva, Fredrik, Ordföranden, Sekreteraren; "
        in brief
    )
    assert "tjänstgörande ersättare Ulla (istf Anna)" in brief
    assert "Frånvarande: Anna" in brief
