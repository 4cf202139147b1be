"""The group's own yrkanden: the order of decision and how votes between alternatives
become the group's line. Pure: stdlib + pydantic.

Swedish procedure (shared glossary), as applied here:

1. Formal yrkanden (återremiss) are decided first, each as a ✅❌➖ question. If the
   group supports one, every material question falls ("faller"): the group will move
   återremiss in fullmäktige, not a line on the substance.
2. Per att-sats, the alternatives are the original att-sats followed by every
   ändringsyrkande, avslag or eget yrkande on it, in the order they were tabled. With
   none, the att-sats is an ordinary ✅❌➖ question.
3. A tilläggsyrkande is its own ✅❌➖ question, decided after its main att-sats (after
   the last att-sats when it names none). It can be supported only when its main
   att-sats is; otherwise it falls.

Counting between alternatives (`decide_alternatives`):
- Two alternatives: the group's ordinary rules (quorum, majority, tie-break) with the
  first alternative in the place of bifall and the second in the place of avslag. A
  two-thirds rule is a threshold for adopting a proposal against avslag; between two
  texts the group must pick one, so the simple majority decides there.
- Three or more: quorum as usual; an alternative with more than half of the votes cast
  (avstår is not a cast vote) wins; otherwise the two with the most votes meet in a
  second round (kontrapropositionsvotering). Equal votes at the cut are settled by a
  recorded draw, the same sha256 scheme as the tie-break lottery.
- A second round is a two-alternative vote with its own deadline (`runoff_deadline`):
  by default half the time left before the item's deadline, never past it; with less
  than `MIN_ROUND` left there is no time, and the question is left to the chair
  ("ej avgjort – ordföranden beslutar").
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from bot.domain.models import Choice, Counts, GroupRules, Majority, Position
from bot.domain.options import NUMBER_EMOJI as NUMBER_EMOJI  # one spelling, in options
from bot.domain.rules import Decision, LotteryDraw, decide, quorum_met

# At most nine alternatives: the vote message offers the number emoji 1️⃣ … 9️⃣.
MAX_ALTERNATIVES = 9

# A second round needs time for members on phones to see it and react.
MIN_ROUND = timedelta(minutes=10)

REASON_ALT_MAJORITY = "reason.alt_majority"
REASON_ALT_RUNOFF = "reason.alt_runoff"
REASON_ALT_NO_TIME = "reason.alt_no_time"
REASON_ALT_FALLS_REFERRAL = "reason.alt_falls_referral"
REASON_ALT_FALLS_MAIN = "reason.alt_falls_main"

ALL_ALTERNATIVE_REASONS = (
    REASON_ALT_MAJORITY,
    REASON_ALT_RUNOFF,
    REASON_ALT_NO_TIME,
    REASON_ALT_FALLS_REFERRAL,
    REASON_ALT_FALLS_MAIN,
)


class ProposalKind(StrEnum):
    """What a member tables (`/proposal add kind:`); ORIGINAL is the motion's own att-sats."""

    ORIGINAL = "original"
    CHANGE = "change"  # ändringsyrkande
    ADDITION = "addition"  # tilläggsyrkande
    REFERRAL = "referral"  # återremiss (with motivering)
    REJECT = "reject"  # avslag
    OWN = "own"  # eget yrkande / motförslag


# Kinds that stand against the original att-sats as alternatives in one vote.
COMPETING_KINDS = frozenset({ProposalKind.CHANGE, ProposalKind.REJECT, ProposalKind.OWN})


class Proposal(BaseModel):
    """A yrkande tabled in the group: `number` is its order of tabling within the item."""

    model_config = ConfigDict(frozen=True)

    number: int = Field(ge=1)
    kind: ProposalKind
    text: str
    author_id: int
    yrkande_number: int | None = None  # the att-sats it refers to


class TargetProblem(StrEnum):
    """Why a proposal cannot be tabled against the item as given (a catalogue key suffix)."""

    NEEDS_ATT_SATS = "needs_att_sats"
    NO_SUCH_ATT_SATS = "no_such_att_sats"
    REFERRAL_IS_WHOLE_ITEM = "referral_is_whole_item"
    TOO_MANY = "too_many"


