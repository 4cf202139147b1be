"""Votes on the questions of a locked beslutsgång (issue 15): their vote messages (rows of
`yrkanden` with a `question_key`, so the one ingest path carries them), closing rounds (a
second round when no alternative has a majority, or "ej avgjort" with no time left), and
the outcomes the brief, minutes and exports render.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime

import aiosqlite
from pydantic import BaseModel, ConfigDict

from bot.domain.alternatives import (
    Question,
    QuestionKind,
    QuestionOutcome,
    Round,
    att_sats_position,
    close_round,
    count_round,
    first_round_closes,
    needs_own_vote,
    outcomes_of,
    runoff_deadline,
)
from bot.domain.counting import Electorate, lottery_seed
from bot.domain.models import Counts, ItemStatus, Position
from bot.domain.options import STANDARD_NAME, numbered_of
from bot.domain.records import Group, Item, Yrkande
from bot.domain.reports import QuestionStatus
from bot.domain.rules import Decision
from bot.domain.tally import current_votes, non_voters
from bot.services.attendance import voters_of
from bot.services.audited import audited
from db import audit, groups, items, meetings, positions, proposals, rounds, votes
from db.connection import Database


def _option_set_name(question: Question, numbers: Sequence[int] | None = None) -> str:
    if question.kind is QuestionKind.ALTERNATIVES:
        return numbered_of(numbers or [a.number for a in question.alternatives]).name
    return STANDARD_NAME


async def _question_text(conn: aiosqlite.Connection, item: Item, question: Question) -> str:
    """What a question's vote row says: the att-sats, or the tabled proposal's text."""
    if question.kind is QuestionKind.ALTERNATIVES:
        return question.alternatives[0].text
    tabled = {p.number: p for p in await proposals.for_item(conn, item.id)}
    found = tabled.get(question.proposal_number or 0)
    return found.text if found is not None else question.key


async def open_questions(db: Database, item_id: int, now: datetime) -> list[Yrkande]:
    """Open the votes of a locked item: a round-1 vote row per FORMAL, ALTERNATIVES and
    ADDITION question that has none yet (a PLAIN att-sats keeps its ✅❌➖ message). An
    att-sats decided between alternatives stops taking ✅❌➖ votes now. Idempotent: returns
    every question row still without a vote message (to post)."""
    async with audited(db, guild_id=None, actor=None, now=now) as change:
        conn = change.conn
        item = await items.by_id(conn, item_id)
        if item is None or item.status is not ItemStatus.OPEN:
            return []
        questions = await proposals.locked_questions(conn, item_id) or []
        meeting = await meetings.by_id(conn, item.meeting_id)
        assert meeting is not None
        have = {(y.question_key, y.round) for y in item.question_votes}
        opened = []
        for question in questions:
            if not needs_own_vote(question) or (question.key, 1) in have:
                continue
            await items.add_question_vote(
                conn,
                item_id=item.id,
                question_key=question.key,
                round_number=1,
                text=await _question_text(conn, item, question),
                option_set_name=_option_set_name(question),
                closes_at=first_round_closes(question, now, meeting.deadline_at),
            )
            if question.kind is QuestionKind.ALTERNATIVES:
                for att_sats in item.yrkanden:
                    if att_sats.number == question.yrkande_number and att_sats.closes_at is None:
                        await items.set_closes_at(conn, att_sats.id, now)
            opened.append(question.key)
        if opened:
            await change.record(
                "questions.open",
                {"item": item.number, "questions": opened},
                guild_id=item.guild_id,
            )
        item = await items.by_id(conn, item_id)
    assert item is not None
    return [y for y in item.question_votes if y.vote_message_id is None]


async def record_vote_message(db: Database, *, yrkande_id: int, message_id: int) -> None:
    """Remember the posted vote message of a question round."""
    async with db.transaction() as conn:
        await items.set_vote_message(conn, yrkande_id, message_id)


class RoundClosed(BaseModel):
    """A round closed by its own deadline; `runoff` is the second round opened, if any."""

    model_config = ConfigDict(frozen=True)

    item_id: int
    question_key: str
    result: Round
    runoff: Yrkande | None = None


async def _question_of(conn: aiosqlite.Connection, item: Item, key: str) -> Question | None:
    return next(
        (q for q in await proposals.locked_questions(conn, item.id) or [] if q.key == key), None
    )


async def _closed_round(
    conn: aiosqlite.Connection,
    *,
    group: Group,
    item: Item,
    row: Yrkande,
    question: Question,
    voters: Collection[int],
    chairs: Collection[int],
    until: datetime,
) -> Round:
    current = current_votes(await votes.events_for(conn, row.id), until=until)
    numbers = [o.number for o in row.options.options if o.number is not None]
    live = count_round(question, row.round, numbers, current, sorted(voters))
    seed = lottery_seed(
        group.guild_id, item.number, row.number, await audit.head_hash(conn, group.guild_id)
    )
    result = close_round(
        question,
        live,
        eligible=len(voters),
        rules=group.rules,
        chair_vote=_chair_vote(current, chairs),
        lottery_seed=seed,
    )
    return result.model_copy(update={"closes_at": row.closes_at})


def _chair_vote(current: Mapping[int, str], chairs: Collection[int]) -> str | None:
    """The chair's live vote (any option key); None if none voted or chairs disagree."""
    voted = {current[member_id] for member_id in chairs if member_id in current}
    return voted.pop() if len(voted) == 1 else None


