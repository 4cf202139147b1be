"""The group's tabled yrkanden, the locked beslutsgång and avvikande meningar (0007)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

import aiosqlite

from bot.domain.alternatives import Proposal, ProposalKind, Question
from bot.domain.proposals import Dissent, Lock, TabledProposal
from db.timefmt import from_db, maybe_from_db, to_db

_COLUMNS = (
    "id, item_id, number, kind, yrkande_number, text, author_id, tabled_at, card_message_id, "
    "withdrawn_at, withdrawn_by"
)


def _proposal(row: aiosqlite.Row) -> TabledProposal:
    return TabledProposal(
        id=row["id"],
        item_id=row["item_id"],
        number=row["number"],
        kind=ProposalKind(row["kind"]),
        yrkande_number=row["yrkande_number"],
        text=row["text"],
        author_id=row["author_id"],
        tabled_at=from_db(row["tabled_at"]),
        card_message_id=row["card_message_id"],
        withdrawn_at=maybe_from_db(row["withdrawn_at"]),
        withdrawn_by=row["withdrawn_by"],
    )


async def table(
    conn: aiosqlite.Connection,
    *,
    item_id: int,
    kind: ProposalKind,
    yrkande_number: int | None,
    text: str,
    author_id: int,
    now: datetime,
) -> TabledProposal:
    """Store a tabled yrkande with the item's next number."""
    async with conn.execute(
        "INSERT INTO proposals (item_id, number, kind, yrkande_number, text, author_id, tabled_at) "
        "VALUES (?, (SELECT coalesce(max(number), 0) + 1 FROM proposals WHERE item_id = ?), "
        f"?, ?, ?, ?, ?) RETURNING {_COLUMNS}",
        (item_id, item_id, kind.value, yrkande_number, text, author_id, to_db(now)),
    ) as cur:
        row = await cur.fetchone()
    assert row is not None
    return _proposal(row)


async def for_item(conn: aiosqlite.Connection, item_id: int) -> list[TabledProposal]:
    """Every yrkande tabled on an item (withdrawn ones too), in tabling order."""
    async with conn.execute(
        f"SELECT {_COLUMNS} FROM proposals WHERE item_id = ? ORDER BY number", (item_id,)
    ) as cur:
        return [_proposal(row) for row in await cur.fetchall()]


async def for_items(
    conn: aiosqlite.Connection, item_ids: Sequence[int]
) -> dict[int, list[TabledProposal]]:
    """for_item for many items at once (exports, the brief)."""
    found: dict[int, list[TabledProposal]] = {item_id: [] for item_id in item_ids}
    if not item_ids:
        return found
    marks = ", ".join("?" for _ in item_ids)
    async with conn.execute(
        f"SELECT {_COLUMNS} FROM proposals WHERE item_id IN ({marks}) ORDER BY item_id, number",
        tuple(item_ids),
    ) as cur:
        for row in await cur.fetchall():
            found[row["item_id"]].append(_proposal(row))
    return found


async def active(conn: aiosqlite.Connection, item_id: int) -> list[Proposal]:
    """The rules' view of the yrkanden still on the table, in tabling order."""
    return [p.as_proposal() for p in await for_item(conn, item_id) if p.active]


async def by_number(conn: aiosqlite.Connection, item_id: int, number: int) -> TabledProposal | None:
    """One tabled yrkande by its number within the item."""
    async with conn.execute(
        f"SELECT {_COLUMNS} FROM proposals WHERE item_id = ? AND number = ?", (item_id, number)
    ) as cur:
        row = await cur.fetchone()
    return None if row is None else _proposal(row)


async def withdraw(conn: aiosqlite.Connection, proposal_id: int, by: int, now: datetime) -> None:
    """Mark a yrkande withdrawn (it keeps its number and stays in the record)."""
    await conn.execute(
        "UPDATE proposals SET withdrawn_at = ?, withdrawn_by = ? WHERE id = ? "
        "AND withdrawn_at IS NULL",
        (to_db(now), by, proposal_id),
    )


async def set_card_message(conn: aiosqlite.Connection, proposal_id: int, message_id: int) -> None:
    """Remember the proposal card posted in the motion's thread."""
    await conn.execute(
        "UPDATE proposals SET card_message_id = ? WHERE id = ?", (message_id, proposal_id)
    )


# ---------------------------------------------------------------- the locked beslutsgång


def _lock(row: aiosqlite.Row) -> Lock:
    return Lock(
        item_id=row["item_id"],
        questions=tuple(Question.model_validate(q) for q in json.loads(row["order_json"])),
        chair_ordered=bool(row["chair_ordered"]),
        locked_by=row["locked_by"],
        locked_at=from_db(row["locked_at"]),
        order_message_id=row["order_message_id"],
        runoff_at=None if row["runoff_at"] is None else from_db(row["runoff_at"]),
    )


