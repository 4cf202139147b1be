"""Results of the rounds of beslutsgång questions (each round is a vote message row)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import aiosqlite

from bot.domain.alternatives import Round
from db.timefmt import from_db, to_db


async def record_result(
    conn: aiosqlite.Connection, yrkande_id: int, result: Round, now: datetime
) -> bool:
    """Store how a round ended; False (nothing changed) if it was already closed."""
    async with conn.execute(
        "INSERT INTO round_results (yrkande_id, result_json, decided_at) VALUES (?, ?, ?) "
        "ON CONFLICT (yrkande_id) DO NOTHING RETURNING yrkande_id",
        (yrkande_id, result.model_dump_json(), to_db(now)),
    ) as cur:
        return await cur.fetchone() is not None


async def results_for(conn: aiosqlite.Connection, yrkande_ids: Sequence[int]) -> dict[int, Round]:
    """Closed rounds among these vote message rows, keyed by row id."""
    found: dict[int, Round] = {}
    for start in range(0, len(yrkande_ids), 500):
        chunk = list(yrkande_ids[start : start + 500])
        marks = ",".join("?" * len(chunk))
        async with conn.execute(
            f"SELECT yrkande_id, result_json FROM round_results WHERE yrkande_id IN ({marks})",
            chunk,
        ) as cur:
            for row in await cur.fetchall():
                found[int(row[0])] = Round.model_validate_json(row[1])
    return found


async def due(conn: aiosqlite.Connection, now: datetime) -> list[tuple[int, int]]:
    """(item id, row id) of open items' question rounds whose own deadline has come and
    that are not closed yet."""
    async with conn.execute(
        "SELECT y.item_id, y.id FROM yrkanden y JOIN items i ON i.id = y.item_id "
        "WHERE i.status = 'open' AND y.question_key IS NOT NULL AND y.closes_at IS NOT NULL "
        "AND y.closes_at <= ? AND NOT EXISTS (SELECT 1 FROM round_results r "
        "WHERE r.yrkande_id = y.id) ORDER BY y.closes_at, y.id",
        (to_db(now),),
    ) as cur:
        return [(int(row[0]), int(row[1])) for row in await cur.fetchall()]


async def next_close(conn: aiosqlite.Connection) -> datetime | None:
    """The earliest own deadline of an open question round not closed yet."""
    async with conn.execute(
        "SELECT min(y.closes_at) FROM yrkanden y JOIN items i ON i.id = y.item_id "
        "WHERE i.status = 'open' AND y.question_key IS NOT NULL AND y.closes_at IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM round_results r WHERE r.yrkande_id = y.id)"
    ) as cur:
        row = await cur.fetchone()
    return None if row is None or row[0] is None else from_db(row[0])
