"""Reading uploaded files: every format, every way a file can be unreadable."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from odf.opendocument import OpenDocumentText
from odf.text import H, List, ListItem, P
from pypdf import PdfReader, PdfWriter
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate

from bot.domain.errors import DocumentError
from bot.domain.models import DocumentKind, Language
from bot.intake import (
    MAX_DOCUMENT_BYTES,
    BrokenDocument,
    DecompressionBomb,
    DocumentTimeout,
    DocumentTooLarge,
    EmptyDocument,
    EncryptedPdf,
    NotText,
    ScannedPdf,
    TooManyPages,
    UnsupportedDocumentType,
    parse_upload,
    read_and_parse,
    read_document,
)
from bot.ui.messages import error_text

DATA = Path(__file__).parents[1] / "data" / "motions"
EXTRA = DATA / "extra"


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _pdf_from_paragraphs(paragraphs: list[str], *, justify: bool = True) -> bytes:
    """A PDF with wrapped (and justified) text and a 'Sida n av m' footer, as councils print them."""
    buffer = io.BytesIO()
    style = ParagraphStyle("body", fontName="Helvetica", fontSize=11, leading=14)
    if justify:
        style.alignment = TA_JUSTIFY

    def footer(pdf: canvas.Canvas, document: SimpleDocTemplate) -> None:
        pdf.setFont("Helvetica", 9)
        pdf.drawString(260, 30, f"Sida {pdf.getPageNumber()} av 2")

    story = [Paragraph(p.replace("\n", "<br/>"), style) for p in paragraphs]
    SimpleDocTemplate(buffer, pagesize=A4).build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def _docx_with_lists(text: str) -> bytes:
    """A .docx where list items are real Word list paragraphs (no marker in the text)."""
    document = docx.Document()
    for paragraph in text.split("\n\n"):
        pending: list[str] = []
        style: str | None = None
        for line in paragraph.split("\n"):
            numbered = re.match(r"^(?:\d+\.|[a-z]\))\s+", line)
            bulleted = re.match(r"^[-–•]\s*", line)
            if (
                pending
                and not numbered
                and not bulleted
                and (line.startswith(" ") or (style is None and line[:1].islower()))
            ):
                pending.append(line.strip())
                continue
            if pending:
                document.add_paragraph(" ".join(pending), style=style)
            marker = numbered or bulleted
            style = "List Number" if numbered else "List Bullet" if bulleted else None
            pending = [line[marker.end() :] if marker else line]
        if pending and "".join(pending).strip():
            document.add_paragraph(" ".join(pending), style=style)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _expected(name: str) -> dict[str, Any]:
    return json.loads((EXTRA / "expected.json").read_text(encoding="utf-8"))[name]


VARIANT_SOURCES = [
    "01-budget-manga-att.txt",
    "02-flera-partier.txt",
    "05-english-resolves.txt",
    "08-forslag-bakgrund.txt",
    "14-tillaggsyrkande-numrerat.txt",
]


@pytest.mark.parametrize("name", VARIANT_SOURCES)
def test_docx_with_real_list_paragraphs_parses_like_the_text(name: str) -> None:
    expected = _expected(name)
    data = _docx_with_lists((EXTRA / name).read_text(encoding="utf-8"))
    draft = read_and_parse(name.replace(".txt", ".docx"), data)
    assert [_collapse(y) for y in draft.yrkanden] == [_collapse(y) for y in expected["yrkanden"]]
    assert draft.kind == expected["kind"]
    assert draft.title == expected["title"]


@pytest.mark.parametrize("name", VARIANT_SOURCES)
def test_justified_pdf_parses_like_the_text(name: str) -> None:
    expected = _expected(name)
    paragraphs = [
        p.replace("&", "&amp;") for p in (EXTRA / name).read_text(encoding="utf-8").split("\n\n")
    ]
    draft = read_and_parse(name.replace(".txt", ".pdf"), _pdf_from_paragraphs(paragraphs))
    assert [_collapse(y) for y in draft.yrkanden] == [_collapse(y) for y in expected["yrkanden"]]
    assert draft.kind == expected["kind"]
    assert draft.title == expected["title"]


def test_odt_with_list_is_read_in_order() -> None:
    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text="Motion om fler parkbänkar"))
    document.text.addElement(P(text="Vi yrkar att kommunfullmäktige beslutar"))
    bullets = List()
    for clause in ("att parkbänkar sätts upp i alla parker,", "att arbetet är klart 2028."):
        item = ListItem()
        item.addElement(P(text=clause))
        bullets.addElement(item)
    document.text.addElement(bullets)
    document.text.addElement(P(text="Eva Ström (V)"))
    buffer = io.BytesIO()
    document.write(buffer)
    draft = read_and_parse("motion.odt", buffer.getvalue())
    assert draft.title == "Motion om fler parkbänkar"
    assert draft.yrkanden == [
        "att parkbänkar sätts upp i alla parker",
        "att arbetet är klart 2028.",
    ]
    assert draft.signatories == ["Eva Ström (V)"]


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b""), ("utf-16", b"")],
)
def test_text_files_are_decoded_in_common_encodings(encoding: str, prefix: bytes) -> None:
    text = (DATA / "02-skolbibliotek.txt").read_text(encoding="utf-8")
    assert read_document("motion.txt", prefix + text.encode(encoding)) == text


def _encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf_from_paragraphs(["Hemlig motion"]))))
    writer.encrypt(user_password="hemligt", owner_password="ägare", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _image_only_pdf() -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.rect(100, 100, 300, 400, fill=1)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _many_pages_pdf(pages: int) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for number in range(pages):
        pdf.drawString(100, 700, f"sida {number}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _zip_bomb_docx() -> bytes:
    """A docx-looking zip whose document.xml is megabytes of compressed zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (8 * 1024 * 1024))
    return buffer.getvalue()


