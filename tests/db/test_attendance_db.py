"""db: the attendance of a meeting, the roster, and each item's fixed electorate round-trip."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.attendance import Attendance, MeetingRole, Roster
from bot.domain.models import DocumentKind, GroupRules, ItemStatus, Language, WhoVotes
from bot.domain.records import Group
from db import attendance, groups, items, meetings
from db.connection import Database

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
GUILD = 111


async def _meeting_and_item(db: Database) -> tuple[int, int]:
    async with db.transaction() as conn:
        await groups.save(
            conn,
            Group(
                guild_id=GUILD,
                member_role_id=1,
                chair_role_id=2,
                channel_id=3,
                substitute_role_id=4,
                rules=GroupRules(who_votes=WhoVotes.SERVING),
            ),
            NOW,
        )
        meeting = await meetings.create(
            conn,
            guild_id=GUILD,
            title="Regionfullmäktige",
            starts_at=NOW + timedelta(days=10),
            deadline_at=NOW + timedelta(days=9),
            created_by=7,
            now=NOW,
        )
        item = await items.create_item(
            conn,
            guild_id=GUILD,
            meeting_id=meeting.id,
            kind=DocumentKind.MOTION,
            title="Motion",
            body="",
            signatories=[],
            language=Language.SV,
            source_name="",
            yrkanden=["att göra"],
            status=ItemStatus.OPEN,
            created_by=7,
            now=NOW,
        )
    return meeting.id, item.id


async def test_group_keeps_substitute_role_and_rule(db: Database) -> None:
    await _meeting_and_item(db)
    async with db.read() as conn:
        group = await groups.get(conn, GUILD)
    assert group is not None
    assert group.substitute_role_id == 4 and group.rules.who_votes is WhoVotes.SERVING


async def test_roster_from_remembered_members_without_those_who_left(db: Database) -> None:
    await _meeting_and_item(db)
    async with db.transaction() as conn:
        rows = [(10, "Anna", True), (11, "Ulla", False), (12, "Bo", True), (13, "Gäst", False)]
        await groups.upsert_members(conn, GUILD, rows, NOW, substitutes=[11])
        await groups.mark_left(conn, GUILD, 12, NOW)
        roster = await groups.roster(conn, GUILD)
        departed = await groups.departed_ids(conn, GUILD)
    assert roster == Roster(ledamoter=frozenset({10}), ersattare=frozenset({11}))
    assert departed == {12}


async def test_attendance_round_trips_and_replacing_drops_old_rows(db: Database) -> None:
    meeting_id, _ = await _meeting_and_item(db)
    first = Attendance(absent={10: "sjuk", 12: ""}, serving={11: 10})
    second = Attendance(absent={12: "resa"}, serving={13: 12})
    async with db.transaction() as conn:
        await attendance.replace(conn, meeting_id, first, actor_id=7, now=NOW)
        assert await attendance.load(conn, meeting_id) == first
        await attendance.replace(conn, meeting_id, second, actor_id=7, now=NOW)
        assert await attendance.load(conn, meeting_id) == second


async def test_one_ersattare_per_seat_is_enforced_by_the_schema(db: Database) -> None:
    meeting_id, _ = await _meeting_and_item(db)
    twice = Attendance(absent={10: ""}, serving={11: 10, 13: 10})
    with pytest.raises(sqlite3.IntegrityError):
        async with db.transaction() as conn:
            await attendance.replace(conn, meeting_id, twice, actor_id=7, now=NOW)


async def test_fixed_electorate_round_trips_and_unfixed_items_are_left_out(db: Database) -> None:
    _, item_id = await _meeting_and_item(db)
    async with db.transaction() as conn:
        assert await attendance.fixed_electorates(conn, [item_id]) == {}
        await attendance.fix_electorate(
            conn,
            item_id,
            WhoVotes.SERVING,
            [(10, MeetingRole.LEDAMOT, None), (11, MeetingRole.TJANSTGORANDE_ERSATTARE, 12)],
        )
        assert await attendance.fixed_electorates(conn, [item_id, 999]) == {item_id: {10, 11}}
        # Fixed with nobody in it is still fixed (nobody may vote), not "opened before 0002".
        await attendance.fix_electorate(conn, item_id, WhoVotes.SERVING, [])
        assert await attendance.fixed_electorates(conn, [item_id]) == {item_id: frozenset()}
