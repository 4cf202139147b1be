"""Use cases of the secretary: export a meeting's minutes and data, verify the audit chain.

The MeetingRecord is built from the database in one read unit of work, then rendered
off the event loop (docx and pdf take real CPU time).

Choices made here:
- Items in draft (never published) are left out, as in the meeting brief; cancelled
  items are left out by `items.for_meeting`.
- A yrkande decided at closing shows the tally frozen then (`positions`); otherwise the
  live tally from the vote events, counted up to the deadline (or the closing time).
- Deleted comments stay in the record, marked deleted, with their text and attachment
  names blanked: the member took them back, so no export (not even JSON) repeats them.
- Exporting changes nothing, so it adds no audit entry: the minutes carry the same head
  hash that /audit verify reports.
"""

from __future__ import annotations

import asyncio
import json
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

import aiosqlite

from bot.domain.access import Action, Actor, require
from bot.domain.attendance import Attendance, Roster, role_at_meeting
from bot.domain.audit import ChainCheck, verify_chain
from bot.domain.counting import counted_until, tally_of
from bot.domain.errors import NotConfigured, NotFound
from bot.domain.minutes import (
    FIRST_ITEM_PARAGRAPH,
    CommentRecord,
    ItemRecord,
    MeetingRecord,
    MemberRecord,
    NamedVote,
    OutcomeRecord,
    YrkandeRecord,
    excerpt,
)
from bot.domain.models import DocumentKind, ExportFormat, ItemStatus
from bot.domain.outcomes import judge_item
from bot.domain.records import AgendaEntry, Group, Item, Meeting, Outcome, PositionRecord
from bot.domain.tally import VoteEvent, latest_votes
from bot.export import ExportFile, export_files
from bot.services import proposals as proposals_service
from bot.services.attendance import voters_of
from bot.services.elections import election_minutes
from db import agenda as agenda_db
from db import attendance as attendance_db
from db import audit, comments, groups, items, meetings, outcomes, positions, votes
from db.connection import Database
from db.timefmt import from_db

BODY_EXCERPT_CHARS = 600


def _name(member_id: int, names: Mapping[int, tuple[str, bool]]) -> str:
    # Someone the bot never saw (e.g. a vote recorded before the member list was synced).
    return names[member_id][0] if member_id in names else str(member_id)


def _yrkande_record(
    item: Item,
    number: int,
    text: str,
    events: Sequence[VoteEvent],
    position: PositionRecord | None,
    *,
    until: datetime,
    eligible: Sequence[int],
    names: Mapping[int, tuple[str, bool]],
) -> YrkandeRecord:
    live = latest_votes(events, until=until)
    counts = tally_of(events, until=until, eligible=eligible, record=position)
    named = [
        NamedVote(
            member_id=member_id,
            name=_name(member_id, names),
            choice=event.choice,
            at=event.at,
            source=event.source,
        )
        for member_id, event in sorted(live.items(), key=lambda pair: pair[1].seq)
        if event.choice is not None
    ]
    set_by = position.set_by if position is not None and position.overridden else None
    return YrkandeRecord(
        number=number,
        text=text,
        counts=counts,
        votes=named,
        position=position.position if position else None,
        derived_position=position.derived_position if position else None,
        position_note=position.note if position else None,
        overridden=position.overridden if position else False,
        position_set_by=_name(set_by, names) if set_by is not None else None,
        status=item.status,
    )


def _outcome_record(outcome: Outcome | None) -> OutcomeRecord | None:
    if outcome is None:
        return None
    return OutcomeRecord(
        result=outcome.result,
        votes_for=outcome.votes_for,
        votes_against=outcome.votes_against,
        abstained=outcome.abstained,
        note=outcome.note,
    )


def _comment_record(row: aiosqlite.Row) -> CommentRecord:
    deleted = row["deleted_at"] is not None
    return CommentRecord(
        author=row["author_name"],
        text="" if deleted else row["content"],
        at=from_db(row["created_at"]),
        edited=row["edited_at"] is not None,
        deleted=deleted,
        attachments=[] if deleted else list(json.loads(row["attachments_json"])),
    )


# Swedish alphabetical order: å, ä and ö come after z (in that order).
_SWEDISH_LAST_LETTERS = {"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}"}


