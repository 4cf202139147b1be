"""/proposal lock with the chair's second-round deadline: stored with the lock and audited,
used by the second round; a time that does not fit is refused and changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.access import Actor
from bot.domain.alternatives import ProposalKind
from bot.domain.errors import InvalidInput, NotAllowed
from bot.services import proposals as proposals_service
from bot.services import questions
from db import audit, items, proposals
from db.connection import Database
from tests.support import records
from tests.support.records import (
    ALTERNATIVES,
    CHAIR_ROLE,
    DEADLINE,
    ELECTORATE,
    GUILD,
    NOW,
    ONE,
    THREE,
    TWO,
    member,
    open_question_votes,
    react_on,
    seed_locked_item,
    seed_tabled,
)

db = records.voting_world  # a group, a meeting (deadline in two days), an open item, 2 att-satser
CHAIR = Actor(user_id=2, role_ids=frozenset({CHAIR_ROLE}))
CHOSEN = datetime(2026, 12, 2, 17, 0, tzinfo=UTC)  # 2026-12-02 18:00 in Stockholm


async def _everything(db: Database) -> dict[str, list[tuple[object, ...]]]:
    async with db.read() as conn:
        found = {}
        for table in ("proposal_locks", "audit_log", "yrkanden"):
            async with conn.execute(f"SELECT * FROM {table} ORDER BY rowid") as cur:
                found[table] = [tuple(row) for row in await cur.fetchall()]
    return found


async def test_the_chairs_time_is_stored_audited_and_closes_the_second_round(
    db: Database,
) -> None:
    item_id = await seed_tabled(db, *ALTERNATIVES)
    locked = await proposals_service.lock_beslutsgang(
        db,
        guild_id=GUILD,
        actor=CHAIR,
        item_number=1,
        order=None,
        now=NOW,
        runoff="2026-12-02 18:00",
    )
    assert locked.lock is not None and locked.lock.runoff_at == CHOSEN
    async with db.read() as conn:
        stored = await proposals.lock_of(conn, item_id)
        entries = await audit.entries(conn, GUILD)
    assert stored is not None and stored.runoff_at == CHOSEN
    [entry] = [e for e in entries if e.action == "proposal.lock"]
    assert entry.payload["runoff_at"] == CHOSEN.isoformat()

    posted = await open_question_votes(db, item_id)
    for user, emoji in [(10, ONE), (11, ONE), (12, TWO), (13, TWO), (14, THREE)]:
        await react_on(db, posted["a1/1"], user, emoji, at=NOW + timedelta(minutes=5))
    async with db.read() as conn:
        item = await items.by_id(conn, item_id)
    assert item is not None
    [round_one] = item.question_votes
    assert round_one.closes_at is not None
    closed = await questions.close_due_round(
        db, yrkande_id=round_one.id, electorate=ELECTORATE, now=round_one.closes_at
    )
    assert closed is not None and closed.runoff is not None
    assert closed.runoff.closes_at == CHOSEN, "the chair's time, not half the time left"


async def test_without_a_time_the_second_round_gets_half_the_time_left(db: Database) -> None:
    item_id = await seed_tabled(db, *ALTERNATIVES)
    locked = await proposals_service.lock_beslutsgang(
        db, guild_id=GUILD, actor=CHAIR, item_number=1, order=None, now=NOW
    )
    assert locked.lock is not None and locked.lock.runoff_at is None
    posted = await open_question_votes(db, item_id)
    for user, emoji in [(10, ONE), (11, ONE), (12, TWO), (13, TWO), (14, THREE)]:
        await react_on(db, posted["a1/1"], user, emoji, at=NOW + timedelta(minutes=5))
    async with db.read() as conn:
        item = await items.by_id(conn, item_id)
    assert item is not None
    [round_one] = item.question_votes
    assert round_one.closes_at is not None
    closed = await questions.close_due_round(
        db, yrkande_id=round_one.id, electorate=ELECTORATE, now=round_one.closes_at
    )
    assert closed is not None and closed.runoff is not None
    assert closed.runoff.closes_at == round_one.closes_at + (DEADLINE - round_one.closes_at) / 2


@pytest.mark.parametrize(
    ("actor", "typed", "refusal"),
    [
        (CHAIR, "2026-12-01 18:00", InvalidInput),  # before round 1 closes
        (CHAIR, "2026-12-04 18:00", InvalidInput),  # past the item's deadline
        (CHAIR, "2026-11-30 18:00", InvalidInput),  # passed
        (CHAIR, "lördag 18", InvalidInput),
        (member(10), "2026-12-02 18:00", NotAllowed),  # not the chair
    ],
)
async def test_a_refused_time_locks_nothing(
    db: Database, actor: Actor, typed: str, refusal: type[Exception]
) -> None:
    await seed_tabled(db, *ALTERNATIVES)
    before = await _everything(db)
    with pytest.raises(refusal):
        await proposals_service.lock_beslutsgang(
            db, guild_id=GUILD, actor=actor, item_number=1, order=None, now=NOW, runoff=typed
        )
    assert await _everything(db) == before


async def test_a_time_is_refused_when_no_question_can_need_a_second_round(db: Database) -> None:
    await proposals_service.table_proposal(
        db,
        guild_id=GUILD,
        actor=member(21),
        item_number=1,
        kind=ProposalKind.CHANGE,
        text="att bygga spårväg till 2030",
        yrkande_number=1,
        now=NOW,
    )
    before = await _everything(db)
    with pytest.raises(InvalidInput) as refused:
        await proposals_service.lock_beslutsgang(
            db,
            guild_id=GUILD,
            actor=CHAIR,
            item_number=1,
            order=None,
            now=NOW,
            runoff="2026-12-02 18:00",
        )
    assert refused.value.key == "proposal.error.runoff_not_needed"
    assert await _everything(db) == before


# ---------------------------------------------------------------- /proposal runoff


async def _set(db: Database, typed: str, at=NOW, actor: Actor = CHAIR):  # type: ignore[no-untyped-def]
    return await proposals_service.set_runoff(
        db, guild_id=GUILD, actor=actor, item_number=1, runoff=typed, now=at
    )


async def _round_one_without_majority(db: Database) -> tuple[int, int]:
    """Lock three alternatives, vote 2–2–1 in round 1; (item id, round-1 row id)."""
    item_id = await seed_locked_item(db, *ALTERNATIVES)
    posted = await open_question_votes(db, item_id)
    for user, emoji in [(10, ONE), (11, ONE), (12, TWO), (13, TWO), (14, THREE)]:
        await react_on(db, posted["a1/1"], user, emoji, at=NOW + timedelta(minutes=5))
    return item_id, posted["a1/1"] - 7000


async def test_before_the_lock_the_time_is_given_with_the_lock(db: Database) -> None:
    await seed_tabled(db, *ALTERNATIVES)
    before = await _everything(db)
    with pytest.raises(InvalidInput) as refused:
        await _set(db, "2026-12-02 18:00")
    assert refused.value.key == "proposal.error.not_locked"
    assert await _everything(db) == before


async def test_during_round_one_the_time_waits_for_the_second_round(db: Database) -> None:
    item_id, round_one = await _round_one_without_majority(db)
    changed = await _set(db, "2026-12-02 18:00", at=NOW + timedelta(hours=1))
    assert (changed.runoff_at, changed.moved) == (CHOSEN, [])
    async with db.read() as conn:
        entries = await audit.entries(conn, GUILD)
        item = await items.by_id(conn, item_id)
    assert entries[-1].action == "proposal.runoff"
    assert entries[-1].payload == {"item": 1, "runoff_at": CHOSEN.isoformat(), "moved": []}
    assert item is not None and item.question_votes[0].closes_at is not None
    closed = await questions.close_due_round(
        db, yrkande_id=round_one, electorate=ELECTORATE, now=item.question_votes[0].closes_at
    )
    assert closed is not None and closed.runoff is not None
    assert closed.runoff.closes_at == CHOSEN


async def test_an_open_second_round_is_moved_and_closes_at_the_new_time(db: Database) -> None:
    item_id, round_one = await _round_one_without_majority(db)
    async with db.read() as conn:
        item = await items.by_id(conn, item_id)
    assert item is not None and item.question_votes[0].closes_at is not None
    opened_at = item.question_votes[0].closes_at  # 2026-12-02 10:00 UTC
    closed = await questions.close_due_round(
        db, yrkande_id=round_one, electorate=ELECTORATE, now=opened_at
    )
    assert closed is not None and closed.runoff is not None
    later = opened_at + timedelta(hours=1)
    # Too soon (less than ten minutes from now), past the item's deadline: refused.
    for typed, key in [
        ("2026-12-02 12:05", "proposal.error.runoff_window"),
        ("2026-12-03 11:01", "proposal.error.runoff_window"),
        ("2026-12-02 10:59", "proposal.error.runoff_passed"),
    ]:
        before = await _everything(db)
        with pytest.raises(InvalidInput) as refused:
            await _set(db, typed, at=later)
        assert refused.value.key == key, typed
        assert await _everything(db) == before
    with pytest.raises(NotAllowed):
        await _set(db, "2026-12-02 18:00", at=later, actor=member(10))
    changed = await _set(db, "2026-12-02 18:00", at=later)
    assert changed.moved == [closed.runoff.id]
    assert await questions.due_rounds(db, CHOSEN - timedelta(seconds=1)) == []
    assert await questions.due_rounds(db, CHOSEN) == [(item_id, closed.runoff.id)]
    async with db.read() as conn:
        entries = await audit.entries(conn, GUILD)
    assert entries[-1].payload["moved"] == ["a1/2"]
    # Once the second round has closed there is nothing left to set.
    assert await questions.close_due_round(
        db, yrkande_id=closed.runoff.id, electorate=ELECTORATE, now=CHOSEN
    )
    with pytest.raises(InvalidInput) as refused:
        await _set(db, "2026-12-02 20:00", at=CHOSEN)
    assert refused.value.key == "proposal.error.runoff_over"
