"""bot.services.audited against a real SQLite file: a change and its audit entries commit
together, roll back together, and a change that wrote without an entry is refused."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.domain.access import Actor
from bot.domain.audit import verify_chain
from bot.domain.errors import InvalidInput
from bot.domain.records import Group
from bot.services.audited import UnauditedChange, audited
from db import audit, groups
from db.connection import Database

GUILD = 1000
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
CHAIR = Actor(user_id=7, role_ids=frozenset({12}))


async def stored(db: Database) -> tuple[Group | None, list[tuple[str, int | None, object]]]:
    async with db.read() as conn:
        group = await groups.get(conn, GUILD)
        entries = await audit.entries(conn, GUILD)
    assert verify_chain(entries).ok
    return group, [(e.action, e.actor_id, e.payload) for e in entries]


async def test_the_write_and_its_entry_commit_together_with_the_time_and_actor_given_once(
    db: Database,
) -> None:
    async with audited(db, guild_id=GUILD, actor=CHAIR, now=NOW) as change:
        await groups.save(change.conn, Group(guild_id=GUILD, name="V"), NOW)
        await change.record("setup.group", {"name": "V"})
    group, entries = await stored(db)
    assert group is not None and group.name == "V"
    assert entries == [("setup.group", 7, {"name": "V"})]
    async with db.read() as conn:
        [entry] = await audit.entries(conn, GUILD)
    assert entry.at == NOW


async def test_an_error_in_the_block_keeps_neither_the_write_nor_the_entry(db: Database) -> None:
    with pytest.raises(InvalidInput):
        async with audited(db, guild_id=GUILD, actor=CHAIR, now=NOW) as change:
            await groups.save(change.conn, Group(guild_id=GUILD, name="V"), NOW)
            await change.record("setup.group", {"name": "V"})
            raise InvalidInput("error.unexpected")
    assert await stored(db) == (None, [])


async def test_a_write_without_an_entry_is_refused_and_rolled_back(db: Database) -> None:
    with pytest.raises(UnauditedChange):
        async with audited(db, guild_id=GUILD, actor=CHAIR, now=NOW) as change:
            await groups.save(change.conn, Group(guild_id=GUILD, name="V"), NOW)
    assert await stored(db) == (None, [])


async def test_a_block_that_changes_nothing_needs_no_entry(db: Database) -> None:
    async with audited(db, guild_id=GUILD, actor=None, now=NOW) as change:
        assert await groups.get(change.conn, GUILD) is None
    assert await stored(db) == (None, [])


async def test_the_group_known_only_inside_the_block_and_the_bot_as_actor(db: Database) -> None:
    async with audited(db, guild_id=None, actor=None, now=NOW) as change:
        await groups.save(change.conn, Group(guild_id=GUILD), NOW)
        with pytest.raises(ValueError):
            await change.record("setup.group", {})
        await change.record("setup.group", {}, guild_id=GUILD)
        await change.record("member.left", {"member_id": 3}, guild_id=GUILD)
    _, entries = await stored(db)
    assert entries == [("setup.group", None, {}), ("member.left", None, {"member_id": 3})]
