"""Use cases after fullmäktige: record what the council decided, and the group's reservations.

Secretary or chair only. An outcome can be recorded once the meeting has started (the
council decides at the meeting), for the whole item or for one att-sats; recording again
replaces it. A reservation is stored per item and only where the group lost on at least
one att-sats. Every change is one transaction with its audit entry.
"""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.domain.access import Action, Actor, require
from bot.domain.errors import InvalidInput, NotFound
from bot.domain.minutes import format_minute
from bot.domain.models import CouncilResult, ItemStatus, Position
from bot.domain.outcomes import (
    ItemVerdict,
    OutcomeRecorded,
    ReservationContext,
    judge_item,
    moved_own_proposal,
)
from bot.domain.records import Item, Outcome, Reservation
from bot.services.audited import audited
from db import groups, items, meetings, outcomes, positions
from db.connection import Database

NOTE_MAX = 1000
RESERVATION_MAX = 4000
VOTES_MAX = 100_000

ERROR_NOT_STARTED = "outcome.error.not_started"
ERROR_CANCELLED = "outcome.error.cancelled"
ERROR_NOTE_TOO_LONG = "outcome.error.note_too_long"
ERROR_BAD_VOTES = "outcome.error.bad_votes"
ERROR_NOT_LOST = "reservation.error.not_lost"
ERROR_EMPTY = "reservation.error.empty"
ERROR_TOO_LONG = "reservation.error.too_long"


async def _item(conn: aiosqlite.Connection, guild_id: int, number: int) -> Item:
    item = await items.by_number(conn, guild_id, number)
    if item is None or item.status is ItemStatus.DRAFT:
        raise NotFound(what_key="what.motion", number=number)
    if item.status is ItemStatus.CANCELLED:
        raise InvalidInput(ERROR_CANCELLED, number=number)
    return item


async def _positions(conn: aiosqlite.Connection, item: Item) -> dict[int, Position | None]:
    in_force = await positions.for_yrkanden(conn, [yrkande.id for yrkande in item.yrkanden])
    return {y.number: in_force[y.id].position if y.id in in_force else None for y in item.yrkanden}


def _check_votes(**counts: int | None) -> None:
    for name, value in counts.items():
        if value is not None and not 0 <= value <= VOTES_MAX:
            raise InvalidInput(ERROR_BAD_VOTES, what_key=f"outcome.what.{name}", limit=VOTES_MAX)


async def record_outcome(
    db: Database,
    *,
    guild_id: int,
    actor: Actor,
    item_number: int,
    result: CouncilResult,
    yrkande_number: int | None = None,
    votes_for: int | None = None,
    votes_against: int | None = None,
    abstained: int | None = None,
    note: str | None = None,
    now: datetime,
) -> OutcomeRecorded:
    """Record what the council decided on an item or one att-sats, after the meeting's start."""
    clean_note = (note or "").strip() or None
    if clean_note is not None and len(clean_note) > NOTE_MAX:
        raise InvalidInput(ERROR_NOTE_TOO_LONG, limit=NOTE_MAX)
    _check_votes(votes_for=votes_for, votes_against=votes_against, abstained=abstained)
    async with audited(db, guild_id=guild_id, actor=actor, now=now) as change:
        conn = change.conn
        require(Action.SECRETARY, actor, await groups.get(conn, guild_id))
        item = await _item(conn, guild_id, item_number)
        meeting = await meetings.by_id(conn, item.meeting_id)
        assert meeting is not None, "items.meeting_id is a foreign key"
        if now < meeting.starts_at:
            raise InvalidInput(
                ERROR_NOT_STARTED, number=meeting.number, when=format_minute(meeting.starts_at)
            )
        if yrkande_number is not None and all(y.number != yrkande_number for y in item.yrkanden):
            raise NotFound(what_key="what.yrkande", number=yrkande_number)
        outcome = Outcome(
            item_id=item.id,
            yrkande_number=yrkande_number,
            result=CouncilResult(result),
            votes_for=votes_for,
            votes_against=votes_against,
            abstained=abstained,
            note=clean_note,
            set_by=actor.user_id,
            set_at=now,
        )
        replaced = await outcomes.set_outcome(conn, outcome)
        by_clause = await _positions(conn, item)
        in_force = (await outcomes.for_items(conn, [item.id]))[item.id]
        verdict = judge_item(by_clause, in_force)
        await change.record(
            "outcome.set",
            {
                "item": item.number,
                "yrkande": yrkande_number,
                "result": outcome.result.value,
                "votes_for": votes_for,
                "votes_against": votes_against,
                "abstained": abstained,
                "note": clean_note,
                "previous": None if replaced is None else replaced.result.value,
                "verdict": None if verdict.verdict is None else verdict.verdict.value,
            },
        )
    return OutcomeRecorded(
        item=item,
        meeting=meeting,
        outcome=outcome,
        outcomes=in_force,
        positions=by_clause,
        verdict=verdict,
        replaced=replaced,
    )


async def _lost_item(
    conn: aiosqlite.Connection, guild_id: int, item_number: int
) -> tuple[Item, dict[int, Position | None], ItemVerdict]:
    item = await _item(conn, guild_id, item_number)
    by_clause = await _positions(conn, item)
    verdict = judge_item(by_clause, (await outcomes.for_items(conn, [item.id]))[item.id])
    if not verdict.any_lost:
        raise InvalidInput(ERROR_NOT_LOST, number=item.number)
    return item, by_clause, verdict


async def reservation_context(
    db: Database, *, guild_id: int, actor: Actor, item_number: int
) -> ReservationContext:
    """The item the group lost on, its stored reservation, and which usual form fits."""
    async with db.read() as conn:
        group = require(Action.SECRETARY, actor, await groups.get(conn, guild_id))
        item, by_clause, verdict = await _lost_item(conn, guild_id, item_number)
        stored = (await outcomes.reservations_for(conn, [item.id])).get(item.id)
    return ReservationContext(
        group=group,
        item=item,
        existing=None if stored is None else stored.text,
        own_proposal=moved_own_proposal(by_clause, verdict),
    )


async def save_reservation(
    db: Database, *, guild_id: int, actor: Actor, item_number: int, text: str, now: datetime
) -> tuple[Item, Reservation]:
    """Store the group's reservation on an item it lost on (replacing an earlier one)."""
    clean = text.strip()
    if not clean:
        raise InvalidInput(ERROR_EMPTY)
    if len(clean) > RESERVATION_MAX:
        raise InvalidInput(ERROR_TOO_LONG, limit=RESERVATION_MAX)
    async with audited(db, guild_id=guild_id, actor=actor, now=now) as change:
        conn = change.conn
        require(Action.SECRETARY, actor, await groups.get(conn, guild_id))
        item, _, _ = await _lost_item(conn, guild_id, item_number)
        reservation = Reservation(item_id=item.id, text=clean, set_by=actor.user_id, set_at=now)
        previous = await outcomes.set_reservation(conn, reservation)
        await change.record(
            "reservation.set",
            {"item": item.number, "text": clean, "replaced": previous is not None},
        )
    return item, reservation
