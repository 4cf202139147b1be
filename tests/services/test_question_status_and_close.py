"""/motion status shows the questions of a locked beslutsgång (alternatives, counts per
alternative, which round, the round's deadline, who has not voted); the chair's /motion
close during round 1 opens no second round: no time is left, so without a majority the
att-sats is "ej avgjort – ordföranden beslutar", and the close's audit and reply say what
was recorded."""

from __future__ import annotations

from datetime import timedelta

from bot.domain.access import Actor
from bot.domain.alternatives import ProposalKind, Resolution
from bot.domain.models import Language, Position
from bot.services import meetings as meeting_service
from bot.services import questions, voting
from bot.ui.meetings import closed_summary
from bot.ui.status import status_text
from db import audit, items, positions
from db.connection import Database
from tests.services.test_voting_service import ABSTAIN, YES
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
    VOTERS,
    open_question_votes,
    react_on,
    seed_locked_item,
)

db = records.voting_world  # a group, a meeting (deadline in two days), an open item, 2 att-satser
CHAIR = Actor(user_id=2, role_ids=frozenset({CHAIR_ROLE}))
RIVALS = (*ALTERNATIVES, (ProposalKind.ADDITION, 1, "att utreda bussar", 23))
AT = NOW + timedelta(minutes=5)


async def _status(db: Database):  # type: ignore[no-untyped-def]
    return await voting.item_status(
        db, guild_id=GUILD, motion_number=1, actor=CHAIR, eligible=sorted(VOTERS)
    )


async def test_status_shows_each_question_its_round_counts_deadline_and_non_voters(
    db: Database,
) -> None:
    item_id = await seed_locked_item(db, *RIVALS)
    posted = await open_question_votes(db, item_id)
    for user, emoji in [(10, ONE), (11, ONE), (12, TWO), (13, THREE), (14, ABSTAIN)]:
        await react_on(db, posted["a1/1"], user, emoji, at=AT)
    await react_on(db, posted["p3/1"], 10, YES, at=AT)

    report = await _status(db)
    assert [row.moved for row in report.yrkanden] == [True, False]
    alternatives, addition, plain = report.questions
    assert (alternatives.index, alternatives.total) == (1, 3)
    assert plain.outcome.question.key == "a2" and not plain.outcome.rounds
    [round_one] = alternatives.outcome.rounds
    assert round_one.votes == {1: 2, 2: 1, 3: 1} and round_one.abstained == 1
    assert round_one.closes_at == NOW + (DEADLINE - NOW) / 2
    assert alternatives.non_voter_ids == [15, 16, 17, 18]
    assert addition.author_id == 23 and addition.non_voter_ids == sorted(VOTERS - {10})

    text = status_text(report, {})
    assert "Avgörs mellan alternativ i beslutsgången nedan." in text
    assert "**Att-sats 1: välj ett alternativ**" in text
    assert "2️⃣ Ändringsyrkande av <@21>: att bygga spårväg till 2030" in text
    assert (
        "Omgång 1, stänger ons 2 dec 2026 kl. 11:00: 1️⃣ 2 · 2️⃣ 1 · 3️⃣ 1 · ➖ 1 avstår · 4 har" in text
    ), text
    assert "**Tilläggsyrkande** till att-sats 1 (yrkande 3, <@23>)" in text
    assert "Beslutsgång, fråga 3 av 3" not in text, "att-sats 2 is shown with the att-satser"

    # Round 1 closes without a majority: the status shows both rounds, round 2 open.
    closed = await questions.close_due_round(
        db, yrkande_id=_row_id(posted, "a1/1"), electorate=ELECTORATE, now=round_one.closes_at
    )
    assert closed is not None and closed.runoff is not None
    report = await _status(db)
    first, second = report.questions[0].outcome.rounds
    assert first.closed and not second.closed and second.alternatives == (1, 2)
    text = status_text(report, {})
    assert "Omgång 1, stängd: 1️⃣ 2 · 2️⃣ 1 · 3️⃣ 1" in text
    assert "går till en andra omgång" in text
    assert (
        "Omgång 2, stänger ons 2 dec 2026 kl. 23:00: 1️⃣ 0 · 2️⃣ 0 · ➖ 0 avstår · 9 har inte röstat"
        in text
    )


