"""Quorum, majority rules and tie-breaks turning counts into the group's position."""

from __future__ import annotations

import itertools

import pytest

from bot.domain.models import Choice, Counts, GroupRules, Majority, Position, TieBreak
from bot.domain.rules import ALL_REASONS, decide, draw_lots, quorum_met
from bot.ui.messages import CATALOGUE

EVEN_SEED = "guild-1/item-7"  # sha256 starts 0x12: even -> bifall
ODD_SEED = "guild-1/item-9"  # sha256 starts 0x37: odd -> avslag
EVEN_DIGEST = "128f31abc379dc72f7a2d61f8f78bc4f29aa33c802456bf95d8fb44c7139847e"
ODD_DIGEST = "378fa528f54d3ebb00c2ffaed513b328c7d636ebdc238973222f9f8ca1fbe420"

ALL_RULE_COMBINATIONS = list(itertools.product(Majority, TieBreak))


def counts(bifall: int, avslag: int, avstar: int, not_voted: int = 0) -> Counts:
    return Counts(bifall=bifall, avslag=avslag, avstar=avstar, not_voted=not_voted)


def rules(majority: Majority, tie_break: TieBreak = TieBreak.CHAIR, quorum: int = 50) -> GroupRules:
    return GroupRules(quorum_percent=quorum, majority=majority, tie_break=tie_break)


@pytest.mark.parametrize(
    ("participated", "eligible", "quorum_percent", "expected"),
    [
        (5, 10, 50, True),  # exactly at quorum
        (4, 10, 50, False),  # just below
        (6, 10, 50, True),
        (1, 3, 34, False),  # 33.3 % < 34 %
        (2, 3, 66, True),  # 66.7 % >= 66 %
        (2, 3, 67, False),  # 66.7 % < 67 %
        (0, 10, 0, True),
        (0, 0, 0, True),  # nobody eligible, no quorum required
        (0, 0, 50, False),  # nobody eligible never makes a quorum
        (3, 0, 50, False),  # votes of members who left, nobody eligible now
        (10, 10, 100, True),
        (9, 10, 100, False),
    ],
)
def test_quorum_is_met_at_exactly_the_quorum_and_never_with_nobody_eligible(
    participated: int, eligible: int, quorum_percent: int, expected: bool
) -> None:
    assert quorum_met(participated, eligible, quorum_percent) is expected


@pytest.mark.parametrize(("majority", "tie_break"), ALL_RULE_COMBINATIONS)
@pytest.mark.parametrize(
    ("tally", "eligible", "quorum"),
    [
        (counts(0, 0, 0, 10), 10, 50),  # no votes at all
        (counts(2, 2, 0, 6), 10, 50),  # just below quorum, a tie
        (counts(4, 0, 0, 6), 10, 50),  # just below quorum, unanimous
        (counts(0, 0, 0), 0, 50),  # nobody eligible
        (counts(1, 0, 0), 0, 50),  # only a member who left voted
    ],
)
def test_without_quorum_every_rule_leaves_it_to_the_chair(
    majority: Majority, tie_break: TieBreak, tally: Counts, eligible: int, quorum: int
) -> None:
    decision = decide(
        tally,
        eligible=eligible,
        rules=rules(majority, tie_break, quorum),
        chair_vote=Choice.BIFALL,
        lottery_seed=EVEN_SEED,
    )
    assert (decision.position, decision.reason, decision.quorum_met) == (
        Position.UNDECIDED,
        "reason.no_quorum",
        False,
    )
    assert decision.tie is False
    assert decision.lottery is None


@pytest.mark.parametrize(("majority", "tie_break"), ALL_RULE_COMBINATIONS)
@pytest.mark.parametrize(
    ("tally", "eligible"),
    [
        (counts(0, 0, 5, 5), 10),  # only avstår, exactly at quorum
        (counts(0, 0, 10), 10),
        (counts(0, 0, 1), 1),
    ],
)
def test_only_abstentions_with_quorum_mean_the_group_abstains(
    majority: Majority, tie_break: TieBreak, tally: Counts, eligible: int
) -> None:
    decision = decide(
        tally,
        eligible=eligible,
        rules=rules(majority, tie_break),
        chair_vote=Choice.AVSTAR,
        lottery_seed=ODD_SEED,
    )
    assert (decision.position, decision.reason, decision.tie) == (
        Position.AVSTAR,
        "reason.all_abstained",
        False,
    )


@pytest.mark.parametrize(("majority", "tie_break"), ALL_RULE_COMBINATIONS)
@pytest.mark.parametrize("eligible", [0, 10])
def test_quorum_zero_and_nobody_voting_is_undecided(
    majority: Majority, tie_break: TieBreak, eligible: int
) -> None:
    decision = decide(
        counts(0, 0, 0, eligible),
        eligible=eligible,
        rules=rules(majority, tie_break, quorum=0),
        chair_vote=None,
        lottery_seed=EVEN_SEED,
    )
    assert decision.quorum_met is True
    assert (decision.position, decision.reason) == (Position.UNDECIDED, "reason.no_votes")


