"""End to end over the fake Discord: meetings, deadlines, reminders, positions and the brief.

Motions are seeded straight into the database (the motion cog is another feature) and
votes appended to the vote record as the voting cog would; everything the chair and
members do about meetings goes through real slash commands. Nothing sleeps: the tests
move the FixedClock, the bot's own scheduler loop wakes, and `settled` waits for it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.app import YrkaBot
from bot.clock import FixedClock
from bot.domain.models import Choice, DocumentKind, ItemStatus, Language, Position, VoteSource
from bot.domain.records import Item, Meeting
from bot.services import meetings as meeting_service
from db import audit, items, meetings, positions, votes
from db.connection import Database
from tests.support.e2e import BotRunner, World, settled
from tests.support.fakediscord import FakeDiscord, FakeMember

pytestmark = pytest.mark.e2e

# START is 2026-11-26 12:00 UTC; the meeting starts 2026-12-08 09:00 Stockholm (08:00 UTC).
STARTS_AT = datetime(2026, 12, 8, 8, 0, tzinfo=UTC)
DEADLINE = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)


def clock_of(bot: YrkaBot) -> FixedClock:
    assert isinstance(bot.clock, FixedClock)
    return bot.clock


async def create_meeting(world: World, title: str = "Regionfullmäktige 8 december") -> str:
    interaction = await world.fake.run_command(
        world.chair, world.channel, "meeting create", {"title": title, "date": "2026-12-08"}
    )
    reply = await interaction.response()
    assert reply.ephemeral
    return reply.content


async def seed_motion(bot: YrkaBot, world: World, yrkanden: int = 2) -> Item:
    """A published motion of meeting 1 with its own discussion thread."""
    thread = await world.fake.add_text_channel(f"motion-{len(world.fake.messages)}")
    async with bot.db.transaction() as conn:
        meeting = await meetings.by_number(conn, world.guild.id, 1)
        assert meeting is not None
        item = await items.create_item(
            conn,
            guild_id=world.guild.id,
            meeting_id=meeting.id,
            kind=DocumentKind.MOTION,
            title="Motion om fler bussar på landsbygden",
            body="Bakgrund.",
            signatories=["Anna"],
            language=Language.SV,
            source_name="motion.txt",
            yrkanden=[f"att regionen utreder linje {n}" for n in range(1, yrkanden + 1)],
            status=ItemStatus.OPEN,
            created_by=world.chair.id,
            now=bot.clock.now(),
        )
        await items.set_messages(
            conn, item.id, channel_id=world.channel.id, message_id=thread.id, thread_id=thread.id
        )
        published = await items.by_id(conn, item.id)
    assert published is not None
    return published


async def cast(bot: YrkaBot, item: Item, yrkande: int, voter: FakeMember, choice: Choice) -> None:
    """A vote recorded at the bot's current time, as the voting cog records a reaction."""
    await cast_into(bot.db, bot.clock.now(), item, yrkande, voter, choice)


async def cast_into(
    db: Database, at: datetime, item: Item, yrkande: int, voter: FakeMember, choice: Choice
) -> None:
    """A vote appended to the record at `at`."""
    async with db.transaction() as conn:
        await votes.append(
            conn,
            yrkande_id=item.yrkanden[yrkande - 1].id,
            member_id=voter.id,
            choice=choice,
            at=at,
            source=VoteSource.REACTION,
        )


async def position_map(bot: YrkaBot, item: Item) -> dict[int, Position]:
    found = await meeting_service.positions_of(bot.db, item)
    return {y.number: found[y.id].position for y in item.yrkanden if y.id in found}


async def status_of(bot: YrkaBot, item: Item) -> ItemStatus:
    found = await meeting_service.item_by_id(bot.db, item.id)
    assert found is not None
    return found.status


async def meeting_one(bot: YrkaBot, world: World) -> Meeting:
    async with bot.db.read() as conn:
        meeting = await meetings.by_number(conn, world.guild.id, 1)
    assert meeting is not None
    return meeting


def reminder_posts(fake: FakeDiscord, channel_id: int) -> list[Any]:
    return fake.calls("POST", rf"/channels/{channel_id}/messages$")


