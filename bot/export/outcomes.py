"""Word layouts after fullmäktige: the reservations to sign, and the summary for readers."""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.shared import Pt

from bot.domain.minutes import MeetingRecord, xml_safe
from bot.domain.summary import SummaryText, reserved_items, voted_items
from bot.ui.messages import t


def _lines(document: DocxDocument, text: str) -> None:
    for line in text.splitlines() or [""]:
        document.add_paragraph(xml_safe(line))


def _save(document: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_reservations_docx(record: MeetingRecord) -> bytes:
    """One page per reservation: meeting, item, the text, the group and lines to sign."""
    say = SummaryText(record, t)
    document = Document()
    document.core_properties.title = xml_safe(say("reservation.page.title"))
    document.core_properties.created = record.generated_at
    for index, item in enumerate(reserved_items(record)):
        if index:
            document.add_page_break()
        document.add_heading(xml_safe(say("reservation.page.title")), level=0)
        document.add_paragraph(xml_safe(say.reservation_meeting_line()))
        document.add_paragraph(xml_safe(say.reservation_item_line(item)))
        assert item.reservation is not None
        _lines(document, item.reservation)
        for line in say.reservation_signature_lines():
            signature = document.add_paragraph(xml_safe(line))
            signature.paragraph_format.space_before = Pt(24)
    return _save(document)


def render_summary_docx(record: MeetingRecord) -> bytes:
    """ "Så gick det i fullmäktige …" as a Word document, the same text as the Markdown."""
    say = SummaryText(record, t)
    document = Document()
    document.core_properties.title = xml_safe(say.summary_title())
    document.core_properties.created = record.generated_at
    document.add_heading(xml_safe(say.summary_title()), level=0)
    document.add_paragraph(xml_safe(say.summary_subtitle())).runs[0].italic = True
    document.add_paragraph(xml_safe(say.tally_line()))
    for item in voted_items(record):
        document.add_heading(xml_safe(say.item_title(item)), level=1)
        for line in [*say.moved(item), *say.decided(item)]:
            document.add_paragraph(xml_safe(line))
        if fared := say.fared(item):
            document.add_paragraph().add_run(xml_safe(fared)).bold = True
        if item.reservation:
            document.add_paragraph(xml_safe(say.reserved()))
            quote = document.add_paragraph(xml_safe(item.reservation), style="Quote")
            quote.paragraph_format.keep_together = False
    document.add_paragraph(xml_safe(say.generated_line()))
    return _save(document)