def swedish_sort_key(name: str) -> tuple[str, str]:
    """A key that sorts names as a Swedish list does: …, z, å, ä, ö; other accents ignored."""
    folded = []
    for char in name.casefold():
        if char in _SWEDISH_LAST_LETTERS:
            folded.append(_SWEDISH_LAST_LETTERS[char])
        else:
            base = unicodedata.normalize("NFKD", char)
            folded.append("".join(c for c in base if not unicodedata.combining(c)))
    return "".join(folded), name


def _member_records(
    names: Mapping[int, tuple[str, bool]],
    voting_ids: Iterable[int],
    took_part: set[int],
    roster: Roster,
    attendance: Attendance,
) -> list[MemberRecord]:
    """The group as the minutes list it: ledamöter and ersättare with their role at the
    meeting, and anyone else who voted or wrote.

    Everyone else on the server (visitors, admins) is not part of the group meeting.
    """
    voting = set(voting_ids)
    members = [
        MemberRecord(
            member_id=member_id,
            name=name,
            voting=member_id in voting,
            left=left,
            role=role_at_meeting(member_id, roster, attendance),
            instead_of=attendance.serving.get(member_id),
        )
        for member_id, (name, left) in names.items()
        if member_id in voting or member_id in took_part or member_id in roster.everyone
    ]
    return sorted(members, key=lambda member: (swedish_sort_key(member.name), member.member_id))


def agenda_order(
    entries: Sequence[AgendaEntry], items_of_meeting: Sequence[Item]
) -> list[AgendaEntry | Item]:
    """The kallelse's ärenden in agenda order (as their items where they became one), then the
    group's other items by number."""
    by_id = {item.id: item for item in items_of_meeting}
    ordered: list[AgendaEntry | Item] = []
    used: set[int] = set()
    for entry in entries:
        item = by_id.get(entry.item_id) if entry.item_id is not None else None
        if item is not None:
            ordered.append(item)
            used.add(item.id)
        elif entry.item_id is None:
            ordered.append(entry)
    ordered.extend(item for item in items_of_meeting if item.id not in used)
    return ordered


