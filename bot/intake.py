"""Motion intake: the bytes of an uploaded file -> text -> MotionDraft.

Everything that can go wrong with a file becomes a DocumentError subclass carrying
a catalogue key, so the bot and the command line say the same polite sentence.
"""

from __future__ import annotations

import asyncio
import io
import logging
import zipfile
from collections.abc import Iterator
from pathlib import PurePath
from typing import Any

from bot.domain.agenda import Agenda, read_agenda
from bot.domain.errors import DocumentError
from bot.domain.motion import MAX_TEXT_CHARS, MotionDraft, parse_motion

log = logging.getLogger(__name__)

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_ZIP_MEMBERS = 2000
MAX_PDF_PAGES = 300
# Text files with more control characters than this share are binary, whatever their name.
MAX_CONTROL_CHAR_SHARE = 0.01
ACCEPTED_EXTENSIONS = (".txt", ".md", ".pdf", ".docx", ".odt")


class DocumentTooLarge(DocumentError):
    """The upload is over MAX_DOCUMENT_BYTES."""

    key = "intake.too_large"


class UnsupportedDocumentType(DocumentError):
    """A file type Yrka does not read."""

    key = "intake.unsupported_type"


class EncryptedPdf(DocumentError):
    """A PDF that needs a password to open."""

    key = "intake.encrypted_pdf"


class BrokenDocument(DocumentError):
    """A file that cannot be opened as the type its name says."""

    key = "intake.broken"


class EmptyDocument(DocumentError):
    """A file with no text at all."""

    key = "intake.empty"


class ScannedPdf(DocumentError):
    """A PDF with pages but no text layer (a scan)."""

    key = "intake.scanned_pdf"


class DecompressionBomb(DocumentError):
    """A zip-based document (docx/odt) that would unpack to far more than it weighs."""

    key = "intake.decompression_bomb"


class TooManyPages(DocumentError):
    """A PDF with more pages than a motion ever has."""

    key = "intake.too_many_pages"


class NotText(DocumentError):
    """Binary data under a text file's name."""

    key = "intake.not_text"


class DocumentTimeout(DocumentError):
    """Reading the document took longer than allowed."""

    key = "intake.timeout"


