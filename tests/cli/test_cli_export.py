"""`python -m bot export`: the same bytes as /export, files where --out says, clear refusals."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document

from bot.cli_export import run_export
from bot.domain.models import ExportFormat
from bot.services.exports import export_meeting
from bot.settings import Settings
from db.connection import Database
from tests.services.test_exports_service import (
    EXPORTED_AT,
    GUILD,
    SECRETARY,
    Sample,
    build_sample_meeting,
)

ROOT = Path(__file__).resolve().parents[2]
STEM = "protokoll-2026-12-08-regionfullmaktige-8-december"


@pytest.fixture
async def sample_db(tmp_path: Path) -> tuple[Path, Sample]:
    """A database file holding the sample meeting, closed again so the CLI opens it alone."""
    path = tmp_path / "yrka.sqlite3"
    db = await Database.open(path)
    sample = await build_sample_meeting(db)
    await db.close()
    return path, sample


def _settings(db_path: Path) -> Settings:
    return Settings(YRKA_DB_PATH=db_path)


@pytest.mark.parametrize("fmt", [ExportFormat.MD, ExportFormat.CSV, ExportFormat.JSON])
async def test_cli_writes_the_same_bytes_as_the_command(
    sample_db: tuple[Path, Sample], tmp_path: Path, fmt: ExportFormat
) -> None:
    db_path, sample = sample_db
    out = tmp_path / "out"
    out.mkdir()
    code = await run_export(
        _settings(db_path),
        guild_id=GUILD,
        meeting=sample.meeting_number,
        fmt=fmt.value,
        out=out,
        now=EXPORTED_AT,
    )
    db = await Database.open(db_path)
    try:
        expected = await export_meeting(
            db,
            guild_id=GUILD,
            actor=SECRETARY,
            meeting_number=sample.meeting_number,
            fmt=fmt,
            now=EXPORTED_AT,
        )
    finally:
        await db.close()
    assert code == 0
    assert {path.name: path.read_bytes() for path in out.iterdir()} == {
        file.name: file.data for file in expected
    }


@pytest.mark.parametrize(
    ("fmt", "out_name", "expected"),
    [
        # An existing folder: the files keep their names.
        ("md", "folder/", [f"folder/{STEM}.md"]),
        # One file and a file name: exactly that path.
        ("md", "minutes.md", ["minutes.md"]),
        ("docx", "deep/er/protokoll.docx", ["deep/er/protokoll.docx"]),
        # Two files and a new path: it becomes a folder.
        ("csv", "data", [f"data/{STEM}-positions.csv", f"data/{STEM}-votes.csv"]),
    ],
)
async def test_cli_puts_files_where_out_says(
    sample_db: tuple[Path, Sample],
    tmp_path: Path,
    fmt: str,
    out_name: str,
    expected: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    db_path, sample = sample_db
    (tmp_path / "folder").mkdir()
    out = str(tmp_path / out_name) + ("/" if out_name.endswith("/") else "")
    code = await run_export(
        _settings(db_path), guild_id=GUILD, meeting=sample.meeting_number, fmt=fmt, out=out
    )
    written = sorted(
        str(path.relative_to(tmp_path)) for path in tmp_path.rglob("*") if path.is_file()
    )
    assert code == 0
    assert [name for name in written if name != db_path.name and "sqlite3" not in name] == expected
    assert capsys.readouterr().out.count("Skrev ") == len(expected)


async def test_cli_refuses_two_files_into_an_existing_file(
    sample_db: tuple[Path, Sample], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_path, sample = sample_db
    target = tmp_path / "taken.csv"
    target.write_text("keep me")
    code = await run_export(
        _settings(db_path), guild_id=GUILD, meeting=sample.meeting_number, fmt="csv", out=target
    )
    assert code == 1
    assert target.read_text() == "keep me"
    assert "är en fil, men formatet ger flera filer" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("guild_id", "meeting", "message"),
    [
        (GUILD, 99, "Hittade inget möte med nummer 99"),
        (4242, 1, "Servern 4242 har ingen grupp i databasen"),
    ],
    ids=["unknown-meeting", "unknown-guild"],
)
async def test_cli_says_in_swedish_what_is_missing_and_exits_1(
    sample_db: tuple[Path, Sample],
    tmp_path: Path,
    guild_id: int,
    meeting: int,
    message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db_path, _ = sample_db
    out = tmp_path / "out"
    code = await run_export(
        _settings(db_path), guild_id=guild_id, meeting=meeting, fmt="md", out=out
    )
    assert code == 1
    assert message in capsys.readouterr().err
    assert not out.exists()


async def test_cli_does_not_create_a_missing_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere" / "yrka.sqlite3"
    code = await run_export(_settings(missing), guild_id=GUILD, meeting=1, fmt="md", out=tmp_path)
    assert code == 1
    assert f"Databasen {missing} finns inte" in capsys.readouterr().err
    assert not missing.parent.exists()


async def test_cli_reports_a_file_that_is_not_a_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    garbage = tmp_path / "yrka.sqlite3"
    garbage.write_bytes(b"this is not sqlite" * 100)
    code = await run_export(_settings(garbage), guild_id=GUILD, meeting=1, fmt="md", out=tmp_path)
    assert code == 1
    assert "kunde inte läsas" in capsys.readouterr().err


async def test_python_m_bot_export_runs_without_discord(
    sample_db: tuple[Path, Sample], tmp_path: Path
) -> None:
    db_path, sample = sample_db
    out = tmp_path / "protokoll.docx"
    env = {**os.environ, "YRKA_DB_PATH": str(db_path), "DISCORD_TOKEN": ""}
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot",
            "export",
            "--guild",
            str(GUILD),
            "--meeting",
            str(sample.meeting_number),
            "--format",
            "docx",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    headings = [
        p.text for p in Document(io.BytesIO(out.read_bytes())).paragraphs if p.text.startswith("§")
    ]
    assert headings[0].startswith("§ 1") and any("Motion om fler bussar" in h for h in headings)