def target_problem(
    kind: ProposalKind,
    yrkande_number: int | None,
    att_satser: int,
    tabled: Sequence[Proposal] = (),
) -> TargetProblem | None:
    """Whether a proposal of `kind` on att-sats `yrkande_number` fits the item."""
    if kind is ProposalKind.REFERRAL:
        return TargetProblem.REFERRAL_IS_WHOLE_ITEM if yrkande_number is not None else None
    if yrkande_number is not None and not 1 <= yrkande_number <= att_satser:
        return TargetProblem.NO_SUCH_ATT_SATS
    if kind in COMPETING_KINDS:
        target = yrkande_number if yrkande_number is not None else _only_att_sats(att_satser)
        if target is None:
            return TargetProblem.NEEDS_ATT_SATS
        rivals = [
            p for p in tabled if p.kind in COMPETING_KINDS and _target(p, att_satser) == target
        ]
        # The original plus its rivals must fit on the number emoji.
        if len(rivals) + 2 > MAX_ALTERNATIVES:
            return TargetProblem.TOO_MANY
    return None


def _only_att_sats(att_satser: int) -> int | None:
    return 1 if att_satser == 1 else None


def _target(proposal: Proposal, att_satser: int) -> int | None:
    """The att-sats a competing proposal stands against (the only one when it names none)."""
    if proposal.yrkande_number is not None:
        return proposal.yrkande_number
    return _only_att_sats(att_satser)


class QuestionKind(StrEnum):
    FORMAL = "formal"  # återremiss: ✅❌➖, decided first
    PLAIN = "plain"  # an att-sats without rivals: ✅❌➖
    ALTERNATIVES = "alternatives"  # an att-sats with rivals: number emoji
    ADDITION = "addition"  # a tilläggsyrkande: ✅❌➖, after its main att-sats


class Alternative(BaseModel):
    """One option of an alternatives vote: `number` is its emoji (1 → 1️⃣)."""

    model_config = ConfigDict(frozen=True)

    number: int = Field(ge=1, le=MAX_ALTERNATIVES)
    kind: ProposalKind
    text: str
    author_id: int | None = None  # None for the motion's own att-sats
    proposal_number: int | None = None


class Question(BaseModel):
    """One step of the beslutsgång (propositionsordning)."""

    model_config = ConfigDict(frozen=True)

    kind: QuestionKind
    yrkande_number: int | None = None  # the att-sats (PLAIN, ALTERNATIVES) or main (ADDITION)
    proposal_number: int | None = None  # FORMAL and ADDITION: the tabled proposal
    alternatives: tuple[Alternative, ...] = ()

    @property
    def key(self) -> str:
        """A stable name for this question within its item (order may be changed by the chair)."""
        if self.proposal_number is not None:
            return f"p{self.proposal_number}"
        return f"a{self.yrkande_number}"


def default_order(att_satser: Sequence[str], proposals: Sequence[Proposal]) -> list[Question]:
    """The propositionsordning the procedure gives (see the module docstring)."""
    count = len(att_satser)
    tabled = sorted(proposals, key=lambda p: p.number)
    questions = [
        Question(kind=QuestionKind.FORMAL, proposal_number=p.number)
        for p in tabled
        if p.kind is ProposalKind.REFERRAL
    ]
    for number, text in enumerate(att_satser, start=1):
        rivals = [p for p in tabled if p.kind in COMPETING_KINDS and _target(p, count) == number]
        if rivals:
            original = Alternative(number=1, kind=ProposalKind.ORIGINAL, text=text)
            others = (
                Alternative(
                    number=index,
                    kind=p.kind,
                    text=p.text,
                    author_id=p.author_id,
                    proposal_number=p.number,
                )
                for index, p in enumerate(rivals, start=2)
            )
            questions.append(
                Question(
                    kind=QuestionKind.ALTERNATIVES,
                    yrkande_number=number,
                    alternatives=(original, *others),
                )
            )
        else:
            questions.append(Question(kind=QuestionKind.PLAIN, yrkande_number=number))
        questions.extend(
            Question(kind=QuestionKind.ADDITION, yrkande_number=number, proposal_number=p.number)
            for p in tabled
            if p.kind is ProposalKind.ADDITION and _addition_main(p, count) == number
        )
    return questions


def _addition_main(proposal: Proposal, att_satser: int) -> int:
    """The att-sats a tilläggsyrkande follows: the one it names, else the last."""
    return proposal.yrkande_number if proposal.yrkande_number is not None else att_satser


class OrderProblem(StrEnum):
    NOT_A_PERMUTATION = "not_a_permutation"
    FORMAL_NOT_FIRST = "formal_not_first"
    ADDITION_BEFORE_MAIN = "addition_before_main"


