"""Exports: golden md/csv/json, real docx and pdf, formula injection, long texts, file names."""

from __future__ import annotations

import csv
import io
import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from bot.domain.minutes import (
    CommentRecord,
    ItemRecord,
    MeetingRecord,
    MemberRecord,
    NamedVote,
    OutcomeRecord,
    YrkandeRecord,
    escape_markdown,
    excerpt,
    neutralise_cell,
    render_json,
    render_markdown,
    render_positions_csv,
    render_votes_csv,
    to_stockholm,
)
from bot.domain.models import (
    Choice,
    CouncilResult,
    Counts,
    DocumentKind,
    ExportFormat,
    ItemStatus,
    Language,
    Position,
    Verdict,
    VoteSource,
)
from bot.export import ExportFile, export_files, file_stem, slugify
from bot.export.pdf import render_pdf
from bot.export.word import render_docx
from bot.ui.messages import t

GOLDEN_DIR = Path(__file__).parents[1] / "data" / "golden"
UPDATE_GOLDEN = os.environ.get("YRKA_UPDATE_GOLDEN") == "1"
STARTS_AT = datetime(2026, 12, 1, 17, 0, tzinfo=UTC)  # 18:00 in Stockholm (winter time)
BOM = b"\xef\xbb\xbf"
RESERVATION = "V-gruppen reserverar sig till förmån för eget yrkande.\n# ingen rubrik"


def _big_meeting_record(**sizes: int) -> MeetingRecord:
    # bench/ is not an installed package and pytest puts only tests/ on sys.path.
    root = str(Path(__file__).resolve().parents[2])
    if root not in sys.path:
        sys.path.append(root)
    from bench.fixtures import big_meeting_record

    return big_meeting_record(**sizes)


def _vote(member: MemberRecord, choice: Choice, minutes: int) -> NamedVote:
    return NamedVote(
        member_id=member.member_id,
        name=member.name,
        choice=choice,
        at=STARTS_AT + timedelta(minutes=minutes),
        source=VoteSource.REACTION,
    )


