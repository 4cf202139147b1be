"""Use cases about Yrka's own permissions: remember what the chair was told, so it is told once."""

from __future__ import annotations

from collections.abc import Iterable

from bot.domain.bot_permissions import BotPermission, notice_due
from db import groups
from db.connection import Database


def _key(guild_id: int) -> str:
    return f"missing_permissions:{guild_id}"


async def note_missing(db: Database, guild_id: int, missing: Iterable[BotPermission]) -> bool:
    """Remember what the bot lacks in a group's channel; True when the chair must be told now.

    Told once per gap: a permission already reported is not reported again (also not after a
    restart) until it came back and was lost again; an empty `missing` clears the memory."""
    missing = tuple(missing)
    value = ",".join(sorted(p.value for p in missing))
    # Read first: at start-up every group is checked, and almost all are as they were
    # (2,500 groups: 2,500 write transactions ahead of the live votes' reads otherwise).
    async with db.read() as conn:
        if (await groups.get_state(conn, _key(guild_id)) or "") == value:
            return False  # everything missing was told before (or nothing is missing)
    async with db.transaction() as conn:
        stored = await groups.get_state(conn, _key(guild_id)) or ""
        told = frozenset(name for name in stored.split(",") if name)
        due = notice_due(told, missing)
        # Either everything missing is told now, or it was all told before: remember it all.
        if value != stored:
            await groups.set_state(conn, _key(guild_id), value)
    return due
