"""The group's line against the council's result: every position x result, items, reports."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.domain.models import CouncilResult, Language, Position, Verdict
from bot.domain.outcomes import (
    combine,
    compare,
    effective_results,
    judge_item,
    moved_own_proposal,
    participation,
    reservation_template,
    score_meeting,
)
from bot.domain.records import Outcome
from bot.ui.messages import t

AT = datetime(2026, 12, 8, 17, 0, tzinfo=UTC)

# The expected table, written out row by row (position: verdict per result in the order
# bifall, avslag, återremiss, bordlagd, besvarad, ändrat). V = vann, F = förlorade,
# D = delvis, - = no line to compare.
RESULTS = ("bifall", "avslag", "aterremiss", "bordlagd", "besvarad", "andrat")
TABLE = {
    "bifall": "V F D D D D",
    "avslag": "F V D D V F",
    "aterremiss": "F F V D F F",
    "bordlaggning": "F F D V F F",
    "eget_yrkande": "F F D D F D",
    "avstar": "- - - - - -",
    "fri_rost": "- - - - - -",
    "undecided": "- - - - - -",
    None: "- - - - - -",
}
LETTER = {"V": Verdict.WON, "F": Verdict.LOST, "D": Verdict.PARTLY, "-": Verdict.NO_LINE}


def _cases() -> list[object]:
    cases = []
    for position, row in TABLE.items():
        for result, letter in zip(RESULTS, row.split(), strict=True):
            cases.append(pytest.param(position, result, LETTER[letter], id=f"{position}-{result}"))
    return cases


def test_the_table_covers_every_position_and_every_result() -> None:
    assert set(TABLE) == {p.value for p in Position} | {None}
    assert set(RESULTS) == {r.value for r in CouncilResult}


@pytest.mark.parametrize(("position", "result", "expected"), _cases())
def test_compare_every_position_with_every_result(
    position: str | None, result: str, expected: Verdict
) -> None:
    found = compare(None if position is None else Position(position), CouncilResult(result))
    assert found is expected


def _outcome(result: str, number: int | None = None) -> Outcome:
    return Outcome(
        item_id=1, yrkande_number=number, result=CouncilResult(result), set_by=7, set_at=AT
    )


@pytest.mark.parametrize(
    ("verdicts", "expected"),
    [
        ([Verdict.WON], Verdict.WON),
        ([Verdict.WON, Verdict.WON], Verdict.WON),
        ([Verdict.LOST, Verdict.LOST], Verdict.LOST),
        ([Verdict.WON, Verdict.LOST], Verdict.PARTLY),
        ([Verdict.PARTLY], Verdict.PARTLY),
        ([Verdict.WON, Verdict.NO_LINE], Verdict.WON),
        ([Verdict.LOST, Verdict.NO_LINE], Verdict.LOST),
        ([Verdict.NO_LINE, Verdict.NO_LINE], Verdict.NO_LINE),
        ([], Verdict.NO_LINE),
    ],
)
def test_combine_att_satser_into_one_verdict(verdicts: list[Verdict], expected: Verdict) -> None:
    assert combine(verdicts) is expected


def test_an_att_sats_outcome_overrides_the_whole_item_outcome() -> None:
    found = effective_results([1, 2, 3], [_outcome("avslag"), _outcome("bifall", 2)])
    assert {n: o.result for n, o in found.items()} == {
        1: CouncilResult.AVSLAG,
        2: CouncilResult.BIFALL,
        3: CouncilResult.AVSLAG,
    }


def test_without_a_whole_item_outcome_only_recorded_att_satser_count() -> None:
    found = effective_results([1, 2], [_outcome("bifall", 2)])
    assert list(found) == [2]


def test_judge_item_per_att_sats_and_combined() -> None:
    positions = {1: Position.BIFALL, 2: Position.BIFALL, 3: Position.AVSTAR}
    verdict = judge_item(positions, [_outcome("bifall"), _outcome("avslag", 2)])
    assert verdict.clauses == {1: Verdict.WON, 2: Verdict.LOST, 3: Verdict.NO_LINE}
    assert verdict.verdict is Verdict.PARTLY
    assert verdict.any_lost


def test_judge_item_without_outcomes_has_no_verdict() -> None:
    verdict = judge_item({1: Position.BIFALL}, [])
    assert verdict.verdict is None and not verdict.any_lost


@pytest.mark.parametrize(
    ("position", "own"),
    [
        (Position.BIFALL, True),
        (Position.EGET_YRKANDE, True),
        (Position.ATERREMISS, True),
        (Position.AVSLAG, False),
    ],
)
def test_reservation_is_for_own_proposal_when_the_group_moved_one(
    position: Position, own: bool
) -> None:
    result = "avslag" if position is not Position.AVSLAG else "bifall"
    verdict = judge_item({1: position}, [_outcome(result)])
    assert verdict.clauses[1] is Verdict.LOST
    assert moved_own_proposal({1: position}, verdict) is own


@pytest.mark.parametrize(
    ("own", "language", "expected"),
    [
        (True, Language.SV, "V-gruppen reserverar sig till förmån för eget yrkande."),
        (False, Language.SV, "V-gruppen reserverar sig mot beslutet."),
        (True, Language.EN, "V-gruppen enters a reservation in favour of its own proposal."),
        (False, Language.EN, "V-gruppen enters a reservation against the decision."),
    ],
)
def test_reservation_template_in_the_usual_form(
    own: bool, language: Language, expected: str
) -> None:
    assert reservation_template("V-gruppen", own, language, t) == expected


def test_score_meeting_counts_verdicts_and_reservations() -> None:
    score = score_meeting(
        3,
        "Regionfullmäktige",
        AT,
        [Verdict.WON, Verdict.LOST, Verdict.LOST, Verdict.PARTLY, None, Verdict.NO_LINE],
        reserved=2,
    )
    assert (score.items, score.won, score.partly, score.lost, score.no_line) == (6, 1, 1, 2, 1)
    assert (score.reserved, score.recorded) == (2, 5)


def test_participation_counts_votes_of_eligible_members_lowest_share_first() -> None:
    clauses = [({1, 2, 3}, {1, 2}), ({1, 2, 3}, {1}), ({1, 2}, {1, 2, 9})]
    found = participation(clauses, {1: "Anna", 2: "Bertil", 3: "Cecilia"})
    assert [(m.name, m.voted, m.eligible, m.percent) for m in found] == [
        ("Cecilia", 0, 2, 0),
        ("Bertil", 2, 3, 67),
        ("Anna", 3, 3, 100),
    ]
