"""The motion parser against the shared samples, our own council shapes, and arbitrary text."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.domain.models import Confidence, DocumentGenre, DocumentKind, Language, YrkandeKind
from bot.domain.motion import MAX_YRKANDEN, normalise_text, parse_motion, yrkande_kind
from bot.intake import read_document

DATA = Path(__file__).parents[1] / "data" / "motions"
FUZZ_EXAMPLES = int(os.environ.get("YRKA_FUZZ_EXAMPLES", "200"))


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _cases(folder: Path) -> list[tuple[Path, dict[str, Any]]]:
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    cases = []
    for name, entry in expected.items():
        if "same_as" in entry:
            entry = expected[entry["same_as"]]
        cases.append((folder / name, entry))
    return cases


ALL_CASES = _cases(DATA) + _cases(DATA / "extra")


@pytest.mark.parametrize(("path", "expected"), ALL_CASES, ids=[path.name for path, _ in ALL_CASES])
def test_sample_document_parses_as_expected(path: Path, expected: dict[str, Any]) -> None:
    draft = parse_motion(read_document(path.name, path.read_bytes()))
    found = [_collapse(y) for y in draft.yrkanden]
    alternatives = [expected["yrkanden"], *expected.get("also_acceptable", [])]
    assert found in [[_collapse(y) for y in alt] for alt in alternatives]
    assert draft.kind == expected["kind"]
    assert draft.title == expected["title"]
    assert draft.signatories == expected["signatories"]
    if "questions" in expected:
        assert draft.questions == expected["questions"]
    assert draft.language == expected.get("language", "sv")


def test_every_shared_sample_is_covered() -> None:
    listed = set(json.loads((DATA / "expected.json").read_text(encoding="utf-8")))
    on_disk = {p.name for p in DATA.iterdir() if p.suffix in (".txt", ".pdf", ".docx")}
    assert on_disk == listed
    assert len(_cases(DATA / "extra")) >= 15


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("en kom-\nmunal plan", "en kommunal plan"),
        ("en gång-\noch cykelbana", "en gång- och cykelbana"),
        ("barn- och utbildningsnämnden", "barn- och utbildningsnämnden"),
        ("stöd från EU-\nmedel", "stöd från EU-medel"),
        ("justerad  text   med\u00a0luft", "justerad text med luft"),
        ("noll\u200bbredd\ufeff och mjuk\u00adhet", "nollbredd och mjukhet"),
        ("första stycket\n\nSida 1 av 2\n\nandra stycket", "första stycket\n\nandra stycket"),
        ("ett\n1 (2)\n\ntvå", "ett\n\ntvå"),
        ("ett\n\n- 3 -\n\ntvå", "ett\n\ntvå"),
        ("ett\n\n7\n\ntvå", "ett\n\ntvå"),
        ("en mening som\nfortsätter här.", "en mening som fortsätter här."),
        ("Rubrik\nNästa rad", "Rubrik\nNästa rad"),
        ("beslutar\natt x,\natt y.", "beslutar\natt x,\natt y."),
        ("ges i uppdrag\natt utreda saken.", "ges i uppdrag att utreda saken."),
        ("Bakgrund  Regionen äger hus.", "Bakgrund\nRegionen äger hus."),
        ("rad ett\r\nrad två", "rad ett rad två"),
        ("ﬁnansiering", "finansiering"),
    ],
)
def test_normalise_text_repairs_pdf_artefacts(raw: str, normalised: str) -> None:
    assert normalise_text(raw) == normalised


def test_normalise_text_collapses_pdf_double_spacing() -> None:
    raw = "Första raden som\n\nfortsätter här och\n\nslutar här.\n \n\nNytt stycke med\n\nmer text och\n\nännu mer."
    assert normalise_text(raw) == (
        "Första raden som fortsätter här och slutar här.\n\nNytt stycke med mer text och ännu mer."
    )


@pytest.mark.parametrize(
    ("text", "yrkanden"),
    [
        (
            "Vi yrkar att fullmäktige beslutar\n\natt A ska ske,\n\natt B ska ske.",
            ["att A ska ske", "att B ska ske."],
        ),
        (
            "Vi yrkar att fullmäktige beslutar att:\n- A ska ske;\n- B ska ske.",
            ["A ska ske", "B ska ske."],
        ),
        (
            "Jag yrkar därför att kommunen bygger en skola. Det vore bra.",
            ["att kommunen bygger en skola."],
        ),
        (
            "Förslag till beslut\natt X utreds, och\natt Y utreds.\n\nBakgrund\nAtt X behövs är klart.",
            ["att X utreds", "att Y utreds."],
        ),
        (
            "Vi föreslår att fullmäktige beslutar att A görs; att B görs.",
            ["att A görs", "att B görs."],
        ),
        ("Att cykla är bra.\n\nAtt gå är också bra.", []),
        ("Fullmäktige beslutade 2020 att bygga en bro.", []),
        ("This Council notes the report.\n\nThis Council believes it matters.", []),
        (
            "This Council resolves to:\n1. Do one thing.\n2. Do another thing.",
            ["Do one thing.", "Do another thing."],
        ),
        ("", []),
    ],
)
def test_yrkanden_are_cut_by_the_readme_rules(text: str, yrkanden: list[str]) -> None:
    assert parse_motion("Rubrik\n\n" + text).yrkanden == yrkanden


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "Interpellation till ordföranden\n\nRubrik\n\nVi yrkar att X görs.\n\nVarför?",
            DocumentKind.INTERPELLATION,
        ),
        ("Tilläggsyrkande\n\nRubrik\n\natt X görs.", DocumentKind.YRKANDE),
        ("Rubrik\n\nVi yrkar att kommunen gör X nu.", DocumentKind.MOTION),
        ("Bara lite text utan förslag.", DocumentKind.UNKNOWN),
    ],
)
def test_kind_comes_from_the_header_or_the_content(text: str, kind: DocumentKind) -> None:
    draft = parse_motion(text)
    assert draft.kind is kind
    if kind is DocumentKind.INTERPELLATION:
        assert draft.yrkanden == []


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Vi yrkar att kommunen bygger fler bostäder för alla som behöver.", Language.SV),
        (
            "This Council notes that the borough needs more homes and resolves to build them.",
            Language.EN,
        ),
    ],
)
def test_language_is_detected(text: str, language: Language) -> None:
    assert parse_motion(text).language is language


def test_many_att_clauses_are_capped() -> None:
    text = "Rubrik\n\nVi yrkar att fullmäktige beslutar\n\n" + "\n".join(
        f"att punkt {n} genomförs," for n in range(500)
    )
    assert len(parse_motion(text).yrkanden) == MAX_YRKANDEN


@pytest.mark.slow
def test_huge_input_is_parsed_quickly() -> None:
    text = ("Lång text utan slut och med att i mitten " * 5000 + "\n") * 20
    draft = parse_motion(text)
    assert draft.kind is DocumentKind.UNKNOWN


_FRAGMENTS = st.sampled_from(
    [
        "att kommunen gör något,",
        "Att ",
        "att",
        "Vi yrkar att fullmäktige beslutar:",
        "Jag yrkar därför att regionen bygger ",
        "- ",
        "1. ",
        "a) ",
        "Förslag till beslut",
        "This Council resolves to:",
        "kom-",
        "Sida 1 av 2",
        "; att ",
        ", samt",
        "Anna Berg (V)",
        ".",
        "?",
        ":",
        "\n",
        "\n\n",
        "\u00a0",
        "\u200b",
        "  ",
    ]
)
_TEXTS = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(_FRAGMENTS, st.text(max_size=12)), max_size=60).map("".join),
)


@settings(max_examples=FUZZ_EXAMPLES, deadline=None)
@given(_TEXTS)
@example("Förslag till beslut\n\n,samt")
@example("Vi yrkar att fullmäktige beslutar:\n- ;\n- .")
def test_parse_motion_never_raises_and_yrkanden_are_spans_of_the_text(text: str) -> None:
    draft = parse_motion(text)
    normalised = _collapse(normalise_text(text))
    for yrkande in draft.yrkanden:
        assert any(character.isalpha() for character in yrkande)
        assert _collapse(yrkande) in normalised


@pytest.mark.parametrize(
    "text",
    [
        "Förslag till beslut\n\n,samt",
        "Förslag till beslut\n\natt ,",
        "Vi yrkar att fullmäktige beslutar:\n- ;\n- 1.\n- ”.",
        "Jag yrkar att ; att .",
    ],
)
def test_a_clause_without_a_letter_is_never_a_yrkande(text: str) -> None:
    assert parse_motion(text).yrkanden == []


@pytest.mark.parametrize(
    ("text", "title", "yrkanden", "signatories"),
    [
        (
            "Vänsterpartiet Storvik\nMotion till kommunfullmäktige\n\nSäkrare cykelvägar\n\nBakgrund här.\n\n"
            "Vi yrkar att fullmäktige beslutar:\n\nAtt A görs.\n\nAtt B görs.\n\nAnna Berg, Vänsterpartiet",
            "Säkrare cykelvägar",
            ["Att A görs.", "Att B görs."],
            ["Anna Berg"],
        ),
        (
            "Motion om X\n\nBakgrund\ntext.\n\nYrkande\nMed hänvisning till ovanstående yrkar vi\natt A,\natt B.\n\nAnna Berg",
            "Motion om X",
            ["att A", "att B."],
            ["Anna Berg"],
        ),
        (
            "Motion\n\nBussar\n\nThis Council calls on the Leader to:\n• Do A;\n• Do B.\n\nCllr Ann Bell",
            "Bussar",
            ["Do A", "Do B."],
            ["Cllr Ann Bell"],
        ),
        (
            "Motion om Y\n\nJag föreslår kommunfullmäktige besluta\n\n1) att A\n2) att B\n\nEva Ek (V), Bo Ek (V)",
            "Motion om Y",
            ["att A", "att B"],
            ["Eva Ek (V)", "Bo Ek (V)"],
        ),
    ],
)
def test_other_council_shapes(
    text: str, title: str, yrkanden: list[str], signatories: list[str]
) -> None:
    draft = parse_motion(text)
    assert (draft.title, draft.yrkanden, draft.signatories) == (title, yrkanden, signatories)


def test_question_after_a_lead_in_is_cut_from_the_colon() -> None:
    text = "Interpellation\n\nOm bussar\n\nBussarna är sena. Min fråga är: Kommer du att agera? Och när?\n\nBo Ek (V)"
    draft = parse_motion(text)
    assert draft.questions == ["Kommer du att agera?", "Och när?"]
    assert draft.yrkanden == []


def test_a_proposal_repeated_by_the_board_is_one_yrkande_and_debate_lines_are_not() -> None:
    text = (
        "Protokollsutdrag\n\nArbetsutskottets förslag\n\n"
        "Arbetsutskottet föreslår kommunstyrelsen föreslå kommunfullmäktige besluta följande:\n\n"
        "Motionen avslås.\n\nAnna Berg (S) yrkar bifall till motionen.\n\n"
        "Kommunstyrelsen föreslår kommunfullmäktige besluta följande:\n\nMotionen avslås."
    )
    draft = parse_motion(text)
    assert draft.yrkanden == ["Motionen avslås."]
    assert [detail.kind for detail in draft.yrkanden_detail] == [YrkandeKind.AVSLAG]


@pytest.mark.parametrize(
    ("text", "kind", "genre", "confidence"),
    [
        (
            "Motion om X\n\nVi yrkar\n\natt A görs.",
            DocumentKind.MOTION,
            DocumentGenre.MOTION,
            Confidence.HIGH,
        ),
        (
            "Motion om X\n\nJag yrkar att kommunen gör A nu.",
            DocumentKind.MOTION,
            DocumentGenre.MOTION,
            Confidence.LOW,
        ),
        (
            "Interpellation till ordföranden\n\nOm X\n\nVarför görs inte A?",
            DocumentKind.INTERPELLATION,
            DocumentGenre.INTERPELLATION,
            Confidence.HIGH,
        ),
        (
            "Enkel fråga\n\nOm X\n\nNär görs A?",
            DocumentKind.INTERPELLATION,
            DocumentGenre.FRAGA,
            Confidence.HIGH,
        ),
        (
            "Protokollsutdrag\n\n§ 4 Om X\n\nAnna Berg (S) yrkar bifall till motionen.",
            DocumentKind.UNKNOWN,
            DocumentGenre.PROTOKOLL,
            Confidence.HIGH,
        ),
        (
            "Reservation\n\nVi yrkade att X skulle göras.",
            DocumentKind.UNKNOWN,
            DocumentGenre.RESERVATION,
            Confidence.HIGH,
        ),
        (
            "Tjänsteskrivelse\n\nOm X\n\nFörslag till beslut\n\nKommunfullmäktige beslutar att anta planen.",
            DocumentKind.MOTION,
            DocumentGenre.TJANSTESKRIVELSE,
            Confidence.HIGH,
        ),
        (
            "Tilläggsyrkande\n\nOm X\n\natt även B görs.",
            DocumentKind.YRKANDE,
            DocumentGenre.TILLAGGSYRKANDE,
            Confidence.LOW,
        ),
    ],
)
def test_the_document_kind_says_what_it_is_and_why_it_may_hold_nothing(
    text: str, kind: DocumentKind, genre: DocumentGenre, confidence: Confidence
) -> None:
    draft = parse_motion(text)
    assert (draft.kind, draft.genre, draft.confidence) == (kind, genre, confidence)
    if genre in (
        DocumentGenre.INTERPELLATION,
        DocumentGenre.FRAGA,
        DocumentGenre.PROTOKOLL,
        DocumentGenre.RESERVATION,
    ):
        assert draft.yrkanden == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("att kommunfullmäktige bifaller motionen", YrkandeKind.BIFALL),
        ("bifall till motionen", YrkandeKind.BIFALL),
        ("avslag till förslaget", YrkandeKind.AVSLAG),
        ("att motionen avslås", YrkandeKind.AVSLAG),
        ("Att avstyrka förslag A", YrkandeKind.AVSLAG),
        ("återremiss av ärendet för att utreda kostnaden", YrkandeKind.ATERREMISS),
        ("att ärendet återremitteras till styrelsen", YrkandeKind.ATERREMISS),
        ("bordläggning av ärendet", YrkandeKind.BORDLAGGNING),
        ("att § 6 får följande ändring: mötet börjar kl. 9", YrkandeKind.ANDRING),
        ("att tillägga en ny punkt om cykelvägar", YrkandeKind.TILLAGG),
        ("att kommunen bygger en skola", YrkandeKind.MATERIAL),
        ("att utreda tilläggsuppdrag för skolan", YrkandeKind.MATERIAL),
    ],
)
def test_each_yrkande_has_a_kind(text: str, kind: YrkandeKind) -> None:
    assert yrkande_kind(text) is kind


def test_items_of_an_andringsyrkande_are_andringar() -> None:
    draft = parse_motion(
        "Ändringsyrkanden:\n\n1. § 6 Mötet börjar kl. 9.\n2. § 7 Mötet slutar kl. 12."
    )
    assert draft.genre is DocumentGenre.ANDRINGSYRKANDE
    assert [d.kind for d in draft.yrkanden_detail] == [YrkandeKind.ANDRING, YrkandeKind.ANDRING]


@pytest.mark.parametrize(
    ("text", "yrkanden"),
    [
        (
            "Motion\n\nUndertecknade hemställer att kommunfullmäktige måtte besluta\n\natt utreda frågan.",
            ["att utreda frågan."],
        ),
        (
            "Medborgarförslag\n\nJag anhåller om att kommunen sätter upp en bänk vid sjön.",
            ["att kommunen sätter upp en bänk vid sjön."],
        ),
        (
            "Motion\n\nVi yrkar att fullmäktige beslutar\n\n| att A görs |\n| att B görs. |",
            ["att A görs", "att B görs."],
        ),
        (
            "Motion\n\nYrkanden\nKommunfullmäktige ger styrelsen i uppdrag att utreda frågan.",
            ["Kommunfullmäktige ger styrelsen i uppdrag att utreda frågan."],
        ),
        ("Yrkande\n\nOm bussar\n\nBussarna är sena", []),
        (
            "Motion\n\nThis Council resolves to ask the Leader to write to the Minister.\n\n"
            "This Council further resolves to hold a summit on buses.",
            ["ask the Leader to write to the Minister.", "hold a summit on buses."],
        ),
        (
            "Motion\n\nCouncil therefore resolves:\n1. To declare a climate emergency.\n2. To report back.",
            ["To declare a climate emergency.", "To report back."],
        ),
        (
            "Motion\n\nFullmäktige beslutade 2019 ”att alla skolor ska ha bibliotek”.\n\nVi yrkar därför\n\natt beslutet genomförs.",
            ["att beslutet genomförs."],
        ),
    ],
)
def test_shapes_a_chair_meets(text: str, yrkanden: list[str]) -> None:
    assert parse_motion(text).yrkanden == yrkanden


def test_english_resolutions_each_with_its_own_formula_are_a_block() -> None:
    draft = parse_motion(
        "Motion\n\nThis Council notes the report.\n\n"
        "This Council resolves to ask the Leader to write to the Minister.\n\n"
        "This Council further resolves to hold a summit on buses."
    )
    assert draft.yrkanden == ["ask the Leader to write to the Minister.", "hold a summit on buses."]
    assert draft.confidence is Confidence.HIGH
