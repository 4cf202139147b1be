"""The real YrkaBot against the fake Discord: a group of people and a bot that can restart.

Fixtures:
- `world`: the fake Discord with a group's roles, channel and people (not set up in the bot).
- `bot_runner`: starts/stops/restarts the real bot on a tmp SQLite file with a FixedClock.
- `running_bot`: the bot already running, and the group already set up with /setup group.

Waiting: `settled(bot, fake)` waits until the bot has received everything the fake sent
and finished everything it started (`YrkaBot.idle`); `eventually(check)` is the one
polling helper for what only shows up over time (a process in another process, a file).
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.app import YrkaBot
from bot.clock import FixedClock
from bot.domain.models import EMOJI_BY_CHOICE, DocumentKind, ItemStatus, Language
from bot.domain.records import Group, Meeting
from bot.runtime.pacing import PaceLimits
from bot.runtime.votes import VoteTimings
from bot.settings import Settings
from db import groups, items, meetings
from tests.support.fakediscord import (
    FakeChannel,
    FakeDiscord,
    FakeGuild,
    FakeMember,
    FakeMessage,
    FakeRole,
)
from tests.support.fakediscord.patience import LIMIT_S as LIMIT_S
from tests.support.fakediscord.patience import POLL, Patience
from tests.support.fakediscord.patience import within as within

MANAGE_GUILD = 1 << 5
START = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
MEMBER_NAMES = ("Anna", "Bertil", "Cecilia", "David", "Eva", "Fredrik")


async def eventually(
    check: Callable[[], object | Awaitable[object]],
    what: str,
    timeout: float = 10.0,
    interval: float = 0.01,
    *,
    progress: Callable[[], object] | None = None,
) -> None:
    """Wait until `check()` (sync or async) is truthy; fail naming `what` after `timeout`
    seconds of this process's time (time it was not scheduled does not count: patience.py).

    With `progress` (e.g. `lambda: world.fake.activity`), `timeout` counts from its last
    change: a bot that keeps sending requests is at work (waiting out Discord's rate limits
    between them), and only one that stalls for `timeout` fails (at most `LIMIT_S` in all).
    """
    patience = Patience(timeout, progress)
    while True:
        result = check()
        if inspect.isawaitable(result):
            result = await result
        if result:
            return
        if not patience.tick():
            raise AssertionError(f"timed out waiting for: {what} ({patience.story()})")
        await asyncio.sleep(interval)


def _gateways(bot: YrkaBot) -> list[Any]:
    """The bot's gateway websockets, one per shard."""
    return [shard._parent.ws for shard in bot.shards.values() if shard._parent.ws is not None]


def _behind(bot: YrkaBot, fake: FakeDiscord) -> dict[str, int]:
    """Per shard session: the sequence number the fake has sent that the bot has not yet seen."""
    received = {ws.session_id: ws.sequence or 0 for ws in _gateways(bot)}
    return {
        s.session_id: s.sequence
        for s in fake.sessions
        if s.session_id in received and received[s.session_id] < s.sequence
    }


def _dispatched(bot: YrkaBot, fake: FakeDiscord) -> int:
    """How many gateway events the fake has sent to this bot's sessions, all shards together."""
    ours = {ws.session_id for ws in _gateways(bot)}
    return sum(s.sequence for s in fake.sessions if s.session_id in ours)


async def settled(bot: YrkaBot, fake: FakeDiscord, timeout: float = 10.0) -> None:
    """Wait until the bot has received every gateway event the fake sent and finished all it
    started because of them (which may make the fake send more: repeat until quiet).

    `timeout` counts from the bot's last request to the fake (or gateway message, or turn at
    its database): with Discord's rate limits on, a burst's follow-ups (tally edits,
    removals) take as long as the buckets make them, and the bot is settled when they are
    done, not after a fixed time. A bot that does nothing the fake or its database sees for
    `timeout` seconds of this process's time (patience.py) without settling fails, naming
    what it is busy with; so does one busy for `LIMIT_S`."""

    async def quiet() -> None:
        while True:
            sent = _dispatched(bot, fake)
            while _behind(bot, fake):
                await asyncio.sleep(0.002)
            await bot.idle()
            await fake.settle()
            if _dispatched(bot, fake) == sent:
                return

    waiting = asyncio.ensure_future(quiet())
    # Progress: requests and gateway messages, or the bot's database work (a burst's tally
    # renders on a loaded box can take seconds of database turns before the first edit).
    patience = Patience(timeout, progress=lambda: (fake.activity, bot.db.turns))
    try:
        while not waiting.done():
            await asyncio.wait([waiting], timeout=POLL)
            if not waiting.done() and not patience.tick():
                raise AssertionError(
                    f"the bot did not settle: {patience.story()}; {_busy_with(bot, fake)}"
                )
    finally:
        waiting.cancel()
    waiting.result()


