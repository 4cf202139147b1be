"""The group's own yrkanden in the minutes (md, docx, pdf), the CSV/JSON export and the brief.

Per §: "Yrkanden i gruppen", "Beslutsgång" with the counts of each round, "Beslut" as the
speaker tables it ("Gruppen yrkar bifall till ändringsyrkande 2 (N.N.): att …"), and the
avvikande meningar.
"""

from __future__ import annotations

import csv
import io

import pytest
from docx import Document

from bot.domain.alternatives import ProposalKind, QuestionKind, Resolution
from bot.domain.beslutsgang_minutes import (
    AlternativeMinutes,
    BeslutsgangMinutes,
    DissentMinutes,
    ProposalMinutes,
    QuestionMinutes,
    RoundMinutes,
    decision_lines,
)
from bot.domain.minutes import MeetingRecord, render_json, render_markdown
from bot.domain.models import ExportFormat, Language, Position
from bot.export import export_files
from bot.export.pdf import render_pdf
from bot.export.word import render_docx
from bot.ui.messages import t
from tests.render.test_exports import _pdf_text, sample_record

CHANGE = "att nattbussarna går varannan timme"
ADDITION = "att regionen utvärderar nattbussarna efter ett år"
ORIGINAL = "att nattbussarna går varje timme"


def beslutsgang() -> BeslutsgangMinutes:
    """Three alternatives on att-sats 2, a second round, a tillägg, one withdrawn referral."""
    return BeslutsgangMinutes(
        proposals=[
            ProposalMinutes(
                number=1,
                kind=ProposalKind.REFERRAL,
                yrkande_number=None,
                text="Behöver en kostnadsberäkning.",
                author="Cecilia Dahl",
                withdrawn=True,
            ),
            ProposalMinutes(
                number=2,
                kind=ProposalKind.CHANGE,
                yrkande_number=2,
                text=CHANGE,
                author="Anna Berg",
            ),
            ProposalMinutes(
                number=3,
                kind=ProposalKind.REJECT,
                yrkande_number=2,
                text="avslag",
                author="Bertil Ek",
            ),
            ProposalMinutes(
                number=4,
                kind=ProposalKind.ADDITION,
                yrkande_number=2,
                text=ADDITION,
                author="Bertil Ek",
            ),
        ],
        locked=True,
        questions=[
            QuestionMinutes(
                key="a1",
                kind=QuestionKind.PLAIN,
                yrkande_number=1,
                text="att regionen inför nattbussar",
                rounds=[RoundMinutes(number=1, votes={"bifall": 7, "avslag": 1, "avstar": 1})],
                resolution=Resolution.DECIDED,
                position=Position.BIFALL,
            ),
            QuestionMinutes(
                key="a2",
                kind=QuestionKind.ALTERNATIVES,
                yrkande_number=2,
                alternatives=[
                    AlternativeMinutes(number=1, kind=ProposalKind.ORIGINAL, text=ORIGINAL),
                    AlternativeMinutes(
                        number=2,
                        kind=ProposalKind.CHANGE,
                        text=CHANGE,
                        author="Anna Berg",
                        proposal_number=2,
                    ),
                    AlternativeMinutes(
                        number=3,
                        kind=ProposalKind.REJECT,
                        text="avslag",
                        author="Bertil Ek",
                        proposal_number=3,
                    ),
                ],
                rounds=[
                    RoundMinutes(number=1, votes={"1": 3, "2": 4, "3": 2}, not_voted=0),
                    RoundMinutes(number=2, votes={"1": 4, "2": 5}, not_voted=0),
                ],
                resolution=Resolution.DECIDED,
                winner=2,
            ),
            QuestionMinutes(
                key="p4",
                kind=QuestionKind.ADDITION,
                yrkande_number=2,
                proposal_number=4,
                text=ADDITION,
                author="Bertil Ek",
                rounds=[RoundMinutes(number=1, votes={"bifall": 6, "avslag": 3, "avstar": 0})],
                resolution=Resolution.DECIDED,
                position=Position.BIFALL,
            ),
        ],
    )


def record_with_beslutsgang(language: Language = Language.SV) -> MeetingRecord:
    record = sample_record(language)
    first = record.items[0].model_copy(
        update={
            "beslutsgang": beslutsgang(),
            "dissents": [DissentMinutes(name="Mia Bäck", text="Jag vill ha bussar varje timme.")],
        }
    )
    return record.model_copy(update={"items": [first, *record.items[1:]]})


WINNING = f"Gruppen yrkar bifall till ändringsyrkande 2 (Anna Berg): {CHANGE}"
EXPECTED = [
    "Yrkanden i gruppen",
    "Yrkande 1: återremissyrkande av Cecilia Dahl (återkallat)",
    f"Yrkande 2: ändringsyrkande till att-sats 2 av Anna Berg: {CHANGE}",
    "Beslutsgång",
    "1. Att-sats 1: att regionen inför nattbussar",
    "bifall 7, avslag 1, avstår 1, ej röstat 0",
    "2. Att-sats 2, alternativen:",
    "Omgång 1: 1️⃣ 3, 2️⃣ 4, 3️⃣ 2, avstår 0, ej röstat 0",
    "Omgång 2: 1️⃣ 4, 2️⃣ 5, avstår 0, ej röstat 0",
    "3. Tilläggsyrkande 4 (Bertil Ek) till att-sats 2",
    "Beslut",
    "Gruppen yrkar bifall till att-sats 1: att regionen inför nattbussar",
    WINNING,
    f"Gruppen yrkar bifall till tilläggsyrkande 4 (Bertil Ek): {ADDITION}",
    "Avvikande mening",
    "Mia Bäck: Jag vill ha bussar varje timme.",
]