async def build_meeting_record(
    conn: aiosqlite.Connection, group: Group, meeting: Meeting, *, now: datetime
) -> MeetingRecord:
    """Everything the minutes of `meeting` show, read through one connection."""
    agenda = [
        item
        for item in await items.for_meeting(conn, meeting.id)
        if item.status is not ItemStatus.DRAFT
    ]
    yrkande_ids = [yrkande.id for item in agenda for yrkande in item.yrkanden]
    events = await votes.events_for_many(conn, yrkande_ids)
    in_force = await positions.for_yrkanden(conn, yrkande_ids)
    comment_rows = await comments.for_items(conn, [item.id for item in agenda])
    decided = await outcomes.for_items(conn, [item.id for item in agenda])
    reserved = await outcomes.reservations_for(conn, [item.id for item in agenda])
    names = await groups.member_names(conn, group.guild_id)
    voting_ids = await groups.voting_member_ids(conn, group.guild_id)
    roster = await groups.roster(conn, group.guild_id)
    attendance = await attendance_db.load(conn, meeting.id)
    head = await audit.head_hash(conn, group.guild_id)

    speakers = {item.id: names[item.speaker_id][0] for item in agenda if item.speaker_id in names}
    item_records: list[ItemRecord] = []
    for entry_or_item in agenda_order(await agenda_db.published_entries(conn, meeting.id), agenda):
        paragraph = FIRST_ITEM_PARAGRAPH + len(item_records)
        if isinstance(entry_or_item, AgendaEntry):
            entry = entry_or_item
            item_records.append(
                ItemRecord(
                    paragraph=paragraph,
                    number=None,
                    kind=DocumentKind.UNKNOWN,
                    title=entry.title,
                    signatories=[],
                    body_excerpt="",
                    yrkanden=[],
                    comments=[],
                    agenda_number=entry.label(),
                    outcome=entry.outcome,
                )
            )
            continue
        item = entry_or_item
        until = counted_until(item, meeting)
        voters = sorted(await voters_of(conn, item, voting_ids))
        lines = {
            y.number: in_force[y.id].position if y.id in in_force else None for y in item.yrkanden
        }
        fared = judge_item(lines, decided[item.id])
        own = {o.yrkande_number: o for o in decided[item.id]}
        record = ItemRecord(
            paragraph=paragraph,
            number=item.number,
            kind=item.kind,
            title=item.title,
            signatories=list(item.signatories),
            body_excerpt=excerpt(item.body, BODY_EXCERPT_CHARS),
            yrkanden=[
                _yrkande_record(
                    item,
                    yrkande.number,
                    yrkande.text,
                    events[yrkande.id],
                    in_force.get(yrkande.id),
                    until=until,
                    eligible=voters,
                    names=names,
                ).model_copy(
                    update={
                        "council": _outcome_record(own.get(yrkande.number)),
                        "verdict": fared.clauses.get(yrkande.number),
                    }
                )
                for yrkande in item.yrkanden
            ],
            comments=[_comment_record(row) for row in comment_rows[item.id]],
            agenda_number=item.agenda_number,
            speaker=speakers.get(item.id),
            outcome=None if item.yrkanden or item.agenda_number is None else "not_handled",
            council=_outcome_record(own.get(None)),
            verdict=fared.verdict,
            reservation=reserved[item.id].text if item.id in reserved else None,
        )
        # The group's own yrkanden, its beslutsgång and avvikande meningar (issue 15).
        beslutsgang, dissents = await proposals_service.minutes_of_item(
            conn,
            item,
            names,
            {y.number: y.counts for y in record.yrkanden},
            {y.number: y.position for y in record.yrkanden},
        )
        item_records.append(
            record.model_copy(update={"beslutsgang": beslutsgang, "dissents": dissents})
        )
    return MeetingRecord(
        group_name=group.name or str(group.guild_id),
        guild_id=group.guild_id,
        language=group.language,
        meeting_number=meeting.number,
        meeting_title=meeting.title,
        starts_at=meeting.starts_at,
        deadline_at=meeting.deadline_at,
        generated_at=now,
        members=_member_records(
            names,
            voting_ids,
            {event.member_id for found in events.values() for event in found}
            | {row["author_id"] for rows in comment_rows.values() for row in rows},
            roster,
            attendance,
        ),
        items=item_records,
        audit_head_hash=head,
        elections=await election_minutes(
            conn, meeting.id, first_paragraph=FIRST_ITEM_PARAGRAPH + len(item_records)
        ),
    )


async def load_meeting_record(
    db: Database, *, guild_id: int, meeting_number: int, now: datetime
) -> MeetingRecord:
    """The record of a group's meeting by number, without a permission check (command line)."""
    async with db.read() as conn:
        group = await groups.get(conn, guild_id)
        if group is None:
            raise NotConfigured()
        meeting = await meetings.by_number(conn, guild_id, meeting_number)
        if meeting is None:
            raise NotFound(what_key="what.meeting", number=meeting_number)
        return await build_meeting_record(conn, group, meeting, now=now)


async def render_record(record: MeetingRecord, fmt: ExportFormat) -> list[ExportFile]:
    """The files for `fmt`, rendered in a worker thread so the event loop stays responsive."""
    return await asyncio.to_thread(export_files, record, ExportFormat(fmt))


async def export_meeting(
    db: Database,
    *,
    guild_id: int,
    actor: Actor,
    meeting_number: int,
    fmt: ExportFormat,
    now: datetime,
) -> list[ExportFile]:
    """The secretary's (or chair's) export of one meeting in one format."""
    async with db.read() as conn:
        group = await groups.get(conn, guild_id)
        group = require(Action.SECRETARY, actor, group)
        meeting = await meetings.by_number(conn, guild_id, meeting_number)
        if meeting is None:
            raise NotFound(what_key="what.meeting", number=meeting_number)
        record = await build_meeting_record(conn, group, meeting, now=now)
    return await render_record(record, fmt)


async def verify_audit(db: Database, *, guild_id: int, actor: Actor) -> ChainCheck:
    """Re-compute the group's audit hash chain (secretary or chair)."""
    async with db.read() as conn:
        group = await groups.get(conn, guild_id)
        require(Action.SECRETARY, actor, group)
        entries = await audit.entries(conn, guild_id)
    # Hashing thousands of entries is CPU work; keep it off the event loop.
    return await asyncio.to_thread(verify_chain, entries)
