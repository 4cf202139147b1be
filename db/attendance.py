"""A meeting's attendance (förhinder, tjänstgörande ersättare) and the electorates items opened with."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from datetime import datetime

import aiosqlite

from bot.domain.attendance import Attendance, MeetingRole
from bot.domain.models import WhoVotes
from db.timefmt import to_db


async def load(conn: aiosqlite.Connection, meeting_id: int) -> Attendance:
    """Who reported förhinder (with reason) and who serves istf whom at a meeting."""
    async with conn.execute(
        "SELECT member_id, absent, reason, instead_of FROM attendance WHERE meeting_id = ?",
        (meeting_id,),
    ) as cur:
        rows = await cur.fetchall()
    return Attendance(
        absent={row[0]: row[2] for row in rows if row[1]},
        serving={row[0]: row[3] for row in rows if row[3] is not None},
    )


async def replace(
    conn: aiosqlite.Connection,
    meeting_id: int,
    attendance: Attendance,
    *,
    actor_id: int,
    now: datetime,
) -> None:
    """Store the meeting's whole attendance (who changed what is in the audit log)."""
    rows: list[tuple[int, int, str, int | None]] = [
        (mid, 1, reason, None) for mid, reason in attendance.absent.items()
    ]
    rows += [(sub, 0, "", istf) for sub, istf in attendance.serving.items()]
    await conn.execute("DELETE FROM attendance WHERE meeting_id = ?", (meeting_id,))
    await conn.executemany(
        "INSERT INTO attendance (meeting_id, member_id, absent, reason, instead_of, "
        "updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (meeting_id, mid, absent, reason, istf, actor_id, to_db(now))
            for mid, absent, reason, istf in rows
        ],
    )


async def fix_electorate(
    conn: aiosqlite.Connection,
    item_id: int,
    rule: WhoVotes,
    voters: Iterable[tuple[int, MeetingRole, int | None]],
) -> None:
    """Store who votes on an item, fixed as its voting opens: (member, role then, istf)."""
    await conn.execute("UPDATE items SET who_votes = ? WHERE id = ?", (rule.value, item_id))
    await conn.execute("DELETE FROM item_voters WHERE item_id = ?", (item_id,))
    await conn.executemany(
        "INSERT INTO item_voters (item_id, member_id, role, instead_of) VALUES (?, ?, ?, ?)",
        [(item_id, mid, role.value, istf) for mid, role, istf in voters],
    )


async def fixed_electorates(
    conn: aiosqlite.Connection, item_ids: Collection[int]
) -> dict[int, frozenset[int]]:
    """item -> its fixed electorate; items opened before electorates were stored are left out."""
    if not item_ids:
        return {}
    ids = json.dumps(sorted(set(item_ids)))
    rows = await conn.execute_fetchall(
        "SELECT i.id, v.member_id FROM items i LEFT JOIN item_voters v ON v.item_id = i.id "
        "WHERE i.who_votes IS NOT NULL AND i.id IN (SELECT value FROM json_each(?))",
        (ids,),
    )
    found: dict[int, set[int]] = {}
    for item_id, member_id in rows:
        members = found.setdefault(item_id, set())
        if member_id is not None:
            members.add(member_id)
    return {item_id: frozenset(members) for item_id, members in found.items()}
