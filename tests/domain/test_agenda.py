"""The agenda reader against the shared agendas, full-length generated kallelser and odd text."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.cli_agenda import main as agenda_main
from bot.domain.agenda import Agenda, AgendaKind, classify, read_agenda, read_proposal
from bot.intake import read_document
from tests.support import kallelser

DATA = Path(__file__).parents[1] / "data" / "agendas"
SHARED = sorted(path.stem for path in DATA.glob("*.json"))


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _dehyphen(text: str) -> str:
    return re.sub(r"(?<=[a-zåäö])-(?=[a-zåäö])", "", text)


def _same_clauses(found: list[str], expected: list[str]) -> bool:
    return len(found) == len(expected) and all(
        _norm(a) == _norm(b) or _dehyphen(_norm(a)) == _dehyphen(_norm(b))
        for a, b in zip(found, expected, strict=True)
    )


def _figures(agenda: Agenda, expected: list[dict[str, Any]]) -> tuple[int, int, int, int]:
    """(ärenden found with number and title, ärenden, proposals read exactly, proposals)."""
    found = [(item.number, _norm(item.title)) for item in agenda.items]
    by_key = {(item.number, _norm(item.title)): item for item in agenda.items}
    titles = sum(1 for e in expected if (e["number"], _norm(e["title"])) in found)
    with_proposal = [e for e in expected if e["proposal"]]
    exact = sum(
        1
        for e in with_proposal
        if (e["number"], _norm(e["title"])) in by_key
        and _same_clauses(by_key[(e["number"], _norm(e["title"]))].proposal, e["proposal"])
    )
    return titles, len(expected), exact, len(with_proposal)


def _shared(ident: str) -> tuple[dict[str, Any], str]:
    meta = json.loads((DATA / f"{ident}.json").read_text(encoding="utf-8"))
    return meta, (DATA / f"{ident}.txt").read_text(encoding="utf-8")


# ---------------------------------------------------------------- the shared agendas


@pytest.mark.parametrize("ident", SHARED)
def test_shared_agenda_numbers_and_titles_are_found(ident: str) -> None:
    meta, text = _shared(ident)
    agenda = read_agenda(text)
    titles, total, _, _ = _figures(agenda, meta["items"])
    assert titles / total >= 0.95, f"{ident}: {titles}/{total}"
    # Nothing invented: no more ärenden than the labels have.
    assert len(agenda.items) <= total


@pytest.mark.parametrize("ident", SHARED)
def test_shared_agenda_date_is_the_meeting_date(ident: str) -> None:
    meta, text = _shared(ident)
    assert read_agenda(text).date == meta["date"]


def test_shared_agendas_proposals_and_kinds() -> None:
    exact = with_proposal = kinds = total = 0
    for ident in SHARED:
        meta, text = _shared(ident)
        agenda = read_agenda(text)
        _, _, hit, count = _figures(agenda, meta["items"])
        exact, with_proposal = exact + hit, with_proposal + count
        for item, label in zip(agenda.items, meta["items"], strict=False):
            total += 1
            kinds += item.kind == label["kind"].replace("other", "ovrigt")
    assert with_proposal >= 1
    assert exact / with_proposal >= 0.85
    assert kinds / total >= 0.9


def test_a_numbered_proposal_inside_an_arende_is_not_read_as_arenden() -> None:
    _, text = _shared("203")
    agenda = read_agenda(text)
    assert [item.number for item in agenda.items] == ["1", "2", "3", "4", "5"]
    assert len(agenda.items[-1].proposal) == 4
    assert agenda.items[-1].dnr == "2018/KS 0336 001"


def test_numbered_questions_inside_a_fragestund_are_not_arenden() -> None:
    _, text = _shared("204")
    agenda = read_agenda(text)
    assert [item.number for item in agenda.items] == [None, None, None, None, "1", "2"]
    assert [item.formal for item in agenda.items[:4]] == [True] * 4


def test_two_numbers_per_line_take_the_agenda_number_and_the_glued_dnr() -> None:
    _, text = _shared("202")
    items = read_agenda(text).items
    assert items[5].number == "6"
    assert items[5].title == "Arbetsordning för landstingsfullmäktige (förslag 1)"
    assert items[5].dnr == "LS 0702-0239"
    assert items[5].proposal == []  # "Landstingsstyrelsens förslag" is only a link label


# ---------------------------------------------------------------- full-length kallelser

SHAPES = [("list", 40), ("list", 60), ("tyreso", 40), ("tyreso", 60), ("arende", 40)]


@cache
def _generated_pdf_text(shape: str, count: int) -> str:
    kallelse = kallelser.build(count, shape=shape, seed=count)
    return read_document("kallelse.pdf", kallelser.to_pdf(kallelse))


@pytest.mark.slow
@pytest.mark.parametrize(("shape", "count"), SHAPES)
@pytest.mark.parametrize("source", ["txt", "pdf"])
def test_full_length_kallelse_is_read(shape: str, count: int, source: str) -> None:
    kallelse = kallelser.build(count, shape=shape, seed=count)
    text = kallelse.text if source == "txt" else _generated_pdf_text(shape, count)
    agenda = read_agenda(text)
    titles, total, exact, with_proposal = _figures(agenda, kallelse.items)
    assert len(agenda.items) == count
    assert titles / total >= 0.95
    assert with_proposal >= count * 0.7  # the board's proposal under most ärenden
    assert exact / with_proposal >= 0.85
    assert agenda.date == kallelse.date
    assert agenda.body == "Kommunfullmäktige i Exempelby"
    kinds = sum(
        1 for item, e in zip(agenda.items, kallelse.items, strict=True) if item.kind == e["kind"]
    )
    assert kinds / total >= 0.95
    formal = [item.title for item in agenda.items if item.formal]
    assert formal == kallelser.FORMAL


def test_kallelse_text_figures_are_exact() -> None:
    kallelse = kallelser.build(40, shape="list", seed=40)
    agenda = read_agenda(kallelse.text)
    assert _figures(agenda, kallelse.items) == (40, 40, 31, 31)
    assert [item.dnr for item in agenda.items] == [e["dnr"] for e in kallelse.items]


# ---------------------------------------------------------------- pieces


@pytest.mark.parametrize(
    ("title", "kind", "formal"),
    [
        ("Upprop", AgendaKind.OVRIGT, True),
        ("Val av justerare", AgendaKind.OVRIGT, True),
        ("Val av protokolljusterare", AgendaKind.OVRIGT, True),
        ("Godkännande av kungörelse", AgendaKind.OVRIGT, True),
        ("Namnupprop, laglighet och beslutsförhet", AgendaKind.OVRIGT, True),
        ("Fastställande av dagordning", AgendaKind.OVRIGT, True),
        ("Svar på motion från Sara Lind (MP) om solceller", AgendaKind.SVAR_PA_MOTION, False),
        ("Motion – Kommunal hemtjänst", AgendaKind.MOTION, False),
        ("Medborgarförslag om hundrastgård", AgendaKind.MEDBORGARFORSLAG, False),
        ("Interpellation – Investeringar i idrott", AgendaKind.INTERPELLATION, False),
        ("Eventuella inkomna enkla frågor", AgendaKind.FRAGA, False),
        ("Frågestund", AgendaKind.FRAGA, False),
        ("Fyllnadsval till socialnämnden", AgendaKind.VAL, False),
        ("Anmälan av revisionsrapporter", AgendaKind.ANMALAN, False),
        ("Budget 2027", AgendaKind.ARENDE, False),
        ("Övriga frågor", AgendaKind.OVRIGT, False),
    ],
)
def test_kind_of_an_arende(title: str, kind: AgendaKind, formal: bool) -> None:
    assert classify(title) == (kind, formal)


def test_a_motion_with_the_boards_answer_is_an_answer_to_a_motion() -> None:
    assert classify("Motion om cykelbanor", proposal=["att avslå motionen."])[0] is (
        AgendaKind.SVAR_PA_MOTION
    )


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            [
                "Förslag till beslut",
                "Kommunfullmäktige beslutar att",
                "- anta planen,",
                "- upphäva den gamla.",
            ],
            ["anta planen", "upphäva den gamla."],
        ),
        (
            [
                "Kommunstyrelsens förslag till beslut",
                "1. att anta taxan,",
                "2. att taxan gäller 2027.",
            ],
            ["att anta taxan", "att taxan gäller 2027."],
        ),
        (
            [
                "Kommunstyrelsen föreslår kommunfullmäktige besluta att anta policyn, samt att upphäva den gamla."
            ],
            ["att anta policyn", "att upphäva den gamla."],
        ),
        (
            [
                "Förslag till beslut",
                "Kommunfullmäktige beslutar att godkänna årsredovisningen.",
                "",
                "Bakgrund",
                "Motionären föreslår att kommunen ska utreda mer.",
            ],
            ["att godkänna årsredovisningen."],
        ),
        (["Landstingsstyrelsens förslag", "", "", "Föredraga"], []),
        (["Bakgrund", "Inga förslag har lämnats in."], []),
    ],
)
def test_proposal_is_read_with_the_motion_block_reader(
    lines: list[str], expected: list[str]
) -> None:
    assert read_proposal(lines) == expected


def test_a_title_wrapped_in_a_pdf_is_joined() -> None:
    text = "Ärenden\n1. Upprop\n2. Svar på motion från Lena Ek (KD) om trygghetsboende i\nNorrby\n3. Budget 2027\n"
    assert [item.title for item in read_agenda(text).items] == [
        "Upprop",
        "Svar på motion från Lena Ek (KD) om trygghetsboende i Norrby",
        "Budget 2027",
    ]


def test_text_without_an_agenda_gives_no_items() -> None:
    agenda = read_agenda("Hej!\n\nDetta är ett brev om ingenting särskilt, skrivet 2026-01-02.")
    assert agenda.items == []
    assert agenda.date == "2026-01-02"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=3000))
def test_reader_never_fails_on_arbitrary_text(text: str) -> None:
    agenda = read_agenda(text)
    assert all(item.title for item in agenda.items)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "1. Upprop",
                "2. Budget",
                "3 Plan",
                "Förslag till beslut",
                "1 Kommunfullmäktige väljer x.",
                "- att y,",
                "Dnr KS 1/2",
                "",
                "§ 5 Ärende/3",
                "Bakgrund",
                "att z.",
                "12.",
            ]
        ),
        max_size=200,
    )
)
def test_reader_never_fails_on_agenda_like_lines(lines: list[str]) -> None:
    agenda = read_agenda("\n".join(lines))
    numbers = [int(item.number) for item in agenda.items if item.number]
    assert numbers == sorted(numbers)


# ---------------------------------------------------------------- the command line


def test_cli_json_has_body_date_and_items(capsys: pytest.CaptureFixture[str]) -> None:
    assert agenda_main(["agenda", str(DATA / "203.txt"), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["body"] == "Kommunfullmäktige i Tyresö"
    assert printed["date"] == "2018-11-22"
    assert [item["number"] for item in printed["items"]] == ["1", "2", "3", "4", "5"]
    assert set(printed["items"][0]) >= {"number", "title", "kind", "proposal"}
    assert len(printed["items"][4]["proposal"]) == 4


def test_cli_reads_a_kallelse_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "kallelse.pdf"
    path.write_bytes(kallelser.to_pdf(kallelser.build(40, shape="list", seed=40)))
    assert agenda_main([str(path)]) == 0
    out = capsys.readouterr().out
    assert "Ärenden (40):" in out
    assert "Datum: 2026-12-14" in out


def test_cli_unreadable_file_prints_the_bots_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "kallelse.exe"
    path.write_bytes(b"MZ")
    assert agenda_main([str(path)]) == 1
    assert "Den filtypen kan Yrka inte läsa" in capsys.readouterr().err
    assert agenda_main([]) == 2


def test_a_longer_numbered_list_inside_an_arende_does_not_replace_the_agenda() -> None:
    text = "\n".join(
        [
            "1. Upprop",
            "2. Remiss av klimatplanen",
            "Remissen går till:",
            "1. Kommunstyrelsen",
            "2. Miljönämnden",
            "3. Tekniska nämnden",
            "4. Byggnadsnämnden",
            "5. Kultur- och fritidsnämnden",
            "3. Budget 2027",
        ]
    )
    titles = [item.title for item in read_agenda(text).items]
    assert titles == ["Upprop", "Remiss av klimatplanen", "Budget 2027"]


def test_a_real_agenda_after_a_short_numbered_instruction_wins() -> None:
    instructions = ["Inför sammanträdet:", "1. Anmäl förhinder", "2. Läs handlingarna", ""]
    agenda = [f"{n}. Ärende nummer {n}" for n in range(1, 11)]
    items = read_agenda("\n".join(instructions + agenda)).items
    assert [item.title for item in items] == [f"Ärende nummer {n}" for n in range(1, 11)]


def test_arende_and_paragraph_headings_with_the_title_below_or_beside() -> None:
    text = (
        "Kallelse\n\nÄrende 1\nUpprop\n\nÄrende 2\nBudget 2027\nDnr KS 2026/1\n"
        "Förslag till beslut\nKommunfullmäktige beslutar att anta budgeten.\n\n"
        "Ärende 3\nTaxa 2027\n"
    )
    items = read_agenda(text).items
    assert [(i.number, i.title) for i in items] == [
        ("1", "Upprop"),
        ("2", "Budget 2027"),
        ("3", "Taxa 2027"),
    ]
    assert items[1].proposal == ["att anta budgeten."] and items[1].dnr == "KS 2026/1"
    protocol = (
        "§ 45 Upprop\n§ 46 Budget 2027\nKommunstyrelsens förslag till beslut\n"
        "1. att anta budgeten\n2. att fastställa skatten\n§ 47 Taxa\n"
    )
    items = read_agenda(protocol).items
    assert [i.number for i in items] == ["45", "46", "47"]
    assert items[1].proposal == ["att anta budgeten", "att fastställa skatten"]


@pytest.mark.parametrize("ident", SHARED)
def test_shared_agenda_set_as_a_pdf_reads_the_same(ident: str) -> None:
    meta, text = _shared(ident)
    pdf = kallelser.to_pdf(kallelser.Kallelse(text=text))
    agenda = read_agenda(read_document(f"{ident}.pdf", pdf))
    titles, total, exact, with_proposal = _figures(agenda, meta["items"])
    assert titles / total >= 0.95, f"{ident}: {titles}/{total}"
    assert exact == with_proposal
