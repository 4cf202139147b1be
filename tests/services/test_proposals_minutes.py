"""The vote engine's QuestionOutcome as the minutes count it (bot.services.proposals)."""

from __future__ import annotations

from bot.domain.alternatives import (
    Alternative,
    AlternativesOutcome,
    ProposalKind,
    Question,
    QuestionKind,
    QuestionOutcome,
    Resolution,
    Round,
)
from bot.domain.beslutsgang_minutes import QuestionMinutes, RoundMinutes
from bot.domain.models import Counts, Position
from bot.services.proposals import _with_outcome as with_outcome

ALTERNATIVES = Question(
    kind=QuestionKind.ALTERNATIVES,
    yrkande_number=2,
    alternatives=(
        Alternative(number=1, kind=ProposalKind.ORIGINAL, text="att A"),
        Alternative(
            number=2, kind=ProposalKind.CHANGE, text="att B", author_id=7, proposal_number=1
        ),
        Alternative(number=3, kind=ProposalKind.OWN, text="att C", author_id=8, proposal_number=2),
    ),
)


def _outcome(votes: dict[int, int], reason: str) -> AlternativesOutcome:
    return AlternativesOutcome(votes=votes, abstained=1, eligible=9, quorum_met=True, reason=reason)


def test_both_rounds_of_an_alternatives_question_keep_their_counts_and_the_winner() -> None:
    outcome = QuestionOutcome(
        question=ALTERNATIVES,
        rounds=(
            Round(
                number=1,
                alternatives=(1, 2, 3),
                votes={1: 3, 2: 3, 3: 2},
                abstained=1,
                outcome=_outcome({1: 3, 2: 3, 3: 2}, "reason.alt_runoff"),
            ),
            Round(
                number=2,
                alternatives=(1, 2),
                votes={1: 3, 2: 5},
                abstained=1,
                not_voted=0,
                outcome=_outcome({1: 3, 2: 5}, "reason.simple_majority"),
            ),
        ),
        resolution=Resolution.DECIDED,
        winner=2,
        position=Position.BIFALL,
        reason="reason.simple_majority",
    )
    found = with_outcome(QuestionMinutes(key="a2", kind=QuestionKind.ALTERNATIVES), outcome)
    assert [r.votes for r in found.rounds] == [{"1": 3, "2": 3, "3": 2}, {"1": 3, "2": 5}]
    assert [r.abstained for r in found.rounds] == [1, 1]
    assert found.rounds[0].reason == "reason.alt_runoff"
    assert (found.resolution, found.winner) == (Resolution.DECIDED, 2)


def test_a_yes_no_question_counts_bifall_avslag_avstar() -> None:
    question = Question(kind=QuestionKind.ADDITION, yrkande_number=1, proposal_number=3)
    outcome = QuestionOutcome(
        question=question,
        rounds=(Round(number=1, counts=Counts(bifall=6, avslag=2, avstar=1), not_voted=0),),
        resolution=Resolution.FALLS,
        position=Position.BIFALL,
        reason="reason.alt_falls_main",
    )
    found = with_outcome(QuestionMinutes(key="p3", kind=QuestionKind.ADDITION), outcome)
    assert found.rounds[0].votes == {"bifall": 6, "avslag": 2, "avstar": 1}
    assert (found.resolution, found.reason) == (Resolution.FALLS, "reason.alt_falls_main")


def test_a_plain_att_sats_keeps_its_own_tally_and_takes_the_procedures_resolution() -> None:
    mine = QuestionMinutes(
        key="a1",
        kind=QuestionKind.PLAIN,
        rounds=[RoundMinutes(number=1, votes={"bifall": 5, "avslag": 4, "avstar": 0})],
        resolution=Resolution.DECIDED,
        position=Position.BIFALL,
    )
    outcome = QuestionOutcome(
        question=Question(kind=QuestionKind.PLAIN, yrkande_number=1),
        resolution=Resolution.FALLS,
        position=Position.BIFALL,
        reason="reason.alt_falls_referral",
    )
    found = with_outcome(mine, outcome)
    assert found.rounds == mine.rounds
    assert (found.resolution, found.reason) == (Resolution.FALLS, "reason.alt_falls_referral")


def test_no_outcome_leaves_the_question_as_it_was() -> None:
    mine = QuestionMinutes(key="a1", kind=QuestionKind.PLAIN)
    assert with_outcome(mine, None) == mine
