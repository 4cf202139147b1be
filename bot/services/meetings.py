"""Use cases of council meetings: plan, list, close and reopen items, positions, briefs, due work.

Every state change runs in ONE transaction with its audit entry. Who may vote (the
electorate) is read from Discord by the caller and passed in, so nothing here awaits
Discord while the database is held.
"""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.domain.access import Action, Actor, require
from bot.domain.counting import (
    ClosedItem,
    Electorate,
    close_results,
    not_heard_from,
    standings,
    voted_on,
)
from bot.domain.errors import InvalidInput, NotFound, VotingClosed
from bot.domain.models import POSITIONS_NEEDING_NOTE, ItemStatus, Position
from bot.domain.records import Group, Item, Meeting, PositionRecord
from bot.domain.reports import DueClosing, MeetingBrief, MeetingOverview, ReminderToSend
from bot.domain.schedule import due_reminder, next_wakeup, plan_meeting
from bot.services import proposals as proposals_service
from bot.services import questions as question_service
from bot.services.attendance import meeting_overview, voters_of
from bot.services.audited import AuditedChange, audited
from db import agenda as agenda_db
from db import audit, groups, items, meetings, positions, votes
from db.connection import Database
from db.timefmt import to_db

TITLE_MAX = 200
NOTE_MAX = 1000

ERROR_TITLE = "meeting.error.title"
ERROR_NOTE_REQUIRED = "position.error.note_required"
ERROR_NOTE_TOO_LONG = "position.error.note_too_long"
ERROR_POSITION_UNDECIDED = "position.error.undecided"
ERROR_ITEM_CANCELLED = "position.error.item_cancelled"
ERROR_NOT_CLOSED = "motion.error.not_closed"
ERROR_REOPEN_STARTED = "motion.error.reopen_meeting_started"
ERROR_REOPEN_DEADLINE = "motion.error.reopen_deadline_passed"


# ---------------------------------------------------------------- helpers


async def _meeting_by_number(conn: aiosqlite.Connection, guild_id: int, number: int) -> Meeting:
    meeting = await meetings.by_number(conn, guild_id, number)
    if meeting is None:
        raise NotFound(what_key="what.meeting", number=number)
    return meeting


async def _item_by_number(conn: aiosqlite.Connection, guild_id: int, number: int) -> Item:
    item = await items.by_number(conn, guild_id, number)
    if item is None or item.status is ItemStatus.DRAFT:
        raise NotFound(what_key="what.motion", number=number)
    return item


async def _meeting_of(conn: aiosqlite.Connection, item: Item) -> Meeting:
    meeting = await meetings.by_id(conn, item.meeting_id)
    assert meeting is not None, "items.meeting_id is a foreign key"
    return meeting


async def _close(
    change: AuditedChange,
    *,
    group: Group,
    item: Item,
    meeting: Meeting,
    electorate: Electorate,
    until: datetime,
) -> ClosedItem:
    """Derive and store every yrkande's position, close the item and audit it (in the
    change's transaction; the chair's close, or the deadline's when its actor is None)."""
    conn, now, actor_id = change.conn, change.at, change.actor_id
    events = await votes.events_for_many(conn, [yrkande.id for yrkande in item.yrkanden])
    # Quorum and "not voted" over the electorate fixed when the item's voting opened.
    voters = await voters_of(conn, item, electorate.eligible)
    electorate = electorate.model_copy(update={"eligible": voters})
    eligible = sorted(voters)
    results = close_results(
        group=group,
        item=item,
        events=events,
        electorate=electorate,
        until=until,
        audit_head=await audit.head_hash(conn, group.guild_id),
    )
    for result in results:
        await positions.record_decision(conn, result.yrkande.id, result.decision, eligible, now)
    # A locked beslutsgång: its rounds close too, and att-satser decided between
    # alternatives get the group's line from it.
    beslutsgang = await question_service.close_with_item(
        conn, group=group, item=item, voters=voters, chairs=electorate.chairs, until=until, now=now
    )
    # What the audit and the chair's reply say is what was recorded: an att-sats decided
    # in the beslutsgång takes that decision, not its moved ✅❌➖ message's tally.
    results = [
        r.model_copy(update={"decision": beslutsgang.decisions[r.yrkande.number]})
        if r.yrkande.number in beslutsgang.decisions
        else r
        for r in results
    ]
    await items.set_status(conn, item.id, ItemStatus.CLOSED, now=now, actor_id=actor_id)
    by_deadline = actor_id is None
    await change.record(
        "item.close",
        {
            "item": item.number,
            "by_deadline": by_deadline,
            "counted_until": to_db(until),
            "eligible": eligible,
            "yrkanden": [
                {
                    "number": result.yrkande.number,
                    "position": result.decision.position.value,
                    "reason": result.decision.reason,
                    "bifall": result.decision.counts.bifall,
                    "avslag": result.decision.counts.avslag,
                    "avstar": result.decision.counts.avstar,
                    "not_voted": result.decision.counts.not_voted,
                    "quorum_met": result.decision.quorum_met,
                    "lottery": None
                    if result.decision.lottery is None
                    else result.decision.lottery.model_dump(mode="json"),
                }
                for result in results
            ],
        },
        guild_id=group.guild_id,
    )
    closed = await items.by_id(conn, item.id)
    assert closed is not None
    return ClosedItem(
        item=closed,
        meeting=meeting,
        results=results,
        counted_until=until,
        by_deadline=by_deadline,
        questions=list(beslutsgang.outcomes),
    )


