"""MemberRegistry.queue_members against a real SQLite file: /setup group answers before a
big server's members are stored, and yet nothing begun after it sees the group without them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.clock import FixedClock
from bot.domain.records import Group
from bot.runtime.members import MemberRegistry
from db import groups
from db.connection import Database

GUILD = 1000
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
MEMBERS = 3000


@pytest.fixture
async def db(db: Database) -> Database:
    """A group set up."""
    async with db.transaction() as conn:
        group = Group(guild_id=GUILD, member_role_id=11, chair_role_id=12, channel_id=13)
        await groups.save(conn, group, NOW)
    return db


async def test_a_queued_store_returns_at_once_and_comes_before_every_later_read(
    db: Database,
) -> None:
    registry = MemberRegistry(db, FixedClock(NOW))
    rows = [(10_000 + n, f"Medlem {n}", n % 3 != 0) for n in range(MEMBERS)]
    substitutes = [10_000, 10_003]

    stored = await registry.queue_members(GUILD, rows, substitutes)
    assert not stored.done(), "the caller (the answer) does not wait for the store"

    # What an item opening right after the answer reads to fix its electorate.
    async with db.read() as conn:
        roster = await groups.roster(conn, GUILD)
        names = await groups.member_names(conn, GUILD)
    assert roster.ledamoter == {mid for mid, _, voting in rows if voting}
    assert roster.ersattare == set(substitutes)
    assert len(names) == MEMBERS and names[10_001][0] == "Medlem 1"
    assert stored.done()
    await stored