def reorder(questions: Sequence[Question], keys: Sequence[str]) -> list[Question] | OrderProblem:
    """The chair's own order, given as question keys; the procedure's constraints still hold."""
    by_key = {q.key: q for q in questions}
    if sorted(keys) != sorted(by_key) or len(set(keys)) != len(keys):
        return OrderProblem.NOT_A_PERMUTATION
    ordered = [by_key[key] for key in keys]
    seen_material = False
    decided: set[int] = set()
    for question in ordered:
        if question.kind is QuestionKind.FORMAL:
            if seen_material:
                return OrderProblem.FORMAL_NOT_FIRST
            continue
        seen_material = True
        if question.kind is QuestionKind.ADDITION:
            if question.yrkande_number not in decided:
                return OrderProblem.ADDITION_BEFORE_MAIN
        else:
            assert question.yrkande_number is not None
            decided.add(question.yrkande_number)
    return ordered


class AlternativesOutcome(BaseModel):
    """How one round of an alternatives vote ended.

    Exactly one of: `winner` (an alternative number); `runoff` (the two numbers that meet
    in a second round); neither (undecided, free vote or all abstained: see `position`).
    """

    model_config = ConfigDict(frozen=True)

    votes: dict[int, int]
    abstained: int
    eligible: int
    quorum_met: bool
    reason: str
    winner: int | None = None
    runoff: tuple[int, int] | None = None
    position: Position | None = None  # set when no alternative was chosen
    tie: bool = False
    lottery: LotteryDraw | None = None  # a two-alternative tie settled by lot
    cut_draw: CutDraw | None = None  # equal votes at the cut for the second round


class CutDraw(BaseModel):
    """Which of the alternatives tied at the cut go to the second round, drawn by lot.

    Each tied alternative n gets the key sha256(f"{digest}/{n}"); the lowest keys go on.
    Anyone can recompute `digest` = sha256(seed) and the keys.
    """

    model_config = ConfigDict(frozen=True)

    seed: str
    digest: str
    tied: tuple[int, ...]
    drawn: tuple[int, ...]


def tally_alternatives(
    current: Mapping[int, int | None], alternatives: Sequence[int], eligible: int
) -> tuple[dict[int, int], int]:
    """Votes per alternative and abstentions from members' live choices (None = avstår)."""
    votes = dict.fromkeys(alternatives, 0)
    abstained = 0
    for choice in current.values():
        if choice is None:
            abstained += 1
        elif choice in votes:
            votes[choice] += 1
    return votes, abstained


def decide_alternatives(
    votes: Mapping[int, int],
    *,
    abstained: int,
    eligible: int,
    rules: GroupRules,
    chair_choice: int | None,
    lottery_seed: str,
) -> AlternativesOutcome:
    """One round between the alternatives in `votes` (number → votes; see the docstring)."""
    numbers = sorted(votes)
    if len(numbers) < 2:
        raise ValueError("an alternatives vote needs at least two alternatives")
    if len(numbers) == 2:
        return _decide_pair(
            numbers[0], numbers[1], votes, abstained, eligible, rules, chair_choice, lottery_seed
        )

    cast = sum(votes.values())
    has_quorum = quorum_met(cast + abstained, eligible, rules.quorum_percent)

    def outcome(reason: str, **fields: object) -> AlternativesOutcome:
        return AlternativesOutcome(
            votes=dict(votes),
            abstained=abstained,
            eligible=eligible,
            quorum_met=has_quorum,
            reason=reason,
            **fields,
        )

    # Reuse the ordinary rules' verdicts for the cases that do not depend on which text.
    gate = decide(
        Counts(bifall=cast, avslag=0, avstar=abstained),
        eligible=eligible,
        rules=rules.model_copy(update={"majority": Majority.SIMPLE}),
        chair_vote=None,
        lottery_seed=lottery_seed,
    )
    if gate.position in (Position.UNDECIDED, Position.AVSTAR):
        return outcome(gate.reason, position=gate.position)

    ranked = sorted(numbers, key=lambda n: (-votes[n], n))
    leader = ranked[0]
    if votes[leader] * 2 > cast:
        return outcome(REASON_ALT_MAJORITY, winner=leader)
    pair, draw = _top_two(ranked, votes, lottery_seed)
    return outcome(REASON_ALT_RUNOFF, runoff=pair, tie=draw is not None, cut_draw=draw)


