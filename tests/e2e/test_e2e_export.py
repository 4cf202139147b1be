"""End to end over the fake Discord: the secretary exports a meeting, /audit verify, the CLI.

The meeting, its motion, votes, positions and comments are seeded straight into the bot's
database through the repositories (other cogs own those commands); /export and /audit
go through real slash commands.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from docx import Document

from bot.app import YrkaBot
from bot.cli_export import run_export
from bot.domain.audit import ChainCheck
from bot.domain.errors import UserError
from bot.domain.models import (
    Choice,
    DocumentKind,
    GroupRules,
    ItemStatus,
    Language,
    VoteSource,
)
from bot.domain.rules import decide
from bot.domain.tally import count_votes, current_votes
from bot.export import ExportFile
from bot.ui.messages import error_text
from cogs.audit import chain_check_text
from cogs.export import check_upload_size
from db import audit, comments, groups, items, meetings, positions, votes
from tests.support.e2e import BotRunner, World
from tests.support.fakediscord import FakeMember

pytestmark = pytest.mark.e2e

STARTS_AT = datetime(2026, 12, 8, 8, 0, tzinfo=UTC)
DEADLINE = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
STEM = "protokoll-2026-12-08-regionfullmaktige-8-december"
BOM = "\ufeff"


async def seed_meeting(bot: YrkaBot, world: World) -> None:
    """Meeting 1 with a closed motion (two att-satser, votes, positions) and comments."""
    now = bot.clock.now()
    voters = world.voters
    async with bot.db.transaction() as conn:
        await groups.upsert_members(
            conn, world.guild.id, [(m.id, m.name, True) for m in voters], now
        )
        meeting = await meetings.create(
            conn,
            guild_id=world.guild.id,
            title="Regionfullmäktige 8 december",
            starts_at=STARTS_AT,
            deadline_at=DEADLINE,
            created_by=world.chair.id,
            now=now,
        )
        item = await items.create_item(
            conn,
            guild_id=world.guild.id,
            meeting_id=meeting.id,
            kind=DocumentKind.MOTION,
            title="Motion om fler bussar på landsbygden",
            body="Bakgrund: bussarna är för få.",
            signatories=["Anna", "Bertil"],
            language=Language.SV,
            source_name="motion.txt",
            yrkanden=["att öka turtätheten", "att utreda kostnaden"],
            status=ItemStatus.OPEN,
            created_by=world.chair.id,
            now=now,
        )
        for index, voter in enumerate(voters):
            for yrkande, choice in zip(
                item.yrkanden,
                (Choice.BIFALL if index % 3 else Choice.AVSLAG, Choice.AVSTAR),
                strict=True,
            ):
                await votes.append(
                    conn,
                    yrkande_id=yrkande.id,
                    member_id=voter.id,
                    choice=choice,
                    at=now + timedelta(minutes=index),
                    source=VoteSource.REACTION,
                )
        closed_at = now + timedelta(hours=1)
        await items.set_status(
            conn, item.id, ItemStatus.CLOSED, now=closed_at, actor_id=world.chair.id
        )
        eligible = [voter.id for voter in voters]
        for yrkande in item.yrkanden:
            events = await votes.events_for(conn, yrkande.id)
            counts = count_votes(current_votes(events, until=closed_at), eligible)
            decision = decide(
                counts,
                eligible=len(eligible),
                rules=GroupRules(),
                chair_vote=None,
                lottery_seed="e2e",
            )
            await positions.record_decision(conn, yrkande.id, decision, eligible, closed_at)
        await comments.add(
            conn,
            message_id=9_000_001,
            item_id=item.id,
            author_id=world.members[0].id,
            author_name=world.members[0].name,
            content="=SUM(A1) @everyone läs underlaget",
            attachments=[],
            at=now + timedelta(minutes=5),
        )
        await audit.append(
            conn,
            guild_id=world.guild.id,
            at=closed_at,
            actor_id=world.chair.id,
            action="motion.close",
            payload={"item": item.number},
        )


async def run_export_command(
    world: World, person: FakeMember, fmt: str, meeting: int = 1
) -> tuple[str, dict[str, bytes], bool]:
    """/export as `person`: the reply text, the attached files by name, and whether ephemeral."""
    interaction = await world.fake.run_command(
        person, world.channel, "export", {"meeting": meeting, "format": fmt}
    )
    deferred = await interaction.response()
    assert deferred.ephemeral
    [message] = await interaction.followups(1)
    return message.content, {f.filename: f.data for f in message.files}, deferred.ephemeral


async def test_secretary_exports_docx_minutes_with_headings_and_decision_table(
    running_bot: YrkaBot, world: World
) -> None:
    await seed_meeting(running_bot, world)
    text, files, ephemeral = await run_export_command(world, world.secretary, "docx")
    assert ephemeral
    assert list(files) == [f"{STEM}.docx"]
    assert f"{STEM}.docx" in text
    document = Document(io.BytesIO(files[f"{STEM}.docx"]))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "§ 1 Mötets öppnande" in headings
    assert any("Motion om fler bussar på landsbygden" in heading for heading in headings)
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert {"Bifall", "Avslag", "Avstår", "Ej röstat"} <= cells


async def test_secretary_exports_csv_with_bom_and_neutralised_cells(
    running_bot: YrkaBot, world: World
) -> None:
    await seed_meeting(running_bot, world)
    _, files, _ = await run_export_command(world, world.secretary, "csv")
    assert sorted(files) == [f"{STEM}-positions.csv", f"{STEM}-votes.csv"]
    positions_text = files[f"{STEM}-positions.csv"].decode("utf-8")
    votes_text = files[f"{STEM}-votes.csv"].decode("utf-8")
    assert positions_text.startswith(BOM) and votes_text.startswith(BOM)
    rows = list(csv.reader(io.StringIO(votes_text.removeprefix(BOM)), delimiter=";"))
    # One row per member and att-sats, every voter named.
    assert len(rows) - 1 == 2 * len(world.voters)
    assert {row[4] for row in rows[1:]} == {voter.name for voter in world.voters}
    position_rows = list(csv.reader(io.StringIO(positions_text.removeprefix(BOM)), delimiter=";"))
    assert [row[3] for row in position_rows[1:]] == ["1", "2"]


@pytest.mark.parametrize("who", ["member", "outsider", "admin"])
async def test_member_without_secretary_or_chair_role_is_refused(
    running_bot: YrkaBot, world: World, who: str
) -> None:
    await seed_meeting(running_bot, world)
    person = {"member": world.members[0], "outsider": world.outsider, "admin": world.admin}[who]
    text, files, ephemeral = await run_export_command(world, person, "csv")
    assert ephemeral and files == {}
    assert "Du har inte behörighet" in text and "sekreterare eller ordförande" in text


async def test_export_of_an_unknown_meeting_says_so(running_bot: YrkaBot, world: World) -> None:
    await seed_meeting(running_bot, world)
    text, files, _ = await run_export_command(world, world.chair, "md", meeting=42)
    assert files == {}
    assert "Hittade inget möte med nummer 42" in text


@pytest.mark.parametrize("fmt", ["md", "csv", "json"])
async def test_cli_export_produces_the_same_bytes_as_the_command(
    running_bot: YrkaBot, world: World, bot_runner: BotRunner, tmp_path: Path, fmt: str
) -> None:
    await seed_meeting(running_bot, world)
    _, files, _ = await run_export_command(world, world.secretary, fmt)
    out = tmp_path / "cli-out"
    out.mkdir()
    code = await run_export(
        bot_runner.settings(),
        guild_id=world.guild.id,
        meeting=1,
        fmt=fmt,
        out=out,
        now=running_bot.clock.now(),
    )
    assert code == 0
    assert {path.name: path.read_bytes() for path in out.iterdir()} == files


async def test_audit_verify_shows_the_head_hash_the_minutes_carry(
    running_bot: YrkaBot, world: World
) -> None:
    await seed_meeting(running_bot, world)
    async with running_bot.db.read() as conn:
        head = await audit.head_hash(conn, world.guild.id)
        entries = len(await audit.entries(conn, world.guild.id))
    interaction = await world.fake.run_command(world.chair, world.channel, "audit verify", {})
    assert (await interaction.response()).ephemeral
    [message] = await interaction.followups(1)
    assert "obruten" in message.content and f"{entries} poster" in message.content
    assert head in message.content
    _, files, _ = await run_export_command(world, world.secretary, "md")
    assert head in files[f"{STEM}.md"].decode()


async def test_audit_verify_is_refused_to_a_member(running_bot: YrkaBot, world: World) -> None:
    interaction = await world.fake.run_command(world.members[0], world.channel, "audit verify", {})
    await interaction.response()
    [message] = await interaction.followups(1)
    assert "Du har inte behörighet" in message.content


async def test_meeting_number_autocomplete_lists_the_groups_meetings(
    running_bot: YrkaBot, world: World
) -> None:
    await seed_meeting(running_bot, world)
    choices = await world.fake.autocomplete(
        world.secretary,
        world.channel,
        "export",
        focused="meeting",
        options={"meeting": "", "format": "md"},
    )
    assert [(choice["name"], choice["value"]) for choice in choices] == [
        ("1: Regionfullmäktige 8 december (2026-12-08)", 1)
    ]
    assert (
        await world.fake.autocomplete(
            world.secretary,
            world.channel,
            "export",
            focused="meeting",
            options={"meeting": "xyz", "format": "md"},
        )
        == []
    )


@pytest.mark.parametrize(
    ("sizes", "limit", "refused"),
    [([10, 10], 20, False), ([10, 11], 20, True), ([25 * 2**20], 10 * 2**20, True), ([], 1, False)],
)
def test_files_larger_than_discord_accepts_are_refused_politely(
    sizes: list[int], limit: int, refused: bool
) -> None:
    files = [ExportFile(f"f{index}.pdf", b"x" * size) for index, size in enumerate(sizes)]
    if refused:
        with pytest.raises(UserError) as caught:
            check_upload_size(files, limit)
        assert "python -m bot export" in error_text(caught.value, Language.SV)
    else:
        check_upload_size(files, limit)


@pytest.mark.parametrize(
    ("check", "expected"),
    [
        (
            ChainCheck(ok=True, head_hash="a" * 64, entries=3, first_bad_seq=None),
            "obruten: 3 poster",
        ),
        (
            ChainCheck(ok=False, head_hash="b" * 64, entries=5, first_bad_seq=2),
            "BRUTEN vid post 2 av 5",
        ),
        (ChainCheck(ok=True, head_hash="0" * 64, entries=0, first_bad_seq=None), "tom"),
    ],
)
def test_audit_answer_says_whether_the_chain_is_intact(check: ChainCheck, expected: str) -> None:
    text = chain_check_text(check, Language.SV)
    assert expected in text
    if check.entries:
        assert check.head_hash in text