def sample_record(
    language: Language = Language.SV, clause_text: str | None = None
) -> MeetingRecord:
    """A small meeting that exercises every branch of the minutes."""
    asa, orjan, mia, per, lena = members = [
        MemberRecord(member_id=11, name="Åsa Öberg", voting=True),
        MemberRecord(member_id=12, name="Örjan Ström", voting=True),
        MemberRecord(member_id=13, name="=Mia *Bäck*", voting=True),
        MemberRecord(member_id=14, name="Pär Ek", voting=False),
        MemberRecord(member_id=15, name="Lena Holm", voting=True, left=True),
    ]
    stranger = MemberRecord(member_id=99, name="Okänd Röstare", voting=True)
    motion = ItemRecord(
        paragraph=3,
        number=12,
        kind=DocumentKind.MOTION,
        title="Motion om fler bussar i Östergötland",
        signatories=["Åsa Öberg", "Örjan Ström"],
        body_excerpt="Bakgrund: bussarna är för få.\n# inte en rubrik",
        yrkanden=[
            YrkandeRecord(
                number=1,
                text=clause_text or "att regionfullmäktige beslutar att öka turtätheten",
                counts=Counts(bifall=2, avslag=1, avstar=0, not_voted=0),
                votes=[
                    _vote(asa, Choice.BIFALL, 5),
                    _vote(orjan, Choice.BIFALL, 6),
                    _vote(mia, Choice.AVSLAG, 7),
                ],
                position=Position.BIFALL,
                derived_position=Position.BIFALL,
                position_note=None,
                overridden=False,
                position_set_by=None,
                status=ItemStatus.CLOSED,
                verdict=Verdict.LOST,
            ),
            YrkandeRecord(
                number=2,
                text='=HYPERLINK("http://evil") att utreda -kostnaden',
                counts=Counts(bifall=1, avslag=1, avstar=1, not_voted=0),
                votes=[
                    _vote(asa, Choice.BIFALL, 8),
                    _vote(orjan, Choice.AVSLAG, 9),
                    _vote(mia, Choice.AVSTAR, 10),
                    _vote(stranger, Choice.AVSLAG, 11),
                ],
                position=Position.ATERREMISS,
                derived_position=Position.UNDECIDED,
                position_note="+Kostnaderna är inte utredda",
                overridden=True,
                position_set_by="Åsa Öberg",
                status=ItemStatus.CLOSED,
                council=OutcomeRecord(result=CouncilResult.ATERREMISS),
                verdict=Verdict.WON,
            ),
            YrkandeRecord(
                number=3,
                text="att avstå",
                counts=Counts(bifall=0, avslag=0, avstar=2, not_voted=1),
                votes=[_vote(asa, Choice.AVSTAR, 12), _vote(mia, Choice.AVSTAR, 13)],
                position=Position.AVSTAR,
                derived_position=Position.AVSTAR,
                position_note=None,
                overridden=False,
                position_set_by=None,
                status=ItemStatus.CLOSED,
            ),
            YrkandeRecord(
                number=4,
                text="att stryka allt",
                counts=Counts(),
                votes=[],
                position=None,
                derived_position=None,
                position_note=None,
                overridden=False,
                position_set_by=None,
                status=ItemStatus.CANCELLED,
            ),
        ],
        comments=[
            CommentRecord(
                author="Örjan Ström",
                text="@alla läs underlaget",
                at=STARTS_AT + timedelta(hours=1),
                edited=True,
                deleted=False,
                attachments=["underlag.pdf"],
            ),
            CommentRecord(
                author="Lena Holm",
                text="hemligt",
                at=STARTS_AT + timedelta(hours=2),
                edited=False,
                deleted=True,
                attachments=["bort.pdf"],
            ),
        ],
        council=OutcomeRecord(
            result=CouncilResult.AVSLAG,
            votes_for=12,
            votes_against=39,
            abstained=2,
            note="Votering begärdes av V",
        ),
        verdict=Verdict.PARTLY,
        reservation=RESERVATION,
    )
    interpellation = ItemRecord(
        paragraph=4,
        number=13,
        kind=DocumentKind.INTERPELLATION,
        title="Interpellation om vårdköer",
        signatories=[],
        body_excerpt="",
        yrkanden=[],
        comments=[],
    )
    own_proposal = ItemRecord(
        paragraph=5,
        number=14,
        kind=DocumentKind.YRKANDE,
        title="Tilläggsyrkande om cykelbanor",
        signatories=["Örjan Ström"],
        body_excerpt="",
        yrkanden=[
            YrkandeRecord(
                number=1,
                text="att bygga cykelbanor",
                counts=Counts(bifall=0, avslag=0, avstar=0, not_voted=3),
                votes=[],
                position=Position.EGET_YRKANDE,
                derived_position=Position.UNDECIDED,
                position_note="att bygga dubbelt så många cykelbanor",
                overridden=True,
                position_set_by=None,
                status=ItemStatus.CLOSED,
            ),
            YrkandeRecord(
                number=2,
                text="att utreda belysning",
                counts=Counts(bifall=1, avslag=1, avstar=0, not_voted=1),
                votes=[],
                position=Position.UNDECIDED,
                derived_position=Position.UNDECIDED,
                position_note=None,
                overridden=False,
                position_set_by=None,
                status=ItemStatus.OPEN,
            ),
        ],
        comments=[],
    )
    return MeetingRecord(
        group_name="V-gruppen i Region Östergötland",
        guild_id=123456789012345678,
        language=language,
        meeting_number=3,
        meeting_title="Regionfullmäktige 8 december",
        starts_at=STARTS_AT,
        deadline_at=STARTS_AT + timedelta(days=6),
        generated_at=STARTS_AT + timedelta(days=6, hours=2),
        members=[*members[:3], per, lena],
        items=[motion, interpellation, own_proposal],
        audit_head_hash="0f" * 32,
    )