def _top_two(
    ranked: Sequence[int], votes: Mapping[int, int], lottery_seed: str
) -> tuple[tuple[int, int], CutDraw | None]:
    """The two alternatives with most votes; equal votes at the cut are drawn by lot."""
    cut = votes[ranked[1]]
    sure = [n for n in ranked if votes[n] > cut]
    tied = [n for n in ranked if votes[n] == cut]
    places = 2 - len(sure)
    if len(tied) == places:
        return (ranked[0], ranked[1]), None
    digest = hashlib.sha256(lottery_seed.encode("utf-8")).hexdigest()
    # Order the tied alternatives by a key drawn from the digest: reproducible by anyone.
    drawn = sorted(tied, key=lambda n: hashlib.sha256(f"{digest}/{n}".encode()).hexdigest())[
        :places
    ]
    first, second = sorted(sure + drawn, key=lambda n: (-votes[n], n))
    draw = CutDraw(seed=lottery_seed, digest=digest, tied=tuple(tied), drawn=tuple(sorted(drawn)))
    return (first, second), draw


def _decide_pair(
    first: int,
    second: int,
    votes: Mapping[int, int],
    abstained: int,
    eligible: int,
    rules: GroupRules,
    chair_choice: int | None,
    lottery_seed: str,
) -> AlternativesOutcome:
    """Two alternatives: the ordinary rules, first in the place of bifall, second of avslag."""
    pair_rules = (
        rules
        if rules.majority is not Majority.TWO_THIRDS
        else rules.model_copy(update={"majority": Majority.SIMPLE})
    )
    chair_vote = (
        {first: Choice.BIFALL, second: Choice.AVSLAG}.get(chair_choice)
        if chair_choice is not None
        else None
    )
    decision = decide(
        Counts(bifall=votes[first], avslag=votes[second], avstar=abstained),
        eligible=eligible,
        rules=pair_rules,
        chair_vote=chair_vote,
        lottery_seed=lottery_seed,
    )
    winner = {Position.BIFALL: first, Position.AVSLAG: second}.get(decision.position)
    return AlternativesOutcome(
        votes=dict(votes),
        abstained=abstained,
        eligible=eligible,
        quorum_met=decision.quorum_met,
        reason=decision.reason,
        winner=winner,
        position=None if winner is not None else decision.position,
        tie=decision.tie,
        lottery=decision.lottery,
    )


def runoff_deadline(
    now: datetime, item_deadline: datetime, chosen: datetime | None = None
) -> datetime | None:
    """When a second round closes: the chair's time if it fits, else half the time left.

    None when less than `MIN_ROUND` is left before the item's deadline: no second round
    fits, and the question is left to the chair.
    """
    left = item_deadline - now
    if left < MIN_ROUND:
        return None
    if chosen is not None and now + MIN_ROUND <= chosen <= item_deadline:
        return chosen
    return now + max(left / 2, MIN_ROUND)


class Resolution(StrEnum):
    """What became of a question once the whole beslutsgång is known."""

    DECIDED = "decided"
    FALLS = "falls"  # faller: återremiss supported, or a tillägg whose main att-sats fell
    UNDECIDED = "undecided"  # ordföranden beslutar


class QuestionResult(BaseModel):
    """The result of one question: supported (✅ questions) or the winning alternative."""

    model_config = ConfigDict(frozen=True)

    question: Question
    position: Position  # BIFALL/AVSLAG/... for ✅❌➖ questions; BIFALL for an alternatives winner
    winner: int | None = None  # ALTERNATIVES: the winning alternative's number


def main_supported(result: QuestionResult) -> bool:
    """Whether the group supports an att-sats (in its original or an amended form)."""
    if result.question.kind is QuestionKind.ALTERNATIVES:
        if result.winner is None:
            return False
        kind = result.question.alternatives[result.winner - 1].kind
        return kind is not ProposalKind.REJECT
    return result.position is Position.BIFALL


