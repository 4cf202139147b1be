"""One home for "write, then audit": a transaction whose changes and audit entries commit
together.

    async with audited(db, guild_id=guild_id, actor=actor, now=now) as change:
        conn = change.conn
        ...checks and writes on conn...
        await change.record("proposal.table", {"item": item.number, ...})

`record` appends the entry to the group's hash chain at once, on the change's own
connection (so in its transaction), with the time and actor given once at the top. If
the block raises, the transaction rolls back and neither the writes nor the entries stay.
A block that changed rows but recorded nothing is refused (rolled back, UnauditedChange):
an audited write can no longer lose its entry.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

import aiosqlite

from bot.domain.access import Actor
from db import audit
from db.connection import Database


class UnauditedChange(RuntimeError):
    """An audited transaction wrote rows but recorded no audit entry (a programming error)."""


class AuditedChange:
    """The open transaction of one audited change: `conn` for its reads and writes,
    `record` for what it did."""

    def __init__(
        self, conn: aiosqlite.Connection, guild_id: int | None, actor_id: int | None, at: datetime
    ) -> None:
        self.conn = conn
        self.guild_id = guild_id
        self.actor_id = actor_id
        self.at = at
        self.recorded: list[str] = []

    async def record(
        self, action: str, payload: Mapping[str, Any], *, guild_id: int | None = None
    ) -> str:
        """Append the entry to the group's chain in this transaction; returns its hash.
        `guild_id` is for a change whose group is only known inside the block."""
        group = guild_id if guild_id is not None else self.guild_id
        if group is None:
            raise ValueError("an audit entry needs the group's guild_id")
        entry_hash = await audit.append(
            self.conn,
            guild_id=group,
            at=self.at,
            actor_id=self.actor_id,
            action=action,
            payload=payload,
        )
        self.recorded.append(action)
        return entry_hash


def _actor_id(actor: Actor | int | None) -> int | None:
    return actor.user_id if isinstance(actor, Actor) else actor


@asynccontextmanager
async def audited(
    db: Database, *, guild_id: int | None, actor: Actor | int | None, now: datetime
) -> AsyncIterator[AuditedChange]:
    """A write transaction whose audit entries (`change.record`) commit with its changes.

    `actor` is the person acting (an Actor or a member id), None for the bot itself;
    `guild_id` None when the group is only known inside (then `record(..., guild_id=…)`).
    """
    async with db.transaction() as conn:
        before = conn.total_changes
        change = AuditedChange(conn, guild_id, _actor_id(actor), now)
        yield change
        if conn.total_changes != before and not change.recorded:
            raise UnauditedChange("an audited transaction changed rows without an audit entry")
