"""Groups (one per Discord server) and the members the bot has seen."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime

import aiosqlite

from bot.domain.attendance import Roster
from bot.domain.models import GroupRules, Language, Majority, TieBreak, WhoVotes
from bot.domain.records import Group
from db.timefmt import to_db

_GROUP_COLUMNS = (
    "guild_id, name, member_role_id, chair_role_id, secretary_role_id, channel_id, language, "
    "quorum_percent, majority, tie_break, show_live_tally, substitute_role_id, who_votes"
)


def _group(row: aiosqlite.Row) -> Group:
    return Group(
        guild_id=row["guild_id"],
        name=row["name"],
        member_role_id=row["member_role_id"],
        chair_role_id=row["chair_role_id"],
        secretary_role_id=row["secretary_role_id"],
        substitute_role_id=row["substitute_role_id"],
        channel_id=row["channel_id"],
        language=Language(row["language"]),
        rules=GroupRules(
            quorum_percent=row["quorum_percent"],
            majority=Majority(row["majority"]),
            tie_break=TieBreak(row["tie_break"]),
            show_live_tally=bool(row["show_live_tally"]),
            who_votes=WhoVotes(row["who_votes"]),
        ),
    )


async def get(conn: aiosqlite.Connection, guild_id: int) -> Group | None:
    """The group of a server, or None before anything was set up."""
    rows = list(
        await conn.execute_fetchall(
            f"SELECT {_GROUP_COLUMNS} FROM groups WHERE guild_id = ?", (guild_id,)
        )
    )
    return _group(rows[0]) if rows else None


async def count(conn: aiosqlite.Connection) -> int:
    """How many groups are configured."""
    async with conn.execute("SELECT count(*) FROM groups") as cur:
        row = await cur.fetchone()
    return int(row[0]) if row else 0


async def save(conn: aiosqlite.Connection, group: Group, now: datetime) -> None:
    """Insert or update the group's settings."""
    await conn.execute(
        """
        INSERT INTO groups (guild_id, name, member_role_id, chair_role_id, secretary_role_id,
                            channel_id, language, quorum_percent, majority, tie_break,
                            show_live_tally, substitute_role_id, who_votes,
                            created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (guild_id) DO UPDATE SET
            name = excluded.name, member_role_id = excluded.member_role_id,
            chair_role_id = excluded.chair_role_id,
            secretary_role_id = excluded.secretary_role_id, channel_id = excluded.channel_id,
            language = excluded.language, quorum_percent = excluded.quorum_percent,
            majority = excluded.majority, tie_break = excluded.tie_break,
            show_live_tally = excluded.show_live_tally,
            substitute_role_id = excluded.substitute_role_id, who_votes = excluded.who_votes,
            updated_at = excluded.updated_at
        """,
        (
            group.guild_id,
            group.name,
            group.member_role_id,
            group.chair_role_id,
            group.secretary_role_id,
            group.channel_id,
            group.language.value,
            group.rules.quorum_percent,
            group.rules.majority.value,
            group.rules.tie_break.value,
            int(group.rules.show_live_tally),
            group.substitute_role_id,
            group.rules.who_votes.value,
            to_db(now),
            to_db(now),
        ),
    )


async def upsert_members(
    conn: aiosqlite.Connection,
    guild_id: int,
    members: Iterable[tuple[int, str, bool]],
    now: datetime,
    substitutes: Collection[int] = (),
) -> None:
    """Remember (member_id, display name, holds the voting role) as seen now.

    `substitutes` are the members among them holding the substitute (ersättare) role.
    """
    subs = set(substitutes)
    await conn.executemany(
        """
        INSERT INTO members (guild_id, member_id, display_name, is_voting, is_substitute,
                             left_at, updated_at)
        VALUES (?, ?, ?, ?, ?, NULL, ?)
        ON CONFLICT (guild_id, member_id) DO UPDATE SET
            display_name = excluded.display_name, is_voting = excluded.is_voting,
            is_substitute = excluded.is_substitute, left_at = NULL,
            updated_at = excluded.updated_at
        """,
        [
            (guild_id, mid, name, int(voting), int(mid in subs), to_db(now))
            for mid, name, voting in members
        ],
    )


async def mark_left(
    conn: aiosqlite.Connection, guild_id: int, member_id: int, now: datetime
) -> None:
    """Record that a member left the server; their votes stay."""
    await conn.execute(
        "UPDATE members SET left_at = ?, is_voting = 0, is_substitute = 0, updated_at = ? "
        "WHERE guild_id = ? AND member_id = ?",
        (to_db(now), to_db(now), guild_id, member_id),
    )


async def member_names(conn: aiosqlite.Connection, guild_id: int) -> dict[int, tuple[str, bool]]:
    """member_id -> (display name, has left) for everyone the bot has seen in the group."""
    rows = await conn.execute_fetchall(
        "SELECT member_id, display_name, left_at FROM members WHERE guild_id = ?", (guild_id,)
    )
    return {row[0]: (row[1], row[2] is not None) for row in rows}


async def voting_member_ids(conn: aiosqlite.Connection, guild_id: int) -> list[int]:
    """Members last seen holding the voting role (for work done without Discord)."""
    async with conn.execute(
        "SELECT member_id FROM members WHERE guild_id = ? AND is_voting = 1 AND left_at IS NULL "
        "ORDER BY member_id",
        (guild_id,),
    ) as cur:
        return [row[0] for row in await cur.fetchall()]


async def roster(conn: aiosqlite.Connection, guild_id: int) -> Roster:
    """Ledamöter and ersättare as last seen (voting and substitute roles), without those who left."""
    async with conn.execute(
        "SELECT member_id, is_voting, is_substitute FROM members "
        "WHERE guild_id = ? AND left_at IS NULL AND (is_voting = 1 OR is_substitute = 1)",
        (guild_id,),
    ) as cur:
        rows = await cur.fetchall()
    return Roster(
        ledamoter=frozenset(row[0] for row in rows if row[1]),
        ersattare=frozenset(row[0] for row in rows if row[2]),
    )


async def departed_ids(conn: aiosqlite.Connection, guild_id: int) -> frozenset[int]:
    """Members who have left the server."""
    rows = await conn.execute_fetchall(
        "SELECT member_id FROM members WHERE guild_id = ? AND left_at IS NOT NULL", (guild_id,)
    )
    return frozenset(row[0] for row in rows)


async def get_state(conn: aiosqlite.Connection, key: str) -> str | None:
    """A value of the bot's own small key-value state."""
    async with conn.execute("SELECT value FROM bot_state WHERE key = ?", (key,)) as cur:
        row = await cur.fetchone()
    return None if row is None else str(row[0])


async def set_state(conn: aiosqlite.Connection, key: str, value: str) -> None:
    """Store a value of the bot's own small key-value state."""
    await conn.execute(
        "INSERT INTO bot_state (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


async def all_configured(conn: aiosqlite.Connection) -> list[Group]:
    """Every group whose roles and channel are set (for `python -m bot check`)."""
    async with conn.execute(f"SELECT {_GROUP_COLUMNS} FROM groups ORDER BY guild_id") as cur:
        found = [_group(row) for row in await cur.fetchall()]
    return [group for group in found if group.configured]
