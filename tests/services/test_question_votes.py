"""Votes on a locked beslutsgång through the one ingest path: alternatives with number emoji,
a second round when none has a majority, "ej avgjort" with no time left, tillägg and
återremiss as ✅❌➖ questions, and the att-sats's position from the winning alternative."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.domain.alternatives import ProposalKind, QuestionKind, Resolution
from bot.domain.audit import verify_chain
from bot.domain.models import ItemStatus, Position
from bot.domain.records import Group
from bot.domain.voting import Refusal, Verdict
from bot.services import meetings as meeting_service
from bot.services import questions, voting
from db import audit, groups, items, positions
from db.connection import Database
from tests.services.test_voting_service import ABSTAIN, NO, YES
from tests.support import records
from tests.support.records import (
    ALTERNATIVES,
    CHAIR_ID,
    CHANNEL,
    DEADLINE,
    ELECTORATE,
    GUILD,
    NOW,
    ONE,
    THREE,
    TWO,
    VOTE_MESSAGES,
    VOTERS,
    member,
    open_question_votes,
    react_on,
    seed_locked_item,
)

db = records.voting_world  # a group, a meeting (deadline in two days), an open item, 2 att-satser


async def test_three_alternatives_no_majority_second_round_decides_the_position(
    db: Database,
) -> None:
    item_id = await seed_locked_item(
        db,
        (ProposalKind.CHANGE, 1, "att bygga spårväg till 2030", 21),
        (ProposalKind.REJECT, 1, "avslag", 22),
        (ProposalKind.ADDITION, 1, "att utreda bussar", 23),
    )
    posted = await open_question_votes(db, item_id)
    assert set(posted) == {"a1/1", "p3/1"}  # alternatives on att-sats 1, the tillägg
    assert await open_question_votes(db, item_id) == {}  # idempotent: nothing left to post
    alt = posted["a1/1"]
    # the att-sats's own ✅❌➖ message takes no vote any more
    old = await voting.record_reaction(
        db,
        message_id=VOTE_MESSAGES[0],
        actor=member(10),
        emoji=YES,
        added=True,
        now=NOW + timedelta(minutes=1),
    )
    assert old.refusal is Refusal.DEADLINE_PASSED
    at = NOW + timedelta(minutes=5)
    # 4 × 1️⃣, 3 × 2️⃣ (one switched from 3️⃣), 2 × 3️⃣: no majority among three
    for user, emoji in [
        (10, ONE),
        (11, ONE),
        (12, ONE),
        (13, ONE),
        (14, THREE),
        (14, TWO),
        (15, TWO),
        (16, TWO),
        (17, THREE),
        (18, THREE),
    ]:
        outcome = await react_on(db, alt, user, emoji, at=at)
        assert outcome.verdict is Verdict.RECORD
    assert (await react_on(db, alt, 19, YES, at=at)).refusal is Refusal.FOREIGN_EMOJI
    for user, emoji in [(10, YES), (11, YES), (12, NO), (13, YES), (14, YES)]:
        await react_on(db, posted["p3/1"], user, emoji, at=at)

    async with db.read() as conn:
        item = await items.by_id(conn, item_id)
    assert item is not None
    [round_one] = [y for y in item.question_votes if y.question_key == "a1"]
    assert round_one.options.name == "numbered:123"
    # round 1 closes after half the time left, so a second round fits before the deadline
    assert round_one.closes_at == NOW + (DEADLINE - NOW) / 2
    assert await questions.due_rounds(db, round_one.closes_at - timedelta(seconds=1)) == []
    closed = await questions.close_due_round(
        db, yrkande_id=round_one.id, electorate=ELECTORATE, now=round_one.closes_at
    )
    assert closed is not None and closed.result.outcome is not None
    assert closed.result.votes == {1: 4, 2: 3, 3: 2}
    assert closed.result.outcome.runoff == (1, 2)
    runoff = closed.runoff
    assert runoff is not None and runoff.round == 2
    assert runoff.closes_at == round_one.closes_at + (DEADLINE - round_one.closes_at) / 2
    # closing again changes nothing
    assert (
        await questions.close_due_round(
            db, yrkande_id=round_one.id, electorate=ELECTORATE, now=round_one.closes_at
        )
        is None
    )
    await questions.record_vote_message(db, yrkande_id=runoff.id, message_id=7999)
    # a reconciliation after round 1 closed records nothing there (its own deadline passed)
    late_plan = await voting.reconcile_yrkande(
        db,
        yrkande_id=round_one.id,
        reactions={ONE: {10, 11, 12, 13, 18}, TWO: {14, 15, 16}, THREE: {17}},
        may_vote=VOTERS,
        bot_id=1,
        now=round_one.closes_at + timedelta(seconds=30),
    )
    assert late_plan.record == {} and late_plan.remove == []
    assert runoff.options.name == "numbered:12"
    later = round_one.closes_at + timedelta(minutes=1)
    # a vote on round 1 after it closed is refused; the runoff offers only the two
    assert (await react_on(db, alt, 18, TWO, at=later)).refusal is Refusal.DEADLINE_PASSED
    assert (await react_on(db, 7999, 18, THREE, at=later)).refusal is Refusal.FOREIGN_EMOJI
    for user in (10, 11, 12, 13, 15):
        await react_on(db, 7999, user, TWO, at=later)
    for user in (16, 17):
        await react_on(db, 7999, user, ONE, at=later)

    # the item closes at its deadline; the runoff (closing with the item) decides
    closed_item = await meeting_service.close_at_deadline(
        db, item_id=item_id, electorate=ELECTORATE, now=DEADLINE
    )
    assert closed_item is not None
    outcomes = await questions.question_outcomes(db, item_id)
    by_key = {o.question.key: o for o in outcomes}
    alternatives = by_key["a1"]
    assert alternatives.question.kind is QuestionKind.ALTERNATIVES
    assert [r.number for r in alternatives.rounds] == [1, 2]
    assert alternatives.resolution is Resolution.DECIDED
    assert alternatives.winner == 2
    winning = alternatives.winning
    assert winning is not None
    assert (winning.text, winning.author_id) == ("att bygga spårväg till 2030", 21)
    # the att-sats's position record follows the winning alternative (an ändringsyrkande)
    async with db.read() as conn:
        reread = await items.by_id(conn, item_id)
        assert reread is not None
        att_sats = reread.yrkanden[0]
        record = (await positions.for_yrkanden(conn, [att_sats.id]))[att_sats.id]
    assert record.position is Position.EGET_YRKANDE
    assert (record.bifall, record.avslag) == (5, 2)
    # the tillägg (4 bifall, 1 avslag) stands: its main att-sats is supported (amended)
    addition = by_key["p3"]
    assert addition.resolution is Resolution.DECIDED
    assert addition.position is Position.BIFALL
    assert await questions.final_choices(db, item_id, "a1") == {
        **{u: "2" for u in (10, 11, 12, 13, 15)},
        **{u: "1" for u in (16, 17)},
    }


async def test_no_time_for_a_second_round_leaves_it_to_the_chair(db: Database) -> None:
    item_id = await seed_locked_item(
        db,
        (ProposalKind.CHANGE, 2, "att sänka taxan till noll", 21),
        (ProposalKind.OWN, 2, "att utreda taxan", 22),
    )
    # locked five minutes before the deadline: one round only, until the deadline
    late = DEADLINE - timedelta(minutes=5)
    posted = await open_question_votes(db, item_id, at=late)
    for user, emoji in [(10, ONE), (11, ONE), (12, TWO), (13, TWO), (14, THREE), (15, ABSTAIN)]:
        await react_on(db, posted["a2/1"], user, emoji, at=late)
    closed = await meeting_service.close_at_deadline(
        db, item_id=item_id, electorate=ELECTORATE, now=DEADLINE
    )
    assert closed is not None and closed.item.status is ItemStatus.CLOSED
    [outcome] = [
        o for o in await questions.question_outcomes(db, item_id) if o.question.key == "a2"
    ]
    assert outcome.rounds[0].outcome is not None and outcome.rounds[0].outcome.runoff is not None
    assert outcome.resolution is Resolution.UNDECIDED
    assert outcome.position is Position.UNDECIDED
    assert outcome.reason == "reason.alt_no_time"


async def test_a_supported_referral_makes_the_material_questions_fall(db: Database) -> None:
    item_id = await seed_locked_item(
        db, (ProposalKind.REFERRAL, None, "Utred först kostnaderna.", 21)
    )
    posted = await open_question_votes(db, item_id)
    assert set(posted) == {"p1/1"}
    for user in (10, 11, 12, 13, 14):
        await react_on(db, posted["p1/1"], user, YES)
    await react_on(db, VOTE_MESSAGES[0], 15, YES)
    await meeting_service.close_at_deadline(
        db, item_id=item_id, electorate=ELECTORATE, now=DEADLINE
    )
    outcomes = {o.question.key: o for o in await questions.question_outcomes(db, item_id)}
    assert outcomes["p1"].position is Position.BIFALL
    assert outcomes["a1"].resolution is Resolution.FALLS
    async with db.read() as conn:
        item = await items.by_id(conn, item_id)
        assert item is not None
        records = await positions.for_yrkanden(conn, [y.id for y in item.yrkanden])
    assert {r.position for r in records.values()} == {Position.ATERREMISS}


async def test_the_reminder_pings_who_has_not_answered_the_votes_that_count(db: Database) -> None:
    item_id = await seed_locked_item(
        db, (ProposalKind.CHANGE, 1, "att bygga spårväg till 2030", 21)
    )
    posted = await open_question_votes(db, item_id)
    # Everyone answers att-sats 2 on its own message and att-sats 1 between alternatives;
    # 17 and 18 only on the moved ✅❌➖ message of att-sats 1 before the lock.
    for user in VOTERS:
        await react_on(db, VOTE_MESSAGES[1], user, YES)
    for user in VOTERS - {17, 18}:
        await react_on(db, posted["a1/1"], user, ONE)
    reminder = await meeting_service.claim_reminder(
        db, item_id=item_id, electorate=ELECTORATE, now=DEADLINE - timedelta(hours=1)
    )
    assert reminder is not None
    assert reminder.mention_ids == [17, 18]


async def test_a_round_whose_close_failed_is_retried_after_a_pause_not_at_once(
    db: Database,
) -> None:
    from bot.runtime.questions import RETRY_FAILED_CLOSE, QuestionVotes

    item_id = await seed_locked_item(
        db,
        (ProposalKind.CHANGE, 1, "att bygga spårväg till 2030", 21),
        (ProposalKind.OWN, 1, "att utreda spårväg", 22),
    )
    await open_question_votes(db, item_id)
    due = await questions.next_round_close(db)
    assert due is not None
    engine = QuestionVotes(None, db, None, None, view=None, electorates=None, settled=None)  # type: ignore[arg-type]
    assert await engine.next_at(due - timedelta(minutes=1)) == due
    # still open after its deadline (its close failed): not a deadline in the past
    assert (
        await engine.next_at(due + timedelta(seconds=5))
        == due + timedelta(seconds=5) + RETRY_FAILED_CLOSE
    )


async def test_open_vote_targets_list_every_open_vote_message_as_the_items_say(
    db: Database,
) -> None:
    """Start-up reconciliation lists the open vote messages with one lean query (no whole
    items): the same targets, in the same order, as the items' own lists, question rounds
    (numbered options) after the att-satser."""
    item_id = await seed_locked_item(
        db,
        (ProposalKind.CHANGE, 1, "att bygga spårväg till 2030", 21),
        (ProposalKind.ADDITION, 1, "att utreda bussar", 23),
    )
    await open_question_votes(db, item_id)
    async with db.read() as conn:
        whole = await items.open_items(conn)
    expected = [target for item in whole for target in voting._targets(item)]
    assert any(not target.options.is_standard for target in expected)  # a round is there
    found = await voting.open_vote_targets(db)
    assert found == expected
    assert [t.model_dump() for t in found] == [t.model_dump() for t in expected]
    assert await voting.open_vote_message_ids(db) == [t.message_id for t in expected]
    guild = expected[0].guild_id
    assert await voting.open_vote_targets(db, guild) == expected
    assert await voting.open_vote_targets(db, guild + 1) == []
    for target in expected:
        assert await voting.item_of_vote_message(db, target.message_id) == item_id
    assert await voting.item_of_vote_message(db, 1) is None


async def test_open_vote_targets_read_page_by_page_say_the_same(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Listed a page of items at a time (at 2,500 groups one read held the connection and
    the event loop for a second while live votes waited): every page size gives the same
    targets in the same order, an item's vote messages never split, a group's only its own."""
    item_id = await seed_locked_item(
        db, (ProposalKind.CHANGE, 1, "att bygga spårväg till 2030", 21)
    )
    await open_question_votes(db, item_id)
    other_guild = GUILD + 1
    async with db.transaction() as conn:
        first = await items.by_id(conn, item_id)
        assert first is not None
        await groups.save(conn, Group(guild_id=other_guild, name="S", member_role_id=1), NOW)
        for n, (guild, status, posted) in enumerate(
            [
                (GUILD, ItemStatus.OPEN, True),
                (other_guild, ItemStatus.OPEN, True),
                (GUILD, ItemStatus.CLOSED, True),
                (GUILD, ItemStatus.OPEN, False),  # no vote message yet
                (GUILD, ItemStatus.OPEN, True),
            ]
        ):
            made = await items.create_item(
                conn,
                guild_id=guild,
                meeting_id=first.meeting_id,
                kind=first.kind,
                title=f"Motion {n}",
                body="...",
                signatories=[],
                language=first.language,
                source_name="m.txt",
                yrkanden=["att a", "att b", "att c"],
                status=status,
                created_by=CHAIR_ID,
                now=NOW,
            )
            await items.set_messages(
                conn, made.id, channel_id=CHANNEL, message_id=900 + n, thread_id=950 + n
            )
            if posted:
                for yrkande in made.yrkanden:
                    await items.set_vote_message(conn, yrkande.id, 10_000 + yrkande.id)
        whole = await items.open_items(conn)
    expected = [target for item in whole for target in voting._targets(item)]
    assert len({t.item_id for t in expected}) == 4 and len(expected) > 10
    for page in (1, 2, 3, 500):
        monkeypatch.setattr(voting, "TARGETS_PAGE", page)
        assert await voting.open_vote_targets(db) == expected, page
        assert await voting.open_vote_targets(db, other_guild) == [
            t for t in expected if t.guild_id == other_guild
        ], page
        assert await voting.open_vote_targets(db, GUILD) == [
            t for t in expected if t.guild_id == GUILD
        ], page