def _rows(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8-sig")
    # Swedish files use ";" (Excel's list separator in Sweden), English ones ",".
    delimiter = csv.Sniffer().sniff(text.splitlines()[0], delimiters=";,").delimiter
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _check_golden(name: str, data: bytes) -> None:
    path = GOLDEN_DIR / name
    if UPDATE_GOLDEN or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    assert data == path.read_bytes(), f"{name} differs; rerun with YRKA_UPDATE_GOLDEN=1 if intended"


@pytest.mark.parametrize(
    ("name", "render"),
    [
        ("minutes_sv.md", lambda: render_markdown(sample_record(), t)),
        ("minutes_en.md", lambda: render_markdown(sample_record(Language.EN), t)),
        ("positions_sv.csv", lambda: render_positions_csv(sample_record(), t)),
        ("votes_sv.csv", lambda: render_votes_csv(sample_record(), t)),
        ("positions_en.csv", lambda: render_positions_csv(sample_record(Language.EN), t)),
        ("minutes.json", lambda: render_json(sample_record())),
    ],
)
def test_text_exports_match_golden_files(name: str, render: object) -> None:
    assert callable(render)
    _check_golden(name, render())


@pytest.mark.parametrize("language", [Language.SV, Language.EN])
def test_json_round_trips_to_an_equal_record(language: Language) -> None:
    record = sample_record(language)
    assert MeetingRecord.model_validate_json(render_json(record)) == record


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            Language.SV,
            [
                "# Protokoll – Gruppmöte, V-gruppen i Region Östergötland",
                "## Närvarande",
                "## § 1 Mötets öppnande",
                "## § 2 Val av justerare",
                "## § 3 Motion 12: Motion om fler bussar i Östergötland",
                "- Röstning: 2 bifall, 1 avslag, 0 avstår, 0 ej röstat",
                "**Beslut: Gruppen yrkar bifall till att-sats 1 och återremiss av att-sats 2."
                " Gruppen avstår från att-sats 3.**",
                "**Beslut: Gruppen yrkar ett eget yrkande i stället för att-sats 1."
                " Ingen linje är beslutad för att-sats 2.**",
                "## § 6 Mötets avslutande",
                "Vid protokollet: \\_",
                "Justeras: \\_",
            ],
        ),
        (
            Language.EN,
            [
                "# Minutes – Group meeting, V-gruppen i Region Östergötland",
                "## Present",
                "## § 1 Opening of the meeting",
                "- Vote: 2 for, 1 against, 0 abstaining, 0 not voted",
                "**Decision: The group moves approval of clause 1 and referral back of clause 2."
                " The group abstains on clause 3.**",
                "## § 6 Closing of the meeting",
            ],
        ),
    ],
)
def test_markdown_has_the_minutes_layout_in_the_record_language(
    language: Language, expected: list[str]
) -> None:
    lines = render_markdown(sample_record(language), t).decode("utf-8").splitlines()
    for fragment in expected:
        assert any(line.startswith(fragment) for line in lines), fragment


def test_markdown_notes_overrides_and_hides_deleted_comments() -> None:
    text = render_markdown(sample_record(), t).decode("utf-8")
    assert (
        "Ordföranden (Åsa Öberg) ändrade linjen från röstningens utfall (Ej avgjord) till Återremiss."
        in text
    )
    assert "Ordförandens anteckning: +Kostnaderna är inte utredda" in text
    assert "hemligt" not in text and "bort.pdf" not in text
    assert "\\[kommentaren är borttagen\\]" in text
    assert "Bilagor: underlag.pdf" in text
    assert "Röstloggens kontrollsumma: " + "0f" * 32 in text
    assert "=Mia \\*Bäck\\*" in text


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("*fet* och _kursiv_", "\\*fet\\* och \\_kursiv\\_"),
        ("# rubrik", "\\# rubrik"),
        ("  - punkt", "  \\- punkt"),
        ("1. lista", "1\\. lista"),
        ("<script>", "\\<script\\>"),
        ("rad ett\r\nrad två", "rad ett\nrad två"),
        ("vanlig text, med komma.", "vanlig text, med komma."),
    ],
)
def test_markdown_escapes_member_text(raw: str, escaped: str) -> None:
    assert escape_markdown(raw) == escaped


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
        ("+46701234567", "'+46701234567"),
        ("-1", "'-1"),
        ("@alla", "'@alla"),
        ("\tflik", "'\tflik"),
        ("\rretur", "'\rretur"),
        ("att öka", "att öka"),
        (12, "12"),
        (None, ""),
    ],
)
def test_csv_cells_that_look_like_formulas_are_neutralised(value: object, expected: str) -> None:
    assert neutralise_cell(value) == expected