def _busy_with(bot: YrkaBot, fake: FakeDiscord) -> str:
    """What the bot is still doing (for a wait's failure): its workload and its tasks."""
    tasks = []
    for task in asyncio.all_tasks():
        if task.done() or task is asyncio.current_task():
            continue
        frames = task.get_stack(limit=1)
        where = f"{frames[0].f_code.co_name}:{frames[0].f_lineno}" if frames else "?"
        tasks.append(f"{task.get_name()} at {where}")
    return (
        f"workload busy={bot.workload.busy} ({bot.workload._busy} unfinished),"
        f" {len(fake.requests)} requests in all, behind={_behind(bot, fake)};"
        f" tasks: {sorted(tasks)}"
    )


@dataclass
class World:
    """The people and places of one party group on the fake Discord."""

    fake: FakeDiscord
    guild: FakeGuild
    channel: FakeChannel
    member_role: FakeRole
    chair_role: FakeRole
    secretary_role: FakeRole
    chair: FakeMember
    secretary: FakeMember
    members: list[FakeMember]
    outsider: FakeMember
    admin: FakeMember
    voters: list[FakeMember] = field(default_factory=list)


async def build_world(
    fake: FakeDiscord,
    member_names: tuple[str, ...] = MEMBER_NAMES,
    *,
    guild: FakeGuild | None = None,
) -> World:
    """Roles Ledamot/Ordförande/Sekreterare, channel #gruppen, a chair, secretary and members
    (in `guild`, by default the fake's own)."""
    guild = guild or fake.guild
    member_role = await fake.add_role("Ledamot", guild=guild)
    chair_role = await fake.add_role("Ordförande", guild=guild)
    secretary_role = await fake.add_role("Sekreterare", guild=guild)
    channel = await fake.add_text_channel("gruppen", guild=guild)
    chair = await fake.add_member("Ordföranden", [member_role, chair_role], guild=guild)
    secretary = await fake.add_member("Sekreteraren", [member_role, secretary_role], guild=guild)
    members = [await fake.add_member(name, [member_role], guild=guild) for name in member_names]
    outsider = await fake.add_member("Besökaren", [], guild=guild)
    admin = await fake.add_member("Serveradmin", [], permissions=MANAGE_GUILD, guild=guild)
    world = World(
        fake=fake,
        guild=guild,
        channel=channel,
        member_role=member_role,
        chair_role=chair_role,
        secretary_role=secretary_role,
        chair=chair,
        secretary=secretary,
        members=members,
        outsider=outsider,
        admin=admin,
    )
    world.voters = [chair, secretary, *members]
    return world


# Tests see tallies sooner than production's 5 s; everything else is production's.
TEST_TIMINGS = VoteTimings(tally_interval=0.3)


class BotRunner:
    """Start, stop and restart the real bot on the same database file and clock."""

    def __init__(
        self,
        fake: FakeDiscord,
        db_path: Path,
        clock: FixedClock,
        timings: VoteTimings = TEST_TIMINGS,
        pacing: PaceLimits | None = None,
    ) -> None:
        self.fake = fake
        self.pacing = pacing
        self.db_path = db_path
        self.clock = clock
        self.timings = timings
        self.bot: YrkaBot | None = None
        self._stack: contextlib.AsyncExitStack | None = None

    def settings(self) -> Settings:
        """Settings as `python -m bot` would read them, pointed at the fake and a tmp db."""
        return Settings(
            _env_file=None,
            DISCORD_TOKEN=self.fake.token,
            YRKA_DB_PATH=self.db_path,
            YRKA_GUILD_READY_TIMEOUT=0.05,
        )

    async def start(self) -> YrkaBot:
        """Start the bot and wait until it is ready."""
        assert self.bot is None, "already running"
        bot = YrkaBot(self.settings(), clock=self.clock, timings=self.timings, pacing=self.pacing)
        stack = contextlib.AsyncExitStack()
        await stack.enter_async_context(self.fake.running(bot))
        self.bot, self._stack = bot, stack
        return bot

    async def stop(self) -> None:
        """Close the bot (gateway and database)."""
        if self._stack is not None:
            await self._stack.aclose()
        self.bot, self._stack = None, None

    async def restart(self) -> YrkaBot:
        """Stop and start again on the same database."""
        await self.stop()
        return await self.start()


