"""Turn the counted votes on one yrkande into the group's position.

Semantics, in the order they are applied:

1. Participation = members who reacted at all (bifall + avslag + avstår) over the
   eligible voting members. `participation_percent` is that ratio times 100 (0.0 when
   nobody is eligible; it can exceed 100 when members who voted have since left).
2. Quorum is met when ``participated * 100 >= quorum_percent * eligible``, so exactly
   at the quorum counts as met. With no eligible members the quorum is met only when
   `quorum_percent` is 0. Without quorum the position is UNDECIDED (the chair decides).
3. Votes cast = bifall + avslag; avstår is shown but is not a cast vote. With quorum
   met but nobody taking part at all (possible only with quorum 0) the position is
   UNDECIDED; with only abstentions it is AVSTAR.
4. Majority rule (GroupRules.majority):
   - SIMPLE: more bifall than avslag -> BIFALL, fewer -> AVSLAG, equal -> tie.
   - ABSOLUTE: bifall more than half of the participants (avstår included) -> BIFALL;
     avslag more than half -> AVSLAG; bifall equal to avslag -> tie; otherwise
     UNDECIDED (no absolute majority).
   - TWO_THIRDS: bifall * 3 >= cast * 2 -> BIFALL, else AVSLAG. A qualified majority
     is needed to adopt, so there is no tie.
5. Tie-break (GroupRules.tie_break):
   - CHAIR: the chair's vote if it was bifall or avslag; if the chair abstained or did
     not vote the tie stays unsettled (UNDECIDED).
   - LOTTERY: sha256 of `lottery_seed`; first byte even -> BIFALL, odd -> AVSLAG. The
     seed, digest and outcome are kept in `Decision.lottery` so anyone can re-check.
   - FREE_VOTE: the group takes no common line (FRI_ROST).

`Decision.reason` is a message-catalogue key without placeholders that explains the
outcome in words.
"""

from __future__ import annotations

import hashlib

from pydantic import BaseModel, ConfigDict

from bot.domain.models import Choice, Counts, GroupRules, Majority, Position, TieBreak

REASON_MAJORITY = "reason.majority"
REASON_NO_QUORUM = "reason.no_quorum"
REASON_NO_VOTES = "reason.no_votes"
REASON_ALL_ABSTAINED = "reason.all_abstained"
REASON_NO_ABSOLUTE_MAJORITY = "reason.no_absolute_majority"
REASON_TWO_THIRDS = "reason.two_thirds"
REASON_NO_TWO_THIRDS = "reason.no_two_thirds"
REASON_TIE_CHAIR = "reason.tie_chair"
REASON_TIE_LOTTERY = "reason.tie_lottery"
REASON_TIE_FREE_VOTE = "reason.tie_free_vote"
REASON_TIE_UNSETTLED = "reason.tie_unsettled"

ALL_REASONS = (
    REASON_MAJORITY,
    REASON_NO_QUORUM,
    REASON_NO_VOTES,
    REASON_ALL_ABSTAINED,
    REASON_NO_ABSOLUTE_MAJORITY,
    REASON_TWO_THIRDS,
    REASON_NO_TWO_THIRDS,
    REASON_TIE_CHAIR,
    REASON_TIE_LOTTERY,
    REASON_TIE_FREE_VOTE,
    REASON_TIE_UNSETTLED,
)


class LotteryDraw(BaseModel):
    """A reproducible draw: anyone can hash `seed` and check `digest` and `outcome`."""

    model_config = ConfigDict(frozen=True)

    seed: str
    digest: str
    outcome: Choice


class Decision(BaseModel):
    """The group's position on one yrkande and why."""

    model_config = ConfigDict(frozen=True)

    position: Position
    counts: Counts
    eligible: int
    quorum_met: bool
    participation_percent: float
    tie: bool
    reason: str
    lottery: LotteryDraw | None = None


def draw_lots(seed: str) -> LotteryDraw:
    """Draw bifall or avslag from sha256(seed): first byte even -> bifall, odd -> avslag."""
    digest = hashlib.sha256(seed.encode("utf-8")).hexdigest()
    outcome = Choice.BIFALL if int(digest[:2], 16) % 2 == 0 else Choice.AVSLAG
    return LotteryDraw(seed=seed, digest=digest, outcome=outcome)


def quorum_met(participated: int, eligible: int, quorum_percent: int) -> bool:
    """Whether enough members took part; exactly at the quorum counts as met."""
    if eligible <= 0:
        return quorum_percent == 0
    return participated * 100 >= quorum_percent * eligible


def decide(
    counts: Counts,
    *,
    eligible: int,
    rules: GroupRules,
    chair_vote: Choice | None,
    lottery_seed: str,
) -> Decision:
    """Apply quorum, majority rule and tie-break (see the module docstring) to `counts`."""
    participation = counts.participated * 100 / eligible if eligible > 0 else 0.0
    has_quorum = quorum_met(counts.participated, eligible, rules.quorum_percent)

    def outcome(
        position: Position, reason: str, *, tie: bool = False, lottery: LotteryDraw | None = None
    ) -> Decision:
        return Decision(
            position=position,
            counts=counts,
            eligible=eligible,
            quorum_met=has_quorum,
            participation_percent=participation,
            tie=tie,
            reason=reason,
            lottery=lottery,
        )

    if not has_quorum:
        return outcome(Position.UNDECIDED, REASON_NO_QUORUM)
    if counts.participated == 0:
        return outcome(Position.UNDECIDED, REASON_NO_VOTES)
    if counts.cast == 0:
        return outcome(Position.AVSTAR, REASON_ALL_ABSTAINED)

    if rules.majority is Majority.TWO_THIRDS:
        if counts.bifall * 3 >= counts.cast * 2:
            return outcome(Position.BIFALL, REASON_TWO_THIRDS)
        return outcome(Position.AVSLAG, REASON_NO_TWO_THIRDS)

    if rules.majority is Majority.ABSOLUTE:
        if counts.bifall * 2 > counts.participated:
            return outcome(Position.BIFALL, REASON_MAJORITY)
        if counts.avslag * 2 > counts.participated:
            return outcome(Position.AVSLAG, REASON_MAJORITY)
        if counts.bifall != counts.avslag:
            return outcome(Position.UNDECIDED, REASON_NO_ABSOLUTE_MAJORITY)
    else:
        if counts.bifall > counts.avslag:
            return outcome(Position.BIFALL, REASON_MAJORITY)
        if counts.avslag > counts.bifall:
            return outcome(Position.AVSLAG, REASON_MAJORITY)

    # Bifall and avslag are equal: the group's tie-break decides.
    if rules.tie_break is TieBreak.FREE_VOTE:
        return outcome(Position.FRI_ROST, REASON_TIE_FREE_VOTE, tie=True)
    if rules.tie_break is TieBreak.LOTTERY:
        draw = draw_lots(lottery_seed)
        return outcome(Position(draw.outcome.value), REASON_TIE_LOTTERY, tie=True, lottery=draw)
    if chair_vote is not None and chair_vote is not Choice.AVSTAR:
        return outcome(Position(chair_vote.value), REASON_TIE_CHAIR, tie=True)
    return outcome(Position.UNDECIDED, REASON_TIE_UNSETTLED, tie=True)
