"""The hash-chained audit log, one chain per group."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, NamedTuple

import aiosqlite

from bot.domain.audit import GENESIS_HASH, AuditEntry, audit_hash
from db.timefmt import from_db, to_db


async def head_hash(conn: aiosqlite.Connection, guild_id: int) -> str:
    """The hash of the group's latest entry (the genesis hash for an empty log)."""
    async with conn.execute(
        "SELECT hash FROM audit_log WHERE guild_id = ? ORDER BY seq DESC LIMIT 1", (guild_id,)
    ) as cur:
        row = await cur.fetchone()
    return GENESIS_HASH if row is None else str(row[0])


async def append(
    conn: aiosqlite.Connection,
    *,
    guild_id: int,
    at: datetime,
    actor_id: int | None,
    action: str,
    payload: Mapping[str, Any],
) -> str:
    """Append an entry chained to the group's head; call inside the change's transaction."""
    previous = await head_hash(conn, guild_id)
    entry_hash = audit_hash(previous, at, actor_id, action, payload)
    await conn.execute(
        "INSERT INTO audit_log (guild_id, at, actor_id, action, payload_json, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            guild_id,
            to_db(at),
            actor_id,
            action,
            json.dumps(dict(payload), ensure_ascii=False, sort_keys=True),
            previous,
            entry_hash,
        ),
    )
    return entry_hash


async def entries(conn: aiosqlite.Connection, guild_id: int) -> list[AuditEntry]:
    """The group's whole chain in order."""
    async with conn.execute(
        "SELECT seq, at, actor_id, action, payload_json, prev_hash, hash FROM audit_log "
        "WHERE guild_id = ? ORDER BY seq",
        (guild_id,),
    ) as cur:
        rows = await cur.fetchall()
    # The table's seq is global across groups; a group's chain is numbered 1..n.
    return [
        AuditEntry(
            seq=position,
            at=from_db(row["at"]),
            actor_id=row["actor_id"],
            action=row["action"],
            payload=json.loads(row["payload_json"]),
            prev_hash=row["prev_hash"],
            hash=row["hash"],
        )
        for position, row in enumerate(rows, start=1)
    ]


class NewAuditEntry(NamedTuple):
    """One entry to append: when, by whom, what."""

    at: datetime
    actor_id: int | None
    action: str
    payload: Mapping[str, Any]


async def append_many(
    conn: aiosqlite.Connection, guild_id: int, new_entries: Sequence[NewAuditEntry]
) -> str:
    """Append entries in order, chained from one read of the group's head; returns the new head."""
    previous = await head_hash(conn, guild_id)
    rows = []
    for entry in new_entries:
        entry_hash = audit_hash(previous, entry.at, entry.actor_id, entry.action, entry.payload)
        rows.append(
            [
                to_db(entry.at),
                entry.actor_id,
                entry.action,
                dict(entry.payload),
                previous,
                entry_hash,
            ]
        )
        previous = entry_hash
    # One statement over a JSON array (see db.votes.append_many for why not executemany);
    # json_extract gives each payload back as compact JSON text, keys sorted by the dump.
    await conn.execute(
        "INSERT INTO audit_log (guild_id, at, actor_id, action, payload_json, prev_hash, hash) "
        "SELECT ?, json_extract(value, '$[0]'), json_extract(value, '$[1]'), "
        "json_extract(value, '$[2]'), json_extract(value, '$[3]'), json_extract(value, '$[4]'), "
        "json_extract(value, '$[5]') FROM json_each(?) ORDER BY key",
        (guild_id, json.dumps(rows, ensure_ascii=False, sort_keys=True)),
    )
    return previous