@pytest.mark.parametrize("render", [render_positions_csv, render_votes_csv])
@pytest.mark.parametrize("language", [Language.SV, Language.EN])
def test_csv_starts_with_bom_and_no_cell_starts_a_formula(
    render: object, language: Language
) -> None:
    assert callable(render)
    data = render(sample_record(language), t)
    assert data.startswith(BOM)
    for row in _rows(data):
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


@pytest.mark.parametrize(
    ("language", "positions_header", "votes_header"),
    [
        (
            Language.SV,
            [
                "§",
                "Ärende nr",
                "Rubrik",
                "Att-sats nr",
                "Text",
                "Bifall",
                "Avslag",
                "Avstår",
                "Ej röstat",
                "Gruppens linje",
                "Röstningens utfall",
                "Ändrad av ordföranden",
                "Anteckning",
                "Fullmäktiges beslut",
                "Gruppens linje i fullmäktige",
                "Reservation",
            ],
            [
                "§",
                "Ärende nr",
                "Att-sats nr",
                "Ledamot-id",
                "Namn",
                "Röst",
                "Tid (Stockholm)",
                "Källa",
                "Roll vid mötet",
            ],
        ),
        (
            Language.EN,
            [
                "§",
                "Item no.",
                "Title",
                "Clause no.",
                "Text",
                "For",
                "Against",
                "Abstain",
                "Not voted",
                "Group position",
                "Outcome of the vote",
                "Changed by the chair",
                "Note",
                "Council decision",
                "Group's line in the council",
                "Reservation",
            ],
            [
                "§",
                "Item no.",
                "Clause no.",
                "Member id",
                "Name",
                "Vote",
                "Time (Stockholm)",
                "Source",
                "Role at the meeting",
            ],
        ),
    ],
)
def test_csv_headers_are_in_the_record_language(
    language: Language, positions_header: list[str], votes_header: list[str]
) -> None:
    record = sample_record(language)
    assert _rows(render_positions_csv(record, t))[0] == positions_header
    assert _rows(render_votes_csv(record, t))[0] == votes_header


def test_positions_csv_has_one_row_per_yrkande_with_counts_and_position() -> None:
    rows = _rows(render_positions_csv(sample_record(), t))[1:]
    assert len(rows) == 6
    assert rows[1] == [
        "3",
        "12",
        "Motion om fler bussar i Östergötland",
        "2",
        '\'=HYPERLINK("http://evil") att utreda -kostnaden',
        "1",
        "1",
        "1",
        "0",
        "Återremiss",
        "Ej avgjord",
        "ja",
        "'+Kostnaderna är inte utredda",
        "återremiss",
        "vann",
        RESERVATION,
    ]
    assert rows[0][-3:] == ["avslag (12–39, 2 avstod)", "förlorade", RESERVATION]


def test_votes_csv_has_a_row_per_member_and_yrkande_with_stockholm_time() -> None:
    rows = _rows(render_votes_csv(sample_record(), t))[1:]
    # 6 yrkanden x 5 members, plus one vote from someone missing in the member list.
    assert len(rows) == 6 * 5 + 1
    assert rows[0] == [
        "3",
        "12",
        "1",
        "11",
        "Åsa Öberg",
        "Bifall",
        "2026-12-01 18:05:00",
        "reaktion",
        "",
    ]
    assert rows[2][4:6] == ["'=Mia *Bäck*", "Avslag"]
    assert rows[3] == ["3", "12", "1", "14", "Pär Ek", "", "", "", ""]
    assert [
        "3",
        "12",
        "2",
        "99",
        "Okänd Röstare",
        "Avslag",
        "2026-12-01 18:11:00",
        "reaktion",
        "",
    ] in rows


