"""The real YrkaBot against the fake Discord: a group of people and a bot that can restart.

Fixtures:
- `world`: the fake Discord with a group's roles, channel and people (not set up in the bot).
- `bot_runner`: starts/stops/restarts the real bot on a tmp SQLite file with a FixedClock.
- `running_bot`: the bot already running, and the group already set up with /setup group.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.app import YrkaBot
from bot.clock import FixedClock
from bot.domain.records import Group, Meeting
from bot.settings import Settings
from db import groups, meetings
from tests.fakediscord import FakeChannel, FakeDiscord, FakeGuild, FakeMember, FakeRole

MANAGE_GUILD = 1 << 5
START = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
MEMBER_NAMES = ("Anna", "Bertil", "Cecilia", "David", "Eva", "Fredrik")


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


async def build_world(fake: FakeDiscord, member_names: tuple[str, ...] = MEMBER_NAMES) -> World:
    """Roles Ledamot/Ordförande/Sekreterare, channel #gruppen, a chair, secretary and members."""
    member_role = await fake.add_role("Ledamot")
    chair_role = await fake.add_role("Ordförande")
    secretary_role = await fake.add_role("Sekreterare")
    channel = await fake.add_text_channel("gruppen")
    chair = await fake.add_member("Ordföranden", [member_role, chair_role])
    secretary = await fake.add_member("Sekreteraren", [member_role, secretary_role])
    members = [await fake.add_member(name, [member_role]) for name in member_names]
    outsider = await fake.add_member("Besökaren", [])
    admin = await fake.add_member("Serveradmin", [], permissions=MANAGE_GUILD)
    world = World(
        fake=fake,
        guild=fake.guild,
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


class BotRunner:
    """Start, stop and restart the real bot on the same database file and clock."""

    def __init__(self, fake: FakeDiscord, db_path: Path, clock: FixedClock) -> None:
        self.fake = fake
        self.db_path = db_path
        self.clock = clock
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
        bot = YrkaBot(self.settings(), clock=self.clock)
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
