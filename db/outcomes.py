"""What the council decided (outcomes) and the group's reservations, per item."""

from __future__ import annotations

from collections.abc import Sequence

import aiosqlite

from bot.domain.models import CouncilResult
from bot.domain.records import Outcome, Reservation
from db.timefmt import from_db, to_db

WHOLE_ITEM = 0  # yrkande_number stored for an outcome of the whole item

_OUTCOME_COLUMNS = (
    "item_id, yrkande_number, result, votes_for, votes_against, abstained, note, set_by, set_at"
)


def _outcome(row: aiosqlite.Row) -> Outcome:
    number = row["yrkande_number"]
    return Outcome(
        item_id=row["item_id"],
        yrkande_number=None if number == WHOLE_ITEM else number,
        result=CouncilResult(row["result"]),
        votes_for=row["votes_for"],
        votes_against=row["votes_against"],
        abstained=row["abstained"],
        note=row["note"],
        set_by=row["set_by"],
        set_at=from_db(row["set_at"]),
    )


async def set_outcome(conn: aiosqlite.Connection, outcome: Outcome) -> Outcome | None:
    """Record (or replace) the outcome of an item or att-sats; returns the one it replaced."""
    number = WHOLE_ITEM if outcome.yrkande_number is None else outcome.yrkande_number
    async with conn.execute(
        f"SELECT {_OUTCOME_COLUMNS} FROM outcomes WHERE item_id = ? AND yrkande_number = ?",
        (outcome.item_id, number),
    ) as cur:
        row = await cur.fetchone()
    previous = None if row is None else _outcome(row)
    await conn.execute(
        f"""
        INSERT INTO outcomes ({_OUTCOME_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (item_id, yrkande_number) DO UPDATE SET
            result = excluded.result, votes_for = excluded.votes_for,
            votes_against = excluded.votes_against, abstained = excluded.abstained,
            note = excluded.note, set_by = excluded.set_by, set_at = excluded.set_at
        """,
        (
            outcome.item_id,
            number,
            outcome.result.value,
            outcome.votes_for,
            outcome.votes_against,
            outcome.abstained,
            outcome.note,
            outcome.set_by,
            to_db(outcome.set_at),
        ),
    )
    return previous


async def for_items(
    conn: aiosqlite.Connection, item_ids: Sequence[int]
) -> dict[int, list[Outcome]]:
    """Outcomes per item id (whole item first, then by att-sats); every id has a list."""
    found: dict[int, list[Outcome]] = {item_id: [] for item_id in item_ids}
    if not item_ids:
        return found
    marks = ",".join("?" * len(item_ids))
    async with conn.execute(
        f"SELECT {_OUTCOME_COLUMNS} FROM outcomes WHERE item_id IN ({marks}) "
        "ORDER BY item_id, yrkande_number",
        list(item_ids),
    ) as cur:
        for row in await cur.fetchall():
            found[row["item_id"]].append(_outcome(row))
    return found


async def set_reservation(conn: aiosqlite.Connection, reservation: Reservation) -> str | None:
    """Store (or replace) the group's reservation on an item; returns the text it replaced."""
    async with conn.execute(
        "SELECT text FROM reservations WHERE item_id = ?", (reservation.item_id,)
    ) as cur:
        row = await cur.fetchone()
    await conn.execute(
        """
        INSERT INTO reservations (item_id, text, set_by, set_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (item_id) DO UPDATE SET
            text = excluded.text, set_by = excluded.set_by, set_at = excluded.set_at
        """,
        (reservation.item_id, reservation.text, reservation.set_by, to_db(reservation.set_at)),
    )
    return None if row is None else str(row["text"])


async def reservations_for(
    conn: aiosqlite.Connection, item_ids: Sequence[int]
) -> dict[int, Reservation]:
    """Reservations keyed by item id (missing = none)."""
    if not item_ids:
        return {}
    marks = ",".join("?" * len(item_ids))
    async with conn.execute(
        f"SELECT item_id, text, set_by, set_at FROM reservations WHERE item_id IN ({marks})",
        list(item_ids),
    ) as cur:
        return {
            row["item_id"]: Reservation(
                item_id=row["item_id"],
                text=row["text"],
                set_by=row["set_by"],
                set_at=from_db(row["set_at"]),
            )
            for row in await cur.fetchall()
        }
