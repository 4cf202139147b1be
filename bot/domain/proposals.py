"""Tabling in the group: the stored yrkanden, the locked beslutsgång and avvikande meningar.

Pure: stdlib + pydantic. The rules of order and counting are in `bot.domain.alternatives`;
this module holds what is stored about each tabled yrkande and the checks that decide
whether one may be tabled, withdrawn or locked, so the service only loads and stores.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from pydantic import BaseModel, ConfigDict

from bot.domain.alternatives import (
    MIN_ROUND,
    OrderProblem,
    Proposal,
    ProposalKind,
    Question,
    QuestionKind,
    TargetProblem,
    default_order,
    first_round_closes,
    reorder,
    target_problem,
)
from bot.domain.errors import InvalidInput
from bot.domain.models import Choice, Position
from bot.domain.schedule import local_text, parse_local_datetime

TEXT_MAX = 1500  # a yrkande is read out in the chamber; its card fits one message
DISSENT_MAX = 1000

# The kinds a member tables (ORIGINAL is the motion's own att-sats, never tabled).
TABLED_KINDS: tuple[ProposalKind, ...] = tuple(
    k for k in ProposalKind if k is not ProposalKind.ORIGINAL
)


class TabledProposal(BaseModel):
    """A yrkande as stored: who tabled it when, and whether it was withdrawn."""

    model_config = ConfigDict(frozen=True)

    id: int
    item_id: int
    number: int
    kind: ProposalKind
    yrkande_number: int | None
    text: str
    author_id: int
    tabled_at: datetime
    card_message_id: int | None = None
    withdrawn_at: datetime | None = None
    withdrawn_by: int | None = None

    @property
    def active(self) -> bool:
        """Still on the table (not withdrawn)."""
        return self.withdrawn_at is None

    def as_proposal(self) -> Proposal:
        """The rules' view of it."""
        return Proposal(
            number=self.number,
            kind=self.kind,
            text=self.text,
            author_id=self.author_id,
            yrkande_number=self.yrkande_number,
        )


class Lock(BaseModel):
    """The beslutsgång the chair locked: the questions in the order they are decided."""

    model_config = ConfigDict(frozen=True)

    item_id: int
    questions: tuple[Question, ...]
    chair_ordered: bool
    locked_by: int
    locked_at: datetime
    order_message_id: int | None = None
    runoff_at: datetime | None = None  # the chair's deadline for second rounds (None: half)


class Dissent(BaseModel):
    """An avvikande mening: a member's own words against the group's line on an item."""

    model_config = ConfigDict(frozen=True)

    item_id: int
    member_id: int
    text: str
    at: datetime


def clean_text(text: str, limit: int, empty_key: str, long_key: str) -> str:
    """The text stripped, or a polite refusal when it is empty or too long."""
    clean = text.strip()
    if not clean:
        raise InvalidInput(empty_key)
    if len(clean) > limit:
        raise InvalidInput(long_key, limit=limit)
    return clean


def check_target(
    kind: ProposalKind,
    yrkande_number: int | None,
    att_satser: int,
    tabled: Sequence[TabledProposal],
) -> None:
    """Refuse a yrkande that does not fit the item (wrong att-sats, too many alternatives)."""
    active = [p.as_proposal() for p in tabled if p.active]
    problem: TargetProblem | None = target_problem(kind, yrkande_number, att_satser, active)
    if problem is not None:
        raise InvalidInput(
            f"proposal.error.{problem.value}",
            yrkande=yrkande_number or 0,
            count=att_satser,
        )


def parse_order(text: str) -> list[str]:
    """The chair's order as question keys: "p3, a1, a2 p4" → ["p3", "a1", "a2", "p4"]."""
    return [part for part in text.replace(",", " ").split() if part]


def beslutsgang(
    att_satser: Sequence[str], tabled: Sequence[TabledProposal], order: str | None
) -> list[Question]:
    """The questions to lock: the procedure's order, or the chair's if it keeps the rules."""
    questions = default_order(att_satser, [p.as_proposal() for p in tabled if p.active])
    if order is None or not order.strip():
        return questions
    keys = [key.lower() for key in parse_order(order)]
    result = reorder(questions, keys)
    if isinstance(result, OrderProblem):
        raise InvalidInput(
            f"proposal.error.order_{result.value}", keys=" ".join(q.key for q in questions)
        )
    return result


