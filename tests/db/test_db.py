"""Migrations from empty, constraints that keep bad rows out, and repository round trips."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.domain.audit import verify_chain
from bot.domain.models import Choice, DocumentKind, ItemStatus, Language, VoteSource
from bot.domain.records import Group
from db import audit, groups, items, meetings, votes
from db.connection import Database, migration_files

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
GUILD = 111


async def _group_with_item(db: Database) -> tuple[int, int]:
    async with db.transaction() as conn:
        await groups.save(
            conn, Group(guild_id=GUILD, member_role_id=1, chair_role_id=2, channel_id=3), NOW
        )
        meeting = await meetings.create(
            conn,
            guild_id=GUILD,
            title="Regionfullmäktige",
            starts_at=NOW + timedelta(days=10),
            deadline_at=NOW + timedelta(days=9),
            created_by=7,
            now=NOW,
        )
        item = await items.create_item(
            conn,
            guild_id=GUILD,
            meeting_id=meeting.id,
            kind=DocumentKind.MOTION,
            title="Motion",
            body="…",
            signatories=["A"],
            language=Language.SV,
            source_name="m.txt",
            yrkanden=["att a", "att b"],
            status=ItemStatus.OPEN,
            created_by=7,
            now=NOW,
        )
    return meeting.id, item.yrkanden[0].id


async def test_migrations_apply_from_empty_to_latest(db: Database) -> None:
    assert await db.user_version() == len(migration_files())


async def test_reopening_an_existing_file_applies_nothing_twice(tmp_path: Path) -> None:
    first = await Database.open(tmp_path / "a.sqlite3")
    await first.close()
    second = await Database.open(tmp_path / "a.sqlite3")
    assert await second.user_version() == len(migration_files())
    await second.close()


async def test_wal_and_foreign_keys_are_on(db: Database) -> None:
    async with db.read() as conn:
        async with conn.execute("PRAGMA journal_mode") as cur:
            assert (await cur.fetchone())[0] == "wal"
        async with conn.execute("PRAGMA foreign_keys") as cur:
            assert (await cur.fetchone())[0] == 1


async def test_meetings_and_items_are_numbered_per_group(db: Database) -> None:
    async with db.transaction() as conn:
        for guild in (GUILD, 222):
            await groups.save(conn, Group(guild_id=guild), NOW)
        first = await meetings.create(
            conn, guild_id=GUILD, title="A", starts_at=NOW, deadline_at=NOW, created_by=1, now=NOW
        )
        second = await meetings.create(
            conn, guild_id=GUILD, title="B", starts_at=NOW, deadline_at=NOW, created_by=1, now=NOW
        )
        other = await meetings.create(
            conn, guild_id=222, title="C", starts_at=NOW, deadline_at=NOW, created_by=1, now=NOW
        )
    assert (first.number, second.number, other.number) == (1, 2, 1)


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO groups (guild_id, language, created_at, updated_at) VALUES (5, 'de', 'x', 'x')",
        "INSERT INTO groups (guild_id, quorum_percent, created_at, updated_at) VALUES (5, 101, 'x', 'x')",
        "INSERT INTO groups (guild_id, majority, created_at, updated_at) VALUES (5, 'most', 'x', 'x')",
        "INSERT INTO meetings (guild_id, number, title, starts_at, deadline_at, created_by, created_at) "
        "VALUES (999, 1, 't', 'b', 'a', 1, 'x')",
        "INSERT INTO meetings (guild_id, number, title, starts_at, deadline_at, created_by, created_at) "
        "VALUES (111, 1, 'dup', '2026', '2026', 1, 'x')",
        "INSERT INTO vote_events (yrkande_id, member_id, choice, at, source) VALUES (1, 1, 'ja', 'x', 'reaction')",
        "INSERT INTO vote_events (yrkande_id, member_id, choice, at, source) VALUES (1, 1, 'bifall', 'x', 'bot')",
        "INSERT INTO vote_events (yrkande_id, member_id, choice, at, source) VALUES (9999, 1, 'bifall', 'x', 'reaction')",
        "INSERT INTO yrkanden (item_id, number, text) VALUES (1, 1, 'same number twice')",
        "INSERT INTO positions (yrkande_id, position, decided_at) VALUES (1, 'maybe', 'x')",
        "INSERT INTO groups (guild_id, created_at, updated_at, name) VALUES ('not a number', 'x', 'x', 1)",
    ],
)
async def test_constraints_keep_bad_rows_out(db: Database, statement: str) -> None:
    await _group_with_item(db)
    with pytest.raises(sqlite3.IntegrityError):
        async with db.transaction() as conn:
            await conn.execute(statement)


async def test_vote_events_are_append_only(db: Database) -> None:
    _, yrkande_id = await _group_with_item(db)
    async with db.transaction() as conn:
        await votes.append(
            conn,
            yrkande_id=yrkande_id,
            member_id=5,
            choice=Choice.BIFALL,
            at=NOW,
            source=VoteSource.REACTION,
        )
    for statement in ("UPDATE vote_events SET choice = 'avslag'", "DELETE FROM vote_events"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            async with db.transaction() as conn:
                await conn.execute(statement)
    async with db.read() as conn:
        assert await votes.latest_choice(conn, yrkande_id, 5) is Choice.BIFALL


async def test_a_failed_transaction_leaves_nothing_behind(db: Database) -> None:
    _, yrkande_id = await _group_with_item(db)
    with pytest.raises(RuntimeError):
        async with db.transaction() as conn:
            await votes.append(
                conn,
                yrkande_id=yrkande_id,
                member_id=5,
                choice=Choice.AVSLAG,
                at=NOW,
                source=VoteSource.REACTION,
            )
            raise RuntimeError("crash mid-way")
    async with db.read() as conn:
        assert await votes.events_for(conn, yrkande_id) == []


async def test_audit_chain_per_group_verifies(db: Database) -> None:
    async with db.transaction() as conn:
        for n in range(3):
            for guild in (GUILD, 222):
                await audit.append(
                    conn, guild_id=guild, at=NOW, actor_id=n, action="test", payload={"n": n}
                )
    async with db.read() as conn:
        chain = await audit.entries(conn, GUILD)
        head = await audit.head_hash(conn, GUILD)
    check = verify_chain(chain)
    assert check.ok and check.entries == 3 and check.head_hash == head


async def test_item_round_trip_keeps_yrkanden_in_order(db: Database) -> None:
    _, _ = await _group_with_item(db)
    async with db.read() as conn:
        item = await items.by_number(conn, GUILD, 1)
    assert item is not None
    assert [y.text for y in item.yrkanden] == ["att a", "att b"]
    assert item.signatories == ["A"] and item.status is ItemStatus.OPEN