# ---------------------------------------------------------------- meetings


async def create_meeting(
    db: Database,
    *,
    guild_id: int,
    actor: Actor,
    title: str,
    date: str,
    time: str | None,
    deadline: str | None,
    now: datetime,
) -> Meeting:
    """Plan a council meeting from Stockholm-time text (chair only)."""
    clean_title = " ".join(title.split())
    if not clean_title or len(clean_title) > TITLE_MAX:
        raise InvalidInput(ERROR_TITLE, limit=TITLE_MAX)
    times = plan_meeting(date, time, deadline, now=now)
    async with audited(db, guild_id=guild_id, actor=actor, now=now) as change:
        conn = change.conn
        require(Action.CHAIR, actor, await groups.get(conn, guild_id))
        meeting = await meetings.create(
            conn,
            guild_id=guild_id,
            title=clean_title,
            starts_at=times.starts_at,
            deadline_at=times.deadline_at,
            created_by=actor.user_id,
            now=now,
        )
        await change.record(
            "meeting.create",
            {
                "meeting": meeting.number,
                "title": meeting.title,
                "starts_at": to_db(meeting.starts_at),
                "deadline_at": to_db(meeting.deadline_at),
            },
        )
    return meeting


async def upcoming_meetings(
    db: Database, *, guild_id: int, actor: Actor, now: datetime
) -> list[MeetingOverview]:
    """Meetings that have not started yet, in date order, each with its items."""
    async with db.read() as conn:
        group = await groups.get(conn, guild_id)
        require(Action.VIEW, actor, group)
        found = await meetings.list_for_group(conn, guild_id, starting_after=now)
        return [
            MeetingOverview(meeting=meeting, items=await items.for_meeting(conn, meeting.id))
            for meeting in found
        ]


# ---------------------------------------------------------------- closing and reopening


async def close_item(
    db: Database,
    *,
    guild_id: int,
    item_number: int,
    actor: Actor,
    electorate: Electorate,
    now: datetime,
) -> ClosedItem:
    """Close an item now (the chair's /motion close); votes at or after the deadline never count."""
    async with audited(db, guild_id=guild_id, actor=actor, now=now) as change:
        conn = change.conn
        group = require(Action.CHAIR, actor, await groups.get(conn, guild_id))
        item = await _item_by_number(conn, guild_id, item_number)
        if item.status is not ItemStatus.OPEN:
            raise VotingClosed()
        meeting = await _meeting_of(conn, item)
        return await _close(
            change,
            group=group,
            item=item,
            meeting=meeting,
            electorate=electorate,
            # Everything recorded so far is before now; votes at or after the deadline never count.
            until=meeting.deadline_at,
        )


async def reopen_item(
    db: Database, *, guild_id: int, item_number: int, actor: Actor, now: datetime
) -> tuple[Item, Meeting]:
    """Reopen a closed item before its meeting's deadline; the derived positions are cleared."""
    async with audited(db, guild_id=guild_id, actor=actor, now=now) as change:
        conn = change.conn
        require(Action.CHAIR, actor, await groups.get(conn, guild_id))
        item = await _item_by_number(conn, guild_id, item_number)
        if item.status is not ItemStatus.CLOSED:
            raise InvalidInput(ERROR_NOT_CLOSED, number=item.number)
        meeting = await _meeting_of(conn, item)
        if now >= meeting.starts_at:
            raise InvalidInput(ERROR_REOPEN_STARTED, number=item.number)
        # Votes after the deadline never count, and the scheduler would close the item
        # again at once: reopening then would only mislead the members.
        if now >= meeting.deadline_at:
            raise InvalidInput(ERROR_REOPEN_DEADLINE, number=item.number)
        await positions.clear(conn, [yrkande.id for yrkande in item.yrkanden])
        await items.set_status(conn, item.id, ItemStatus.OPEN, now=now, actor_id=actor.user_id)
        await change.record("item.reopen", {"item": item.number})
        reopened = await items.by_id(conn, item.id)
    assert reopened is not None
    return reopened, meeting


