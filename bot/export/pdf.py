"""The minutes as a PDF (reportlab platypus) with an embedded Bitstream Vera font for åäö."""

from __future__ import annotations

import functools
import io
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from bot.domain.minutes import MeetingRecord, MinutesText, xml_safe
from bot.ui.messages import t

FONT = "YrkaVera"
FONT_BOLD = "YrkaVera-Bold"
FONT_ITALIC = "YrkaVera-Italic"
FONT_BOLD_ITALIC = "YrkaVera-BoldItalic"
_FONT_FILES = {
    FONT: "Vera.ttf",
    FONT_BOLD: "VeraBd.ttf",
    FONT_ITALIC: "VeraIt.ttf",
    FONT_BOLD_ITALIC: "VeraBI.ttf",
}
PAGE_MARGIN = 20 * mm


@functools.cache
def register_fonts() -> str:
    """Register the Vera TTFs (embedded, they cover åäö) once; returns the family name."""
    font_dir = Path(reportlab.__file__).parent / "fonts"
    for name, filename in _FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(font_dir / filename)))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
    )
    return FONT


@functools.cache
def _styles() -> dict[str, ParagraphStyle]:
    family = register_fonts()
    body = ParagraphStyle("body", fontName=family, fontSize=10, leading=13, spaceAfter=4)
    return {
        "title": ParagraphStyle(
            "title", parent=body, fontName=FONT_BOLD, fontSize=18, leading=22, spaceAfter=8
        ),
        "h1": ParagraphStyle(
            "h1",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=13,
            leading=16,
            spaceBefore=10,
            keepWithNext=1,
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=11,
            leading=14,
            spaceBefore=6,
            keepWithNext=1,
        ),
        "body": body,
        "quote": ParagraphStyle(
            "quote", parent=body, fontName=FONT_ITALIC, leftIndent=8 * mm, textColor=colors.grey
        ),
        "note": ParagraphStyle("note", parent=body, fontName=FONT_ITALIC, leftIndent=4 * mm),
        "bold": ParagraphStyle("bold", parent=body, fontName=FONT_BOLD),
        "cell": ParagraphStyle("cell", parent=body, fontSize=9, leading=11, spaceAfter=0),
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10),
    }


def _markup(text: str) -> str:
    """Member text as reportlab paragraph markup: escaped, line breaks kept."""
    return escape(xml_safe(text)).replace("\r\n", "\n").replace("\n", "<br/>")


def _table(rows: list[list[str]], widths: list[float]) -> Table:
    cell = _styles()["cell"]
    data = [[Paragraph(_markup(value), cell) for value in row] for row in rows]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _story(record: MeetingRecord) -> list[Flowable]:
    say = MinutesText(record, t)
    style = _styles()
    width = A4[0] - 2 * PAGE_MARGIN

    def para(text: str, kind: str = "body") -> Paragraph:
        return Paragraph(_markup(text), style[kind])

    story: list[Flowable] = [
        para(say.title(), "title"),
        para(say.number_line(), "bold"),
        para(say.when_line()),
        para(say.deadline_line()),
        para(say("export.present"), "h1"),
        *[para(line) for line in say.member_lines()],
        para(say.opening_heading(), "h1"),
        para(say.opening_text()),
        para(say.adjusters_heading(), "h1"),
        para(say("export.adjusters_text")),
    ]
    count_width = 16 * mm
    decision_width = 30 * mm
    table_widths = [width - 4 * count_width - decision_width, *[count_width] * 4, decision_width]
    for item in record.items:
        story.append(para(say.item_heading(item), "h1"))
        if item.speaker:
            story.append(para(say.speaker_line(item)))
        if item.signatories:
            story.append(para(say.signatories(item)))
        if item.body_excerpt:
            story.append(para(item.body_excerpt, "quote"))
        for yrkande in item.yrkanden:
            story += [para(say.att_sats(yrkande), "h2"), para(yrkande.text)]
            story += [para(say.counts(yrkande.counts)), para(say.position_line(yrkande))]
            story += [para(note, "note") for note in say.notes(yrkande)]
            story += [para(line) for line in say.outcome_lines(yrkande.council, yrkande.verdict)]
        if item.yrkanden:
            story += [Spacer(1, 2 * mm), _table(say.decision_table(item), table_widths)]
        story += [Spacer(1, 2 * mm), para(say.decision(item), "bold")]
        story += [para(line) for line in say.item_outcome_lines(item)]
        for heading, section in say.proposal_sections(item):
            story += [para(heading, "h2"), *[para(line) for line in section]]
        if item.reservation:
            story += [para(say.reservation_heading(), "h2"), para(item.reservation)]
        if item.comments:
            story.append(para(say("export.comments"), "h2"))
            for comment in item.comments:
                story.append(para(f"• {say.comment_line(comment)}"))
                if attachments := say.attachments(comment):
                    story.append(para(attachments, "note"))
    for election in record.elections:
        story.append(para(say.election_heading(election), "h1"))
        story += [para(line) for line in say.election_lines(election)]
    signatures = [Spacer(1, 8 * mm)] + [para(line) for line in say.signature_lines()]
    story += [
        para(say.closing_heading(), "h1"),
        para(say("export.closing_text")),
        KeepTogether(signatures),
        Spacer(1, 6 * mm),
        para(say.audit_line(), "small"),
        para(say.generated_line(), "small"),
    ]
    return story


def render_pdf(record: MeetingRecord) -> bytes:
    """The minutes as an A4 PDF with page numbers and the audit hash in the footer."""
    say = MinutesText(record, t)
    footer = xml_safe(say.audit_line())

    def draw_footer(canvas: Canvas, document: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7)
        canvas.drawString(PAGE_MARGIN, 10 * mm, footer)
        canvas.drawRightString(A4[0] - PAGE_MARGIN, 10 * mm, say("export.page", page=document.page))
        canvas.restoreState()

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=PAGE_MARGIN,
        rightMargin=PAGE_MARGIN,
        topMargin=PAGE_MARGIN,
        bottomMargin=PAGE_MARGIN,
        title=xml_safe(say.title()),
        author="Yrka",
        invariant=1,
    )
    document.build(_story(record), onFirstPage=draw_footer, onLaterPages=draw_footer)
    return buffer.getvalue()
