"""The decision-block reader (bot.domain.motion.blocks): cue, items, end of block."""

from __future__ import annotations

import pytest

from bot.domain.motion import clean_clause, find_decision_blocks
from bot.domain.motion.cues import find_cue


@pytest.mark.parametrize(
    "line",
    [
        "Vänsterpartiet yrkar",
        "Därför föreslår vänsterpartiet:",
        "… föreslås fullmäktige besluta",
        "Härmed yrkar vi att Kommunfullmäktige",
        "Jag och partiet föreslår därför kommunfullmäktige besluta:",
        "Med anledning av ovanstående så yrkar vi;",
        "Därför föreslår partiet följande;",
        "Vi föreslår kommunfullmäktige",
        "Det foreslås,",
        "Forslag til vedtak:",
        "Förslag till beslut",
        "Förslag till riksdagsbeslut",
        "Att-sats",
        "In light of this, this Council, therefore, resolves to;",
        "Council declares a climate emergency and commits to doing the following:",
        "Våra förslag, som vi skickat in som motioner till kommunfullmäktige:",
        "Vi hemställer att fullmäktige beslutar att:",
        "Undertecknad anhåller om att kommunfullmäktige beslutar:",
        "Partiet vill därför att:",
        "Förslaget är att kommunfullmäktige beslutar",
        "Styrelsen föreslår kommunfullmäktige besluta följande:",
    ],
)
def test_intro_cues_of_many_wordings_open_a_block(line: str) -> None:
    assert find_cue(line) is not None


@pytest.mark.parametrize(
    "line",
    [
        "Det finns flera problem:",
        "This Council acknowledges;",
        "This Council subsequently notes that;",
        "Centerpartiet föreslår därför att kommunen bygger upp laddstolpar i hela landet.",
        "Kommunfullmäktige beslutade 2020 att bygga en bro:",
        "Vad tänker du göra åt saken, och när föreslår du att det sker?",
        "In the ensuing debate, the following points were raised:",
    ],
)
def test_background_lines_are_not_cues(line: str) -> None:
    assert find_cue(line) is None


@pytest.mark.parametrize(
    ("text", "items"),
    [
        # att-lines, blank lines between, a signature after
        (
            "Vi yrkar\n\natt A görs,\n\natt B görs.\n\nAnna Berg (V)",
            ["att A görs", "att B görs."],
        ),
        # a dash list without att after "besluta att:", a date and place after
        (
            "Vi föreslår fullmäktige besluta att:\n- A görs\n- B görs.\n\nStorby 2024-01-02",
            ["A görs", "B görs."],
        ),
        # numbered items with continuation lines and an indented sub-list
        (
            "Förslag till beslut\n1. Att A görs och\nfortsätter här.\n2. Att B:\n   a) del ett\n   b) del två\n\nBakgrund\nText.",
            ["Att A görs och fortsätter här.", "Att B: a) del ett b) del två"],
        ),
        # letter list, verb-first, after a semicolon intro
        (
            "Därför föreslår vi följande;\n\na) Kommunen bygger en skola.\nb) Utreder kostnaden.",
            ["Kommunen bygger en skola.", "Utreder kostnaden."],
        ),
        # numbers the PDF put on their own lines before the items
        (
            "Förslag till riksdagsbeslut\n1.\n2.\nRiksdagen gör A.\nRiksdagen gör B.\nYrkande 2 hänvisat.",
            ["Riksdagen gör A.", "Riksdagen gör B."],
        ),
        # English, each resolution its own bullet; the preamble bullets are not a block
        (
            "This Council notes;\n· a fact;\n· another fact.\n\nThis Council resolves to;\n· do A;\n· do B.",
            ["do A", "do B."],
        ),
        # a plain paragraph after a cue that leaves its sentence open
        (
            "Härmed yrkar vi att Kommunfullmäktige\n\nger nämnden i uppdrag att utreda saken.\n\nGruppen",
            ["ger nämnden i uppdrag att utreda saken."],
        ),
        # the clause on the cue's own line
        ("Därför yrkar vi på att: kommunen ska bygga en bro.", ["kommunen ska bygga en bro."]),
        # "Att" in the motivation after a lower-case list is not a clause
        (
            "Vi föreslår att fullmäktige beslutar\n\natt A görs.\n\nAtt satsa är bra.",
            ["att A görs."],
        ),
        # a table pipe and an unmatched closing quote never reach the member
        ("Vi yrkar\n\natt A görs |\n\natt B görs”.", ["att A görs", "att B görs"]),
        # nothing after the cue
        ("Vi yrkar att:\n\nAnna Berg (V)", []),
    ],
)
def test_find_decision_blocks_splits_the_block_into_its_items(text: str, items: list[str]) -> None:
    found = [item for block in find_decision_blocks(text) for item in block.items]
    assert found == items


def test_a_registry_page_gives_every_motions_block_even_when_the_intro_repeats() -> None:
    motion = "Motion nr {n} – Motion om att göra {n}\n\nFörslaget är att kommunfullmäktige beslutar\n\n• att {n} a görs.\n• att {n} b görs.\n\n"
    text = "".join(motion.format(n=n) for n in range(1, 5))
    found = [item for block in find_decision_blocks(text) for item in block.items]
    assert found == [f"att {n} {part} görs." for n in range(1, 5) for part in "ab"]


def test_a_list_right_below_a_motion_heading_or_a_proposing_paragraph_is_a_block() -> None:
    text = (
        "Vi vill behålla toaletterna, så föreslår vi att det vidtas åtgärder.\n\n"
        "1. Toaletterna ska vara tio.\n2. Direktören utreder vilka.\n\n"
        "2019-06-14 Budgetmotion\n• Öka skatten\n• Inte minska bidraget"
    )
    found = [item for block in find_decision_blocks(text) for item in block.items]
    assert found == [
        "Toaletterna ska vara tio.",
        "Direktören utreder vilka.",
        "Öka skatten",
        "Inte minska bidraget",
    ]


def test_a_list_of_problems_or_places_is_not_a_block() -> None:
    text = (
        "Det finns flera problem:\n\n1. Maten är kall.\n2. Köerna är långa.\n\n"
        "De platser som har givits på förslag är:\n-Fittja Gård\n-Alby Gård"
    )
    assert find_decision_blocks(text) == []


def test_each_block_keeps_its_cue_and_several_blocks_come_in_order() -> None:
    text = (
        "Motion 1\n\nVi yrkar att:\n- A görs.\n\nAnna (V)\n\n"
        "Motion 2\n\nJag föreslår fullmäktige besluta\n\natt B görs.\n\nBo (S)"
    )
    blocks = find_decision_blocks(text)
    assert [(block.cue, block.items) for block in blocks] == [
        ("Vi yrkar att:", ("A görs.",)),
        ("Jag föreslår fullmäktige besluta", ("att B görs.",)),
    ]
    assert blocks[0].start_line < blocks[0].end_line <= blocks[1].start_line


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("att A görs,", "att A görs"),
        ("att A görs; samt", "att A görs"),
        ("a shared future”.", "a shared future"),
        ("the target.”", "the target."),
        ("”citat” som står kvar”", "”citat” som står kvar"),
        ("han sa ”ja”", "han sa ”ja”"),
        ("he said “yes”", "he said “yes”"),
        ("har en hotbild.1", "har en hotbild."),
        ("text |", "text"),
        (",samt", ""),
        ("att ,", ""),
    ],
)
def test_clean_clause_drops_what_nobody_votes_on(raw: str, clean: str) -> None:
    assert clean_clause(raw) == clean