async def test_deadline_closes_motion_chair_overrides_and_brief_shows_it(
    running_bot: YrkaBot, world: World, fake_discord: FakeDiscord
) -> None:
    bot = running_bot
    created = await create_meeting(world)
    assert "Möte 1" in created and "mån 7 dec 2026 kl. 09:00" in created
    meeting = await meeting_one(bot, world)
    assert (meeting.starts_at, meeting.deadline_at) == (STARTS_AT, DEADLINE)
    item = await seed_motion(bot, world)

    voters = world.voters  # chair, secretary and six members: 8 eligible
    for voter in voters[:5]:
        await cast(bot, item, 1, voter, Choice.BIFALL)
    await cast(bot, item, 1, voters[5], Choice.AVSLAG)
    for voter in voters[:2]:
        await cast(bot, item, 2, voter, Choice.BIFALL)
    for voter in voters[2:6]:
        await cast(bot, item, 2, voter, Choice.AVSLAG)

    listing = await world.fake.run_command(world.members[0], world.channel, "meeting list")
    listed = (await listing.response()).content
    assert "Möte 1: Regionfullmäktige 8 december" in listed
    assert f"Ärende {item.number}: Motion om fler bussar på landsbygden" in listed

    clock = clock_of(bot)
    clock.set(DEADLINE - timedelta(seconds=1))
    await settled(bot, fake_discord)
    assert await status_of(bot, item) is ItemStatus.OPEN
    clock.set(DEADLINE)  # the scheduler's own loop wakes and closes the item
    await settled(bot, fake_discord)
    assert await status_of(bot, item) is ItemStatus.CLOSED
    assert await position_map(bot, item) == {1: Position.BIFALL, 2: Position.AVSLAG}

    clock.advance(timedelta(hours=1))
    override = await world.fake.run_command(
        world.chair,
        world.channel,
        "position set",
        {
            "motion": item.number,
            "yrkande": 2,
            "position": "aterremiss",
            "note": "Kostnaderna för landsbygdslinjerna är inte utredda.",
        },
    )
    assert "**återremiss**" in (await override.response()).content
    async with bot.db.read() as conn:
        record = (await positions.for_yrkanden(conn, [item.yrkanden[1].id]))[item.yrkanden[1].id]
        entry = (await audit.entries(conn, world.guild.id))[-1]
    assert (record.position, record.derived_position) == (Position.ATERREMISS, Position.AVSLAG)
    assert (record.bifall, record.avslag, record.not_voted) == (2, 4, 2)
    assert entry.action == "position.set" and entry.actor_id == world.chair.id
    assert entry.payload["note"] == "Kostnaderna för landsbygdslinjerna är inte utredda."

    brief = await world.fake.run_command(
        world.secretary, world.channel, "meeting brief", {"meeting": 1}
    )
    (confirmation,) = await brief.followups(1)
    assert confirmation.ephemeral and "publicerad" in confirmation.content
    posted = fake_discord.messages_in(world.channel)[-1]
    assert not posted.ephemeral
    assert posted.content.startswith("# Gruppens linje inför Regionfullmäktige 8 december")
    assert f"§ {item.number} Motion om fler bussar på landsbygden" in posted.content
    assert "Att-sats 1: **bifall**" in posted.content
    assert "Att-sats 2: **återremiss**" in posted.content
    assert "Motivering: Kostnaderna för landsbygdslinjerna är inte utredda." in posted.content
    assert "2 bifall, 4 avslag, 0 avstår, 2 har inte röstat" in posted.content
    silent = [m.name for m in world.members[4:]]
    assert f"Inte hörda: {', '.join(silent)}" in posted.content
    (sent,) = [
        call
        for call in fake_discord.calls("POST", rf"/channels/{world.channel.id}/messages$")
        if "Gruppens linje" in str(call.json)
    ]
    assert sent.json["allowed_mentions"] == {"parse": []}