def read_document(filename: str, data: bytes) -> str:
    """The text of an uploaded document, chosen by its extension; raises DocumentError subclasses."""
    if len(data) > MAX_DOCUMENT_BYTES:
        raise DocumentTooLarge(limit_mb=MAX_DOCUMENT_BYTES // (1024 * 1024))
    extension = PurePath(filename).suffix.lower()
    if extension not in ACCEPTED_EXTENSIONS:
        raise UnsupportedDocumentType(accepted=", ".join(ACCEPTED_EXTENSIONS))
    if not data.strip():
        raise EmptyDocument()
    display_name = PurePath(filename).name[:100]
    if extension in (".txt", ".md"):
        text = _read_plain_text(display_name, data)
    elif extension == ".pdf":
        text = _read_pdf(display_name, data)
    elif extension == ".docx":
        text = _read_docx(display_name, data)
    else:
        text = _read_odt(display_name, data)
    if not text.strip():
        raise EmptyDocument()
    return text[:MAX_TEXT_CHARS]


def read_and_parse(filename: str, data: bytes) -> MotionDraft:
    """Read an uploaded document and parse it into a MotionDraft."""
    return parse_motion(read_document(filename, data))


async def parse_upload(filename: str, data: bytes, timeout: float = 20.0) -> MotionDraft:
    """read_and_parse in a worker thread, given up after `timeout` seconds."""
    try:
        return await asyncio.wait_for(asyncio.to_thread(read_and_parse, filename, data), timeout)
    except TimeoutError:
        raise DocumentTimeout(seconds=round(timeout)) from None


async def parse_agenda_upload(filename: str, data: bytes, timeout: float = 20.0) -> Agenda:
    """A kallelse read into its ärenden in a worker thread, with the same limits as a motion."""
    try:
        return await asyncio.wait_for(
            asyncio.to_thread(lambda: read_agenda(read_document(filename, data))), timeout
        )
    except TimeoutError:
        raise DocumentTimeout(seconds=round(timeout)) from None


# ---------------------------------------------------------------- plain text


def _read_plain_text(filename: str, data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _decode_or_broken(filename, data, "utf-16")
    elif data.startswith(b"\xef\xbb\xbf"):
        text = _decode_or_broken(filename, data, "utf-8-sig")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    controls = sum(
        1 for char in text if (ord(char) < 32 and char not in "\n\r\t\f") or char == "\ufffd"
    )
    if "\x00" in text or controls > max(2, len(text) * MAX_CONTROL_CHAR_SHARE):
        raise NotText(filename=filename)
    return text


def _decode_or_broken(filename: str, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise NotText(filename=filename) from None


# ---------------------------------------------------------------- PDF


def _read_pdf(filename: str, data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except (DependencyError, NotImplementedError, FileNotDecryptedError):
                raise EncryptedPdf() from None
            if not opened:
                raise EncryptedPdf()
        page_count = len(reader.pages)
    except DocumentError:
        raise
    except FileNotDecryptedError as error:
        raise EncryptedPdf() from error
    except Exception as error:  # pypdf raises many types on damaged files
        log.info("unreadable pdf %s: %r", filename, error)
        raise BrokenDocument(filename=filename) from None
    if page_count > MAX_PDF_PAGES:
        raise TooManyPages(limit=MAX_PDF_PAGES)
    if page_count == 0:
        raise EmptyDocument()
    pages: list[str] = []
    total = 0
    for page in reader.pages:
        try:
            page_text = page.extract_text() or ""
        except FileNotDecryptedError:
            raise EncryptedPdf() from None
        except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as error:
            log.info("unreadable pdf page in %s: %r", filename, error)
            raise BrokenDocument(filename=filename) from None
        total += len(page_text)
        if total > MAX_TEXT_CHARS:
            raise DecompressionBomb(limit_mb=MAX_TEXT_CHARS // (1024 * 1024))
        pages.append(page_text)
    text = "\n".join(pages)
    if not text.strip():
        raise ScannedPdf()
    return text


# ---------------------------------------------------------------- zip based (docx, odt)


def _open_checked_zip(filename: str, data: bytes) -> zipfile.ZipFile:
    """Open a zip after checking the central directory's sizes, before anything is unpacked."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise BrokenDocument(filename=filename) from None
    members = archive.infolist()
    limit_mb = MAX_UNCOMPRESSED_BYTES // (1024 * 1024)
    if len(members) > MAX_ZIP_MEMBERS:
        raise DecompressionBomb(limit_mb=limit_mb)
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if total > MAX_UNCOMPRESSED_BYTES or (
            member.file_size > 1024 * 1024 and ratio > MAX_COMPRESSION_RATIO
        ):
            raise DecompressionBomb(limit_mb=limit_mb)
    return archive


def _read_docx(filename: str, data: bytes) -> str:
    import docx

    _open_checked_zip(filename, data)
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = list(_docx_blocks(document))
    except DocumentError:
        raise
    except Exception as error:  # python-docx/lxml raise many types on damaged files
        log.info("unreadable docx %s: %r", filename, error)
        raise BrokenDocument(filename=filename) from None
    return "\n\n".join(block for block in blocks if block.strip())


_WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_blocks(document: Any) -> Iterator[str]:
    """Paragraphs and table rows in document order; list paragraphs get a visible marker."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    formats = _docx_number_formats(document)
    counters: dict[tuple[str, int], int] = {}
    for child in document.element.body.iterchildren():
        if child.tag == _WORD_NS + "p":
            paragraph = Paragraph(child, document)
            yield _docx_marker(paragraph, formats, counters) + paragraph.text
        elif child.tag == _WORD_NS + "tbl":
            table = Table(child, document)
            for row in table.rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = " ".join(p.text for p in cell.paragraphs).strip()
                    if text and (not cells or cells[-1] != text):  # merged cells repeat
                        cells.append(text)
                yield " ".join(cells)


def _docx_number_formats(document: Any) -> dict[tuple[str, int], str]:
    """(numId, level) -> numFmt ('bullet', 'decimal', 'lowerLetter', ...) from numbering.xml."""
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return {}
    abstract_formats: dict[str, dict[int, str]] = {}
    for abstract in numbering.iterchildren(_WORD_NS + "abstractNum"):
        levels: dict[int, str] = {}
        for level in abstract.iterchildren(_WORD_NS + "lvl"):
            fmt = level.find(_WORD_NS + "numFmt")
            levels[int(level.get(_WORD_NS + "ilvl", "0"))] = (
                fmt.get(_WORD_NS + "val", "decimal") if fmt is not None else "decimal"
            )
        abstract_formats[abstract.get(_WORD_NS + "abstractNumId", "")] = levels
    formats: dict[tuple[str, int], str] = {}
    for num in numbering.iterchildren(_WORD_NS + "num"):
        abstract_id = num.find(_WORD_NS + "abstractNumId")
        if abstract_id is None:
            continue
        for level, fmt in abstract_formats.get(abstract_id.get(_WORD_NS + "val", ""), {}).items():
            formats[(num.get(_WORD_NS + "numId", ""), level)] = fmt
    return formats


def _docx_numbering(paragraph: Any) -> tuple[str, int] | None:
    """(numId, level) of a list paragraph, from the paragraph or its style chain."""
    sources = [paragraph._p.pPr]
    style = paragraph.style
    while style is not None:
        sources.append(style.element.pPr)
        style = style.base_style
    for properties in sources:
        if properties is None:
            continue
        num_pr = properties.find(_WORD_NS + "numPr")
        if num_pr is None:
            continue
        num_id = num_pr.find(_WORD_NS + "numId")
        level = num_pr.find(_WORD_NS + "ilvl")
        if num_id is None or num_id.get(_WORD_NS + "val") == "0":
            return None
        return num_id.get(_WORD_NS + "val", ""), int(
            level.get(_WORD_NS + "val", "0")
        ) if level is not None else 0
    return None


def _docx_marker(
    paragraph: Any, formats: dict[tuple[str, int], str], counters: dict[tuple[str, int], int]
) -> str:
    """The list marker Word would draw in front of the paragraph, so the parser sees the list."""
    numbering = _docx_numbering(paragraph)
    if numbering is None:
        style_name = (paragraph.style.name or "").lower() if paragraph.style is not None else ""
        return "- " if "list" in style_name and "bullet" in style_name else ""
    fmt = formats.get(numbering, "bullet")
    # A new item on one level restarts the numbering of the levels below it.
    num_id, level = numbering
    for key in [key for key in counters if key[0] == num_id and key[1] > level]:
        del counters[key]
    counters[numbering] = counters.get(numbering, 0) + 1
    count = counters[numbering]
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (count - 1) % 26)
        return f"{letter.upper() if fmt == 'upperLetter' else letter}) "
    if fmt in ("decimal", "decimalZero", "lowerRoman", "upperRoman"):
        return f"{count}. "
    return "- "


def _read_odt(filename: str, data: bytes) -> str:
    from odf import opendocument, teletype
    from odf.namespaces import TEXTNS

    _open_checked_zip(filename, data)
    try:
        document = opendocument.load(io.BytesIO(data))
        numbered_styles = _odt_numbered_list_styles(document)
        blocks: list[str] = []

        def walk(node: Any, list_style: str | None, depth: int) -> None:
            for child in node.childNodes:
                if child.nodeType != child.ELEMENT_NODE:
                    continue
                if child.qname == (TEXTNS, "list"):
                    style = child.getAttrNS(TEXTNS, "style-name") or list_style
                    counter = 0
                    for item in child.childNodes:
                        if getattr(item, "qname", None) != (TEXTNS, "list-item"):
                            continue
                        counter += 1
                        marker = f"{counter}. " if style in numbered_styles else "- "
                        start = len(blocks)
                        walk(item, style, depth + 1)
                        if len(blocks) > start:
                            blocks[start] = marker + blocks[start]
                elif child.qname in ((TEXTNS, "p"), (TEXTNS, "h")):
                    blocks.append(teletype.extractText(child))
                else:
                    walk(child, list_style, depth)

        walk(document.text, None, 0)
    except DocumentError:
        raise
    except Exception as error:  # odfpy raises many types on damaged files
        log.info("unreadable odt %s: %r", filename, error)
        raise BrokenDocument(filename=filename) from None
    return "\n\n".join(block for block in blocks if block.strip())


def _odt_numbered_list_styles(document: Any) -> set[str]:
    """Names of list styles whose first level is numbered rather than bulleted."""
    from odf.namespaces import STYLENS, TEXTNS
    from odf.text import ListLevelStyleNumber, ListStyle

    numbered: set[str] = set()
    for root in (document.automaticstyles, document.styles):
        for style in root.getElementsByType(ListStyle):
            levels = style.getElementsByType(ListLevelStyleNumber)
            if any(level.getAttrNS(TEXTNS, "level") == "1" for level in levels):
                numbered.add(style.getAttrNS(STYLENS, "name"))
    return numbered