# (label, counts, eligible, quorum, majority, tie_break, chair_vote, seed) ->
# (position, reason, tie)
DECISION_TABLE = [
    # simple majority
    ("simple bifall", counts(3, 2, 0), 5, 50, Majority.SIMPLE, TieBreak.CHAIR, None, EVEN_SEED,
     Position.BIFALL, "reason.majority", False),
    ("simple avslag", counts(1, 3, 1), 5, 50, Majority.SIMPLE, TieBreak.LOTTERY, None, EVEN_SEED,
     Position.AVSLAG, "reason.majority", False),
    ("simple abstentions not cast", counts(2, 1, 4), 8, 50, Majority.SIMPLE, TieBreak.CHAIR, None,
     EVEN_SEED, Position.BIFALL, "reason.majority", False),
    ("simple exactly at quorum", counts(3, 2, 0, 5), 10, 50, Majority.SIMPLE, TieBreak.CHAIR, None,
     EVEN_SEED, Position.BIFALL, "reason.majority", False),
    ("simple tie chair bifall", counts(2, 2, 1), 5, 50, Majority.SIMPLE, TieBreak.CHAIR,
     Choice.BIFALL, EVEN_SEED, Position.BIFALL, "reason.tie_chair", True),
    ("simple tie chair avslag", counts(2, 2, 0), 4, 50, Majority.SIMPLE, TieBreak.CHAIR,
     Choice.AVSLAG, EVEN_SEED, Position.AVSLAG, "reason.tie_chair", True),
    ("simple tie chair abstained", counts(2, 2, 1), 5, 50, Majority.SIMPLE, TieBreak.CHAIR,
     Choice.AVSTAR, EVEN_SEED, Position.UNDECIDED, "reason.tie_unsettled", True),
    ("simple tie chair did not vote", counts(2, 2, 0, 1), 5, 50, Majority.SIMPLE, TieBreak.CHAIR,
     None, EVEN_SEED, Position.UNDECIDED, "reason.tie_unsettled", True),
    ("simple tie lottery even", counts(1, 1, 0), 2, 50, Majority.SIMPLE, TieBreak.LOTTERY, None,
     EVEN_SEED, Position.BIFALL, "reason.tie_lottery", True),
    ("simple tie lottery odd", counts(1, 1, 0), 2, 50, Majority.SIMPLE, TieBreak.LOTTERY,
     Choice.BIFALL, ODD_SEED, Position.AVSLAG, "reason.tie_lottery", True),
    ("simple tie free vote", counts(3, 3, 0), 6, 50, Majority.SIMPLE, TieBreak.FREE_VOTE,
     Choice.BIFALL, EVEN_SEED, Position.FRI_ROST, "reason.tie_free_vote", True),
    ("simple quorum 0 one vote", counts(0, 1, 0, 9), 10, 0, Majority.SIMPLE, TieBreak.CHAIR, None,
     EVEN_SEED, Position.AVSLAG, "reason.majority", False),
    ("simple left member counts", counts(2, 1, 0), 2, 50, Majority.SIMPLE, TieBreak.CHAIR, None,
     EVEN_SEED, Position.BIFALL, "reason.majority", False),
    # absolute majority: more than half of those taking part, avstår included
    ("absolute bifall", counts(3, 1, 1), 5, 50, Majority.ABSOLUTE, TieBreak.CHAIR, None, EVEN_SEED,
     Position.BIFALL, "reason.majority", False),
    ("absolute avslag", counts(1, 4, 0), 5, 50, Majority.ABSOLUTE, TieBreak.CHAIR, None, EVEN_SEED,
     Position.AVSLAG, "reason.majority", False),
    ("absolute half is not enough", counts(2, 1, 1), 4, 50, Majority.ABSOLUTE, TieBreak.CHAIR,
     Choice.BIFALL, EVEN_SEED, Position.UNDECIDED, "reason.no_absolute_majority", False),
    ("absolute abstentions block", counts(2, 1, 3), 6, 50, Majority.ABSOLUTE, TieBreak.LOTTERY,
     None, EVEN_SEED, Position.UNDECIDED, "reason.no_absolute_majority", False),
    ("absolute tie chair", counts(2, 2, 1), 5, 50, Majority.ABSOLUTE, TieBreak.CHAIR,
     Choice.AVSLAG, EVEN_SEED, Position.AVSLAG, "reason.tie_chair", True),
    ("absolute tie chair abstained", counts(2, 2, 0), 4, 50, Majority.ABSOLUTE, TieBreak.CHAIR,
     Choice.AVSTAR, EVEN_SEED, Position.UNDECIDED, "reason.tie_unsettled", True),
    ("absolute tie lottery", counts(1, 1, 3), 5, 50, Majority.ABSOLUTE, TieBreak.LOTTERY, None,
     ODD_SEED, Position.AVSLAG, "reason.tie_lottery", True),
    ("absolute tie free vote", counts(2, 2, 0), 4, 50, Majority.ABSOLUTE, TieBreak.FREE_VOTE, None,
     EVEN_SEED, Position.FRI_ROST, "reason.tie_free_vote", True),
    # two-thirds: a qualified majority is needed to adopt; no ties
    ("two thirds 2 of 3", counts(2, 1, 0), 3, 50, Majority.TWO_THIRDS, TieBreak.CHAIR, None,
     EVEN_SEED, Position.BIFALL, "reason.two_thirds", False),
    ("two thirds 4 of 6", counts(4, 2, 0), 6, 50, Majority.TWO_THIRDS, TieBreak.CHAIR, None,
     EVEN_SEED, Position.BIFALL, "reason.two_thirds", False),
    ("two thirds 3 of 5 fails", counts(3, 2, 0), 5, 50, Majority.TWO_THIRDS, TieBreak.CHAIR, None,
     EVEN_SEED, Position.AVSLAG, "reason.no_two_thirds", False),
    ("two thirds ignores avstår", counts(2, 1, 5), 8, 50, Majority.TWO_THIRDS, TieBreak.CHAIR,
     None, EVEN_SEED, Position.BIFALL, "reason.two_thirds", False),
    ("two thirds equal is avslag", counts(2, 2, 0), 4, 50, Majority.TWO_THIRDS, TieBreak.CHAIR,
     Choice.BIFALL, EVEN_SEED, Position.AVSLAG, "reason.no_two_thirds", False),
    ("two thirds equal lottery unused", counts(1, 1, 0), 2, 50, Majority.TWO_THIRDS,
     TieBreak.LOTTERY, None, EVEN_SEED, Position.AVSLAG, "reason.no_two_thirds", False),
    ("two thirds unanimous", counts(5, 0, 0), 5, 100, Majority.TWO_THIRDS, TieBreak.FREE_VOTE,
     None, EVEN_SEED, Position.BIFALL, "reason.two_thirds", False),
    ("two thirds all avslag", counts(0, 3, 0), 3, 50, Majority.TWO_THIRDS, TieBreak.CHAIR, None,
     EVEN_SEED, Position.AVSLAG, "reason.no_two_thirds", False),
]  # fmt: skip


