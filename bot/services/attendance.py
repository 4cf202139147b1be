"""Use cases of attendance: förhinder, tjänstgörande ersättare, and each item's fixed electorate.

The roster (who holds the ledamot and ersättare roles) is read from the members the
bot keeps current from Discord's member events; the rule of who votes lives in
`bot.domain.attendance`. An item's electorate is fixed in the transaction that opens
its voting (`fix_electorate`); every other service asks `voters_of` for it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime

import aiosqlite

from bot.domain.access import Action, Actor, require
from bot.domain.attendance import (
    Attendance,
    AttendanceChange,
    AttendanceOverview,
    AttendanceReport,
    MeetingRole,
    Roster,
    appoint_substitute,
    attendance_overview,
    electorate,
    report_absent,
    report_present,
    voter_role,
    voters_now,
)
from bot.domain.errors import InvalidInput, NotFound
from bot.domain.models import ItemStatus
from bot.domain.records import Group, Item, Meeting
from bot.services.audited import AuditedChange, audited
from db import attendance as attendance_db
from db import groups, items, meetings
from db.connection import Database

ERROR_NO_SUBSTITUTE_ROLE = "attendance.error.no_substitute_role"


# ---------------------------------------------------------------- helpers for other services


def _display_order(names: Mapping[int, tuple[str, bool]]) -> list[int]:
    return sorted(names, key=lambda mid: (names[mid][0].casefold(), mid))


async def _opening(
    conn: aiosqlite.Connection, group: Group, item: Item
) -> tuple[Roster, Attendance, frozenset[int]]:
    roster = await groups.roster(conn, group.guild_id)
    attendance = await attendance_db.load(conn, item.meeting_id)
    return roster, attendance, electorate(group.rules.who_votes, roster, attendance)


async def electorate_at_opening(
    conn: aiosqlite.Connection, group: Group, item: Item
) -> frozenset[int]:
    """Who would vote on `item` if its voting opened now (what `fix_electorate` would fix)."""
    _, _, voters = await _opening(conn, group, item)
    return voters


async def fix_electorate(conn: aiosqlite.Connection, group: Group, item: Item) -> frozenset[int]:
    """Fix who votes on `item` as its voting opens: the group's rule and the meeting's attendance."""
    roster, attendance, voters = await _opening(conn, group, item)
    rule = group.rules.who_votes
    rows: list[tuple[int, MeetingRole, int | None]] = []
    for member_id in sorted(voters):
        role = voter_role(member_id, roster, attendance)
        rows.append((member_id, role, attendance.serving.get(member_id)))
    await attendance_db.fix_electorate(conn, item.id, rule, rows)
    return voters


async def voters_of(
    conn: aiosqlite.Connection, item: Item, fallback: Collection[int]
) -> frozenset[int]:
    """Who votes on `item`: its fixed electorate (without members who left since).

    `fallback` (holders of the voting role now) serves items opened before electorates
    were stored.
    """
    fixed = (await attendance_db.fixed_electorates(conn, [item.id])).get(item.id)
    if fixed is None:
        return frozenset(fallback)
    return voters_now(fixed, await groups.departed_ids(conn, item.guild_id))


async def item_electorate(
    db: Database, item_id: int, role_holders: Collection[int]
) -> frozenset[int] | None:
    """Who votes on one item (None if it is gone): `voters_of` in a read of its own.

    What `bot.runtime.Electorates.for_item` answers; `role_holders` (the voting role
    now) serves only items opened before electorates were stored.
    """
    async with db.read() as conn:
        item = await items.by_id(conn, item_id)
        if item is None:
            return None
        return await voters_of(conn, item, role_holders)


async def fixed_electorates(
    conn: aiosqlite.Connection, item_ids: Collection[int]
) -> dict[int, frozenset[int]]:
    """item -> fixed electorate, for the items that have one (the vote judge's batch read)."""
    return await attendance_db.fixed_electorates(conn, item_ids)


# ---------------------------------------------------------------- the commands


async def _meeting(conn: aiosqlite.Connection, guild_id: int, number: int) -> Meeting:
    meeting = await meetings.by_number(conn, guild_id, number)
    if meeting is None:
        raise NotFound(what_key="what.meeting", number=number)
    return meeting


async def _open_items(conn: aiosqlite.Connection, meeting: Meeting) -> list[int]:
    return [
        item.number
        for item in await items.for_meeting(conn, meeting.id)
        if item.status is ItemStatus.OPEN
    ]


async def _store(
    change: AuditedChange,
    *,
    meeting: Meeting,
    attendance: Attendance,
    action: str,
    payload: dict[str, object],
) -> None:
    assert change.actor_id is not None, "attendance changes are made by a person"
    await attendance_db.replace(
        change.conn, meeting.id, attendance, actor_id=change.actor_id, now=change.at
    )
    await change.record(action, {"meeting": meeting.number, **payload})


def _require_for(actor: Actor, group: Group | None, member_id: int) -> Group:
    """A member for themself (ledamot or ersättare); the chair or secretary for anyone."""
    if member_id == actor.user_id:
        return require(Action.ATTEND, actor, group)
    return require(Action.SECRETARY, actor, group)


async def report_absence(
    db: Database,
    *,
    guild_id: int,
    actor: Actor,
    meeting_number: int,
    member_id: int | None,
    reason: str | None,
    now: datetime,
) -> AttendanceChange:
    """/meeting absent: the member (the actor by default) has förhinder at the meeting."""
    target = actor.user_id if member_id is None else member_id
    async with audited(db, guild_id=guild_id, actor=actor, now=now) as change:
        conn = change.conn
        group = _require_for(actor, await groups.get(conn, guild_id), target)
        meeting = await _meeting(conn, guild_id, meeting_number)
        before = await attendance_db.load(conn, meeting.id)
        after = report_absent(before, await groups.roster(conn, guild_id), target, reason)
        released = before.serving.get(target)
        await _store(
            change,
            meeting=meeting,
            attendance=after,
            action="attendance.absent",
            payload={"member_id": target, "reason_given": bool(after.absent[target])},
        )
        open_items = await _open_items(conn, meeting)
    # An ersättare reporting förhinder stops serving: say for whom they no longer serve.
    return AttendanceChange(
        group=group, meeting=meeting, member_id=target, released=released, open_items=open_items
    )


async def report_presence(
    db: Database,
    *,
    guild_id: int,
    actor: Actor,
    meeting_number: int,
    member_id: int | None,
    now: datetime,
) -> AttendanceChange:
    """/meeting present: undo a reported förhinder; their ersättare stops serving."""
    target = actor.user_id if member_id is None else member_id
    async with audited(db, guild_id=guild_id, actor=actor, now=now) as change:
        conn = change.conn
        group = _require_for(actor, await groups.get(conn, guild_id), target)
        meeting = await _meeting(conn, guild_id, meeting_number)
        after, released = report_present(await attendance_db.load(conn, meeting.id), target)
        await _store(
            change,
            meeting=meeting,
            attendance=after,
            action="attendance.present",
            payload={"member_id": target, "released": released},
        )
        open_items = await _open_items(conn, meeting)
    return AttendanceChange(
        group=group, meeting=meeting, member_id=target, released=released, open_items=open_items
    )


async def appoint(
    db: Database,
    *,
    guild_id: int,
    actor: Actor,
    meeting_number: int,
    substitute_id: int,
    instead_of: int,
    now: datetime,
) -> AttendanceChange:
    """/meeting substitute: the chair lets an ersättare serve istf a ledamot."""
    async with audited(db, guild_id=guild_id, actor=actor, now=now) as change:
        conn = change.conn
        group = require(Action.CHAIR, actor, await groups.get(conn, guild_id))
        if group.substitute_role_id is None:
            raise InvalidInput(ERROR_NO_SUBSTITUTE_ROLE)
        meeting = await _meeting(conn, guild_id, meeting_number)
        after, replaced = appoint_substitute(
            await attendance_db.load(conn, meeting.id),
            await groups.roster(conn, guild_id),
            substitute_id,
            instead_of,
        )
        await _store(
            change,
            meeting=meeting,
            attendance=after,
            action="attendance.substitute",
            payload={"substitute": substitute_id, "instead_of": instead_of, "replaced": replaced},
        )
        open_items = await _open_items(conn, meeting)
    return AttendanceChange(
        group=group,
        meeting=meeting,
        member_id=substitute_id,
        instead_of=instead_of,
        released=replaced,
        open_items=open_items,
    )


async def attendance_report(
    db: Database, *, guild_id: int, actor: Actor, meeting_number: int
) -> AttendanceReport:
    """/meeting attendance: present, absent with reason, who serves istf whom, suggestions."""
    async with db.read() as conn:
        group = require(Action.SECRETARY, actor, await groups.get(conn, guild_id))
        meeting = await _meeting(conn, guild_id, meeting_number)
        names = await groups.member_names(conn, guild_id)
        roster = await groups.roster(conn, guild_id)
        attendance = await attendance_db.load(conn, meeting.id)
    overview = attendance_overview(group.rules.who_votes, roster, attendance, _display_order(names))
    return AttendanceReport(
        group=group,
        meeting=meeting,
        overview=overview,
        names={mid: name for mid, (name, _) in names.items()},
    )


async def meeting_overview(
    conn: aiosqlite.Connection, group: Group, meeting: Meeting
) -> tuple[AttendanceOverview, Roster, Attendance]:
    """The attendance overview of a meeting, inside the caller's unit of work (brief, minutes)."""
    names = await groups.member_names(conn, group.guild_id)
    roster = await groups.roster(conn, group.guild_id)
    attendance = await attendance_db.load(conn, meeting.id)
    overview = attendance_overview(group.rules.who_votes, roster, attendance, _display_order(names))
    return overview, roster, attendance
