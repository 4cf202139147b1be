"""`python -m bot export --guild <id> --meeting <n> --format <fmt> --out <path>`.

Reads the database only (no Discord connection) and writes the same files as /export.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from bot.clock import Clock
from bot.domain.errors import NotConfigured, UserError
from bot.domain.models import ExportFormat, Language
from bot.export import ExportFile
from bot.services.exports import load_meeting_record, render_record
from bot.settings import Settings
from bot.ui.messages import error_text, t
from db.connection import Database


class OutputError(Exception):
    """`--out` cannot hold the files; carries the catalogue key and params of the sentence."""

    def __init__(self, key: str, **params: str) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def output_paths(out: Path, files: Sequence[ExportFile]) -> list[Path]:
    """Where each file goes: into `out` when it is (or must be) a folder, else `out` itself."""
    names = [file.name for file in files]
    if out.is_dir() or str(out).endswith(("/", "\\")):
        return [out / name for name in names]
    if len(files) == 1:
        return [out]
    if out.exists():
        raise OutputError("export.cli.out_is_file", path=str(out))
    return [out / name for name in names]


def write_files(out: Path, files: Sequence[ExportFile]) -> list[Path]:
    """Write every file under `out` (creating folders); returns the paths written."""
    paths = output_paths(out, files)
    for path, file in zip(paths, files, strict=True):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(file.data)
        except OSError as error:
            raise OutputError(
                "export.cli.write_failed", path=str(path), reason=error.strerror or str(error)
            ) from error
    return paths


async def run_export(
    settings: Settings,
    *,
    guild_id: int,
    meeting: int,
    fmt: str,
    out: str | Path,
    now: datetime | None = None,
) -> int:
    """Export one meeting to files; 0 on success, 1 with a clear sentence on stderr otherwise.

    `now` is the export time printed in the minutes (the clock by default), so a run can
    reproduce the bytes of an earlier /export exactly.
    """
    db_path = Path(settings.db_path)
    if not db_path.is_file():
        print(t("export.cli.db_missing", Language.SV, path=str(db_path)), file=sys.stderr)
        return 1
    moment = now or Clock().now()
    try:
        db = await Database.open(db_path)
    except sqlite3.Error as error:
        print(
            t("export.cli.db_unreadable", Language.SV, path=str(db_path), reason=str(error)),
            file=sys.stderr,
        )
        return 1
    try:
        record = await load_meeting_record(
            db, guild_id=guild_id, meeting_number=meeting, now=moment
        )
    except NotConfigured:
        print(t("export.cli.unknown_guild", Language.SV, guild=guild_id), file=sys.stderr)
        return 1
    except UserError as error:
        print(error_text(error, Language.SV), file=sys.stderr)
        return 1
    finally:
        await db.close()
    lang = record.language
    files = await render_record(record, ExportFormat(fmt))
    try:
        written = write_files(Path(out), files)
    except OutputError as error:
        print(t(error.key, lang, **error.params), file=sys.stderr)
        return 1
    for path, file in zip(written, files, strict=True):
        print(t("export.cli.written", lang, path=str(path), size=len(file.data)))
    return 0