async def close_due_round(
    db: Database, *, yrkande_id: int, electorate: Electorate, now: datetime
) -> RoundClosed | None:
    """Close a question round whose own deadline came; with no majority among three or
    more alternatives open the second round at once (`runoff_deadline`), or leave it to the
    chair when no time is left. None when there is nothing to do (run twice: harmless)."""
    async with audited(db, guild_id=None, actor=None, now=now) as change:
        conn = change.conn
        item = await items.item_of_yrkande(conn, yrkande_id)
        row = (
            None
            if item is None
            else next((y for y in item.question_votes if y.id == yrkande_id), None)
        )
        if item is None or row is None or item.status is not ItemStatus.OPEN:
            return None
        if row.closes_at is None or row.closes_at > now or row.question_key is None:
            return None
        if row.id in await rounds.results_for(conn, [row.id]):
            return None
        group = await groups.get(conn, item.guild_id)
        question = await _question_of(conn, item, row.question_key)
        meeting = await meetings.by_id(conn, item.meeting_id)
        if group is None or question is None or meeting is None:
            return None
        voters = await voters_of(conn, item, electorate.eligible)
        result = await _closed_round(
            conn,
            group=group,
            item=item,
            row=row,
            question=question,
            voters=voters,
            chairs=electorate.chairs,
            until=row.closes_at,
        )
        await rounds.record_result(conn, row.id, result, now)
        runoff = None
        pair = result.outcome.runoff if result.outcome is not None else None
        lock = await proposals.lock_of(conn, item.id)
        chosen = None if lock is None else lock.runoff_at
        at = runoff_deadline(now, meeting.deadline_at, chosen) if pair is not None else None
        if pair is not None and at is not None and row.round == 1:
            runoff = await items.add_question_vote(
                conn,
                item_id=item.id,
                question_key=question.key,
                round_number=2,
                text=row.text,
                option_set_name=_option_set_name(question, pair),
                closes_at=at,
            )
        await change.record(
            "question.round_closed",
            {
                "item": item.number,
                "question": question.key,
                "round": row.round,
                "result": result.model_dump(mode="json", exclude={"closes_at"}),
                "runoff_closes_at": None
                if runoff is None
                else runoff.closes_at.isoformat()
                if runoff.closes_at
                else None,
            },
            guild_id=item.guild_id,
        )
    return RoundClosed(item_id=item.id, question_key=question.key, result=result, runoff=runoff)


async def due_rounds(db: Database, now: datetime) -> list[tuple[int, int]]:
    """(item id, row id) of question rounds whose own deadline has come."""
    async with db.read() as conn:
        return await rounds.due(conn, now)


async def next_round_close(db: Database) -> datetime | None:
    """The next own deadline of an open question round."""
    async with db.read() as conn:
        return await rounds.next_close(conn)


class ClosedQuestions(BaseModel):
    """What an item's close made of its beslutsgång: every question's outcome, and the
    decision recorded for each att-sats (by number) decided in it instead of by its own
    ✅❌➖ message."""

    model_config = ConfigDict(frozen=True)

    outcomes: tuple[QuestionOutcome, ...] = ()
    decisions: dict[int, Decision] = {}


