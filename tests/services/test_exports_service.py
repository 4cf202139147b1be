"""The export service: a MeetingRecord built from a real SQLite file, permissions, audit check."""

from __future__ import annotations

import io
import sqlite3
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from docx import Document

from bot.domain.access import Actor
from bot.domain.errors import NotAllowed, NotConfigured, NotFound
from bot.domain.minutes import MeetingRecord, render_json, render_markdown
from bot.domain.models import (
    Choice,
    DocumentKind,
    ExportFormat,
    GroupRules,
    ItemStatus,
    Language,
    Position,
    VoteSource,
)
from bot.domain.records import Group
from bot.domain.rules import decide
from bot.domain.tally import VoteEvent, count_votes, current_votes
from bot.services.exports import (
    build_meeting_record,
    export_meeting,
    latest_votes,
    load_meeting_record,
    render_record,
    swedish_sort_key,
    verify_audit,
)
from bot.services.meetings import meeting_choices
from bot.ui.messages import t
from db import audit, comments, groups, items, meetings, positions, votes
from db.connection import Database

GUILD = 1001
OTHER_GUILD = 2002
MEMBER_ROLE, CHAIR_ROLE, SECRETARY_ROLE, CHANNEL = 11, 12, 13, 14
ASA, ORJAN, MIA, PER, LENA, STRANGER = 201, 202, 203, 204, 205, 299
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
STARTS_AT = datetime(2026, 12, 8, 17, 0, tzinfo=UTC)
DEADLINE_AT = datetime(2026, 12, 7, 17, 0, tzinfo=UTC)
CLOSED_AT = NOW + timedelta(days=1)
EXPORTED_AT = NOW + timedelta(days=8)

CHAIR = Actor(user_id=ASA, role_ids=frozenset({MEMBER_ROLE, CHAIR_ROLE}))
SECRETARY = Actor(user_id=PER, role_ids=frozenset({SECRETARY_ROLE}))
MEMBER = Actor(user_id=ORJAN, role_ids=frozenset({MEMBER_ROLE}))
ADMIN = Actor(user_id=999, manage_guild=True)


@dataclass(frozen=True)
class Sample:
    """Row ids of the sample meeting, for assertions."""

    meeting_number: int
    closed_item_number: int
    open_item_number: int


def group_of(guild_id: int = GUILD, language: Language = Language.SV) -> Group:
    """A configured group with a secretary role."""
    return Group(
        guild_id=guild_id,
        name="Vänsterpartiet i Region Östergötland",
        member_role_id=MEMBER_ROLE,
        chair_role_id=CHAIR_ROLE,
        secretary_role_id=SECRETARY_ROLE,
        channel_id=CHANNEL,
        language=language,
        rules=GroupRules(),
    )