async def test_reminder_pings_exactly_the_non_voters_once_across_a_restart(
    running_bot: YrkaBot, world: World, fake_discord: FakeDiscord, bot_runner: BotRunner
) -> None:
    bot = running_bot
    await create_meeting(world)
    item = await seed_motion(bot, world)
    assert item.thread_id is not None
    voters = world.voters
    for voter in voters[:4]:  # voted on everything
        await cast(bot, item, 1, voter, Choice.BIFALL)
        await cast(bot, item, 2, voter, Choice.AVSTAR)
    await cast(bot, item, 1, voters[4], Choice.AVSLAG)  # only on the first yrkande
    expected = sorted(v.id for v in voters[4:])

    clock = clock_of(bot)
    clock.set(DEADLINE - timedelta(hours=23))  # the scheduler's own loop wakes and reminds
    await settled(bot, fake_discord)
    (post,) = reminder_posts(fake_discord, item.thread_id)
    assert post.json["allowed_mentions"]["parse"] == []
    assert sorted(int(u) for u in post.json["allowed_mentions"]["users"]) == expected
    mentioned = sorted(
        int(part[2:-1]) for part in post.json["content"].split() if part.startswith("<@")
    )
    assert mentioned == expected
    assert "Påminnelse" in post.json["content"]

    clock.advance(timedelta(minutes=30))
    await settled(bot, fake_discord)
    bot = await bot_runner.restart()
    clock.advance(timedelta(hours=1))
    await settled(bot, fake_discord)
    assert len(reminder_posts(fake_discord, item.thread_id)) == 1

    # Everyone but one catches up; the 2-hour reminder pings only that one.
    for voter in voters[4:-1]:
        await cast(bot, item, 1, voter, Choice.BIFALL)
        await cast(bot, item, 2, voter, Choice.BIFALL)
    clock.set(DEADLINE - timedelta(hours=1))
    await settled(bot, fake_discord)
    posts = reminder_posts(fake_discord, item.thread_id)
    assert len(posts) == 2
    assert [int(u) for u in posts[1].json["allowed_mentions"]["users"]] == [voters[-1].id]


async def test_restart_across_the_deadline_counts_only_votes_before_it(
    running_bot: YrkaBot, world: World, bot_runner: BotRunner, fake_discord: FakeDiscord
) -> None:
    bot = running_bot
    await create_meeting(world)
    item = await seed_motion(bot, world, yrkanden=1)
    clock = clock_of(bot)
    for voter in world.voters[:3]:
        await cast(bot, item, 1, voter, Choice.BIFALL)
    for voter in world.voters[3:5]:
        await cast(bot, item, 1, voter, Choice.AVSLAG)
    await bot_runner.stop()

    # Down across the deadline; votes recorded after it (e.g. by reconciliation) never count.
    clock.set(DEADLINE + timedelta(hours=3))
    database = await Database.open(bot_runner.db_path)
    try:
        for voter in world.voters[5:]:
            await cast_into(database, clock.now(), item, 1, voter, Choice.AVSLAG)
    finally:
        await database.close()
    bot = await bot_runner.start()  # the first scheduler run closes what passed its deadline
    await settled(bot, fake_discord)
    assert await status_of(bot, item) is ItemStatus.CLOSED
    assert await position_map(bot, item) == {1: Position.BIFALL}
    async with bot.db.read() as conn:
        record = (await positions.for_yrkanden(conn, [item.yrkanden[0].id]))[item.yrkanden[0].id]
    assert (record.bifall, record.avslag, record.not_voted) == (3, 2, 3)


async def test_chair_closes_and_reopens_by_command(running_bot: YrkaBot, world: World) -> None:
    bot = running_bot
    await create_meeting(world)
    item = await seed_motion(bot, world, yrkanden=1)
    for voter in world.voters[:5]:
        await cast(bot, item, 1, voter, Choice.AVSLAG)
    close = await world.fake.run_command(
        world.chair, world.channel, "motion close", {"motion": item.number}
    )
    (closed,) = await close.followups(1)
    assert "Att-sats 1: **avslag**" in closed.content and closed.ephemeral
    assert await position_map(bot, item) == {1: Position.AVSLAG}

    reopen = await world.fake.run_command(
        world.chair, world.channel, "motion reopen", {"motion": item.number}
    )
    (reopened,) = await reopen.followups(1)
    assert "öppen igen" in reopened.content
    assert await status_of(bot, item) is ItemStatus.OPEN
    assert await position_map(bot, item) == {}