async def close_with_item(
    conn: aiosqlite.Connection,
    *,
    group: Group,
    item: Item,
    voters: Collection[int],
    chairs: Collection[int],
    until: datetime,
    now: datetime,
) -> ClosedQuestions:
    """Inside the item's close: close every round still open (no second round: no time is
    left, so no majority among three or more means "ej avgjort – ordföranden beslutar")
    and record each att-sats decided between alternatives (or fallen to återremiss) with
    the group's line from the beslutsgång. Returns the outcomes and those decisions."""
    questions = await proposals.locked_questions(conn, item.id)
    if not questions:
        return ClosedQuestions()
    done = await rounds.results_for(conn, [y.id for y in item.question_votes])
    by_key = {q.key: q for q in questions}
    for row in item.question_votes:
        question = by_key.get(row.question_key or "")
        if question is None or row.id in done:
            continue
        result = await _closed_round(
            conn,
            group=group,
            item=item,
            row=row,
            question=question,
            voters=voters,
            chairs=chairs,
            until=min(until, row.closes_at) if row.closes_at else until,
        )
        await rounds.record_result(conn, row.id, result, now)
    outcomes = await _outcomes(conn, item, questions, decided=True)
    eligible = sorted(voters)
    decisions: dict[int, Decision] = {}
    for outcome in outcomes:
        question = outcome.question
        if question.kind not in (QuestionKind.ALTERNATIVES, QuestionKind.PLAIN):
            continue
        position = att_sats_position(outcome)
        if position is None or (
            question.kind is QuestionKind.PLAIN and position is not Position.ATERREMISS
        ):
            continue  # a PLAIN att-sats keeps what its own ✅❌➖ vote decided
        att_sats = next((y for y in item.yrkanden if y.number == question.yrkande_number), None)
        if att_sats is None:
            continue
        decision = _decision(outcome, position, len(eligible))
        await positions.record_decision(conn, att_sats.id, decision, eligible, now)
        decisions[att_sats.number] = decision
    return ClosedQuestions(outcomes=tuple(outcomes), decisions=decisions)


def _decision(outcome: QuestionOutcome, position: Position, eligible: int) -> Decision:
    """The position record of an att-sats decided in the beslutsgång: the deciding round's
    votes for the winning alternative as bifall, for the others as avslag."""
    last = outcome.rounds[-1] if outcome.rounds else None
    counts = Counts()
    quorum = False
    if last is not None and last.outcome is not None:
        won = last.votes.get(outcome.winner or 0, 0)
        counts = Counts(
            bifall=won,
            avslag=sum(last.votes.values()) - won,
            avstar=last.abstained,
            not_voted=last.not_voted,
        )
        quorum = last.outcome.quorum_met
    elif last is not None and last.decision is not None:
        counts, quorum = last.decision.counts, last.decision.quorum_met
    participated = counts.bifall + counts.avslag + counts.avstar
    return Decision(
        position=position,
        counts=counts,
        eligible=eligible,
        quorum_met=quorum,
        participation_percent=100.0 * participated / eligible if eligible else 0.0,
        tie=False,
        reason=outcome.reason or "",
    )


async def _outcomes(
    conn: aiosqlite.Connection,
    item: Item,
    questions: Sequence[Question],
    *,
    decided: bool = False,
    eligible: Collection[int] = (),
) -> list[QuestionOutcome]:
    """`decided`: the att-satser's positions are recorded (the item is closed or closing);
    `eligible`: who votes on an item opened before electorates were stored."""
    rows = item.question_votes
    closed = await rounds.results_for(conn, [y.id for y in rows])
    live_rounds: dict[str, list[Round]] = {}
    events = await votes.events_for_many(conn, [y.id for y in rows])
    voters = await voters_of(conn, item, eligible)
    by_key = {q.key: q for q in questions}
    for row in sorted(rows, key=lambda y: (y.question_key or "", y.round)):
        question = by_key.get(row.question_key or "")
        if question is None:
            continue
        result = closed.get(row.id)
        if result is None:
            numbers = [o.number for o in row.options.options if o.number is not None]
            current = current_votes(events[row.id], until=row.closes_at)
            result = count_round(question, row.round, numbers, current, sorted(voters))
            result = result.model_copy(update={"closes_at": row.closes_at})
        live_rounds.setdefault(row.question_key or "", []).append(result)
    plain: dict[int, Position] = {}
    if decided or item.status is ItemStatus.CLOSED:
        recorded = await positions.for_yrkanden(conn, [y.id for y in item.yrkanden])
        for att_sats in item.yrkanden:
            record = recorded.get(att_sats.id)
            if record is not None:
                plain[att_sats.number] = record.derived_position or record.position
    return outcomes_of(questions, live_rounds, plain)


class QuestionState(BaseModel):
    """What a question round's vote message shows (bot.ui.votes renders it)."""

    model_config = ConfigDict(frozen=True)

    question: Question
    round: Round
    author_id: int | None
    index: int  # 1-based place in the locked order
    total: int
    voted: int
    followed: bool  # a later round of the question exists