async def test_opening_the_questions_and_closing_a_round_are_audited_as_the_bots_acts(
    db: Database,
) -> None:
    item_id = await seed_locked_item(db, *ALTERNATIVES)
    posted = await open_question_votes(db, item_id)
    assert await open_question_votes(db, item_id) == {}  # nothing left to open: no entry
    for user, emoji in [(10, ONE), (11, ONE), (12, TWO), (13, TWO), (14, THREE)]:
        await react_on(db, posted["a1/1"], user, emoji, at=NOW + timedelta(minutes=5))
    round_one = posted["a1/1"] - 7000
    closes_at = NOW + (DEADLINE - NOW) / 2
    closed = await questions.close_due_round(
        db, yrkande_id=round_one, electorate=ELECTORATE, now=closes_at
    )
    assert closed is not None and closed.runoff is not None and closed.runoff.closes_at
    async with db.read() as conn:
        entries = await audit.entries(conn, GUILD)
    assert verify_chain(entries).ok
    acts = [(e.action, e.at, e.actor_id, e.payload) for e in entries if e.action != "vote"]
    assert acts == [
        ("questions.open", NOW, None, {"item": 1, "questions": ["a1"]}),
        (
            "question.round_closed",
            closes_at,
            None,
            {
                "item": 1,
                "question": "a1",
                "round": 1,
                "result": closed.result.model_dump(mode="json", exclude={"closes_at"}),
                "runoff_closes_at": closed.runoff.closes_at.isoformat(),
            },
        ),
    ]