def test_docx_opens_with_headings_and_decision_tables() -> None:
    document = Document(io.BytesIO(render_docx(sample_record())))
    headings = [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style.name.startswith(("Heading", "Title"))
    ]
    assert headings[0] == ("Title", "Protokoll – Gruppmöte, V-gruppen i Region Östergötland")
    heading_1 = [text for style, text in headings if style == "Heading 1"]
    assert heading_1 == [
        "Närvarande",
        "§ 1 Mötets öppnande",
        "§ 2 Val av justerare",
        "§ 3 Motion 12: Motion om fler bussar i Östergötland",
        "§ 4 Interpellation 13: Interpellation om vårdköer",
        "§ 5 Yrkande 14: Tilläggsyrkande om cykelbanor",
        "§ 6 Mötets avslutande",
    ]
    assert ("Heading 2", "Att-sats 4 (struken)") in headings
    members_table, motion_table, proposal_table = document.tables
    assert [c.text for c in members_table.rows[0].cells] == ["Namn", "Rösträtt", "Anmärkning"]
    assert [c.text for c in members_table.rows[5].cells] == [
        "Lena Holm",
        "ja",
        "har lämnat gruppen",
    ]
    assert [c.text for c in motion_table.rows[0].cells] == [
        "Att-sats",
        "Bifall",
        "Avslag",
        "Avstår",
        "Ej röstat",
        "Beslut",
    ]
    assert [c.text for c in motion_table.rows[2].cells][1:] == ["1", "1", "1", "0", "Återremiss"]
    assert [c.text for c in proposal_table.rows[1].cells][-1] == "Eget yrkande"
    texts = [p.text for p in document.paragraphs]
    assert any(text.startswith("Vid protokollet: ") and "(sekreterare)" in text for text in texts)
    assert any(text.startswith("Justeras: ") and "(justerare)" in text for text in texts)
    assert (
        "Röstloggens kontrollsumma: " + "0f" * 32 in document.sections[0].footer.paragraphs[0].text
    )


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            Language.SV,
            [
                "Protokoll – Gruppmöte, V-gruppen i Region Östergötland",
                "§ 1 Mötets öppnande",
                "§ 2 Val av justerare",
                "§ 3 Motion 12: Motion om fler bussar i Östergötland",
                "§ 4 Interpellation 13: Interpellation om vårdköer",
                "§ 5 Yrkande 14: Tilläggsyrkande om cykelbanor",
                "§ 6 Mötets avslutande",
                "Röstning: 2 bifall, 1 avslag, 0 avstår, 0 ej röstat",
                "Röstning: 1 bifall, 1 avslag, 1 avstår, 0 ej röstat",
                "Gruppens linje: Återremiss",
                "Gruppens linje: Eget yrkande",
                "Ordförandens anteckning: +Kostnaderna är inte utredda",
                "Vid protokollet",
                "Justeras",
            ],
        ),
        (
            Language.EN,
            [
                "Minutes – Group meeting, V-gruppen i Region Östergötland",
                "§ 6 Closing of the meeting",
                "Vote: 2 for, 1 against, 0 abstaining, 0 not voted",
                "Group position: Refer back",
            ],
        ),
    ],
)
def test_pdf_text_has_every_paragraph_count_and_position_with_swedish_letters(
    language: Language, expected: list[str]
) -> None:
    data = render_pdf(sample_record(language))
    assert data.startswith(b"%PDF")
    assert b"/FontFile2" in data  # the TrueType font is embedded
    text = " ".join(_pdf_text(data).split())
    for fragment in expected:
        assert fragment in text, fragment


LONG_CLAUSE = ("att regionfullmäktige beslutar att åtgärda köerna " * 250)[:10_000]


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_a_ten_thousand_character_yrkande_does_not_break_any_format(fmt: ExportFormat) -> None:
    record = sample_record(clause_text=LONG_CLAUSE)
    files = export_files(record, fmt)
    assert files and all(file.data for file in files)
    if fmt is ExportFormat.PDF:
        assert "åtgärda köerna" in _pdf_text(files[0].data)
    if fmt is ExportFormat.DOCX:
        document = Document(io.BytesIO(files[0].data))
        assert any(p.text == LONG_CLAUSE for p in document.paragraphs)


