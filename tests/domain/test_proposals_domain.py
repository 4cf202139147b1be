"""Tabling rules (bot.domain.proposals): who opposed the line, the order to lock, targets."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.domain.alternatives import ProposalKind, QuestionKind
from bot.domain.errors import InvalidInput
from bot.domain.models import Choice, Position
from bot.domain.proposals import (
    TabledProposal,
    beslutsgang,
    check_target,
    clean_text,
    opposed_question,
    parse_order,
    voted_against,
)

AT = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def tabled(
    number: int,
    kind: ProposalKind,
    yrkande: int | None = None,
    *,
    withdrawn: bool = False,
) -> TabledProposal:
    return TabledProposal(
        id=number,
        item_id=1,
        number=number,
        kind=kind,
        yrkande_number=yrkande,
        text=f"yrkande {number}",
        author_id=100 + number,
        tabled_at=AT,
        withdrawn_at=AT if withdrawn else None,
        withdrawn_by=100 + number if withdrawn else None,
    )


@pytest.mark.parametrize(
    ("choices", "lines", "against"),
    [
        ({1: Choice.AVSLAG}, {1: Position.BIFALL}, [1]),
        ({1: Choice.BIFALL}, {1: Position.AVSLAG}, [1]),
        ({1: Choice.BIFALL}, {1: Position.BIFALL}, []),
        ({1: Choice.AVSTAR}, {1: Position.BIFALL}, []),  # avstår opposes nothing
        ({1: None}, {1: Position.BIFALL}, []),  # did not vote
        ({1: Choice.AVSLAG}, {1: Position.UNDECIDED}, []),  # no line to oppose
        ({1: Choice.AVSLAG}, {1: Position.FRI_ROST}, []),
        ({1: Choice.AVSLAG}, {1: None}, []),  # not decided yet
        ({1: Choice.BIFALL, 2: Choice.BIFALL}, {1: Position.BIFALL, 2: Position.AVSLAG}, [2]),
    ],
)
def test_voted_against_is_the_opposite_choice_to_a_taken_line(
    choices: dict[int, Choice | None], lines: dict[int, Position | None], against: list[int]
) -> None:
    assert voted_against(choices, lines) == against


def test_beslutsgang_leaves_withdrawn_yrkanden_out() -> None:
    questions = beslutsgang(
        ["att A", "att B"],
        [
            tabled(1, ProposalKind.REFERRAL, withdrawn=True),
            tabled(2, ProposalKind.CHANGE, 2),
            tabled(3, ProposalKind.ADDITION, 1),
        ],
        None,
    )
    assert [q.key for q in questions] == ["a1", "p3", "a2"]


def test_beslutsgang_takes_the_chairs_order_when_it_keeps_the_rules() -> None:
    proposals = [tabled(1, ProposalKind.REFERRAL), tabled(2, ProposalKind.ADDITION)]
    questions = beslutsgang(["att A", "att B"], proposals, "P1, a2 a1  p2")
    assert [q.key for q in questions] == ["p1", "a2", "a1", "p2"]


@pytest.mark.parametrize(
    ("order", "key"),
    [
        ("a1 p1 a2 p2", "proposal.error.order_formal_not_first"),
        ("p1 a1 p2 a2", "proposal.error.order_addition_before_main"),
        ("p1 a1 a2", "proposal.error.order_not_a_permutation"),
        ("p1 a1 a1 a2 p2", "proposal.error.order_not_a_permutation"),
    ],
)
def test_beslutsgang_refuses_an_order_against_the_procedure(order: str, key: str) -> None:
    proposals = [tabled(1, ProposalKind.REFERRAL), tabled(2, ProposalKind.ADDITION)]
    with pytest.raises(InvalidInput) as refused:
        beslutsgang(["att A", "att B"], proposals, order)
    assert refused.value.key == key
    assert refused.value.params["keys"] == "p1 a1 a2 p2"


def test_parse_order_splits_on_commas_and_spaces() -> None:
    assert parse_order(" p3,a1  a2 ,p4 ") == ["p3", "a1", "a2", "p4"]


@pytest.mark.parametrize(
    ("kind", "yrkande", "count", "key"),
    [
        (ProposalKind.CHANGE, None, 2, "proposal.error.needs_att_sats"),
        (ProposalKind.CHANGE, 3, 2, "proposal.error.no_such_att_sats"),
        (ProposalKind.REFERRAL, 1, 2, "proposal.error.referral_is_whole_item"),
    ],
)
def test_check_target_refuses_what_does_not_fit(
    kind: ProposalKind, yrkande: int | None, count: int, key: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_target(kind, yrkande, count, [])
    assert refused.value.key == key


def test_check_target_counts_only_yrkanden_still_on_the_table() -> None:
    # The original plus eight rivals fill 1️⃣–9️⃣; a withdrawn rival frees its place.
    rivals = [tabled(n, ProposalKind.CHANGE, 1) for n in range(1, 8)]
    check_target(ProposalKind.OWN, 1, 1, rivals)  # the 8th rival fits
    full = [*rivals, tabled(8, ProposalKind.OWN, 1)]
    with pytest.raises(InvalidInput) as refused:
        check_target(ProposalKind.OWN, 1, 1, full)
    assert refused.value.key == "proposal.error.too_many"
    freed = [*rivals, tabled(8, ProposalKind.OWN, 1, withdrawn=True)]
    check_target(ProposalKind.OWN, 1, 1, freed)


@pytest.mark.parametrize(("text", "key"), [("   ", "empty"), ("x" * 11, "long")])
def test_clean_text_refuses_empty_and_long(text: str, key: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        clean_text(text, 10, "empty", "long")
    assert refused.value.key == key


def test_clean_text_strips() -> None:
    assert clean_text("  att x \n", 10, "empty", "long") == "att x"


@pytest.mark.parametrize(
    ("kind", "winner", "position", "choice", "opposed"),
    [
        (QuestionKind.ALTERNATIVES, 2, Position.BIFALL, "1", True),  # another alternative
        (QuestionKind.ALTERNATIVES, 2, Position.BIFALL, "2", False),  # the winner
        (QuestionKind.ALTERNATIVES, 2, Position.BIFALL, "avstar", False),  # avstår
        (QuestionKind.ALTERNATIVES, None, Position.UNDECIDED, "1", False),  # nothing chosen
        (QuestionKind.ALTERNATIVES, 2, Position.BIFALL, None, False),  # did not vote
        (QuestionKind.ADDITION, None, Position.BIFALL, "avslag", True),
        (QuestionKind.ADDITION, None, Position.BIFALL, "bifall", False),
        (QuestionKind.FORMAL, None, Position.AVSLAG, "bifall", True),  # wanted återremiss
        (QuestionKind.FORMAL, None, Position.AVSLAG, "avstar", False),
    ],
)
def test_opposed_question_is_another_alternative_or_the_opposite_line(
    kind: QuestionKind, winner: int | None, position: Position, choice: str | None, opposed: bool
) -> None:
    assert opposed_question(kind, winner, position, choice) is opposed
