"""The group's position per yrkande."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

import aiosqlite

from bot.domain.models import Position
from bot.domain.records import PositionRecord
from bot.domain.rules import Decision
from db.timefmt import from_db, to_db

_COLUMNS = (
    "yrkande_id, position, derived_position, overridden, note, set_by, reason, bifall, avslag, "
    "avstar, not_voted, eligible_json, quorum_met, lottery_json, decided_at"
)


def _record(row: aiosqlite.Row) -> PositionRecord:
    return PositionRecord(
        yrkande_id=row["yrkande_id"],
        position=Position(row["position"]),
        derived_position=None
        if row["derived_position"] is None
        else Position(row["derived_position"]),
        overridden=bool(row["overridden"]),
        note=row["note"],
        set_by=row["set_by"],
        reason=row["reason"],
        bifall=row["bifall"],
        avslag=row["avslag"],
        avstar=row["avstar"],
        not_voted=row["not_voted"],
        eligible=json.loads(row["eligible_json"]),
        quorum_met=bool(row["quorum_met"]),
        lottery_json=row["lottery_json"],
        decided_at=from_db(row["decided_at"]),
    )


async def record_decision(
    conn: aiosqlite.Connection,
    yrkande_id: int,
    decision: Decision,
    eligible: Sequence[int],
    now: datetime,
) -> None:
    """Store what the rules derived at closing; keeps an earlier override in force."""
    counts = decision.counts
    lottery = None if decision.lottery is None else decision.lottery.model_dump_json()
    await conn.execute(
        f"""
        INSERT INTO positions ({_COLUMNS})
        VALUES (?, ?, ?, 0, NULL, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (yrkande_id) DO UPDATE SET
            derived_position = excluded.derived_position,
            position = CASE WHEN positions.overridden = 1 THEN positions.position
                            ELSE excluded.position END,
            reason = excluded.reason, bifall = excluded.bifall, avslag = excluded.avslag,
            avstar = excluded.avstar, not_voted = excluded.not_voted,
            eligible_json = excluded.eligible_json, quorum_met = excluded.quorum_met,
            lottery_json = excluded.lottery_json, decided_at = excluded.decided_at
        """,
        (
            yrkande_id,
            decision.position.value,
            decision.position.value,
            decision.reason,
            counts.bifall,
            counts.avslag,
            counts.avstar,
            counts.not_voted,
            json.dumps(sorted(eligible)),
            int(decision.quorum_met),
            lottery,
            to_db(now),
        ),
    )


async def set_override(
    conn: aiosqlite.Connection,
    yrkande_id: int,
    position: Position,
    note: str | None,
    set_by: int,
    now: datetime,
) -> None:
    """The chair sets the position by hand; the derived position and tally stay beside it."""
    await conn.execute(
        f"""
        INSERT INTO positions ({_COLUMNS})
        VALUES (?, ?, NULL, 1, ?, ?, '', 0, 0, 0, 0, '[]', 0, NULL, ?)
        ON CONFLICT (yrkande_id) DO UPDATE SET
            position = excluded.position, overridden = 1, note = excluded.note,
            set_by = excluded.set_by
        """,
        (yrkande_id, position.value, note, set_by, to_db(now)),
    )


async def clear(conn: aiosqlite.Connection, yrkande_ids: Sequence[int]) -> None:
    """Forget the derived positions (on reopen); a chair's override stays until changed."""
    await conn.executemany(
        "DELETE FROM positions WHERE yrkande_id = ? AND overridden = 0",
        [(yid,) for yid in yrkande_ids],
    )
    await conn.executemany(
        "UPDATE positions SET derived_position = NULL WHERE yrkande_id = ?",
        [(yid,) for yid in yrkande_ids],
    )


async def for_yrkanden(
    conn: aiosqlite.Connection, yrkande_ids: Sequence[int]
) -> dict[int, PositionRecord]:
    """Positions of the given yrkanden, keyed by yrkande id (missing = none yet)."""
    if not yrkande_ids:
        return {}
    marks = ",".join("?" * len(yrkande_ids))
    rows = await conn.execute_fetchall(
        f"SELECT {_COLUMNS} FROM positions WHERE yrkande_id IN ({marks})", list(yrkande_ids)
    )
    return {row["yrkande_id"]: _record(row) for row in rows}