# ---------------------------------------------------------------- positions


async def set_position(
    db: Database,
    *,
    guild_id: int,
    actor: Actor,
    item_number: int,
    yrkande_number: int,
    position: Position,
    note: str | None,
    now: datetime,
) -> tuple[Item, PositionRecord]:
    """The chair sets or overrides the group's position; the tally stays beside it."""
    clean_note = (note or "").strip() or None
    if position is Position.UNDECIDED:
        raise InvalidInput(ERROR_POSITION_UNDECIDED)
    if position in POSITIONS_NEEDING_NOTE and clean_note is None:
        raise InvalidInput(ERROR_NOTE_REQUIRED, position_key=f"position.{position.value}")
    if clean_note is not None and len(clean_note) > NOTE_MAX:
        raise InvalidInput(ERROR_NOTE_TOO_LONG, limit=NOTE_MAX)
    async with audited(db, guild_id=guild_id, actor=actor, now=now) as change:
        conn = change.conn
        require(Action.CHAIR, actor, await groups.get(conn, guild_id))
        item = await _item_by_number(conn, guild_id, item_number)
        if item.status is ItemStatus.CANCELLED:
            raise InvalidInput(ERROR_ITEM_CANCELLED, number=item.number)
        yrkande = next((y for y in item.yrkanden if y.number == yrkande_number), None)
        if yrkande is None:
            raise NotFound(what_key="what.yrkande", number=yrkande_number)
        previous = (await positions.for_yrkanden(conn, [yrkande.id])).get(yrkande.id)
        await positions.set_override(conn, yrkande.id, position, clean_note, actor.user_id, now)
        record = (await positions.for_yrkanden(conn, [yrkande.id]))[yrkande.id]
        await change.record(
            "position.set",
            {
                "item": item.number,
                "yrkande": yrkande.number,
                "position": position.value,
                "note": clean_note,
                "previous": None if previous is None else previous.position.value,
                "derived": None
                if record.derived_position is None
                else record.derived_position.value,
                "tally": {
                    "bifall": record.bifall,
                    "avslag": record.avslag,
                    "avstar": record.avstar,
                    "not_voted": record.not_voted,
                },
            },
        )
    return item, record


# ---------------------------------------------------------------- the brief


async def meeting_brief(
    db: Database,
    *,
    guild_id: int,
    actor: Actor,
    meeting_number: int,
    electorate: Electorate,
) -> MeetingBrief:
    """Every item of a meeting in order with positions, counts and who is not heard from."""
    async with db.read() as conn:
        group = require(Action.SECRETARY, actor, await groups.get(conn, guild_id))
        meeting = await _meeting_by_number(conn, guild_id, meeting_number)
        agenda = await items.for_meeting(conn, meeting.id)
        yrkande_ids = [yrkande.id for item in agenda for yrkande in item.yrkanden]
        # Who is not heard from also looks at the beslutsgång's vote messages.
        question_ids = [row.id for item in agenda for row in item.question_votes]
        events = await votes.events_for_many(conn, yrkande_ids + question_ids)
        in_force = await positions.for_yrkanden(conn, yrkande_ids)
        entries = await agenda_db.published_entries(conn, meeting.id)
        # Each item is judged against its own electorate, fixed when its voting opened.
        voters = {item.id: await voters_of(conn, item, electorate.eligible) for item in agenda}
        overview, roster, attendance = await meeting_overview(conn, group, meeting)
    by_item = [
        standing
        for item in agenda
        for standing in standings(
            meeting,
            [item],
            events,
            in_force,
            electorate.model_copy(update={"eligible": voters[item.id]}),
        )
    ]
    # What the speaker tables where the group locked a beslutsgång (issue 15).
    beslutsgang = {}
    async with db.read() as conn:
        names = await groups.member_names(conn, guild_id)
        for standing in by_item:
            found, _ = await proposals_service.minutes_of_item(
                conn,
                standing.item,
                names,
                {line.yrkande.number: line.counts for line in standing.yrkanden},
                {
                    line.yrkande.number: line.position.position if line.position else None
                    for line in standing.yrkanden
                },
            )
            if found is not None and found.locked:
                beslutsgang[standing.item.id] = found
    shows_attendance = bool(roster.ersattare or attendance.absent)
    return MeetingBrief(
        beslutsgang=beslutsgang,
        group=group,
        meeting=meeting,
        items=by_item,
        agenda=entries,
        attendance=overview if shows_attendance else None,
    )


