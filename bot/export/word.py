"""The minutes as a Word document (python-docx): headings, tables and a signature block."""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from bot.domain.minutes import MeetingRecord, MinutesText, xml_safe
from bot.ui.messages import t

TABLE_STYLE = "Table Grid"


def _paragraph(document: DocxDocument, text: str = "", style: str | None = None) -> Paragraph:
    return document.add_paragraph(xml_safe(text), style=style)


def _heading(document: DocxDocument, text: str, level: int) -> Paragraph:
    return document.add_heading(xml_safe(text), level=level)


def _table(document: DocxDocument, rows: list[list[str]]) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = TABLE_STYLE
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = xml_safe(value)
    for cell in table.rows[0].cells:
        for run in cell.paragraphs[0].runs:
            run.bold = True


def _add_lines(document: DocxDocument, text: str) -> None:
    for line in text.splitlines() or [""]:
        _paragraph(document, line)


def render_docx(record: MeetingRecord) -> bytes:
    """The minutes as a .docx with Heading 1/2 per § and att-sats and a table per item."""
    say = MinutesText(record, t)
    document = Document()
    document.core_properties.title = xml_safe(say.title())
    document.core_properties.created = record.generated_at
    _heading(document, say.title(), level=0)
    _paragraph(document, say.number_line())
    _paragraph(document, say.when_line())
    _paragraph(document, say.deadline_line())

    _heading(document, say("export.present"), level=1)
    for line in say.member_lines():
        _paragraph(document, line)
    if record.members:
        header = [say(f"export.members_table.{column}") for column in ("name", "voting", "note")]
        rows = [[m.name, say.yes_no(m.voting), say.member_status(m)] for m in record.members]
        _table(document, [header, *rows])

    _heading(document, say.opening_heading(), level=1)
    _paragraph(document, say.opening_text())
    _heading(document, say.adjusters_heading(), level=1)
    _paragraph(document, say("export.adjusters_text"))

    for item in record.items:
        _heading(document, say.item_heading(item), level=1)
        if item.speaker:
            _paragraph(document, say.speaker_line(item))
        if item.signatories:
            _paragraph(document, say.signatories(item))
        if item.body_excerpt:
            quote = _paragraph(document, item.body_excerpt, style="Quote")
            quote.paragraph_format.keep_together = False
        for yrkande in item.yrkanden:
            _heading(document, say.att_sats(yrkande), level=2)
            _add_lines(document, yrkande.text)
            _paragraph(document, say.counts(yrkande.counts))
            _paragraph(document, say.position_line(yrkande))
            for note in say.notes(yrkande):
                _paragraph(document, note, style="Intense Quote")
            for line in say.outcome_lines(yrkande.council, yrkande.verdict):
                _paragraph(document, line)
        if item.yrkanden:
            _table(document, say.decision_table(item))
        decision = _paragraph(document)
        decision.add_run(xml_safe(say.decision(item))).bold = True
        for line in say.item_outcome_lines(item):
            _paragraph(document, line)
        for heading, section in say.proposal_sections(item):
            _heading(document, heading, level=2)
            for line in section:
                _paragraph(document, line)
        if item.reservation:
            _heading(document, say.reservation_heading(), level=2)
            _add_lines(document, item.reservation)
        if item.comments:
            _heading(document, say("export.comments"), level=2)
            for comment in item.comments:
                _paragraph(document, say.comment_line(comment), style="List Bullet")
                if attachments := say.attachments(comment):
                    _paragraph(document, attachments)

    for election in record.elections:
        _heading(document, say.election_heading(election), level=1)
        for line in say.election_lines(election):
            _paragraph(document, line)

    _heading(document, say.closing_heading(), level=1)
    _paragraph(document, say("export.closing_text"))
    for line in say.signature_lines():
        signature = _paragraph(document, line)
        signature.paragraph_format.space_before = Pt(18)
    _paragraph(document, say.audit_line())
    _paragraph(document, say.generated_line())

    footer = document.sections[0].footer.paragraphs[0]
    footer.text = xml_safe(say.audit_line())

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