async def vote_states(
    conn: aiosqlite.Connection, item: Item, include: Collection[int] = ()
) -> list[tuple[Yrkande, QuestionState]]:
    """Every published question round of an item (and those in `include`, about to be
    posted) with what its message shows."""
    rows = [y for y in item.question_votes if y.vote_message_id is not None or y.id in include]
    if not rows:
        return []
    questions = await proposals.locked_questions(conn, item.id) or []
    outcomes = {o.question.key: o for o in await _outcomes(conn, item, questions)}
    order = {q.key: index for index, q in enumerate(questions, start=1)}
    authors = {p.number: p.author_id for p in await proposals.for_item(conn, item.id)}
    found = []
    for row in rows:
        outcome = outcomes.get(row.question_key or "")
        if outcome is None or len(outcome.rounds) < row.round:
            continue
        shown = outcome.rounds[row.round - 1]
        voted = (
            sum(shown.votes.values()) + shown.abstained
            if shown.counts is None
            else shown.counts.participated
        )
        found.append(
            (
                row,
                QuestionState(
                    question=outcome.question,
                    round=shown,
                    author_id=authors.get(outcome.question.proposal_number or 0),
                    index=order.get(outcome.question.key, 0),
                    total=len(questions),
                    voted=voted,
                    followed=len(outcome.rounds) > row.round,
                ),
            )
        )
    return found


async def question_outcomes(db: Database, item_id: int) -> list[QuestionOutcome]:
    """The locked beslutsgång of an item, each question with its rounds (live counts while
    open) and, once the item is decided, its result — in the locked order. [] if unlocked."""
    async with db.read() as conn:
        return await question_outcomes_in(conn, item_id)


async def question_outcomes_in(conn: aiosqlite.Connection, item_id: int) -> list[QuestionOutcome]:
    """`question_outcomes` inside a unit of work the caller holds (exports, the brief)."""
    item = await items.by_id(conn, item_id)
    questions = None if item is None else await proposals.locked_questions(conn, item_id)
    if item is None or not questions:
        return []
    return await _outcomes(conn, item, questions)


async def final_choices(db: Database, item_id: int, question_key: str) -> dict[int, str | None]:
    """Member → their live vote (an option key) in the deciding (last) round of a question;
    for a PLAIN question, on the att-sats's own ✅❌➖ message."""
    async with db.read() as conn:
        return await final_choices_in(conn, item_id, question_key)


async def final_choices_in(
    conn: aiosqlite.Connection, item_id: int, question_key: str
) -> dict[int, str | None]:
    """`final_choices` inside a unit of work the caller holds."""
    item = await items.by_id(conn, item_id)
    if item is None:
        return {}
    meeting = await meetings.by_id(conn, item.meeting_id)
    rows = [y for y in item.question_votes if y.question_key == question_key]
    if not rows and question_key.startswith("a") and question_key[1:].isdigit():
        rows = [y for y in item.yrkanden if y.number == int(question_key[1:])]
    if not rows or meeting is None:
        return {}
    last = max(rows, key=lambda y: y.round)
    until = last.closes_at or meeting.deadline_at
    if item.closed_at is not None:
        until = min(until, item.closed_at)
    current: Mapping[int, str] = current_votes(await votes.events_for(conn, last.id), until=until)
    return dict(current)


async def status_of(
    conn: aiosqlite.Connection, item: Item, eligible: Collection[int]
) -> list[QuestionStatus]:
    """For /motion status: each question of the locked beslutsgång in order, its rounds
    (live counts while open) and who of `eligible` has not voted in its current round."""
    questions = await proposals.locked_questions(conn, item.id)
    if not questions:
        return []
    outcomes = await _outcomes(conn, item, questions, eligible=eligible)
    authors = {p.number: p.author_id for p in await proposals.for_item(conn, item.id)}
    last_rows: dict[str, Yrkande] = {}
    for row in item.question_votes:
        key = row.question_key or ""
        if key not in last_rows or row.round > last_rows[key].round:
            last_rows[key] = row
    events = await votes.events_for_many(conn, [y.id for y in last_rows.values()])
    found = []
    for index, outcome in enumerate(outcomes, start=1):
        last = last_rows.get(outcome.question.key)
        missing: list[int] = []
        if last is not None:
            missing = non_voters(current_votes(events[last.id], until=last.closes_at), eligible)
        found.append(
            QuestionStatus(
                outcome=outcome,
                index=index,
                total=len(outcomes),
                author_id=authors.get(outcome.question.proposal_number or 0),
                non_voter_ids=missing,
            )
        )
    return found