async def build_sample_meeting(db: Database, language: Language = Language.SV) -> Sample:
    """A meeting with a closed item (frozen tally, override, comments), an open item and a draft."""
    async with db.transaction() as conn:
        await groups.save(conn, group_of(language=language), NOW)
        await groups.upsert_members(
            conn,
            GUILD,
            [
                (ASA, "Åsa Öberg", True),
                (ORJAN, "Örjan Ström", True),
                (MIA, "=Mia *Bäck*", True),
                (PER, "Pär Ek", False),
                (LENA, "Lena Holm", True),
            ],
            NOW,
        )
        await audit.append(
            conn, guild_id=GUILD, at=NOW, actor_id=ASA, action="setup.group", payload={"a": 1}
        )
        meeting = await meetings.create(
            conn,
            guild_id=GUILD,
            title="Regionfullmäktige 8 december",
            starts_at=STARTS_AT,
            deadline_at=DEADLINE_AT,
            created_by=ASA,
            now=NOW,
        )
        closed = await items.create_item(
            conn,
            guild_id=GUILD,
            meeting_id=meeting.id,
            kind=DocumentKind.MOTION,
            title="Motion om fler bussar",
            body="Bakgrund:\nbussarna är för få. " * 3,
            signatories=["Åsa Öberg", "Örjan Ström"],
            language=Language.SV,
            source_name="motion.docx",
            yrkanden=["att öka turtätheten", "att utreda kostnaden"],
            status=ItemStatus.OPEN,
            created_by=ASA,
            now=NOW,
        )
        opened = await items.create_item(
            conn,
            guild_id=GUILD,
            meeting_id=meeting.id,
            kind=DocumentKind.YRKANDE,
            title="Tilläggsyrkande om cykelbanor",
            body="",
            signatories=[],
            language=Language.SV,
            source_name="",
            yrkanden=["att bygga cykelbanor"],
            status=ItemStatus.OPEN,
            created_by=ASA,
            now=NOW,
        )
        await items.create_item(
            conn,
            guild_id=GUILD,
            meeting_id=meeting.id,
            kind=DocumentKind.MOTION,
            title="Utkast som aldrig publicerades",
            body="",
            signatories=[],
            language=Language.SV,
            source_name="",
            yrkanden=["att inte synas"],
            status=ItemStatus.DRAFT,
            created_by=ASA,
            now=NOW,
        )
        first, second = closed.yrkanden
        cast = [
            (first.id, ASA, Choice.BIFALL, 1),
            (first.id, ORJAN, Choice.AVSLAG, 2),
            (first.id, ORJAN, Choice.BIFALL, 3),  # a switch: the later vote counts
            (first.id, MIA, Choice.AVSLAG, 4),
            (first.id, LENA, Choice.BIFALL, 5),
            (second.id, ASA, Choice.BIFALL, 6),
            (second.id, MIA, Choice.AVSLAG, 7),
            (second.id, STRANGER, Choice.AVSTAR, 8),
        ]
        for yrkande_id, member_id, choice, minutes in cast:
            await votes.append(
                conn,
                yrkande_id=yrkande_id,
                member_id=member_id,
                choice=choice,
                at=NOW + timedelta(minutes=minutes),
                source=VoteSource.REACTION,
            )
        await items.set_status(conn, closed.id, ItemStatus.CLOSED, now=CLOSED_AT, actor_id=ASA)
        eligible = [ASA, ORJAN, MIA, LENA]
        for yrkande in closed.yrkanden:
            events = await votes.events_for(conn, yrkande.id)
            counts = count_votes(current_votes(events, until=CLOSED_AT), eligible)
            decision = decide(
                counts, eligible=4, rules=GroupRules(), chair_vote=None, lottery_seed="s"
            )
            await positions.record_decision(conn, yrkande.id, decision, eligible, CLOSED_AT)
        await positions.set_override(
            conn, second.id, Position.ATERREMISS, "Kostnaden är inte utredd", ASA, CLOSED_AT
        )
        # A vote arriving after the chair closed the item is in the record but does not count.
        await votes.append(
            conn,
            yrkande_id=first.id,
            member_id=MIA,
            choice=Choice.BIFALL,
            at=CLOSED_AT + timedelta(hours=1),
            source=VoteSource.RECONCILE,
        )
        (only,) = opened.yrkanden
        for member_id, choice, at in [
            (ASA, Choice.BIFALL, NOW + timedelta(hours=1)),
            (ORJAN, Choice.AVSTAR, NOW + timedelta(hours=2)),
            (ORJAN, None, NOW + timedelta(hours=3)),  # withdrawn
            (MIA, Choice.AVSLAG, DEADLINE_AT),  # at the deadline: too late
        ]:
            await votes.append(
                conn,
                yrkande_id=only.id,
                member_id=member_id,
                choice=choice,
                at=at,
                source=VoteSource.REACTION,
            )
        for message_id, author, text, minutes in [
            (501, ORJAN, "@everyone läs underlaget", 10),
            (502, LENA, "hemlig kommentar", 11),
            (503, MIA, "första versionen", 12),
        ]:
            await comments.add(
                conn,
                message_id=message_id,
                item_id=closed.id,
                author_id=author,
                author_name={ORJAN: "Örjan Ström", LENA: "Lena Holm", MIA: "=Mia *Bäck*"}[author],
                content=text,
                attachments=["underlag.pdf"] if message_id != 503 else [],
                at=NOW + timedelta(minutes=minutes),
            )
        await comments.mark_deleted(conn, 502, NOW + timedelta(minutes=20))
        await comments.edit(conn, 503, "andra versionen", NOW + timedelta(minutes=21))
        await groups.mark_left(conn, GUILD, LENA, NOW + timedelta(days=2))
        await audit.append(
            conn,
            guild_id=GUILD,
            at=CLOSED_AT,
            actor_id=ASA,
            action="motion.close",
            payload={"item": closed.number},
        )
        # Another group's log must not mix into this group's chain.
        await groups.save(conn, group_of(OTHER_GUILD), NOW)
        await audit.append(
            conn, guild_id=OTHER_GUILD, at=NOW, actor_id=1, action="setup.group", payload={}
        )
    return Sample(
        meeting_number=meeting.number,
        closed_item_number=closed.number,
        open_item_number=opened.number,
    )