def _zip_many_members() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number in range(2100):
            archive.writestr(f"word/part{number}.xml", "x")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("filename", "data", "error"),
    [
        ("motion.txt", b"a" * (MAX_DOCUMENT_BYTES + 1), DocumentTooLarge),
        ("motion.exe", b"MZ\x90\x00", UnsupportedDocumentType),
        ("motion", b"text", UnsupportedDocumentType),
        ("motion.pdf", _encrypted_pdf(), EncryptedPdf),
        ("motion.pdf", b"%PDF-1.4\nthis is not a real pdf\n%%EOF", BrokenDocument),
        ("motion.pdf", _image_only_pdf(), ScannedPdf),
        ("motion.pdf", _many_pages_pdf(301), TooManyPages),
        ("motion.txt", b"", EmptyDocument),
        ("motion.md", b"  \n\n \t ", EmptyDocument),
        ("motion.docx", _zip_bomb_docx(), DecompressionBomb),
        ("motion.odt", _zip_bomb_docx(), DecompressionBomb),
        ("motion.docx", _zip_many_members(), DecompressionBomb),
        ("motion.docx", b"PK\x03\x04 not really a zip", BrokenDocument),
        ("motion.docx", (DATA / "01-klimatkommunerna.txt").read_bytes(), BrokenDocument),
        ("motion.odt", b"definitely not an odt", BrokenDocument),
        ("motion.txt", bytes(range(256)) * 20, NotText),
        ("motion.txt", b"text\x00with\x00nuls" * 10, NotText),
    ],
    ids=[
        "over-10-mb",
        "exe",
        "no-extension",
        "encrypted-pdf",
        "broken-pdf",
        "image-only-pdf",
        "too-many-pages",
        "empty",
        "whitespace-only",
        "zip-bomb-docx",
        "zip-bomb-odt",
        "zip-many-members",
        "broken-zip",
        "text-named-docx",
        "broken-odt",
        "binary-txt",
        "nul-txt",
    ],
)
def test_unreadable_files_raise_a_document_error_people_can_read(
    filename: str, data: bytes, error: type[DocumentError]
) -> None:
    with pytest.raises(error) as raised:
        read_document(filename, data)
    assert isinstance(raised.value, DocumentError)
    for lang in Language:
        sentence = error_text(raised.value, lang)
        assert sentence and "{" not in sentence


def test_too_large_names_the_limit_in_megabytes() -> None:
    with pytest.raises(DocumentTooLarge) as raised:
        read_document("motion.pdf", b"0" * (MAX_DOCUMENT_BYTES + 1))
    assert "10 MB" in error_text(raised.value, Language.SV)


def test_unsupported_type_lists_the_accepted_ones() -> None:
    with pytest.raises(UnsupportedDocumentType) as raised:
        read_document("motion.exe", b"x")
    assert ".pdf" in error_text(raised.value, Language.SV)
    assert ".docx" in error_text(raised.value, Language.EN)


def test_scanned_pdf_says_paste_the_text_instead() -> None:
    with pytest.raises(ScannedPdf) as raised:
        read_document("scan.pdf", _image_only_pdf())
    assert (
        error_text(raised.value, Language.SV)
        == "PDF:en har ingen text; klistra in texten i stället."
    )


async def test_parse_upload_reads_in_a_worker_thread() -> None:
    data = (DATA / "05-forslag-till-beslut.pdf").read_bytes()
    draft = await parse_upload("05-forslag-till-beslut.pdf", data)
    assert draft.kind is DocumentKind.MOTION
    assert len(draft.yrkanden) == 2


async def test_parse_upload_gives_up_after_the_time_limit() -> None:
    data = (DATA / "05-forslag-till-beslut.pdf").read_bytes()
    with pytest.raises(DocumentTimeout) as raised:
        await parse_upload("05-forslag-till-beslut.pdf", data, timeout=0)
    assert "0 sekunder" in error_text(raised.value, Language.SV)


async def test_parse_upload_passes_document_errors_through() -> None:
    with pytest.raises(UnsupportedDocumentType):
        await parse_upload("motion.exe", b"x")