def resolve(
    results: Sequence[QuestionResult],
) -> list[tuple[QuestionResult, Resolution, str | None]]:
    """Apply the procedure's consequences to the questions' results, in their order.

    Returns, per question, its resolution and (for FALLS) the reason key.
    """
    referral_won = any(
        r.question.kind is QuestionKind.FORMAL and r.position is Position.BIFALL for r in results
    )
    supported_mains = {
        r.question.yrkande_number
        for r in results
        if r.question.kind in (QuestionKind.PLAIN, QuestionKind.ALTERNATIVES) and main_supported(r)
    }
    resolved: list[tuple[QuestionResult, Resolution, str | None]] = []
    for result in results:
        kind = result.question.kind
        if kind is not QuestionKind.FORMAL and referral_won:
            resolved.append((result, Resolution.FALLS, REASON_ALT_FALLS_REFERRAL))
        elif (
            kind is QuestionKind.ADDITION and result.question.yrkande_number not in supported_mains
        ):
            resolved.append((result, Resolution.FALLS, REASON_ALT_FALLS_MAIN))
        elif result.position is Position.UNDECIDED and result.winner is None:
            resolved.append((result, Resolution.UNDECIDED, None))
        else:
            resolved.append((result, Resolution.DECIDED, None))
    return resolved


# ------------------------------------------------------------ votes on the questions


def needs_own_vote(question: Question) -> bool:
    """Whether a question gets vote messages of its own (a PLAIN att-sats keeps its ✅❌➖)."""
    return question.kind is not QuestionKind.PLAIN


def first_round_closes(
    question: Question, now: datetime, item_deadline: datetime
) -> datetime | None:
    """When round 1 of a question closes (None: with the item, at its deadline).

    Three or more alternatives may need a second round, which must fit before the item's
    deadline: round 1 then closes after half the time left (`runoff_deadline`), leaving the
    rest for the second round. With too little time there is one round, until the deadline.
    """
    if question.kind is QuestionKind.ALTERNATIVES and len(question.alternatives) >= 3:
        return runoff_deadline(now, item_deadline)
    return None


class Round(BaseModel):
    """One round of a question's vote: live counts while open, the result once closed.

    ALTERNATIVES questions count `votes` per alternative number (`alternatives` are those
    offered in this round) and `abstained`; ✅❌➖ questions (FORMAL, ADDITION) count `counts`.
    """

    model_config = ConfigDict(frozen=True)

    number: int = Field(ge=1, le=2)
    alternatives: tuple[int, ...] = ()
    votes: dict[int, int] = {}
    counts: Counts | None = None
    abstained: int = 0
    not_voted: int = 0
    closes_at: datetime | None = None  # None: with the item
    outcome: AlternativesOutcome | None = None  # ALTERNATIVES, once closed
    decision: Decision | None = None  # ✅❌➖ questions, once closed

    @property
    def closed(self) -> bool:
        return self.outcome is not None or self.decision is not None


class QuestionOutcome(BaseModel):
    """A question of the beslutsgång with its rounds and, once decided, its result.

    `resolution` is None while the question is still open; `winner` is the winning
    alternative's number (ALTERNATIVES); `position` the group's line on the question
    (BIFALL for a winning alternative, AVSLAG, UNDECIDED "ordföranden beslutar", …);
    `reason` a catalogue key.
    """

    model_config = ConfigDict(frozen=True)

    question: Question
    rounds: tuple[Round, ...] = ()
    resolution: Resolution | None = None
    winner: int | None = None
    position: Position | None = None
    reason: str = ""

    @property
    def winning(self) -> Alternative | None:
        """The winning alternative (its text and author), if any."""
        if self.winner is None:
            return None
        return next((a for a in self.question.alternatives if a.number == self.winner), None)


def count_round(
    question: Question,
    number: int,
    alternatives: Sequence[int],
    current: Mapping[int, str],
    eligible: Sequence[int],
) -> Round:
    """A round's live counts from members' live votes (option keys)."""
    voted = set(current)
    not_voted = len([m for m in eligible if m not in voted])
    if question.kind is QuestionKind.ALTERNATIVES:
        live = {m: (int(c) if c.isdigit() else None) for m, c in current.items()}
        votes, abstained = tally_alternatives(live, alternatives, len(eligible))
        return Round(
            number=number,
            alternatives=tuple(alternatives),
            votes=votes,
            abstained=abstained,
            not_voted=not_voted,
        )
    counts = Counts(
        bifall=sum(1 for c in current.values() if c == Choice.BIFALL),
        avslag=sum(1 for c in current.values() if c == Choice.AVSLAG),
        avstar=sum(1 for c in current.values() if c == Choice.AVSTAR),
        not_voted=not_voted,
    )
    return Round(number=number, counts=counts, abstained=counts.avstar, not_voted=not_voted)