@pytest.fixture
async def world(fake_discord: FakeDiscord) -> World:
    """A party group's server on the fake Discord."""
    return await build_world(fake_discord)


@pytest.fixture
async def bot_runner(fake_discord: FakeDiscord, tmp_path: Path) -> AsyncIterator[BotRunner]:
    """A runner for the real bot; stopped at the end of the test."""
    runner = BotRunner(fake_discord, tmp_path / "yrka.sqlite3", FixedClock(START))
    try:
        yield runner
    finally:
        await runner.stop()


async def setup_group(world: World) -> None:
    """The server admin runs /setup group, as a chair would on the first evening."""
    interaction = await world.fake.run_command(
        world.admin,
        world.channel,
        "setup group",
        {
            "member_role": world.member_role,
            "chair_role": world.chair_role,
            "channel": world.channel,
            "secretary_role": world.secretary_role,
        },
    )
    reply = await interaction.response()
    assert "Klart" in reply.content, reply.content


@pytest.fixture
async def running_bot(world: World, bot_runner: BotRunner) -> YrkaBot:
    """The bot running with the group set up."""
    bot = await bot_runner.start()
    await setup_group(world)
    return bot


@dataclass
class Published:
    item_id: int
    yrkande_ids: list[int]
    vote_messages: list[FakeMessage]
    thread_id: int


async def publish_item(
    bot: YrkaBot, world: World, clauses: tuple[str, ...], *, rendered: bool = True
) -> Published:
    """An item as the motion cog leaves it: head message, thread, one vote message per clause
    with the bot's three reactions. The messages are seeded into the fake as the bot's (no
    requests: Discord's buckets would make each vote message cost a second, a reaction per
    quarter second per channel); publishing the real way is tested in test_e2e_motion.py and
    test_e2e_agenda.py. The vote messages are then rendered by the bot (real edits), unless
    `rendered=False` (a test that counts edits from a clean slate)."""
    async with bot.db.transaction() as conn:
        meeting = await meetings.create(
            conn,
            guild_id=world.guild.id,
            title="Regionfullmäktige december",
            starts_at=START + timedelta(days=3),
            deadline_at=START + timedelta(days=2),
            created_by=world.chair.id,
            now=START,
        )
        item = await items.create_item(
            conn,
            guild_id=world.guild.id,
            meeting_id=meeting.id,
            kind=DocumentKind.MOTION,
            title="Motion om nattbussar",
            body="Bakgrund …",
            signatories=["Anna"],
            language=Language.SV,
            source_name="motion.txt",
            yrkanden=list(clauses),
            status=ItemStatus.OPEN,
            created_by=world.chair.id,
            now=START,
        )
    fake = world.fake
    head = await fake.send_message(fake.bot_user, world.channel, "Motion om nattbussar")
    thread = await fake.start_thread(head, "Motion om nattbussar")
    vote_ids = []
    for _ in item.yrkanden:
        message = await fake.send_message(fake.bot_user, thread, "…")
        for emoji in EMOJI_BY_CHOICE.values():
            await fake.react_as(fake.bot_user.id, message, emoji)
        vote_ids.append(message.id)
    async with bot.db.transaction() as conn:
        await items.set_messages(
            conn, item.id, channel_id=world.channel.id, message_id=head.id, thread_id=thread.id
        )
        for yrkande, message_id in zip(item.yrkanden, vote_ids, strict=True):
            await items.set_vote_message(conn, yrkande.id, message_id)
    if rendered:
        await bot.votes.refresh_item(item.id)
    return Published(
        item_id=item.id,
        yrkande_ids=[y.id for y in item.yrkanden],
        vote_messages=[world.fake.messages[mid] for mid in vote_ids],
        thread_id=thread.id,
    )


async def seed_group_and_meeting(
    conn: Any, world: World, *, now: datetime, title: str = "Regionfullmäktige"
) -> Meeting:
    """The world's group set up and a meeting in 30 days (deadline a day before), via the
    repositories: for tests and benches that start from a group already at work."""
    await groups.save(
        conn,
        Group(
            guild_id=world.guild.id,
            name=world.guild.name,
            member_role_id=world.member_role.id,
            chair_role_id=world.chair_role.id,
            secretary_role_id=world.secretary_role.id,
            channel_id=world.channel.id,
        ),
        now,
    )
    return await meetings.create(
        conn,
        guild_id=world.guild.id,
        title=title,
        starts_at=now + timedelta(days=30),
        deadline_at=now + timedelta(days=29),
        created_by=world.chair.id,
        now=now,
    )