@pytest.mark.parametrize(
    (
        "label",
        "tally",
        "eligible",
        "quorum",
        "majority",
        "tie_break",
        "chair_vote",
        "seed",
        "position",
        "reason",
        "tie",
    ),
    DECISION_TABLE,
    ids=[row[0] for row in DECISION_TABLE],
)
def test_decide_applies_majority_rule_and_tie_break(
    label: str,
    tally: Counts,
    eligible: int,
    quorum: int,
    majority: Majority,
    tie_break: TieBreak,
    chair_vote: Choice | None,
    seed: str,
    position: Position,
    reason: str,
    tie: bool,
) -> None:
    decision = decide(
        tally,
        eligible=eligible,
        rules=rules(majority, tie_break, quorum),
        chair_vote=chair_vote,
        lottery_seed=seed,
    )
    assert (decision.position, decision.reason, decision.tie) == (position, reason, tie)
    assert decision.quorum_met is True
    assert decision.counts == tally
    assert decision.eligible == eligible
    assert (decision.lottery is not None) == (reason == "reason.tie_lottery")


@pytest.mark.parametrize(
    ("seed", "digest", "outcome"),
    [(EVEN_SEED, EVEN_DIGEST, Choice.BIFALL), (ODD_SEED, ODD_DIGEST, Choice.AVSLAG)],
)
def test_lottery_is_recorded_and_reproducible_from_its_seed(
    seed: str, digest: str, outcome: Choice
) -> None:
    decision = decide(
        counts(2, 2, 0),
        eligible=4,
        rules=rules(Majority.SIMPLE, TieBreak.LOTTERY),
        chair_vote=None,
        lottery_seed=seed,
    )
    assert decision.lottery is not None
    assert decision.lottery.model_dump() == {"seed": seed, "digest": digest, "outcome": outcome}
    assert draw_lots(seed) == decision.lottery
    assert decision.position.value == outcome.value


@pytest.mark.parametrize(
    ("tally", "eligible", "percent"),
    [
        (counts(3, 1, 1, 5), 10, 50.0),
        (counts(1, 0, 0, 2), 3, 100 / 3),
        (counts(0, 0, 0), 0, 0.0),
        (counts(2, 1, 0), 2, 150.0),  # a member who voted has since left
    ],
)
def test_participation_percent_counts_abstentions_over_eligible(
    tally: Counts, eligible: int, percent: float
) -> None:
    decision = decide(
        tally,
        eligible=eligible,
        rules=GroupRules(),
        chair_vote=None,
        lottery_seed=EVEN_SEED,
    )
    assert decision.participation_percent == pytest.approx(percent)


def test_every_reason_position_and_choice_has_a_catalogue_entry() -> None:
    keys = [*ALL_REASONS, *(f"position.{p.value}" for p in Position)]
    keys += [f"choice.{c.value}" for c in Choice]
    keys += [f"majority.{m.value}" for m in Majority]
    keys += [f"tie_break.{b.value}" for b in TieBreak]
    assert [key for key in keys if key not in CATALOGUE] == []
