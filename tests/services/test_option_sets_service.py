"""The vote engine takes what a vote message offers from the record (yrkanden.option_set),
not from a constant: a yrkande stored with a numbered set is voted on with number emoji
through the same ingest, removal and reconciliation path as ✅❌➖."""

from __future__ import annotations

import sqlite3

import pytest

from bot.domain.audit import verify_chain
from bot.domain.options import NUMBER_EMOJI, numbered
from bot.domain.voting import Refusal, Verdict
from bot.services import voting
from db import audit, items, votes
from db.connection import Database
from tests.services.test_voting_service import (
    ABSTAIN,
    BOT,
    GUILD,
    NOW,
    VOTE_MESSAGES,
    YES,
    first_yrkande_id,
    member,
    react,
)
from tests.support import records

# The voting tests' world: a group, a meeting, an open item with two vote messages.
db = records.voting_world

ONE, TWO, THREE = NUMBER_EMOJI[:3]


async def _numbered(db: Database, count: int = 3) -> int:
    yrkande_id = await first_yrkande_id(db)
    async with db.transaction() as conn:
        await items.set_option_set(conn, yrkande_id, numbered(count).name)
    return yrkande_id


async def test_a_numbered_message_records_numbers_switches_and_withdrawals(db: Database) -> None:
    yrkande_id = await _numbered(db)
    first = await react(db, member(10), TWO)
    assert (first.verdict, first.choice) == (Verdict.RECORD, "2")
    switch = await react(db, member(10), THREE)
    # the switched-from reaction the bot takes off is the message's own 2️⃣
    assert (switch.choice, switch.remove_emoji) == ("3", TWO)
    await react(db, member(11), ABSTAIN)
    await react(db, member(12), ONE)
    await react(db, member(12), ONE, added=False)
    assert await voting.current_votes_of(db, yrkande_id) == {10: "3", 11: "avstar"}
    async with db.read() as conn:
        entries = await audit.entries(conn, GUILD)
    assert verify_chain(entries)
    assert [e.payload["choice"] for e in entries if e.action == "vote"] == [
        "2",
        "3",
        "avstar",
        "1",
        None,
    ]


async def test_a_standard_reaction_on_a_numbered_message_is_refused_with_its_options(
    db: Database,
) -> None:
    await _numbered(db)
    refused = await react(db, member(10), YES)
    assert (refused.verdict, refused.refusal) == (Verdict.REFUSE, Refusal.FOREIGN_EMOJI)
    assert refused.remove_emoji == YES
    assert refused.options is not None and refused.options.name == "numbered:123"
    # and the other message, still standard, takes ✅ and refuses 1️⃣
    other = await voting.record_reaction(
        db, message_id=VOTE_MESSAGES[1], actor=member(10), emoji=ONE, added=True, now=NOW
    )
    assert other.refusal is Refusal.FOREIGN_EMOJI
    assert (await react(db, member(11), YES)).refusal is Refusal.FOREIGN_EMOJI


async def test_removal_checks_and_records_read_the_messages_set(db: Database) -> None:
    yrkande_id = await _numbered(db)
    await react(db, member(10), TWO)
    assert not await voting.removal_still_due(db, yrkande_id=yrkande_id, member_id=10, emoji=TWO)
    assert await voting.removal_still_due(db, yrkande_id=yrkande_id, member_id=10, emoji=ONE)
    await voting.record_removal(db, yrkande_id=yrkande_id, member_id=10, emoji=ONE, now=NOW)
    async with db.read() as conn:
        assert [r.choice for r in await votes.removals_for(conn, yrkande_id)] == ["1"]
    holders = await voting.recorded_reaction_holders(db, [yrkande_id])
    assert holders[yrkande_id] == {ONE: set(), TWO: {10}, THREE: set(), ABSTAIN: set()}


async def test_reconciliation_reads_the_messages_set(db: Database) -> None:
    yrkande_id = await _numbered(db)
    await react(db, member(10), ONE)
    plan = await voting.reconcile_yrkande(
        db,
        yrkande_id=yrkande_id,
        reactions={ONE: {BOT, 10}, TWO: {BOT, 11}, THREE: {BOT}, ABSTAIN: {BOT}, YES: {12}},
        may_vote={10, 11, 12},
        bot_id=BOT,
        now=NOW,
    )
    assert plan.record == {11: "2"}
    assert plan.remove == [(YES, 12)]
    targets = await voting.item_targets(db, (await items_of(db, yrkande_id)))
    assert [t.options.name for t in targets] == ["numbered:123", "standard"]


async def items_of(db: Database, yrkande_id: int) -> int:
    async with db.read() as conn:
        item = await items.item_of_yrkande(conn, yrkande_id)
    assert item is not None
    return item.id


async def test_the_record_refuses_an_unknown_option_set_and_choice(db: Database) -> None:
    yrkande_id = await first_yrkande_id(db)
    with pytest.raises(ValueError, match="no option set"):
        async with db.transaction() as conn:
            await items.set_option_set(conn, yrkande_id, "numbered:1")
    for statement in (
        f"UPDATE yrkanden SET option_set = 'numbered:1' WHERE id = {yrkande_id}",
        f"UPDATE yrkanden SET option_set = 'numbered:1a' WHERE id = {yrkande_id}",
        "INSERT INTO vote_events (yrkande_id, member_id, choice, at, source) "
        f"VALUES ({yrkande_id}, 5, 'maybe', 'x', 'reaction')",
    ):
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
            async with db.transaction() as conn:
                await conn.execute(statement)
