"""The beslutsgång and votes between alternatives (bot.domain.alternatives), table-tested."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.alternatives import (
    ALL_ALTERNATIVE_REASONS,
    MIN_ROUND,
    NUMBER_EMOJI,
    REASON_ALT_FALLS_MAIN,
    REASON_ALT_FALLS_REFERRAL,
    REASON_ALT_MAJORITY,
    REASON_ALT_RUNOFF,
    OrderProblem,
    Proposal,
    ProposalKind,
    Question,
    QuestionKind,
    QuestionResult,
    Resolution,
    TargetProblem,
    decide_alternatives,
    default_order,
    reorder,
    resolve,
    runoff_deadline,
    tally_alternatives,
    target_problem,
)
from bot.domain.models import GroupRules, Majority, Position, TieBreak
from bot.domain.rules import REASON_NO_QUORUM, REASON_TIE_CHAIR, REASON_TIE_FREE_VOTE
from bot.ui.messages import CATALOGUE

ATT_SATSER = ["att bygga en skola", "att anställa fler lärare"]
SIMPLE = GroupRules()


def proposal(
    number: int, kind: ProposalKind, yrkande: int | None = None, author: int = 100
) -> Proposal:
    return Proposal(
        number=number, kind=kind, text=f"förslag {number}", author_id=author, yrkande_number=yrkande
    )


def decide(
    votes: dict[int, int],
    *,
    abstained: int = 0,
    eligible: int = 10,
    rules: GroupRules = SIMPLE,
    chair: int | None = None,
):
    return decide_alternatives(
        votes,
        abstained=abstained,
        eligible=eligible,
        rules=rules,
        chair_choice=chair,
        lottery_seed="g/1/a2/r1",
    )


# --- order of decision ------------------------------------------------------------


def test_default_order_puts_referral_first_rivals_together_and_additions_after_their_main() -> None:
    proposals = [
        proposal(1, ProposalKind.ADDITION, 1),
        proposal(2, ProposalKind.CHANGE, 2),
        proposal(3, ProposalKind.REFERRAL),
        proposal(4, ProposalKind.REJECT, 2),
        proposal(5, ProposalKind.ADDITION),  # names no att-sats: after the last
    ]
    order = default_order(ATT_SATSER, proposals)
    assert [(q.kind, q.yrkande_number, q.proposal_number) for q in order] == [
        (QuestionKind.FORMAL, None, 3),
        (QuestionKind.PLAIN, 1, None),
        (QuestionKind.ADDITION, 1, 1),
        (QuestionKind.ALTERNATIVES, 2, None),
        (QuestionKind.ADDITION, 2, 5),
    ]
    alternatives = order[3].alternatives
    assert [(a.number, a.kind, a.proposal_number) for a in alternatives] == [
        (1, ProposalKind.ORIGINAL, None),
        (2, ProposalKind.CHANGE, 2),
        (3, ProposalKind.REJECT, 4),
    ]
    assert alternatives[0].text == ATT_SATSER[1]


def test_a_rival_without_att_sats_stands_against_the_only_one() -> None:
    order = default_order(["att göra något"], [proposal(1, ProposalKind.OWN)])
    assert [q.kind for q in order] == [QuestionKind.ALTERNATIVES]


@pytest.mark.parametrize(
    ("kind", "yrkande", "att_satser", "expected"),
    [
        (ProposalKind.REFERRAL, None, 2, None),
        (ProposalKind.REFERRAL, 1, 2, TargetProblem.REFERRAL_IS_WHOLE_ITEM),
        (ProposalKind.CHANGE, None, 2, TargetProblem.NEEDS_ATT_SATS),
        (ProposalKind.CHANGE, None, 1, None),
        (ProposalKind.REJECT, 3, 2, TargetProblem.NO_SUCH_ATT_SATS),
        (ProposalKind.ADDITION, None, 2, None),
        (ProposalKind.ADDITION, 0, 2, TargetProblem.NO_SUCH_ATT_SATS),
    ],
)
def test_target_problems(
    kind: ProposalKind, yrkande: int | None, att_satser: int, expected: TargetProblem | None
) -> None:
    assert target_problem(kind, yrkande, att_satser) is expected


def test_at_most_nine_alternatives_fit_the_number_emoji() -> None:
    tabled = [proposal(n, ProposalKind.CHANGE, 1) for n in range(1, 8)]  # original + 7 = 8
    assert target_problem(ProposalKind.OWN, 1, 1, tabled) is None
    tabled.append(proposal(8, ProposalKind.CHANGE, 1))  # original + 8 = 9
    assert target_problem(ProposalKind.OWN, 1, 1, tabled) is TargetProblem.TOO_MANY
    assert len(NUMBER_EMOJI) == 9
    assert NUMBER_EMOJI[0] == "1\ufe0f\u20e3"


def test_the_chair_may_reorder_within_the_procedure() -> None:
    order = default_order(
        ATT_SATSER, [proposal(1, ProposalKind.ADDITION, 1), proposal(2, ProposalKind.REFERRAL)]
    )
    keys = [q.key for q in order]
    assert keys == ["p2", "a1", "p1", "a2"]
    swapped = reorder(order, ["p2", "a2", "a1", "p1"])
    assert not isinstance(swapped, OrderProblem)
    assert [q.key for q in swapped] == ["p2", "a2", "a1", "p1"]
    assert reorder(order, ["a1", "p2", "p1", "a2"]) is OrderProblem.FORMAL_NOT_FIRST
    assert reorder(order, ["p2", "p1", "a1", "a2"]) is OrderProblem.ADDITION_BEFORE_MAIN
    assert reorder(order, ["p2", "a1", "a2"]) is OrderProblem.NOT_A_PERMUTATION
    assert reorder(order, ["p2", "a1", "a1", "a2"]) is OrderProblem.NOT_A_PERMUTATION


# --- counting ---------------------------------------------------------------------


def test_tally_counts_live_choices_and_abstentions() -> None:
    votes, abstained = tally_alternatives({1: 1, 2: 2, 3: 2, 4: None, 5: 7}, [1, 2, 3], eligible=9)
    assert votes == {1: 1, 2: 2, 3: 0}
    assert abstained == 1


@pytest.mark.parametrize(
    ("votes", "abstained", "winner", "position", "reason"),
    [
        ({1: 6, 2: 3}, 0, 1, None, "reason.majority"),
        ({1: 3, 2: 6}, 1, 2, None, "reason.majority"),
        ({1: 0, 2: 0}, 6, None, Position.AVSTAR, "reason.all_abstained"),
        ({1: 2, 2: 2}, 0, None, Position.UNDECIDED, REASON_NO_QUORUM),  # 4 of 10 < 50 %
    ],
)
def test_two_alternatives_follow_the_groups_ordinary_rules(
    votes: dict[int, int],
    abstained: int,
    winner: int | None,
    position: Position | None,
    reason: str,
) -> None:
    result = decide(votes, abstained=abstained)
    assert (result.winner, result.position, result.reason, result.runoff) == (
        winner,
        position,
        reason,
        None,
    )


def test_two_alternatives_tie_uses_the_groups_tie_break() -> None:
    assert decide({1: 3, 2: 3}, chair=2).winner == 2
    assert decide({1: 3, 2: 3}, chair=2).reason == REASON_TIE_CHAIR
    free = decide({1: 3, 2: 3}, rules=GroupRules(tie_break=TieBreak.FREE_VOTE))
    assert (free.winner, free.position, free.reason) == (
        None,
        Position.FRI_ROST,
        REASON_TIE_FREE_VOTE,
    )
    drawn = decide({1: 3, 2: 3}, rules=GroupRules(tie_break=TieBreak.LOTTERY))
    assert drawn.lottery is not None and drawn.winner in (1, 2) and drawn.tie


def test_two_thirds_is_not_a_threshold_between_two_texts() -> None:
    # 5 against 4: no two-thirds, but the group must still pick one of the two texts.
    assert decide({1: 4, 2: 5}, rules=GroupRules(majority=Majority.TWO_THIRDS)).winner == 2


def test_absolute_majority_between_two_counts_abstentions() -> None:
    result = decide({1: 4, 2: 3}, abstained=2, rules=GroupRules(majority=Majority.ABSOLUTE))
    assert (result.winner, result.position) == (None, Position.UNDECIDED)


@pytest.mark.parametrize(
    ("votes", "winner", "runoff"),
    [
        ({1: 5, 2: 2, 3: 2}, 1, None),  # 5 of 9 > half
        ({1: 4, 2: 3, 3: 2}, None, (1, 2)),  # 4 of 9: second round between the top two
        ({1: 2, 2: 4, 3: 3}, None, (2, 3)),
        ({1: 3, 2: 3, 3: 3, 4: 1}, None, None),  # three tied for two places: drawn (below)
        ({1: 1, 2: 4, 3: 1, 4: 4}, None, (2, 4)),  # four alternatives, two clear leaders
        ({1: 2, 2: 2, 3: 1, 4: 6}, 4, None),  # 6 of 11
    ],
)
def test_three_or_more_alternatives_need_more_than_half_or_go_to_a_second_round(
    votes: dict[int, int], winner: int | None, runoff: tuple[int, int] | None
) -> None:
    result = decide(votes, eligible=12)
    assert result.winner == winner
    if runoff is not None:
        assert result.runoff == runoff
        assert result.reason == REASON_ALT_RUNOFF
        assert result.cut_draw is None
    if winner is not None:
        assert result.reason == REASON_ALT_MAJORITY


def test_exactly_half_is_not_more_than_half() -> None:
    assert decide({1: 4, 2: 2, 3: 2}).runoff == (1, 2)


def test_equal_votes_at_the_cut_are_drawn_reproducibly() -> None:
    result = decide({1: 4, 2: 2, 3: 2, 4: 2}, eligible=12)
    draw = result.cut_draw
    assert draw is not None and result.tie
    assert draw.tied == (2, 3, 4) and len(draw.drawn) == 1
    assert draw.digest == hashlib.sha256(draw.seed.encode()).hexdigest()
    keys = {n: hashlib.sha256(f"{draw.digest}/{n}".encode()).hexdigest() for n in draw.tied}
    assert draw.drawn == (min(keys, key=keys.__getitem__),)
    assert result.runoff == (1, draw.drawn[0])
    assert decide({1: 4, 2: 2, 3: 2, 4: 2}, eligible=12) == result  # same seed, same draw


def test_three_tied_at_the_top_draw_two() -> None:
    result = decide({1: 3, 2: 3, 3: 3, 4: 1}, eligible=12)
    assert result.cut_draw is not None and len(result.cut_draw.drawn) == 2
    assert result.runoff is not None and set(result.runoff) == set(result.cut_draw.drawn)


def test_many_alternatives_without_quorum_or_votes() -> None:
    assert decide({1: 1, 2: 1, 3: 1}).reason == REASON_NO_QUORUM
    nobody = decide({1: 0, 2: 0, 3: 0}, abstained=8)
    assert (nobody.position, nobody.winner, nobody.runoff) == (Position.AVSTAR, None, None)


def test_fewer_than_two_alternatives_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        decide({1: 3})


# --- second round timing ------------------------------------------------------------

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("left", "chosen", "expected"),
    [
        (timedelta(hours=10), None, NOW + timedelta(hours=5)),  # half the time left
        (timedelta(hours=10), NOW + timedelta(hours=2), NOW + timedelta(hours=2)),  # the chair's
        (
            timedelta(hours=10),
            NOW + timedelta(hours=11),
            NOW + timedelta(hours=5),
        ),  # past the deadline: default
        (
            timedelta(hours=10),
            NOW + timedelta(minutes=1),
            NOW + timedelta(hours=5),
        ),  # too short: default
        (timedelta(minutes=15), None, NOW + MIN_ROUND),  # never shorter than a usable round
        (MIN_ROUND - timedelta(seconds=1), None, None),  # no time left: the chair decides
        (timedelta(0), None, None),
        (-timedelta(hours=1), None, None),
    ],
)
def test_runoff_deadline(
    left: timedelta, chosen: datetime | None, expected: datetime | None
) -> None:
    deadline = runoff_deadline(NOW, NOW + left, chosen)
    assert deadline == expected
    if deadline is not None:
        assert deadline <= NOW + left


# --- consequences of the procedure ---------------------------------------------------


def question(
    kind: QuestionKind, yrkande: int | None = None, proposal_number: int | None = None
) -> Question:
    return Question(kind=kind, yrkande_number=yrkande, proposal_number=proposal_number)


def test_a_supported_referral_makes_every_material_question_fall() -> None:
    results = [
        QuestionResult(
            question=question(QuestionKind.FORMAL, proposal_number=3), position=Position.BIFALL
        ),
        QuestionResult(question=question(QuestionKind.PLAIN, 1), position=Position.BIFALL),
        QuestionResult(question=question(QuestionKind.ADDITION, 1, 1), position=Position.BIFALL),
    ]
    resolved = resolve(results)
    assert [(r, why) for _, r, why in resolved] == [
        (Resolution.DECIDED, None),
        (Resolution.FALLS, REASON_ALT_FALLS_REFERRAL),
        (Resolution.FALLS, REASON_ALT_FALLS_REFERRAL),
    ]


def test_a_rejected_referral_leaves_the_material_questions_decided() -> None:
    results = [
        QuestionResult(
            question=question(QuestionKind.FORMAL, proposal_number=3), position=Position.AVSLAG
        ),
        QuestionResult(question=question(QuestionKind.PLAIN, 1), position=Position.AVSLAG),
    ]
    assert [r for _, r, _ in resolve(results)] == [Resolution.DECIDED, Resolution.DECIDED]


@pytest.mark.parametrize(
    ("winner_kind", "main_position", "addition"),
    [
        (None, Position.BIFALL, Resolution.DECIDED),  # plain main supported
        (None, Position.AVSLAG, Resolution.FALLS),  # plain main rejected
        (None, Position.UNDECIDED, Resolution.FALLS),  # main undecided: cannot support the tillägg
        (ProposalKind.CHANGE, Position.BIFALL, Resolution.DECIDED),  # amended main supported
        (ProposalKind.ORIGINAL, Position.BIFALL, Resolution.DECIDED),
        (ProposalKind.REJECT, Position.BIFALL, Resolution.FALLS),  # avslag won
    ],
)
def test_an_addition_stands_only_on_a_supported_main(
    winner_kind: ProposalKind | None, main_position: Position, addition: Resolution
) -> None:
    if winner_kind is None:
        main = QuestionResult(question=question(QuestionKind.PLAIN, 1), position=main_position)
    else:
        order = default_order(
            ["att x"], [proposal(1, ProposalKind.CHANGE, 1), proposal(2, ProposalKind.REJECT, 1)]
        )
        alternatives = order[0]
        winner = next(a.number for a in alternatives.alternatives if a.kind is winner_kind)
        main = QuestionResult(question=alternatives, position=main_position, winner=winner)
    tillagg = QuestionResult(
        question=question(QuestionKind.ADDITION, 1, 9), position=Position.BIFALL
    )
    resolved = resolve([main, tillagg])
    assert resolved[1][1] is addition
    if addition is Resolution.FALLS:
        assert resolved[1][2] == REASON_ALT_FALLS_MAIN


def test_an_undecided_question_is_left_to_the_chair() -> None:
    results = [
        QuestionResult(question=question(QuestionKind.PLAIN, 1), position=Position.UNDECIDED)
    ]
    assert resolve(results)[0][1] is Resolution.UNDECIDED


def test_every_reason_has_a_sentence() -> None:
    for key in ALL_ALTERNATIVE_REASONS:
        assert key in CATALOGUE