def test_a_word_without_spaces_and_control_characters_do_not_break_docx_or_pdf() -> None:
    record = sample_record(clause_text="x" * 10_000 + "\x00\x0b\x1f slut")
    assert render_pdf(record).startswith(b"%PDF")
    assert any(
        p.text.endswith("slut") for p in Document(io.BytesIO(render_docx(record))).paragraphs
    )


@pytest.mark.parametrize(
    ("fmt", "names"),
    [
        (ExportFormat.MD, ["protokoll-2026-12-01-regionfullmaktige-8-december.md"]),
        (ExportFormat.JSON, ["protokoll-2026-12-01-regionfullmaktige-8-december.json"]),
        (ExportFormat.DOCX, ["protokoll-2026-12-01-regionfullmaktige-8-december.docx"]),
        (ExportFormat.PDF, ["protokoll-2026-12-01-regionfullmaktige-8-december.pdf"]),
        (
            ExportFormat.CSV,
            [
                "protokoll-2026-12-01-regionfullmaktige-8-december-positions.csv",
                "protokoll-2026-12-01-regionfullmaktige-8-december-votes.csv",
            ],
        ),
    ],
)
def test_export_files_names_each_file_after_the_stem(fmt: ExportFormat, names: list[str]) -> None:
    files = export_files(sample_record(), fmt)
    assert all(isinstance(file, ExportFile) for file in files)
    assert [file.name for file in files] == names


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Regionfullmäktige", "regionfullmaktige"),
        ("Kommunfullmäktige i Örebro – Budget 2027!", "kommunfullmaktige-i-orebro-budget-2027"),
        ("Café Ågård", "cafe-agard"),
        ("   ", ""),
        ("a" * 50 + " " + "b" * 50, "a" * 50 + "-" + "b" * 9),
        ("a" * 59 + " b", "a" * 59),
    ],
)
def test_slugify_makes_short_ascii_file_names(title: str, slug: str) -> None:
    assert slugify(title) == slug


@pytest.mark.parametrize(
    ("starts_at", "language", "stem"),
    [
        # 23:30 UTC on 7 Dec is already 8 Dec in Stockholm.
        (
            datetime(2026, 12, 7, 23, 30, tzinfo=UTC),
            Language.SV,
            "protokoll-2026-12-08-regionfullmaktige-8-december",
        ),
        (
            datetime(2026, 6, 1, 22, 30, tzinfo=UTC),
            Language.EN,
            "minutes-2026-06-02-regionfullmaktige-8-december",
        ),
    ],
)
def test_file_stem_uses_the_meeting_date_in_stockholm(
    starts_at: datetime, language: Language, stem: str
) -> None:
    record = sample_record(language).model_copy(update={"starts_at": starts_at})
    assert file_stem(record) == stem


def test_naive_times_are_taken_as_utc() -> None:
    assert to_stockholm(datetime(2026, 7, 1, 10, 0)).hour == 12


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("kort text", 20, "kort text"),
        ("ett två tre fyra fem sex", 12, "ett två tre…"),
        ("x" * 30, 10, "x" * 9 + "…"),
    ],
)
def test_excerpt_cuts_long_text_at_a_word(text: str, limit: int, expected: str) -> None:
    assert excerpt(text, limit) == expected


def test_big_meeting_exports_every_format() -> None:
    record = _big_meeting_record(items=12, members=30, comments=100)
    for fmt in ExportFormat:
        files = export_files(record, fmt)
        assert all(file.data for file in files)
    votes = _rows(export_files(record, ExportFormat.CSV)[1].data)
    assert len(votes) == 1 + 12 * 3 * 30


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=300))
def test_any_member_text_renders_in_every_format_and_survives_csv(text: str) -> None:
    record = sample_record(clause_text=text or "att")
    for fmt in ExportFormat:
        assert all(file.data for file in export_files(record, fmt))
    rows = _rows(render_positions_csv(record, t))
    assert rows[1][4] == neutralise_cell(text or "att")