def test_decision_lines_are_exactly_what_the_speaker_tables() -> None:
    say = lambda key, **params: t(key, Language.SV, **params)  # noqa: E731
    assert decision_lines(beslutsgang(), say) == [
        "Gruppen yrkar bifall till att-sats 1: att regionen inför nattbussar",
        WINNING,
        f"Gruppen yrkar bifall till tilläggsyrkande 4 (Bertil Ek): {ADDITION}",
    ]


@pytest.mark.parametrize(
    ("resolution", "position", "winner", "tabled"),
    [
        (Resolution.FALLS, None, 2, False),  # återremiss won: nothing on the substance
        (Resolution.UNDECIDED, Position.UNDECIDED, None, False),  # ordföranden beslutar
        (None, None, None, False),  # not decided yet
        (Resolution.DECIDED, None, 2, True),
    ],
)
def test_only_a_decided_winner_is_tabled(
    resolution: Resolution | None, position: Position | None, winner: int | None, tabled: bool
) -> None:
    found = beslutsgang()
    question = found.questions[1].model_copy(
        update={"resolution": resolution, "position": position, "winner": winner}
    )
    say = lambda key, **params: t(key, Language.SV, **params)  # noqa: E731
    lines = decision_lines(found.model_copy(update={"questions": [question]}), say)
    assert (WINNING in lines) is tabled


def test_a_winning_avslag_is_tabled_as_avslag_on_the_att_sats() -> None:
    found = beslutsgang()
    question = found.questions[1].model_copy(update={"winner": 3})
    say = lambda key, **params: t(key, Language.SV, **params)  # noqa: E731
    [line] = decision_lines(found.model_copy(update={"questions": [question]}), say)
    assert line == "Gruppen yrkar avslag på att-sats 2 (avslagsyrkande 3 (Bertil Ek))."


def test_markdown_minutes_have_the_groups_yrkanden_beslutsgang_decision_and_dissent() -> None:
    text = render_markdown(record_with_beslutsgang(), t).decode("utf-8")
    plain = text.replace("\\", "")
    for expected in EXPECTED:
        assert expected in plain, expected
    # In order, within the §.
    positions = [text.index("Yrkanden i gruppen"), text.index("### Beslutsgång")]
    positions += [text.index("### Beslut\n"), text.index("### Avvikande mening")]
    assert positions == sorted(positions)


def test_docx_minutes_carry_the_winning_text_the_beslutsgang_and_both_rounds() -> None:
    document = Document(io.BytesIO(render_docx(record_with_beslutsgang())))
    paragraphs = [p.text for p in document.paragraphs]
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading 2")]
    for heading in ("Yrkanden i gruppen", "Beslutsgång", "Beslut", "Avvikande mening"):
        assert heading in headings
    text = "\n".join(paragraphs)
    for expected in EXPECTED:
        assert expected in text, expected


def test_pdf_minutes_carry_the_winning_text_and_the_rounds() -> None:
    text = " ".join(_pdf_text(render_pdf(record_with_beslutsgang())).split())
    for expected in ("Yrkanden i gruppen", "Beslutsgång", "Avvikande mening", "Omgång 2"):
        assert expected in text, expected
    assert " ".join(WINNING.split()) in text


def test_json_carries_the_alternatives_and_rounds_and_round_trips() -> None:
    record = record_with_beslutsgang()
    data = render_json(record)
    assert MeetingRecord.model_validate_json(data) == record
    assert '"winner": 2' in data.decode()
    assert '"2": 5' in data.decode()


def test_json_of_a_meeting_without_yrkanden_is_unchanged() -> None:
    assert b"beslutsgang" not in render_json(sample_record())
    assert b"dissents" not in render_json(sample_record())


def test_csv_has_a_beslutsgang_file_with_a_row_per_option_and_round() -> None:
    files = {
        f.name.rsplit("-", 1)[-1]: f.data
        for f in export_files(record_with_beslutsgang(), ExportFormat.CSV)
    }
    assert "beslutsgang.csv" in files
    rows = list(
        csv.reader(io.StringIO(files["beslutsgang.csv"].decode("utf-8-sig")), delimiter=";")
    )
    header, body = rows[0], rows[1:]
    assert header[:4] == ["paragraf", "ärende", "steg", "fråga"]
    second_round = [r for r in body if r[3] == "a2" and r[9] == "2"]
    assert [(r[6], r[10]) for r in second_round] == [("1", "4"), ("2", "5")]
    [won] = [r for r in second_round if r[11]]
    assert won[6] == "2" and won[11] == WINNING
    first_round = [(r[6], r[10]) for r in body if r[3] == "a2" and r[9] == "1"]
    assert first_round == [("1", "3"), ("2", "4"), ("3", "2")]


def test_csv_of_a_meeting_without_a_locked_beslutsgang_has_no_such_file() -> None:
    names = [f.name for f in export_files(sample_record(), ExportFormat.CSV)]
    assert not any(name.endswith("beslutsgang.csv") for name in names)


def test_english_minutes_say_it_in_english() -> None:
    text = render_markdown(record_with_beslutsgang(Language.EN), t).decode("utf-8")
    assert "Order of decision" in text and "Dissenting opinions" in text
    assert "The group moves to approve ändringsyrkande (change) 2 (Anna Berg)" in text