async def _record(db: Database, sample: Sample) -> MeetingRecord:
    return await load_meeting_record(
        db, guild_id=GUILD, meeting_number=sample.meeting_number, now=EXPORTED_AT
    )


# ---------------------------------------------------------------- the record


async def test_record_lists_published_items_in_agenda_order_with_paragraph_numbers(
    db: Database,
) -> None:
    sample = await build_sample_meeting(db)
    record = await _record(db, sample)
    assert [(item.paragraph, item.number) for item in record.items] == [
        (3, sample.closed_item_number),
        (4, sample.open_item_number),
    ]
    assert record.meeting_title == "Regionfullmäktige 8 december"
    assert record.group_name == "Vänsterpartiet i Region Östergötland"
    assert record.generated_at == EXPORTED_AT
    assert record.items[0].signatories == ["Åsa Öberg", "Örjan Ström"]
    assert "\n" not in record.items[0].body_excerpt


async def test_closed_yrkande_shows_the_tally_frozen_at_closing_and_ignores_later_votes(
    db: Database,
) -> None:
    record = await _record(db, await build_sample_meeting(db))
    first = record.items[0].yrkanden[0]
    assert (first.counts.bifall, first.counts.avslag, first.counts.avstar) == (3, 1, 0)
    assert {(vote.name, vote.choice) for vote in first.votes} == {
        ("Åsa Öberg", Choice.BIFALL),
        ("Örjan Ström", Choice.BIFALL),
        ("=Mia *Bäck*", Choice.AVSLAG),
        ("Lena Holm", Choice.BIFALL),
    }
    orjan = next(vote for vote in first.votes if vote.member_id == ORJAN)
    assert orjan.at == NOW + timedelta(minutes=3)
    assert first.status is ItemStatus.CLOSED
    assert first.position is Position.BIFALL and not first.overridden


async def test_open_yrkande_shows_the_live_tally_without_withdrawn_or_late_votes(
    db: Database,
) -> None:
    record = await _record(db, await build_sample_meeting(db))
    (only,) = record.items[1].yrkanden
    # Eligible now: Åsa, Örjan, Mia (Lena left, Pär does not vote).
    assert only.counts.model_dump() == {"bifall": 1, "avslag": 0, "avstar": 0, "not_voted": 2}
    assert [(vote.member_id, vote.choice) for vote in only.votes] == [(ASA, Choice.BIFALL)]
    assert only.position is None and only.status is ItemStatus.OPEN


async def test_override_keeps_note_derived_position_and_the_chairs_name(db: Database) -> None:
    record = await _record(db, await build_sample_meeting(db))
    second = record.items[0].yrkanden[1]
    assert second.position is Position.ATERREMISS
    assert second.derived_position is Position.UNDECIDED  # 1-1 with the chair not voting
    assert second.overridden
    assert second.position_note == "Kostnaden är inte utredd"
    assert second.position_set_by == "Åsa Öberg"
    stranger = next(vote for vote in second.votes if vote.member_id == STRANGER)
    assert stranger.name == str(STRANGER)


async def test_members_are_listed_with_voting_right_and_left_members_marked(
    db: Database,
) -> None:
    record = await _record(db, await build_sample_meeting(db))
    # Pär Ek is on the server without the voting role and took no part: not in the minutes.
    assert [(m.name, m.voting, m.left) for m in record.members] == [
        ("=Mia *Bäck*", True, False),
        ("Lena Holm", False, True),
        ("Åsa Öberg", True, False),
        ("Örjan Ström", True, False),
    ]


async def test_deleted_comments_stay_marked_without_their_text(db: Database) -> None:
    record = await _record(db, await build_sample_meeting(db))
    shown = [
        (c.author, c.text, c.edited, c.deleted, c.attachments) for c in record.items[0].comments
    ]
    assert shown == [
        ("Örjan Ström", "@everyone läs underlaget", False, False, ["underlag.pdf"]),
        ("Lena Holm", "", False, True, []),
        ("=Mia *Bäck*", "andra versionen", True, False, []),
    ]
    assert b"hemlig" not in render_json(record)


async def test_record_carries_the_groups_audit_head_hash(db: Database) -> None:
    record = await _record(db, await build_sample_meeting(db))
    check = await verify_audit(db, guild_id=GUILD, actor=SECRETARY)
    async with db.read() as conn:
        head = await audit.head_hash(conn, GUILD)
    assert check.ok and check.entries == 2
    assert record.audit_head_hash == head == check.head_hash