def close_round(
    question: Question,
    live: Round,
    *,
    eligible: int,
    rules: GroupRules,
    chair_vote: str | None,
    lottery_seed: str,
) -> Round:
    """Apply the rules to a round's counts: `decide_alternatives` or the ordinary `decide`."""
    if question.kind is QuestionKind.ALTERNATIVES:
        outcome = decide_alternatives(
            live.votes,
            abstained=live.abstained,
            eligible=eligible,
            rules=rules,
            chair_choice=int(chair_vote) if chair_vote and chair_vote.isdigit() else None,
            lottery_seed=lottery_seed,
        )
        return live.model_copy(update={"outcome": outcome})
    assert live.counts is not None
    decision = decide(
        live.counts,
        eligible=eligible,
        rules=rules,
        chair_vote=Choice(chair_vote) if chair_vote in set(Choice) else None,
        lottery_seed=lottery_seed,
    )
    return live.model_copy(update={"decision": decision})


def question_result(question: Question, rounds: Sequence[Round]) -> QuestionResult | None:
    """What a question's closed rounds decided (None while its last round is open).

    A first round that calls for a second one that never opened (no time left) leaves the
    question to the chair.
    """
    if not rounds or not rounds[-1].closed:
        return None
    last = rounds[-1]
    if last.outcome is not None:
        if last.outcome.winner is not None:
            return QuestionResult(
                question=question, position=Position.BIFALL, winner=last.outcome.winner
            )
        return QuestionResult(
            question=question, position=last.outcome.position or Position.UNDECIDED
        )
    assert last.decision is not None
    return QuestionResult(question=question, position=last.decision.position)


def reason_of(rounds: Sequence[Round]) -> str:
    """The catalogue key saying why the last closed round ended as it did."""
    last = rounds[-1] if rounds else None
    if last is None:
        return ""
    if last.outcome is not None:
        if last.outcome.runoff is not None:
            return REASON_ALT_NO_TIME  # a second round was due but did not fit
        return last.outcome.reason
    return last.decision.reason if last.decision is not None else ""


def outcomes_of(
    questions: Sequence[Question],
    rounds: Mapping[str, Sequence[Round]],
    plain: Mapping[int, Position],
) -> list[QuestionOutcome]:
    """Every question with its rounds and, once all are decided, the resolved result.

    `rounds` maps a question's key to its rounds; `plain` maps an att-sats number to the
    position its own ✅❌➖ vote gave (PLAIN questions), once the item closed.
    """
    results: list[QuestionResult | None] = []
    for question in questions:
        if question.kind is QuestionKind.PLAIN:
            position = plain.get(question.yrkande_number or 0)
            results.append(
                None if position is None else QuestionResult(question=question, position=position)
            )
        else:
            results.append(question_result(question, rounds.get(question.key, ())))
    resolved: dict[str, tuple[QuestionResult, Resolution, str | None]] = {}
    if all(r is not None for r in results):
        resolved = {
            r.question.key: (r, res, why) for r, res, why in resolve([r for r in results if r])
        }
    outcomes = []
    for question in questions:
        own_rounds = tuple(rounds.get(question.key, ()))
        if question.key not in resolved:
            outcomes.append(QuestionOutcome(question=question, rounds=own_rounds))
            continue
        done, resolution, falls_reason = resolved[question.key]
        reason = falls_reason or reason_of(own_rounds)
        position = done.position if resolution is Resolution.DECIDED else None
        if resolution is Resolution.UNDECIDED:
            position = Position.UNDECIDED
        outcomes.append(
            QuestionOutcome(
                question=question,
                rounds=own_rounds,
                resolution=resolution,
                winner=done.winner if resolution is Resolution.DECIDED else None,
                position=position,
                reason=reason,
            )
        )
    return outcomes


def att_sats_position(outcome: QuestionOutcome) -> Position | None:
    """The group's line on an att-sats decided between alternatives, for its position record:
    the original wins → bifall; an ändringsyrkande or eget yrkande → eget yrkande (the
    winning text); avslag → avslag; återremiss supported → återremiss; else the chair."""
    if outcome.resolution is None:
        return None
    if outcome.resolution is Resolution.FALLS:
        return Position.ATERREMISS
    winning = outcome.winning
    if winning is None:
        return outcome.position or Position.UNDECIDED
    return {
        ProposalKind.ORIGINAL: Position.BIFALL,
        ProposalKind.REJECT: Position.AVSLAG,
    }.get(winning.kind, Position.EGET_YRKANDE)
