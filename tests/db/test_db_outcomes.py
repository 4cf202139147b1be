"""The outcomes and reservations tables: round trips, replacing, constraints."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from bot.domain.models import CouncilResult
from bot.domain.records import Outcome, Reservation
from db import items, outcomes
from db.connection import Database
from tests.db.test_db import NOW, _group_with_item


async def _item_id(db: Database) -> int:
    _, yrkande_id = await _group_with_item(db)
    async with db.read() as conn:
        item = await items.item_of_yrkande(conn, yrkande_id)
    assert item is not None
    return item.id


async def test_outcomes_round_trip_whole_item_and_att_sats_and_replace(db: Database) -> None:
    item_id = await _item_id(db)
    whole = Outcome(
        item_id=item_id,
        yrkande_number=None,
        result=CouncilResult.AVSLAG,
        votes_for=12,
        votes_against=39,
        abstained=2,
        note="Votering",
        set_by=7,
        set_at=NOW,
    )
    clause = Outcome(
        item_id=item_id, yrkande_number=2, result=CouncilResult.BIFALL, set_by=8, set_at=NOW
    )
    async with db.transaction() as conn:
        assert await outcomes.set_outcome(conn, whole) is None
        assert await outcomes.set_outcome(conn, clause) is None
    async with db.read() as conn:
        assert (await outcomes.for_items(conn, [item_id, 999])) == {
            item_id: [whole, clause],
            999: [],
        }
    fixed = whole.model_copy(update={"result": CouncilResult.ATERREMISS, "votes_for": None})
    async with db.transaction() as conn:
        assert await outcomes.set_outcome(conn, fixed) == whole
    async with db.read() as conn:
        assert (await outcomes.for_items(conn, [item_id]))[item_id] == [fixed, clause]


async def test_reservation_round_trip_and_replace(db: Database) -> None:
    item_id = await _item_id(db)
    first = Reservation(item_id=item_id, text="V reserverar sig.", set_by=7, set_at=NOW)
    async with db.transaction() as conn:
        assert await outcomes.set_reservation(conn, first) is None
        second = first.model_copy(
            update={"text": "V reserverar sig mot beslutet.", "set_at": NOW + timedelta(hours=1)}
        )
        assert await outcomes.set_reservation(conn, second) == "V reserverar sig."
    async with db.read() as conn:
        assert await outcomes.reservations_for(conn, [item_id, 999]) == {item_id: second}


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO outcomes (item_id, yrkande_number, result, set_by, set_at) "
        "VALUES ({item}, 0, 'maybe', 1, 'x')",
        "INSERT INTO outcomes (item_id, yrkande_number, result, votes_for, set_by, set_at) "
        "VALUES ({item}, 0, 'bifall', -1, 1, 'x')",
        "INSERT INTO outcomes (item_id, yrkande_number, result, set_by, set_at) "
        "VALUES (424242, 0, 'bifall', 1, 'x')",
        "INSERT INTO reservations (item_id, text, set_by, set_at) VALUES ({item}, '', 1, 'x')",
    ],
)
async def test_constraints_keep_bad_outcome_rows_out(db: Database, statement: str) -> None:
    item_id = await _item_id(db)
    with pytest.raises(sqlite3.IntegrityError):
        async with db.transaction() as conn:
            await conn.execute(statement.format(item=item_id))
