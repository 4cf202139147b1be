"""After fullmäktige in the exports: outcomes and reservations per §, the reservation pages,
and the summary "Så gick det i fullmäktige …" (Markdown and Word)."""

from __future__ import annotations

import io

import pytest
from docx import Document
from pypdf import PdfReader

from bot.domain.errors import UserError
from bot.domain.minutes import MeetingRecord
from bot.domain.models import ExportFormat, Language
from bot.domain.summary import render_summary_markdown
from bot.export import export_files
from bot.export.outcomes import render_reservations_docx, render_summary_docx
from bot.export.pdf import render_pdf
from bot.export.word import render_docx
from bot.ui.messages import error_text, t
from tests.render.test_exports import RESERVATION, sample_record

GROUP = "V-gruppen i Region Östergötland"
SECOND = "V-gruppen reserverar sig mot beslutet om cykelbanor."


def two_reservations(language: Language = Language.SV) -> MeetingRecord:
    """The sample meeting with a second reservation, on the tilläggsyrkande (§ 5)."""
    record = sample_record(language)
    items = list(record.items)
    items[2] = items[2].model_copy(update={"reservation": SECOND})
    return record.model_copy(update={"items": items})


def docx_pages(data: bytes) -> list[list[str]]:
    """The paragraphs' text per page, split at explicit page breaks."""
    document = Document(io.BytesIO(data))
    pages: list[list[str]] = [[]]
    for paragraph in document.paragraphs:
        if paragraph._element.xpath('.//w:br[@w:type="page"]'):
            pages.append([])
        if paragraph.text:
            pages[-1].append(paragraph.text)
    return pages


def test_reservations_docx_has_one_signable_page_per_reservation() -> None:
    pages = docx_pages(render_reservations_docx(two_reservations()))
    assert len(pages) == 2
    first, second = ("\n".join(page) for page in pages)
    assert first.startswith("Reservation")
    assert "Motion 12: Motion om fler bussar i Östergötland" in first
    assert RESERVATION.splitlines()[0] in first and SECOND not in first
    assert "Yrkande 14: Tilläggsyrkande om cykelbanor" in second and SECOND in second
    for page in (first, second):
        assert f"För {GROUP}" in page
        assert "Fullmäktige 1 december 2026: Regionfullmäktige 8 december" in page
        assert "Underskrift: ___" in page and "Namnförtydligande: ___" in page


def test_reservations_export_without_reservations_is_a_polite_refusal() -> None:
    record = sample_record()
    items = [item.model_copy(update={"reservation": None}) for item in record.items]
    with pytest.raises(UserError) as raised:
        export_files(record.model_copy(update={"items": items}), ExportFormat.RESERVATIONS)
    assert "Gruppen har inga reservationer i möte 3" in error_text(raised.value)


def test_summary_markdown_says_per_item_what_the_group_moved_and_how_it_went() -> None:
    text = render_summary_markdown(sample_record(), t).decode("utf-8")
    assert text.startswith("# Så gick det i fullmäktige 1 december\n")
    assert f"*{GROUP} · Regionfullmäktige 8 december*" in text
    assert "Gruppens linje vann i 0 av 1 ärenden, vann delvis i 1 och förlorade i 0." in text
    assert "## Motion 12: Motion om fler bussar i Östergötland" in text
    assert f"{GROUP} yrkade bifall till att-sats 1 och återremiss av att-sats 2." in text
    assert f"{GROUP} avstod från att-sats 3." in text
    assert "Fullmäktige beslutade: avslag (12–39, 2 avstod)." in text
    assert "Att-sats 2: återremiss." in text
    assert "**Resultat för gruppen: delvis**" in text
    assert f"{GROUP} reserverade sig:\n\n> V-gruppen reserverar sig" in text
    assert "> \\# ingen rubrik" in text, "member text stays inert Markdown"
    assert "## Interpellation 13: Interpellation om vårdköer" in text
    assert text.count("Fullmäktiges beslut är inte registrerat ännu.") == 2


def test_summary_is_in_the_groups_language() -> None:
    text = render_summary_markdown(sample_record(Language.EN), t).decode("utf-8")
    assert text.startswith("# How it went in the council on 1 December\n")
    assert "The council decided: rejected (12–39, 2 abstained)." in text
    assert "**Result for the group: partly**" in text


def test_summary_docx_has_the_same_text_as_the_markdown() -> None:
    document = Document(io.BytesIO(render_summary_docx(sample_record())))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith(("Title", "Head"))]
    assert headings[0] == "Så gick det i fullmäktige 1 december"
    assert "Motion 12: Motion om fler bussar i Östergötland" in headings
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Fullmäktige beslutade: avslag (12–39, 2 avstod)." in body
    assert "Resultat för gruppen: delvis" in body and RESERVATION in body


def test_summary_export_is_markdown_and_word() -> None:
    files = export_files(sample_record(), ExportFormat.SUMMARY)
    assert [f.name for f in files] == [
        "sa-gick-det-2026-12-01-regionfullmaktige-8-december.md",
        "sa-gick-det-2026-12-01-regionfullmaktige-8-december.docx",
    ]


def test_minutes_in_word_and_pdf_carry_the_outcome_and_the_reservation_per_paragraph() -> None:
    record = sample_record()
    body = "\n".join(p.text for p in Document(io.BytesIO(render_docx(record))).paragraphs)
    pdf = "".join(page.extract_text() for page in PdfReader(io.BytesIO(render_pdf(record))).pages)
    for text in (body, pdf):
        assert "Fullmäktiges beslut: avslag (12–39, 2 avstod)" in text
        assert "Gruppens linje i fullmäktige: delvis" in text
        assert "Fullmäktiges beslut: återremiss" in text
        assert "V-gruppen reserverar sig till förmån för eget yrkande." in text