# ---------------------------------------------------------------- due work (the scheduler)


async def due_closings(db: Database, *, now: datetime) -> list[DueClosing]:
    """Open items (every group) whose meeting's voting deadline is at or before `now`."""
    async with db.read() as conn:
        found = await items.open_item_deadlines(conn)
    return [
        DueClosing(guild_id=guild_id, item_id=item_id, deadline_at=deadline_at)
        for guild_id, item_id, deadline_at, _ in found
        if deadline_at <= now
    ]


async def close_at_deadline(
    db: Database, *, item_id: int, electorate: Electorate, now: datetime
) -> ClosedItem | None:
    """Close an item whose deadline passed, counting votes before the deadline only.

    Returns None when there is nothing to do (already closed, or the deadline moved),
    so running the same due work twice is harmless.
    """
    async with audited(db, guild_id=None, actor=None, now=now) as change:
        conn = change.conn
        item = await items.by_id(conn, item_id)
        if item is None or item.status is not ItemStatus.OPEN:
            return None
        meeting = await _meeting_of(conn, item)
        group = await groups.get(conn, item.guild_id)
        if meeting.deadline_at > now or group is None:
            return None
        return await _close(
            change,
            group=group,
            item=item,
            meeting=meeting,
            electorate=electorate,
            until=meeting.deadline_at,
        )


async def due_reminder_items(db: Database, *, now: datetime) -> list[tuple[int, int]]:
    """(guild_id, item_id) of open items with a reminder due now and not yet sent."""
    async with db.read() as conn:
        found = await items.open_item_deadlines(conn)
    return [
        (guild_id, item_id)
        for guild_id, item_id, deadline_at, sent in found
        if deadline_at > now and due_reminder(deadline_at, now, sent) is not None
    ]


async def claim_reminder(
    db: Database, *, item_id: int, electorate: Electorate, now: datetime
) -> ReminderToSend | None:
    """Mark the item's due reminder as sent and say whom to mention; None if none is due.

    The reminder is recorded as sent in this transaction, BEFORE the caller sends it:
    a crash between the commit and the send loses one reminder (a later one, the live
    tally and the deadline still reach the members), whereas marking after sending
    would ping everyone again after a restart, which the group was promised never happens.
    """
    async with db.transaction() as conn:
        item = await items.by_id(conn, item_id)
        if item is None or item.status is not ItemStatus.OPEN:
            return None
        meeting = await _meeting_of(conn, item)
        sent = await items.reminders_sent(conn, item.id)
        reminder = due_reminder(meeting.deadline_at, now, sent)
        if reminder is None:
            return None
        await items.mark_reminders_sent(conn, item.id, reminder.covers, now)
        # The vote messages that count now: a beslutsgång's rounds, not a moved att-sats's.
        answered_on = voted_on(item)
        events = await votes.events_for_many(conn, [row.id for row in answered_on])
        # Only the item's electorate is pinged (an absent ledamot under `serving` is not).
        voters = await voters_of(conn, item, electorate.eligible)
    mention_ids = not_heard_from(events, answered_on, voters, None)
    return ReminderToSend(
        guild_id=item.guild_id,
        item=item,
        meeting=meeting,
        reminder=reminder,
        channel_id=item.thread_id or item.channel_id,
        mention_ids=mention_ids,
    )


async def next_wakeup_at(db: Database, *, now: datetime) -> datetime | None:
    """The next moment after `now` when a reminder falls due or a deadline passes."""
    async with db.read() as conn:
        found = await meetings.with_open_items(conn)
    return next_wakeup([meeting.deadline_at for meeting in found], now)


async def last_seen_voters(db: Database, guild_id: int) -> list[int]:
    """Members last seen holding the voting role, for when Discord's member list is unavailable."""
    async with db.read() as conn:
        return await groups.voting_member_ids(conn, guild_id)


async def positions_of(db: Database, item: Item) -> dict[int, PositionRecord]:
    """Positions in force for an item's yrkanden, keyed by yrkande id."""
    async with db.read() as conn:
        return await positions.for_yrkanden(conn, [yrkande.id for yrkande in item.yrkanden])


async def item_by_id(db: Database, item_id: int) -> Item | None:
    """An item with its yrkanden."""
    async with db.read() as conn:
        return await items.by_id(conn, item_id)


async def meeting_choices(db: Database, *, guild_id: int) -> list[Meeting]:
    """The group's meetings, newest first, for the meeting-number autocomplete."""
    async with db.read() as conn:
        found = await meetings.list_for_group(conn, guild_id)
    return sorted(found, key=lambda meeting: meeting.number, reverse=True)
