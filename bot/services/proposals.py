"""Use cases of the group's own yrkanden: table, withdraw, list, lock, avvikande mening.

Any member of the group tables while the item is open and its beslutsgång is not locked;
the author or the chair withdraws; the chair locks (the list and the order are then fixed
and the votes open); after closing, a member who voted against the group's line may
register an avvikande mening. Each change is one transaction with its audit entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import aiosqlite
from pydantic import BaseModel, ConfigDict

from bot.domain.access import Action, Actor, is_allowed, require
from bot.domain.alternatives import (
    ProposalKind,
    Question,
    QuestionKind,
    QuestionOutcome,
    Resolution,
    Round,
)
from bot.domain.beslutsgang_minutes import (
    AlternativeMinutes,
    BeslutsgangMinutes,
    DissentMinutes,
    ProposalMinutes,
    QuestionMinutes,
    RoundMinutes,
)
from bot.domain.errors import InvalidInput, NotAllowed, NotConfigured, NotFound
from bot.domain.models import Choice, Counts, ItemStatus, Position
from bot.domain.proposals import (
    DISSENT_MAX,
    ERROR_RUNOFF_NOT_NEEDED,
    TEXT_MAX,
    Dissent,
    Lock,
    TabledProposal,
    beslutsgang,
    can_go_to_runoff,
    check_target,
    chosen_runoff,
    clean_text,
    opposed_question,
    runoff_time,
    voted_against,
)
from bot.domain.records import Group, Item
from bot.domain.tally import current_votes
from bot.services import questions as question_service
from bot.services.audited import audited
from db import groups, items, meetings, positions, proposals, rounds, votes
from db.connection import Database

ERROR_NOT_OPEN = "proposal.error.not_open"
ERROR_LOCKED = "proposal.error.locked"
ERROR_NOT_LOCKED = "proposal.error.not_locked"
ERROR_RUNOFF_OVER = "proposal.error.runoff_over"
ERROR_WITHDRAWN = "proposal.error.withdrawn"
ERROR_EMPTY = "proposal.error.empty"
ERROR_TOO_LONG = "proposal.error.too_long"
ERROR_NOT_CLOSED = "proposal.error.not_closed"
ERROR_DISSENT_EMPTY = "proposal.error.dissent_empty"
ERROR_DISSENT_TOO_LONG = "proposal.error.dissent_too_long"
ROLE_AUTHOR_OR_CHAIR = "role.proposal_author"
ROLE_DISSENTER = "role.dissenter"


class Tabled(BaseModel):
    """A yrkande just tabled, with its item (the card goes in the item's thread)."""

    model_config = ConfigDict(frozen=True)

    group: Group
    item: Item
    proposal: TabledProposal


class ProposalList(BaseModel):
    """An item's tabled yrkanden (withdrawn ones too) and its lock, if locked."""

    model_config = ConfigDict(frozen=True)

    group: Group
    item: Item
    proposals: list[TabledProposal]
    lock: Lock | None


async def _item(conn: aiosqlite.Connection, guild_id: int, number: int) -> Item:
    item = await items.by_number(conn, guild_id, number)
    if item is None or item.status is ItemStatus.DRAFT:
        raise NotFound(what_key="what.motion", number=number)
    return item


async def _open_unlocked(conn: aiosqlite.Connection, item: Item) -> None:
    """Refuse, saying why, unless yrkanden may still be tabled or withdrawn on the item."""
    if item.status is not ItemStatus.OPEN:
        raise InvalidInput(ERROR_NOT_OPEN, number=item.number)
    if await proposals.lock_of(conn, item.id) is not None:
        raise InvalidInput(ERROR_LOCKED, number=item.number)


async def may_table(db: Database, *, guild_id: int, actor: Actor, item_number: int) -> Group:
    """The group, or a polite refusal when the person may not table on the item now."""
    async with db.read() as conn:
        group = require(Action.VIEW, actor, await groups.get(conn, guild_id))
        await _open_unlocked(conn, await _item(conn, guild_id, item_number))
    return group


async def table_proposal(
    db: Database,
    *,
    guild_id: int,
    actor: Actor,
    item_number: int,
    kind: ProposalKind,
    text: str,
    yrkande_number: int | None,
    now: datetime,
) -> Tabled:
    """Table a yrkande on an open, unlocked item (any member of the group)."""
    clean = clean_text(text, TEXT_MAX, ERROR_EMPTY, ERROR_TOO_LONG)
    kind = ProposalKind(kind)
    if kind is ProposalKind.ORIGINAL:
        raise InvalidInput("proposal.error.kind")
    async with audited(db, guild_id=guild_id, actor=actor, now=now) as change:
        conn = change.conn
        group = require(Action.VIEW, actor, await groups.get(conn, guild_id))
        item = await _item(conn, guild_id, item_number)
        await _open_unlocked(conn, item)
        check_target(
            kind, yrkande_number, len(item.yrkanden), await proposals.for_item(conn, item.id)
        )
        proposal = await proposals.table(
            conn,
            item_id=item.id,
            kind=kind,
            yrkande_number=yrkande_number,
            text=clean,
            author_id=actor.user_id,
            now=now,
        )
        await change.record(
            "proposal.table",
            {
                "item": item.number,
                "proposal": proposal.number,
                "kind": kind.value,
                "yrkande": yrkande_number,
                "text": clean,
            },
        )
    return Tabled(group=group, item=item, proposal=proposal)


async def record_card(db: Database, *, proposal_id: int, message_id: int) -> None:
    """Remember the proposal card posted in the thread."""
    async with db.transaction() as conn:
        await proposals.set_card_message(conn, proposal_id, message_id)


async def withdraw_proposal(
    db: Database,
    *,
    guild_id: int,
    actor: Actor,
    item_number: int,
    proposal_number: int,
    now: datetime,
) -> Tabled:
    """Withdraw a tabled yrkande before the lock (its author, or the chair)."""
    async with audited(db, guild_id=guild_id, actor=actor, now=now) as change:
        conn = change.conn
        group = await groups.get(conn, guild_id)
        if group is None or not group.configured:
            raise NotConfigured()
        item = await _item(conn, guild_id, item_number)
        proposal = await proposals.by_number(conn, item.id, proposal_number)
        if proposal is None:
            raise NotFound(what_key="what.proposal", number=proposal_number)
        if actor.user_id != proposal.author_id and not is_allowed(Action.CHAIR, actor, group):
            raise NotAllowed(role_key=ROLE_AUTHOR_OR_CHAIR)
        await _open_unlocked(conn, item)
        if not proposal.active:
            raise InvalidInput(ERROR_WITHDRAWN, number=proposal.number)
        await proposals.withdraw(conn, proposal.id, actor.user_id, now)
        await change.record(
            "proposal.withdraw",
            {
                "item": item.number,
                "proposal": proposal.number,
                "by_author": actor.user_id == proposal.author_id,
            },
        )
        withdrawn = await proposals.by_number(conn, item.id, proposal_number)
    assert withdrawn is not None
    return Tabled(group=group, item=item, proposal=withdrawn)


async def list_proposals(
    db: Database, *, guild_id: int, actor: Actor, item_number: int
) -> ProposalList:
    """The item's tabled yrkanden and its lock (the group may look)."""
    async with db.read() as conn:
        group = require(Action.VIEW, actor, await groups.get(conn, guild_id))
        item = await _item(conn, guild_id, item_number)
        tabled = await proposals.for_item(conn, item.id)
        lock = await proposals.lock_of(conn, item.id)
    return ProposalList(group=group, item=item, proposals=tabled, lock=lock)


async def lock_beslutsgang(
    db: Database,
    *,
    guild_id: int,
    actor: Actor,
    item_number: int,
    order: str | None,
    now: datetime,
    runoff: str | None = None,
) -> ProposalList:
    """Fix the item's yrkanden and their order (the chair); the votes open after this.
    `runoff`: the chair's deadline for second rounds, as typed (None: half the time left)."""
    async with audited(db, guild_id=guild_id, actor=actor, now=now) as change:
        conn = change.conn
        group = require(Action.CHAIR, actor, await groups.get(conn, guild_id))
        item = await _item(conn, guild_id, item_number)
        await _open_unlocked(conn, item)
        tabled = await proposals.for_item(conn, item.id)
        questions = beslutsgang([y.text for y in item.yrkanden], tabled, order)
        runoff_at = None
        if runoff is not None and runoff.strip():
            meeting = await meetings.by_id(conn, item.meeting_id)
            assert meeting is not None, "items.meeting_id is a foreign key"
            runoff_at = chosen_runoff(runoff, questions, now=now, item_deadline=meeting.deadline_at)
        chair_ordered = bool(order and order.strip())
        lock = await proposals.lock(
            conn,
            item_id=item.id,
            questions=questions,
            chair_ordered=chair_ordered,
            locked_by=actor.user_id,
            now=now,
            runoff_at=runoff_at,
        )
        await change.record(
            "proposal.lock",
            {
                "item": item.number,
                "order": [q.key for q in questions],
                "chair_ordered": chair_ordered,
                "proposals": [p.number for p in tabled if p.active],
                "runoff_at": None if runoff_at is None else runoff_at.isoformat(),
            },
        )
    return ProposalList(group=group, item=item, proposals=tabled, lock=lock)


class RunoffSet(BaseModel):
    """The chair's new deadline for an item's second rounds; `moved`: the open second
    rounds (vote message rows) that now close then."""

    model_config = ConfigDict(frozen=True)

    group: Group
    item: Item
    runoff_at: datetime
    moved: list[int]


async def set_runoff(
    db: Database, *, guild_id: int, actor: Actor, item_number: int, runoff: str, now: datetime
) -> RunoffSet:
    """Set or move the deadline of a locked item's second rounds (the chair): the time a
    second round opened later gets, and the new deadline of one already open."""
    async with audited(db, guild_id=guild_id, actor=actor, now=now) as change:
        conn = change.conn
        group = require(Action.CHAIR, actor, await groups.get(conn, guild_id))
        item = await _item(conn, guild_id, item_number)
        if item.status is not ItemStatus.OPEN:
            raise InvalidInput(ERROR_NOT_OPEN, number=item.number)
        lock = await proposals.lock_of(conn, item.id)
        if lock is None:
            raise InvalidInput(ERROR_NOT_LOCKED, number=item.number)
        keys = {q.key for q in lock.questions if can_go_to_runoff(q)}
        if not keys:
            raise InvalidInput(ERROR_RUNOFF_NOT_NEEDED)
        rows = [y for y in item.question_votes if y.question_key in keys]
        closed = await rounds.results_for(conn, [y.id for y in rows])
        open_rows = [y for y in rows if y.id not in closed]
        # Round 1 still running (with its own deadline): a second round may follow it.
        first = [y.closes_at for y in open_rows if y.round == 1 and y.closes_at is not None]
        runoffs = [y for y in open_rows if y.round == 2]
        if not first and not runoffs:
            raise InvalidInput(ERROR_RUNOFF_OVER, number=item.number)
        meeting = await meetings.by_id(conn, item.meeting_id)
        assert meeting is not None, "items.meeting_id is a foreign key"
        at = runoff_time(
            runoff,
            now=now,
            item_deadline=meeting.deadline_at,
            first_round_closes=max(first) if first else None,
        )
        await proposals.set_runoff(conn, item.id, at)
        for row in runoffs:
            await items.set_closes_at(conn, row.id, at)
        await change.record(
            "proposal.runoff",
            {
                "item": item.number,
                "runoff_at": at.isoformat(),
                "moved": [f"{y.question_key}/{y.round}" for y in runoffs],
            },
        )
    return RunoffSet(group=group, item=item, runoff_at=at, moved=[y.id for y in runoffs])


async def record_order_message(db: Database, *, item_id: int, message_id: int) -> None:
    """Remember the propositionsordning posted in the thread."""
    async with db.transaction() as conn:
        await proposals.set_order_message(conn, item_id, message_id)


async def register_dissent(
    db: Database, *, guild_id: int, actor: Actor, item_number: int, text: str, now: datetime
) -> tuple[Item, Dissent, bool]:
    """An avvikande mening on a closed item, by a member who voted against the group's line."""
    clean = clean_text(text, DISSENT_MAX, ERROR_DISSENT_EMPTY, ERROR_DISSENT_TOO_LONG)
    async with audited(db, guild_id=guild_id, actor=actor, now=now) as change:
        conn = change.conn
        group = await groups.get(conn, guild_id)
        if group is None or not group.configured:
            raise NotConfigured()
        item = await _item(conn, guild_id, item_number)
        if item.status is not ItemStatus.CLOSED:
            raise InvalidInput(ERROR_NOT_CLOSED, number=item.number)
        meeting = await meetings.by_id(conn, item.meeting_id)
        assert meeting is not None, "items.meeting_id is a foreign key"
        # As the close counted: every recorded vote before the deadline (a closed item
        # records no more).
        until = meeting.deadline_at
        events = await votes.events_for_many(conn, [y.id for y in item.yrkanden])
        in_force = await positions.for_yrkanden(conn, [y.id for y in item.yrkanden])
        choices = {
            y.number: current_votes(events.get(y.id, []), until=until).get(actor.user_id)
            for y in item.yrkanden
        }
        lines = {
            y.number: in_force[y.id].position if y.id in in_force else None for y in item.yrkanden
        }
        outcomes = await question_service.question_outcomes_in(conn, item.id)
        # An att-sats decided between alternatives is judged by its alternatives vote.
        moved = {
            o.question.yrkande_number
            for o in outcomes
            if o.question.kind is QuestionKind.ALTERNATIVES
        }
        against: list[int | str] = [n for n in voted_against(choices, lines) if n not in moved]
        for outcome in outcomes:
            question = outcome.question
            if question.kind is QuestionKind.PLAIN or outcome.resolution is not Resolution.DECIDED:
                continue
            final = await question_service.final_choices_in(conn, item.id, question.key)
            if opposed_question(
                question.kind, outcome.winner, outcome.position, final.get(actor.user_id)
            ):
                against.append(question.key)
        if not against:
            raise NotAllowed(role_key=ROLE_DISSENTER)
        dissent = Dissent(item_id=item.id, member_id=actor.user_id, text=clean, at=now)
        replaced = await proposals.set_dissent(conn, dissent)
        await change.record(
            "proposal.dissent",
            {"item": item.number, "against": against, "text": clean, "replaced": replaced},
        )
    return item, dissent, replaced


# ---------------------------------------------------------------- the minutes and the brief


def _named(member_id: int | None, names: Mapping[int, tuple[str, bool]]) -> str | None:
    if member_id is None:
        return None
    return names[member_id][0] if member_id in names else str(member_id)


def _question_minutes(
    question: Question,
    tabled: Mapping[int, TabledProposal],
    item: Item,
    names: Mapping[int, tuple[str, bool]],
    counts: Mapping[int, Counts],
    lines: Mapping[int, Position | None],
) -> QuestionMinutes:
    proposal = tabled.get(question.proposal_number or 0)
    att_satser = {y.number: y.text for y in item.yrkanden}
    found = QuestionMinutes(
        key=question.key,
        kind=question.kind,
        yrkande_number=question.yrkande_number,
        proposal_number=question.proposal_number,
        text=proposal.text if proposal else att_satser.get(question.yrkande_number or 0, ""),
        author=_named(proposal.author_id, names) if proposal else None,
        alternatives=[
            AlternativeMinutes(
                number=a.number,
                kind=a.kind,
                text=a.text,
                author=_named(a.author_id, names),
                proposal_number=a.proposal_number,
            )
            for a in question.alternatives
        ],
    )
    number = question.yrkande_number or 0
    if question.kind is QuestionKind.PLAIN and number in counts:
        # An att-sats without rivals is its own ✅❌➖ vote message: its tally and line.
        tally = counts[number]
        line = lines.get(number)
        found = found.model_copy(
            update={
                "rounds": [
                    RoundMinutes(
                        number=1,
                        votes={
                            Choice.BIFALL.value: tally.bifall,
                            Choice.AVSLAG.value: tally.avslag,
                            Choice.AVSTAR.value: tally.avstar,
                        },
                        not_voted=tally.not_voted,
                    )
                ],
                "position": line,
                "resolution": None
                if line is None
                else Resolution.UNDECIDED
                if line is Position.UNDECIDED
                else Resolution.DECIDED,
            }
        )
    return found


def _round_minutes(round_: Round, outcome: QuestionOutcome) -> RoundMinutes:
    """One round's counts as the minutes show them (votes by option key)."""
    if round_.counts is not None:
        votes = {
            Choice.BIFALL.value: round_.counts.bifall,
            Choice.AVSLAG.value: round_.counts.avslag,
            Choice.AVSTAR.value: round_.counts.avstar,
        }
    else:
        votes = {str(number): count for number, count in round_.votes.items()}
    reason = None
    if round_.outcome is not None:
        reason = round_.outcome.reason
    elif round_.decision is not None:
        reason = round_.decision.reason
    return RoundMinutes(
        number=round_.number,
        votes=votes,
        abstained=round_.abstained,
        not_voted=round_.not_voted,
        reason=reason,
    )


def _with_outcome(found: QuestionMinutes, outcome: QuestionOutcome | None) -> QuestionMinutes:
    """The vote engine's rounds and result of a question (bot.services.questions); a PLAIN
    att-sats keeps its own ✅❌➖ tally and takes only a resolution such as "faller"."""
    if outcome is None:
        return found
    if found.kind is QuestionKind.PLAIN:
        if outcome.resolution is Resolution.FALLS:
            return found.model_copy(
                update={"resolution": Resolution.FALLS, "reason": outcome.reason or None}
            )
        return found
    return found.model_copy(
        update={
            "rounds": [_round_minutes(r, outcome) for r in outcome.rounds],
            "resolution": outcome.resolution,
            "winner": outcome.winner,
            "position": outcome.position,
            "reason": outcome.reason or None,
        }
    )


async def minutes_of_item(
    conn: aiosqlite.Connection,
    item: Item,
    names: Mapping[int, tuple[str, bool]],
    counts: Mapping[int, Counts],
    lines: Mapping[int, Position | None],
) -> tuple[BeslutsgangMinutes | None, list[DissentMinutes]]:
    """An item's yrkanden and beslutsgång for the minutes (None when nothing was tabled and
    nothing locked), and its avvikande meningar. `counts` and `lines` are the att-satser's
    tallies and positions as the minutes show them."""
    tabled = await proposals.for_item(conn, item.id)
    lock = await proposals.lock_of(conn, item.id)
    dissents = [
        DissentMinutes(name=_named(d.member_id, names) or "", text=d.text)
        for d in (await proposals.dissents_for(conn, [item.id]))[item.id]
    ]
    if not tabled and lock is None:
        return None, dissents
    by_number = {p.number: p for p in tabled}
    outcomes = {
        o.question.key: o for o in await question_service.question_outcomes_in(conn, item.id)
    }
    return (
        BeslutsgangMinutes(
            proposals=[
                ProposalMinutes(
                    number=p.number,
                    kind=p.kind,
                    yrkande_number=p.yrkande_number,
                    text=p.text,
                    author=_named(p.author_id, names) or "",
                    withdrawn=not p.active,
                )
                for p in tabled
            ],
            locked=lock is not None,
            chair_ordered=lock.chair_ordered if lock else False,
            questions=[
                _with_outcome(
                    _question_minutes(q, by_number, item, names, counts, lines),
                    outcomes.get(q.key),
                )
                for q in (lock.questions if lock else ())
            ],
        ),
        dissents,
    )
