"""Turn a MeetingRecord into files in the format the secretary asked for."""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from bot.domain.minutes import (
    MeetingRecord,
    has_beslutsgang,
    render_beslutsgang_csv,
    render_elections_csv,
    render_json,
    render_markdown,
    render_positions_csv,
    render_receipts_csv,
    render_votes_csv,
    to_stockholm,
)
from bot.domain.models import ExportFormat
from bot.domain.summary import render_summary_markdown
from bot.ui.messages import t

SLUG_MAX_CHARS = 60
_SLUG_SEPARATORS = re.compile(r"[^a-z0-9]+")


class ExportFile(NamedTuple):
    """One file to attach: its name and content."""

    name: str
    data: bytes


def slugify(text: str, max_chars: int = SLUG_MAX_CHARS) -> str:
    """Lower-case ASCII words joined by '-': Regionfullmäktige → regionfullmaktige."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    ascii_text = "".join(char for char in decomposed if not unicodedata.combining(char))
    slug = _SLUG_SEPARATORS.sub("-", ascii_text).strip("-")
    return slug[:max_chars].rstrip("-")


def file_stem(record: MeetingRecord, kind: str = "") -> str:
    """protokoll-2026-12-08-regionfullmaktige: prefix, meeting date in Stockholm, title slug.

    `kind` picks another prefix: "reservations" (reservationer-…), "summary" (sa-gick-det-…).
    """
    prefix = f"export.file_prefix.{kind}" if kind else "export.file_prefix"
    parts = [
        t(prefix, record.language),
        to_stockholm(record.starts_at).strftime("%Y-%m-%d"),
        slugify(record.meeting_title),
    ]
    return "-".join(part for part in parts if part)


def export_files(record: MeetingRecord, fmt: ExportFormat) -> list[ExportFile]:
    """The files for `fmt`: one per format, two for csv (positions and votes)."""
    fmt = ExportFormat(fmt)
    stem = file_stem(record)
    if fmt is ExportFormat.CSV:
        files = [
            ExportFile(f"{stem}-positions.csv", render_positions_csv(record, t)),
            ExportFile(f"{stem}-votes.csv", render_votes_csv(record, t)),
        ]
        if has_beslutsgang(record):
            files.append(ExportFile(f"{stem}-beslutsgang.csv", render_beslutsgang_csv(record, t)))
        if record.elections:
            files += [
                ExportFile(f"{stem}-elections.csv", render_elections_csv(record, t)),
                ExportFile(f"{stem}-receipts.csv", render_receipts_csv(record, t)),
            ]
        return files
    if fmt is ExportFormat.MD:
        return [ExportFile(f"{stem}.md", render_markdown(record, t))]
    if fmt is ExportFormat.JSON:
        return [ExportFile(f"{stem}.json", render_json(record))]
    if fmt is ExportFormat.DOCX:
        from bot.export.word import render_docx  # python-docx loads only when asked for

        return [ExportFile(f"{stem}.docx", render_docx(record))]
    if fmt is ExportFormat.PDF:
        from bot.export.pdf import render_pdf  # reportlab loads only when asked for

        return [ExportFile(f"{stem}.pdf", render_pdf(record))]
    if fmt is ExportFormat.RESERVATIONS:
        from bot.export.outcomes import render_reservations_docx

        return [
            ExportFile(
                f"{file_stem(record, 'reservations')}.docx", render_reservations_docx(record)
            )
        ]
    if fmt is ExportFormat.SUMMARY:
        from bot.export.outcomes import render_summary_docx

        summary = file_stem(record, "summary")
        return [
            ExportFile(f"{summary}.md", render_summary_markdown(record, t)),
            ExportFile(f"{summary}.docx", render_summary_docx(record)),
        ]
    raise ValueError(f"unknown export format: {fmt}")
