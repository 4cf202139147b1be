"""Elections in the minutes and data exports: a § each, counts and receipts, in every format."""

from __future__ import annotations

import io

import pytest
from docx import Document
from pypdf import PdfReader

from bot.domain.election import ElectionMajority, ElectionStatus
from bot.domain.election_minutes import CandidateVotes, ElectionMinutes, ElectionRoundMinutes
from bot.domain.minutes import closing_paragraph, render_markdown
from bot.domain.models import ExportFormat, Language
from bot.export import export_files
from bot.ui.messages import t
from tests.render.test_exports import sample_record


def with_election(language: Language = Language.SV, name: str = "Bertil") -> object:
    record = sample_record(language)
    first = closing_paragraph(record)
    round_ = ElectionRoundMinutes(
        number=1,
        seats=2,
        majority=ElectionMajority.PLURALITY,
        candidates=[
            CandidateVotes(name="Anna", votes=7, elected=True),
            CandidateVotes(name=name, votes=6, elected=True, by_lot=True),
            CandidateVotes(name="Cecilia", votes=6, elected=False),
        ],
        blank=1,
        cast=10,
        valid=9,
        eligible=11,
        threshold=None,
        lottery_tied=[name, "Cecilia"],
        lottery_winners=[name],
        lottery_seed="val:1:1:1:aa:bb",
        ballots_hash="ab" * 32,
        receipts=["ABCD-EFGH", "JKLM-NPQR"],
    )
    election = ElectionMinutes(
        paragraph=first,
        number=1,
        title="Gruppledare",
        seats=2,
        majority=ElectionMajority.PLURALITY,
        status=ElectionStatus.CLOSED,
        elected=["Anna", name],
        rounds=[round_],
    )
    return record.model_copy(update={"elections": [election]})


def test_the_minutes_have_a_paragraph_per_election_before_the_closing() -> None:
    record = with_election()
    text = render_markdown(record, t).decode()
    election_at = text.index("## § 6 Val av Gruppledare")
    assert election_at < text.index("## § 7 Mötets avslutande")
    paragraph = text[election_at:]
    assert "Till Gruppledare valdes Anna och Bertil." in paragraph
    assert "Röster: Anna 7, Bertil 6, Cecilia 6, blanka 1 (10 av 11 röstade)." in paragraph
    assert "Lottning mellan Bertil och Cecilia föll på Bertil." in paragraph
    assert "Kvittokoder: ABCD-EFGH, JKLM-NPQR" in paragraph


@pytest.mark.parametrize("language", [Language.SV, Language.EN])
def test_csv_export_adds_counts_and_receipts_only_when_there_are_elections(
    language: Language,
) -> None:
    plain = export_files(sample_record(language), ExportFormat.CSV)
    assert len(plain) == 2
    files = {
        f.name: f.data.decode("utf-8-sig")
        for f in export_files(with_election(language), ExportFormat.CSV)
    }
    [counts] = [d for n, d in files.items() if n.endswith("-elections.csv")]
    [receipts] = [d for n, d in files.items() if n.endswith("-receipts.csv")]
    assert "Anna" in counts and ("Blankt" in counts or "Blank" in counts)
    assert "ABCD-EFGH" in receipts and "JKLM-NPQR" in receipts


def test_docx_and_pdf_carry_the_election_paragraph_even_with_a_huge_name() -> None:
    record = with_election(name="B" * 5000)
    [docx] = export_files(record, ExportFormat.DOCX)
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.data)).paragraphs)
    assert "Val av Gruppledare" in text and "ABCD-EFGH" in text
    [pdf] = export_files(record, ExportFormat.PDF)
    pages = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Gruppledare" in pages and "ABCD-EFGH" in pages