async def lock(
    conn: aiosqlite.Connection,
    *,
    item_id: int,
    questions: Sequence[Question],
    chair_ordered: bool,
    locked_by: int,
    now: datetime,
    runoff_at: datetime | None = None,
) -> Lock:
    """Fix the item's beslutsgång (once: a second lock raises IntegrityError)."""
    order_json = json.dumps([q.model_dump(mode="json") for q in questions], ensure_ascii=False)
    await conn.execute(
        "INSERT INTO proposal_locks "
        "(item_id, order_json, chair_ordered, locked_by, locked_at, runoff_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (
            item_id,
            order_json,
            int(chair_ordered),
            locked_by,
            to_db(now),
            None if runoff_at is None else to_db(runoff_at),
        ),
    )
    return Lock(
        item_id=item_id,
        questions=tuple(questions),
        chair_ordered=chair_ordered,
        locked_by=locked_by,
        locked_at=now,
        runoff_at=runoff_at,
    )


async def lock_of(conn: aiosqlite.Connection, item_id: int) -> Lock | None:
    """The item's locked beslutsgång, or None while yrkanden may still be tabled."""
    async with conn.execute(
        "SELECT item_id, order_json, chair_ordered, locked_by, locked_at, order_message_id, "
        "runoff_at "
        "FROM proposal_locks WHERE item_id = ?",
        (item_id,),
    ) as cur:
        row = await cur.fetchone()
    return None if row is None else _lock(row)


async def locks_for(conn: aiosqlite.Connection, item_ids: Sequence[int]) -> dict[int, Lock]:
    """lock_of for many items (exports, the brief); items without a lock are left out."""
    if not item_ids:
        return {}
    marks = ", ".join("?" for _ in item_ids)
    async with conn.execute(
        "SELECT item_id, order_json, chair_ordered, locked_by, locked_at, order_message_id, "
        "runoff_at "
        f"FROM proposal_locks WHERE item_id IN ({marks})",
        tuple(item_ids),
    ) as cur:
        return {row["item_id"]: _lock(row) for row in await cur.fetchall()}


async def locked_questions(conn: aiosqlite.Connection, item_id: int) -> list[Question] | None:
    """The locked questions in order (None: not locked). What the vote messages are built from."""
    found = await lock_of(conn, item_id)
    return None if found is None else list(found.questions)


async def set_runoff(conn: aiosqlite.Connection, item_id: int, at: datetime) -> None:
    """The chair's (new) deadline for the item's second rounds."""
    await conn.execute(
        "UPDATE proposal_locks SET runoff_at = ? WHERE item_id = ?", (to_db(at), item_id)
    )


async def set_order_message(conn: aiosqlite.Connection, item_id: int, message_id: int) -> None:
    """Remember the propositionsordning message posted in the thread."""
    await conn.execute(
        "UPDATE proposal_locks SET order_message_id = ? WHERE item_id = ?", (message_id, item_id)
    )


# ---------------------------------------------------------------- avvikande meningar


async def set_dissent(conn: aiosqlite.Connection, dissent: Dissent) -> bool:
    """Store a member's avvikande mening on an item; True when it replaced an earlier one."""
    async with conn.execute(
        "SELECT 1 FROM dissents WHERE item_id = ? AND member_id = ?",
        (dissent.item_id, dissent.member_id),
    ) as cur:
        existed = await cur.fetchone() is not None
    await conn.execute(
        "INSERT INTO dissents (item_id, member_id, text, at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (item_id, member_id) DO UPDATE SET text = excluded.text, at = excluded.at",
        (dissent.item_id, dissent.member_id, dissent.text, to_db(dissent.at)),
    )
    return existed


async def dissents_for(
    conn: aiosqlite.Connection, item_ids: Sequence[int]
) -> dict[int, list[Dissent]]:
    """Avvikande meningar per item, in the order they were registered."""
    found: dict[int, list[Dissent]] = {item_id: [] for item_id in item_ids}
    if not item_ids:
        return found
    marks = ", ".join("?" for _ in item_ids)
    async with conn.execute(
        f"SELECT item_id, member_id, text, at FROM dissents WHERE item_id IN ({marks}) "
        "ORDER BY at, member_id",
        tuple(item_ids),
    ) as cur:
        for row in await cur.fetchall():
            found[row["item_id"]].append(
                Dissent(
                    item_id=row["item_id"],
                    member_id=row["member_id"],
                    text=row["text"],
                    at=from_db(row["at"]),
                )
            )
    return found
