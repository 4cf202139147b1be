"""The database's turns: first come, first served, except work marked `first_in_line`.

At start-up thousands of groups' background reads queue for the one connection; a live
vote (the writer, the reconciliation of the item it waits for) goes before them.
"""

from __future__ import annotations

import asyncio

from db.connection import Database, first_in_line, put_first_in_line


async def _held(db: Database, gate: asyncio.Event) -> None:
    async with db.read():
        await gate.wait()


async def _queued(db: Database, order: list[str], name: str, *, first: bool) -> None:
    with first_in_line(first):
        async with db.read() as conn:
            await conn.execute_fetchall("SELECT 1")
            order.append(name)


async def _settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def test_first_in_line_waiters_go_before_the_others_each_kind_in_arrival_order(
    db: Database,
) -> None:
    gate = asyncio.Event()
    holder = asyncio.create_task(_held(db, gate))
    await _settle()
    order: list[str] = []
    waiters = []
    for name, first in [("a", False), ("b", False), ("C", True), ("d", False), ("E", True)]:
        waiters.append(asyncio.create_task(_queued(db, order, name, first=first)))
        await _settle()  # queued in this order
    gate.set()
    await asyncio.gather(holder, *waiters)
    assert order == ["C", "E", "a", "b", "d"]


async def test_a_writer_marked_for_its_task_goes_first_in_its_transactions(db: Database) -> None:
    gate = asyncio.Event()
    holder = asyncio.create_task(_held(db, gate))
    await _settle()
    order: list[str] = []
    background = asyncio.create_task(_queued(db, order, "background", first=False))
    await _settle()

    async def writer() -> None:
        put_first_in_line()  # for the rest of this task, as the vote writer does
        async with db.transaction() as conn:
            await conn.execute_fetchall("SELECT 1")
            order.append("writer")

    live = asyncio.create_task(writer())
    await _settle()
    gate.set()
    await asyncio.gather(holder, background, live)
    assert order == ["writer", "background"]


async def test_the_mark_is_restored_after_the_block(db: Database) -> None:
    gate = asyncio.Event()
    holder = asyncio.create_task(_held(db, gate))
    await _settle()
    order: list[str] = []

    async def marked_then_not() -> None:
        with first_in_line():
            pass
        async with db.read():
            order.append("after the block")

    waiters = [asyncio.create_task(_queued(db, order, "earlier", first=False))]
    await _settle()
    waiters.append(asyncio.create_task(marked_then_not()))
    await _settle()
    gate.set()
    await asyncio.gather(holder, *waiters)
    assert order == ["earlier", "after the block"]


async def test_a_cancelled_waiter_leaves_the_line_and_the_lock_passes_on(db: Database) -> None:
    gate = asyncio.Event()
    holder = asyncio.create_task(_held(db, gate))
    await _settle()
    order: list[str] = []
    gone = asyncio.create_task(_queued(db, order, "gone", first=True))
    stays = asyncio.create_task(_queued(db, order, "stays", first=False))
    await _settle()
    gone.cancel()
    await _settle()
    gate.set()
    await asyncio.gather(holder, stays)
    assert order == ["stays"]
    assert gone.cancelled()
    async with db.read():  # free again
        pass


async def test_a_waiter_cancelled_as_its_turn_comes_passes_the_lock_on(db: Database) -> None:
    gate = asyncio.Event()
    holder = asyncio.create_task(_held(db, gate))
    await _settle()
    order: list[str] = []
    handed = asyncio.create_task(_queued(db, order, "handed", first=False))
    nxt = asyncio.create_task(_queued(db, order, "next", first=False))
    await _settle()
    gate.set()
    # The holder leaves: the turn passes to `handed`, whose task has not run yet.
    await asyncio.sleep(0)
    handed.cancel()
    await asyncio.wait_for(asyncio.gather(holder, nxt), 5)
    assert order == ["next"]
    assert handed.cancelled()
    async with db.read():  # not stuck
        pass


async def test_turns_count_every_unit_of_work_given(db: Database) -> None:
    before = db.turns
    gate = asyncio.Event()
    holder = asyncio.create_task(_held(db, gate))
    await _settle()
    order: list[str] = []
    waiter = asyncio.create_task(_queued(db, order, "waiter", first=False))
    await _settle()
    assert db.turns == before + 1  # the holder's; the waiter's is not given yet
    gate.set()
    await asyncio.gather(holder, waiter)
    async with db.transaction():
        pass
    assert db.turns == before + 3