def _row_id(posted: dict[str, int], key: str) -> int:
    return posted[key] - 7000  # open_question_votes gives each row the message id 7000 + row id


async def test_the_chair_closing_during_round_one_without_a_majority_leaves_it_to_the_chair(
    db: Database,
) -> None:
    item_id = await seed_locked_item(db, *RIVALS)
    posted = await open_question_votes(db, item_id)
    for user, emoji in [(10, ONE), (11, ONE), (12, ONE), (13, TWO), (14, TWO), (15, THREE)]:
        await react_on(db, posted["a1/1"], user, emoji, at=AT)
    for user in (10, 11, 12, 13, 14):
        await react_on(db, posted["p3/1"], user, YES, at=AT)
    closed = await meeting_service.close_item(
        db,
        guild_id=GUILD,
        item_number=1,
        actor=CHAIR,
        electorate=ELECTORATE,
        now=NOW + timedelta(hours=1),
    )
    async with db.read() as conn:
        item = await items.by_id(conn, item_id)
        assert item is not None
        records = await positions.for_yrkanden(conn, [y.id for y in item.yrkanden])
        entries = await audit.entries(conn, GUILD)
    assert [y.round for y in item.question_votes if y.question_key == "a1"] == [1], (
        "no second round is opened: the item is closed"
    )
    outcomes = {o.question.key: o for o in closed.questions}
    assert outcomes["a1"].resolution is Resolution.UNDECIDED
    assert outcomes["a1"].reason == "reason.alt_no_time"
    assert outcomes["p3"].resolution is Resolution.FALLS  # its main att-sats was not supported
    assert records[item.yrkanden[0].id].position is Position.UNDECIDED
    # The close's audit entry and the chair's reply say what was recorded.
    [close] = [e for e in entries if e.action == "item.close"]
    assert close.payload["yrkanden"][0]["position"] == "undecided"
    assert closed.results[0].decision.position is Position.UNDECIDED
    reply = closed_summary(closed, Language.SV).content
    assert "Att-sats 1, mellan alternativ:" in reply
    assert "Ej avgjort – ordföranden beslutar." in reply
    assert "Omgång 1, stängd: 1️⃣ 3 · 2️⃣ 2 · 3️⃣ 1" in reply
    assert "Ej avgjort – ingen tid kvar för en andra omgång" in reply
    assert "Tilläggsyrkande till att-sats 1 (yrkande 3):" in reply


async def test_the_chair_closing_during_round_one_with_a_majority_decides_it(
    db: Database,
) -> None:
    item_id = await seed_locked_item(db, *RIVALS)
    posted = await open_question_votes(db, item_id)
    for user, emoji in [(10, TWO), (11, TWO), (12, TWO), (13, TWO), (14, TWO), (15, ONE)]:
        await react_on(db, posted["a1/1"], user, emoji, at=AT)
    closed = await meeting_service.close_item(
        db,
        guild_id=GUILD,
        item_number=1,
        actor=CHAIR,
        electorate=ELECTORATE,
        now=NOW + timedelta(hours=1),
    )
    outcome = next(o for o in closed.questions if o.question.key == "a1")
    assert outcome.resolution is Resolution.DECIDED and outcome.winner == 2
    async with db.read() as conn:
        item = await items.by_id(conn, item_id)
        assert item is not None
        records = await positions.for_yrkanden(conn, [y.id for y in item.yrkanden])
        entries = await audit.entries(conn, GUILD)
    assert records[item.yrkanden[0].id].position is Position.EGET_YRKANDE
    [close] = [e for e in entries if e.action == "item.close"]
    assert close.payload["yrkanden"][0]["position"] == "eget_yrkande"
    reply = closed_summary(closed, Language.SV).content
    assert "**2️⃣ Ändringsyrkande av <@21>** vann." in reply, reply
    assert "Att-sats 1: **" not in reply, "not as a ✅❌➖ line of its moved message"