def voted_against(
    choices: Mapping[int, str | None], lines: Mapping[int, Position | None]
) -> list[int]:
    """The att-satser (numbers) on which a member's counted vote opposed the group's line.

    Bifall against an avslag line, or avslag against a bifall line; avstår and lines the
    group did not take (undecided, free vote, avstår) oppose nothing.
    """
    opposite = {Position.BIFALL: Choice.AVSLAG, Position.AVSLAG: Choice.BIFALL}
    return sorted(
        number
        for number, line in lines.items()
        if line in opposite and choices.get(number) == opposite[line]
    )


def opposed_question(
    kind: QuestionKind, winner: int | None, position: Position | None, choice: str | None
) -> bool:
    """Whether a member's vote in a question's deciding round opposed what the group chose:
    another alternative than the winner (avstår opposes nothing), or the opposite of a
    ✅❌➖ question's line."""
    if choice is None:
        return False
    if kind is QuestionKind.ALTERNATIVES:
        return winner is not None and choice.isdigit() and int(choice) != winner
    opposite = {Position.BIFALL: Choice.AVSLAG, Position.AVSLAG: Choice.BIFALL}
    return position in opposite and choice == opposite[position]


ERROR_RUNOFF_UNREADABLE = "proposal.error.runoff_unreadable"
ERROR_RUNOFF_NOT_NEEDED = "proposal.error.runoff_not_needed"
ERROR_RUNOFF_NO_TIME = "proposal.error.runoff_no_time"
ERROR_RUNOFF_PASSED = "proposal.error.runoff_passed"
ERROR_RUNOFF_OUTSIDE = "proposal.error.runoff_outside"
ERROR_RUNOFF_WINDOW = "proposal.error.runoff_window"


def runoff_time(
    text: str, *, now: datetime, item_deadline: datetime, first_round_closes: datetime | None
) -> datetime:
    """A deadline the chair types for second rounds, checked: readable ("YYYY-MM-DD HH:MM",
    Stockholm time, like a meeting's deadline), in the future, at least `MIN_ROUND` after
    now and after round 1 closes (`first_round_closes`, if a round 1 still runs), never
    past the item's deadline."""
    at = parse_local_datetime(text)
    if at is None:
        raise InvalidInput(ERROR_RUNOFF_UNREADABLE, value=text.strip())
    earliest = max(now, first_round_closes or now) + MIN_ROUND
    if earliest > item_deadline:
        raise InvalidInput(ERROR_RUNOFF_NO_TIME, deadline=local_text(item_deadline))
    if at <= now:
        raise InvalidInput(ERROR_RUNOFF_PASSED, value=local_text(at))
    if not earliest <= at <= item_deadline:
        if first_round_closes is None:
            raise InvalidInput(
                ERROR_RUNOFF_WINDOW,
                value=local_text(at),
                earliest=local_text(earliest),
                deadline=local_text(item_deadline),
            )
        raise InvalidInput(
            ERROR_RUNOFF_OUTSIDE,
            value=local_text(at),
            first=local_text(first_round_closes),
            earliest=local_text(earliest),
            deadline=local_text(item_deadline),
        )
    return at


def can_go_to_runoff(question: Question) -> bool:
    """Whether a question may need a second round (three or more alternatives)."""
    return question.kind is QuestionKind.ALTERNATIVES and len(question.alternatives) >= 3


def chosen_runoff(
    text: str, questions: Sequence[Question], *, now: datetime, item_deadline: datetime
) -> datetime:
    """The chair's deadline for the second rounds of a beslutsgång locked now, checked.

    Round 1 of three or more alternatives closes at `first_round_closes`; the second round
    must close at least `MIN_ROUND` after it (`runoff_time`). Refused when no question can
    go to a second round.
    """
    if not any(can_go_to_runoff(q) for q in questions):
        raise InvalidInput(ERROR_RUNOFF_NOT_NEEDED)
    first = [
        closes
        for question in questions
        if (closes := first_round_closes(question, now, item_deadline)) is not None
    ]
    if not first:
        raise InvalidInput(ERROR_RUNOFF_NO_TIME, deadline=local_text(item_deadline))
    return runoff_time(text, now=now, item_deadline=item_deadline, first_round_closes=max(first))