@pytest.mark.parametrize(
    ("command", "options"),
    [
        ("motion close", {"motion": 1}),
        ("position set", {"motion": 1, "yrkande": 1, "position": "avslag"}),
        ("meeting create", {"title": "Extra", "date": "2026-12-20"}),
        ("meeting brief", {"meeting": 1}),
    ],
)
async def test_non_chair_is_refused_and_nothing_changes(
    running_bot: YrkaBot,
    world: World,
    fake_discord: FakeDiscord,
    command: str,
    options: dict[str, Any],
) -> None:
    bot = running_bot
    await create_meeting(world)
    item = await seed_motion(bot, world, yrkanden=1)
    assert item.number == 1
    await cast(bot, item, 1, world.members[0], Choice.BIFALL)
    async with bot.db.read() as conn:
        before = len(await audit.entries(conn, world.guild.id))
    posted_before = len(fake_discord.messages_in(world.channel))

    interaction = await world.fake.run_command(world.members[1], world.channel, command, options)
    reply = await interaction.response()
    assert reply.ephemeral and "behörighet" in reply.content

    assert await status_of(bot, item) is ItemStatus.OPEN
    assert await position_map(bot, item) == {}
    async with bot.db.read() as conn:
        assert len(await audit.entries(conn, world.guild.id)) == before
        assert len(await meetings.list_for_group(conn, world.guild.id)) == 1
    assert len(fake_discord.messages_in(world.channel)) == posted_before


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"title": "X", "date": "2026-02-30"}, "går inte att läsa"),
        ({"title": "X", "date": "2026-11-01"}, "redan passerat"),
        (
            {"title": "X", "date": "2026-12-08", "deadline": "2026-12-09 10:00"},
            "efter mötets start",
        ),
        ({"title": "X", "date": "2027-03-28", "time": "02:30"}, "finns inte"),
    ],
)
async def test_bad_meeting_dates_get_a_clear_sentence(
    running_bot: YrkaBot, world: World, options: dict[str, Any], expected: str
) -> None:
    interaction = await world.fake.run_command(
        world.chair, world.channel, "meeting create", options
    )
    reply = await interaction.response()
    assert reply.ephemeral and expected in reply.content
    async with running_bot.db.read() as conn:
        assert await meetings.list_for_group(conn, world.guild.id) == []


async def test_aterremiss_without_note_is_refused(running_bot: YrkaBot, world: World) -> None:
    bot = running_bot
    await create_meeting(world)
    item = await seed_motion(bot, world, yrkanden=1)
    interaction = await world.fake.run_command(
        world.chair,
        world.channel,
        "position set",
        {"motion": item.number, "yrkande": 1, "position": "aterremiss"},
    )
    reply = await interaction.response()
    assert reply.ephemeral and "kräver en motivering" in reply.content
    assert await position_map(bot, item) == {}


async def test_meeting_brief_offers_meeting_numbers(running_bot: YrkaBot, world: World) -> None:
    await create_meeting(world)
    choices = await world.fake.autocomplete(
        world.chair, world.channel, "meeting brief", "meeting", {"meeting": ""}
    )
    assert [choice["value"] for choice in choices] == [1]
    assert "Regionfullmäktige 8 december" in choices[0]["name"]


async def publish_by_command(world: World, meeting_number: int) -> None:
    """The chair posts a one-clause motion as text and presses Publicera."""
    text = "Motion om nattbussar\n\nJag yrkar att regionen inför nattbussar.\n\nAnna Svensson"
    post = await world.fake.run_command(
        world.chair, world.channel, "motion post", {"meeting": meeting_number, "text": text}
    )
    [preview] = await post.followups(1, timeout=10)
    [publish] = [cid for cid in preview.custom_ids() if cid.endswith(":publish")]
    click = await world.fake.click_button(world.chair, preview, publish)
    await click.original_edited(timeout=10)


async def test_publishing_wakes_the_scheduler_for_a_reminder_sooner_than_its_sleep(
    running_bot: YrkaBot, world: World, fake_discord: FakeDiscord
) -> None:
    bot, clock = running_bot, clock_of(running_bot)
    await settled(bot, fake_discord)  # nothing to do: the loop sleeps its longest (5 min)
    soon = clock.now() + timedelta(days=1, minutes=1)  # its 24-hour reminder is due in 1 min
    async with bot.db.transaction() as conn:
        meeting = await meetings.create(
            conn,
            guild_id=world.guild.id,
            title="Extra sammanträde",
            starts_at=soon + timedelta(hours=1),
            deadline_at=soon,
            created_by=world.chair.id,
            now=clock.now(),
        )
    await publish_by_command(world, meeting.number)  # publishing wakes the scheduler
    async with bot.db.read() as conn:
        item = await items.by_number(conn, world.guild.id, 1)
    assert item is not None and item.thread_id is not None
    clock.advance(timedelta(minutes=1, seconds=1))
    await settled(bot, fake_discord)
    reminders = [
        post
        for post in reminder_posts(fake_discord, item.thread_id)
        if "Påminnelse" in post.json["content"]
    ]
    assert len(reminders) == 1, "the 24-hour reminder, a minute after publishing"
    clock.advance(timedelta(days=1))
    await settled(bot, fake_discord)
    assert await status_of(bot, item) is ItemStatus.CLOSED
    [vote_message] = [
        m
        for m in fake_discord.messages_in(fake_discord.guild.channels[item.thread_id])
        if "Att-sats 1 av 1" in m.content
    ]
    assert "stängd" in vote_message.content.lower(), vote_message.content