async def test_record_follows_the_groups_language(db: Database) -> None:
    record = await _record(db, await build_sample_meeting(db, Language.EN))
    assert record.language is Language.EN
    assert "Minutes – Group meeting" in render_markdown(record, t).decode()


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["Örjan", "Åsa", "Ärla", "Zelda", "Anna"], ["Anna", "Zelda", "Åsa", "Ärla", "Örjan"]),
        (["émile", "Eva", "Edvin"], ["Edvin", "émile", "Eva"]),
        (["bo", "Bo", "BO"], ["BO", "Bo", "bo"]),
    ],
)
def test_names_sort_in_swedish_alphabetical_order(names: list[str], expected: list[str]) -> None:
    assert sorted(names, key=swedish_sort_key) == expected


@pytest.mark.parametrize(
    ("events", "until", "expected"),
    [
        ([], None, {}),
        ([(1, Choice.BIFALL, 0, 1)], None, {1: Choice.BIFALL}),
        ([(1, Choice.BIFALL, 0, 1), (1, None, 1, 2)], None, {}),
        ([(1, Choice.BIFALL, 0, 1), (1, Choice.AVSLAG, 5, 2)], 5, {1: Choice.BIFALL}),
        # Same time: recording order decides.
        ([(1, Choice.AVSLAG, 0, 2), (1, Choice.BIFALL, 0, 1)], None, {1: Choice.AVSLAG}),
        ([(1, Choice.AVSTAR, 3, 1), (2, Choice.BIFALL, 1, 2)], 2, {2: Choice.BIFALL}),
    ],
)
def test_latest_votes_agree_with_the_tally(
    events: list[tuple[int, Choice | None, int, int]], until: int | None, expected: dict
) -> None:
    recorded = [
        VoteEvent(
            member_id=member_id,
            choice=choice,
            at=NOW + timedelta(minutes=minutes),
            source=VoteSource.REACTION,
            seq=seq,
        )
        for member_id, choice, minutes, seq in events
    ]
    cutoff = None if until is None else NOW + timedelta(minutes=until)
    live = latest_votes(recorded, until=cutoff)
    assert {mid: event.choice for mid, event in live.items()} == expected
    assert current_votes(recorded, until=cutoff) == expected


# ---------------------------------------------------------------- export_meeting


@pytest.mark.parametrize("actor", [SECRETARY, CHAIR], ids=["secretary", "chair"])
async def test_secretary_and_chair_export_markdown_equal_to_the_rendered_record(
    db: Database, actor: Actor
) -> None:
    sample = await build_sample_meeting(db)
    files = await export_meeting(
        db,
        guild_id=GUILD,
        actor=actor,
        meeting_number=sample.meeting_number,
        fmt=ExportFormat.MD,
        now=EXPORTED_AT,
    )
    record = await _record(db, sample)
    assert [file.name for file in files] == ["protokoll-2026-12-08-regionfullmaktige-8-december.md"]
    assert files[0].data == render_markdown(record, t)
    text = files[0].data.decode()
    assert "Röstning: 3 bifall, 1 avslag, 0 avstår" in text
    assert record.audit_head_hash in text


@pytest.mark.parametrize(
    ("fmt", "names"),
    [
        (ExportFormat.CSV, ["-positions.csv", "-votes.csv"]),
        (ExportFormat.JSON, [".json"]),
        (ExportFormat.DOCX, [".docx"]),
        (ExportFormat.PDF, [".pdf"]),
    ],
)
async def test_every_format_exports_from_the_database(
    db: Database, fmt: ExportFormat, names: list[str]
) -> None:
    sample = await build_sample_meeting(db)
    files = await export_meeting(
        db,
        guild_id=GUILD,
        actor=SECRETARY,
        meeting_number=sample.meeting_number,
        fmt=fmt,
        now=EXPORTED_AT,
    )
    assert [
        file.name.removeprefix("protokoll-2026-12-08-regionfullmaktige-8-december")
        for file in files
    ] == names
    assert all(file.data for file in files)
    if fmt is ExportFormat.JSON:
        assert MeetingRecord.model_validate_json(files[0].data) == await _record(db, sample)
    if fmt is ExportFormat.DOCX:
        document = Document(io.BytesIO(files[0].data))
        headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
        assert any("Motion om fler bussar" in heading for heading in headings)


