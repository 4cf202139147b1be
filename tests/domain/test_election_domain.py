"""Counting a personval: most votes, absolute majority with a new round, blanks, lottning."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.domain.election import (
    ElectionError,
    ElectionMajority,
    ballot_from_choice,
    ballots_hash,
    canonical_ballots,
    count_round,
    draw_order,
    lottery_seed,
    parse_deadline,
    receipt_from_bytes,
)
from bot.domain.errors import InvalidInput

A, B, C, D = 101, 102, 103, 104
CANDIDATES = [A, B, C, D]
PLURALITY, ABSOLUTE = ElectionMajority.PLURALITY, ElectionMajority.ABSOLUTE


def ballots_for(*groups: tuple[int, list[int]]) -> list[list[int]]:
    """`(n, [indices])` -> n copies of that ballot."""
    return [list(choice) for n, choice in groups for _ in range(n)]


def count(ballots: list[list[int]], seats: int = 2, majority: ElectionMajority = PLURALITY):
    return count_round(
        candidates=CANDIDATES,
        seats=seats,
        majority=majority,
        ballots=ballots,
        eligible=9,
        seed="seed",
    )


@pytest.mark.parametrize(
    ("ballots", "seats", "majority", "elected", "next_round"),
    [
        # Most votes fill the seats.
        (ballots_for((4, [0, 1]), (1, [0]), (3, [2]), (1, [])), 2, PLURALITY, [A, B], []),
        # A candidate with no votes is never elected, even with a seat free.
        (ballots_for((4, [0])), 2, PLURALITY, [A], []),
        # Absolute: more than half of the 8 valid ballots (5) is needed; B has 4.
        (ballots_for((4, [0, 1]), (1, [0]), (3, [2]), (1, [])), 2, ABSOLUTE, [A], [B, C, D]),
        # Blank ballots are not valid ballots: 1 valid ballot, A has it.
        (ballots_for((1, [0]), (8, [])), 1, ABSOLUTE, [A], []),
        # Exactly half is not more than half.
        (ballots_for((2, [0]), (2, [1])), 1, ABSOLUTE, [], [A, B, C, D]),
        # Only blanks: nobody, a new round among all.
        (ballots_for((3, [])), 1, ABSOLUTE, [], [A, B, C, D]),
    ],
)
def test_count_round_fills_seats_by_the_rule(
    ballots: list[list[int]],
    seats: int,
    majority: ElectionMajority,
    elected: list[int],
    next_round: list[int],
) -> None:
    result = count(ballots, seats, majority)
    assert result.elected == elected
    assert result.next_round_candidates == next_round
    assert result.lottery is None


def test_count_reports_votes_blanks_and_cast_versus_eligible() -> None:
    result = count(ballots_for((4, [0, 1]), (1, [0]), (3, [2]), (1, [])), 2, ABSOLUTE)
    assert [(c.candidate_id, c.votes) for c in result.candidates] == [
        (A, 5),
        (B, 4),
        (C, 3),
        (D, 0),
    ]
    assert (result.cast, result.blank, result.valid, result.eligible) == (9, 1, 8, 9)
    assert result.threshold == 5


def test_a_tie_at_the_margin_is_settled_by_a_recorded_reproducible_draw() -> None:
    # A 5, B 3, C 3: one seat is A's, the second is drawn between B and C.
    ballots = ballots_for((2, [0, 1]), (3, [0, 2]), (1, [1]))
    result = count(ballots, 2, PLURALITY)
    assert result.lottery is not None
    draw = result.lottery
    assert draw.tied == [B, C] and draw.places == 1
    assert draw.order == draw_order("seed", [B, C])
    assert result.elected == [A, draw.winners[0]]
    winner = next(c for c in result.candidates if c.candidate_id == draw.winners[0])
    assert winner.elected and winner.by_lot
    # Another seed can draw the other way: the seed, not the order of nomination, decides.
    winners = {draw_order(f"seed{n}", [B, C])[0] for n in range(20)}
    assert winners == {B, C}


def test_no_draw_when_the_tied_fill_exactly_the_places_left() -> None:
    result = count(ballots_for((3, [0, 1]), (1, [2])), 2, PLURALITY)
    assert result.elected == [A, B] and result.lottery is None


def test_the_ballot_list_hash_ignores_the_order_of_casting() -> None:
    first = [[0, 1], [], [2], [1, 0]]
    second = [[2], [0, 1], [0, 1], []]
    assert canonical_ballots(first) == canonical_ballots(second) == [[], [0, 1], [0, 1], [2]]
    assert ballots_hash(first) == ballots_hash(second)
    assert ballots_hash(first) != ballots_hash([[0, 1], [], [2]])


def test_lottery_seed_binds_ballots_and_audit_head() -> None:
    seed = lottery_seed(1, 2, 3, "b" * 64, "a" * 64)
    assert seed == f"val:1:2:3:{'b' * 64}:{'a' * 64}"


@pytest.mark.parametrize(
    ("chosen", "blank", "key"),
    [
        ([0], True, "election.error.blank_and_names"),
        ([], False, "election.error.empty_ballot"),
        ([0, 0], False, "election.error.bad_ballot"),
        ([7], False, "election.error.bad_ballot"),
        ([-1], False, "election.error.bad_ballot"),
        ([0, 1, 2], False, "election.error.too_many_names"),
    ],
)
def test_bad_ballots_are_refused(chosen: list[int], blank: bool, key: str) -> None:
    with pytest.raises(ElectionError) as refused:
        ballot_from_choice(chosen, blank, CANDIDATES, 2)
    assert refused.value.key == key


def test_good_ballots_are_sorted_indices() -> None:
    assert ballot_from_choice([2, 0], False, CANDIDATES, 2) == (0, 2)
    assert ballot_from_choice([], True, CANDIDATES, 2) == ()


def test_receipt_codes_avoid_look_alike_characters() -> None:
    code = receipt_from_bytes(bytes(range(8)))
    assert code == "ABCD-EFGH"
    assert receipt_from_bytes(bytes([255] * 8)) == "9999-9999"
    with pytest.raises(ValueError):
        receipt_from_bytes(b"123")


def test_parse_deadline_reads_stockholm_time_and_refuses_the_past() -> None:
    now = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
    assert parse_deadline("2026-11-27 10:00", now=now) == datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    with pytest.raises(InvalidInput):
        parse_deadline("2026-11-25 10:00", now=now)
    with pytest.raises(InvalidInput):
        parse_deadline("imorgon", now=now)
