"""Council meetings, numbered per group."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.domain.records import Meeting
from db.timefmt import from_db, to_db

_COLUMNS = "id, guild_id, number, title, starts_at, deadline_at"


def _meeting(row: aiosqlite.Row) -> Meeting:
    return Meeting(
        id=row["id"],
        guild_id=row["guild_id"],
        number=row["number"],
        title=row["title"],
        starts_at=from_db(row["starts_at"]),
        deadline_at=from_db(row["deadline_at"]),
    )


async def create(
    conn: aiosqlite.Connection,
    *,
    guild_id: int,
    title: str,
    starts_at: datetime,
    deadline_at: datetime,
    created_by: int,
    now: datetime,
) -> Meeting:
    """Insert a meeting with the group's next number."""
    async with conn.execute(
        """
        INSERT INTO meetings (guild_id, number, title, starts_at, deadline_at, created_by, created_at)
        VALUES (?, (SELECT coalesce(max(number), 0) + 1 FROM meetings WHERE guild_id = ?),
                ?, ?, ?, ?, ?)
        RETURNING id, guild_id, number, title, starts_at, deadline_at
        """,
        (guild_id, guild_id, title, to_db(starts_at), to_db(deadline_at), created_by, to_db(now)),
    ) as cur:
        row = await cur.fetchone()
    assert row is not None
    return _meeting(row)


async def by_number(conn: aiosqlite.Connection, guild_id: int, number: int) -> Meeting | None:
    """The group's meeting with this number."""
    async with conn.execute(
        f"SELECT {_COLUMNS} FROM meetings WHERE guild_id = ? AND number = ?", (guild_id, number)
    ) as cur:
        row = await cur.fetchone()
    return _meeting(row) if row else None


async def by_id(conn: aiosqlite.Connection, meeting_id: int) -> Meeting | None:
    """A meeting by its row id."""
    rows = list(
        await conn.execute_fetchall(f"SELECT {_COLUMNS} FROM meetings WHERE id = ?", (meeting_id,))
    )
    return _meeting(rows[0]) if rows else None


async def list_for_group(
    conn: aiosqlite.Connection, guild_id: int, *, starting_after: datetime | None = None
) -> list[Meeting]:
    """The group's meetings in date order, optionally only those starting after a time."""
    sql = f"SELECT {_COLUMNS} FROM meetings WHERE guild_id = ?"
    params: list[object] = [guild_id]
    if starting_after is not None:
        sql += " AND starts_at > ?"
        params.append(to_db(starting_after))
    async with conn.execute(sql + " ORDER BY starts_at, number", params) as cur:
        return [_meeting(row) for row in await cur.fetchall()]


async def with_open_items(conn: aiosqlite.Connection) -> list[Meeting]:
    """Meetings (any group) that still have open items: the scheduler's work list."""
    async with conn.execute(
        f"""
        SELECT {_COLUMNS} FROM meetings m
        WHERE EXISTS (SELECT 1 FROM items i WHERE i.meeting_id = m.id AND i.status = 'open')
        ORDER BY deadline_at
        """
    ) as cur:
        return [_meeting(row) for row in await cur.fetchall()]