@pytest.mark.parametrize(
    ("actor", "guild_id", "meeting_number", "error"),
    [
        (MEMBER, GUILD, 1, NotAllowed),
        (ADMIN, GUILD, 1, NotAllowed),
        (SECRETARY, GUILD, 99, NotFound),
        (SECRETARY, 3003, 1, NotConfigured),
    ],
    ids=["member", "manage-server-only", "unknown-meeting", "group-not-set-up"],
)
async def test_export_is_refused_politely_and_changes_nothing(
    db: Database, actor: Actor, guild_id: int, meeting_number: int, error: type[Exception]
) -> None:
    await build_sample_meeting(db)
    async with db.read() as conn:
        head_before = await audit.head_hash(conn, GUILD)
    with pytest.raises(error):
        await export_meeting(
            db,
            guild_id=guild_id,
            actor=actor,
            meeting_number=meeting_number,
            fmt=ExportFormat.CSV,
            now=EXPORTED_AT,
        )
    async with db.read() as conn:
        assert await audit.head_hash(conn, GUILD) == head_before


async def test_meeting_choices_list_the_groups_meetings_newest_first(db: Database) -> None:
    await build_sample_meeting(db)
    async with db.transaction() as conn:
        await meetings.create(
            conn,
            guild_id=GUILD,
            title="Regionfullmäktige februari",
            starts_at=STARTS_AT + timedelta(days=60),
            deadline_at=DEADLINE_AT + timedelta(days=60),
            created_by=ASA,
            now=NOW,
        )
    found = await meeting_choices(db, guild_id=GUILD)
    assert [meeting.number for meeting in found] == [2, 1]
    assert await meeting_choices(db, guild_id=OTHER_GUILD) == []


async def test_build_meeting_record_reads_an_empty_meeting(db: Database) -> None:
    async with db.transaction() as conn:
        await groups.save(conn, group_of(), NOW)
        meeting = await meetings.create(
            conn,
            guild_id=GUILD,
            title="Tomt möte",
            starts_at=STARTS_AT,
            deadline_at=DEADLINE_AT,
            created_by=ASA,
            now=NOW,
        )
    async with db.read() as conn:
        record = await build_meeting_record(conn, group_of(), meeting, now=EXPORTED_AT)
    assert record.items == [] and record.members == []
    assert record.audit_head_hash == "0" * 64


# ---------------------------------------------------------------- verify_audit


async def test_verify_audit_names_the_first_tampered_entry(tmp_path: Path) -> None:
    path = tmp_path / "t.sqlite3"
    database = await Database.open(path)
    await build_sample_meeting(database)
    await database.close()
    with sqlite3.connect(path) as raw:
        # Someone with file access bypasses the append-only trigger.
        raw.execute("DROP TRIGGER audit_log_no_update")
        raw.execute(
            "UPDATE audit_log SET payload_json = '{\"a\": 2}' "
            "WHERE guild_id = ? AND action = 'setup.group'",
            (GUILD,),
        )
    database = await Database.open(path)
    try:
        check = await verify_audit(database, guild_id=GUILD, actor=CHAIR)
        other = await verify_audit(database, guild_id=OTHER_GUILD, actor=CHAIR)
    finally:
        await database.close()
    assert (check.ok, check.first_bad_seq, check.entries) == (False, 1, 2)
    assert check.head_hash == "0" * 64
    assert other.ok


@pytest.mark.parametrize("actor", [MEMBER, ADMIN], ids=["member", "manage-server-only"])
async def test_verify_audit_is_refused_to_members_without_secretary_or_chair_role(
    db: Database, actor: Actor
) -> None:
    await build_sample_meeting(db)
    with pytest.raises(NotAllowed):
        await verify_audit(db, guild_id=GUILD, actor=actor)


# ---------------------------------------------------------------- the big meeting


@pytest.mark.slow
async def test_big_meeting_built_in_the_database_exports_in_every_format(db: Database) -> None:
    # bench/ is not an installed package and pytest puts only tests/ on sys.path.
    root = str(Path(__file__).resolve().parents[2])
    if root not in sys.path:
        sys.path.append(root)
    from bench.bench_export_db import GUILD_ID, seed_big_meeting

    number = await seed_big_meeting(db)
    record = await load_meeting_record(db, guild_id=GUILD_ID, meeting_number=number, now=NOW)
    assert len(record.items) == 40 and len(record.members) == 60
    assert sum(len(item.comments) for item in record.items) == 500
    assert all(len(item.yrkanden) == 3 for item in record.items)
    for fmt in ExportFormat:
        files = await render_record(record, fmt)
        assert files and all(file.data for file in files)
    votes_csv = (await render_record(record, ExportFormat.CSV))[1].data.decode("utf-8")
    assert votes_csv.count("\r\n") == 1 + 120 * 60
