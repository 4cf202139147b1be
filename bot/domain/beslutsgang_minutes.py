"""The group's own yrkanden in the minutes, the brief and the data export (issue 15).

Per §: "Yrkanden i gruppen" (every tabled yrkande, withdrawn ones marked), "Beslutsgång"
(the locked propositionsordning with the counts of each round and what became of each
question) and the avvikande meningar. The group's line on an att-sats decided between
alternatives is said as the speaker will table it: "Gruppen yrkar bifall till
ändringsyrkande 2 (N.N.): att …". Pure: the sentences come from the catalogue through
the `say(key, **params)` the caller passes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pydantic import BaseModel

from bot.domain.alternatives import NUMBER_EMOJI, ProposalKind, QuestionKind, Resolution
from bot.domain.models import Choice, Position

Say = Callable[..., str]

CHOICE_ORDER = (Choice.BIFALL.value, Choice.AVSLAG.value, Choice.AVSTAR.value)


class ProposalMinutes(BaseModel):
    """A yrkande tabled in the group, as the minutes list it."""

    number: int
    kind: ProposalKind
    yrkande_number: int | None
    text: str
    author: str
    withdrawn: bool = False


class AlternativeMinutes(BaseModel):
    """One option of an alternatives vote: `number` is its emoji (1 → 1️⃣)."""

    number: int
    kind: ProposalKind
    text: str
    author: str | None = None
    proposal_number: int | None = None


class RoundMinutes(BaseModel):
    """The counts of one round: votes per option key ("1".."9", or bifall/avslag/avstar)."""

    number: int
    votes: dict[str, int]
    abstained: int = 0
    not_voted: int = 0
    reason: str | None = None  # catalogue key of how the round ended


class QuestionMinutes(BaseModel):
    """One step of the beslutsgång and what became of it."""

    key: str
    kind: QuestionKind
    yrkande_number: int | None = None
    proposal_number: int | None = None
    text: str = ""  # the att-sats (PLAIN) or the tabled yrkande (FORMAL, ADDITION)
    author: str | None = None
    alternatives: list[AlternativeMinutes] = []
    rounds: list[RoundMinutes] = []
    resolution: Resolution | None = None  # None: not decided yet
    winner: int | None = None  # ALTERNATIVES: the winning alternative's number
    position: Position | None = None  # ✅❌➖ questions: the line; else when no winner
    reason: str | None = None  # catalogue key (falls, no time, …)


class BeslutsgangMinutes(BaseModel):
    """An item's tabled yrkanden and, once locked, its beslutsgång."""

    proposals: list[ProposalMinutes] = []
    locked: bool = False
    chair_ordered: bool = False
    questions: list[QuestionMinutes] = []


class DissentMinutes(BaseModel):
    """An avvikande mening: who, in their own words."""

    name: str
    text: str


def kind_word(kind: ProposalKind, say: Say) -> str:
    """ "ändringsyrkande", "tilläggsyrkande", …"""
    return str(say(f"proposal.kind.{kind.value}"))


def alternative_label(alternative: AlternativeMinutes, say: Say) -> str:
    """ "den ursprungliga att-satsen" or "ändringsyrkande 2 (Anna Berg)"."""
    if alternative.kind is ProposalKind.ORIGINAL:
        return str(say("proposal.minutes.original"))
    return str(
        say(
            "proposal.label_proposal",
            kind=kind_word(alternative.kind, say),
            proposal=alternative.proposal_number,
            author=alternative.author or "?",
        )
    )


def winning_alternative(question: QuestionMinutes) -> AlternativeMinutes | None:
    """The alternative the group chose, once decided."""
    if question.resolution is not Resolution.DECIDED or question.winner is None:
        return None
    return next((a for a in question.alternatives if a.number == question.winner), None)


def line_sentence(question: QuestionMinutes, say: Say) -> str | None:
    """ "Gruppen yrkar bifall till ändringsyrkande 2 (N.N.): att …" for a decided
    alternatives question (None otherwise): exactly what the speaker tables."""
    winner = winning_alternative(question)
    if winner is None:
        return None
    if winner.kind is ProposalKind.REJECT:
        return str(
            say(
                "proposal.line.reject",
                yrkande=question.yrkande_number,
                label=alternative_label(winner, say),
            )
        )
    return str(
        say("proposal.line.alternative", label=alternative_label(winner, say), text=winner.text)
    )


def tabled_line(question: QuestionMinutes, say: Say) -> str | None:
    """What the speaker tables on one question once it is decided (None: nothing to table,
    e.g. a referral the group did not support, a question that fell or is undecided)."""
    if question.resolution is not Resolution.DECIDED:
        return None
    if question.kind is QuestionKind.ALTERNATIVES:
        return line_sentence(question, say)
    if question.position is not Position.BIFALL and not (
        question.kind is QuestionKind.PLAIN and question.position is Position.AVSLAG
    ):
        return None
    if question.kind is QuestionKind.FORMAL:
        return str(
            say(
                "proposal.line.referral",
                proposal=question.proposal_number,
                author=question.author or "?",
                text=question.text,
            )
        )
    if question.kind is QuestionKind.ADDITION:
        label = say(
            "proposal.label_proposal",
            kind=kind_word(ProposalKind.ADDITION, say),
            proposal=question.proposal_number,
            author=question.author or "?",
        )
        return str(say("proposal.line.alternative", label=label, text=question.text))
    key = (
        "proposal.line.plain_bifall"
        if question.position is Position.BIFALL
        else ("proposal.line.plain_avslag")
    )
    return str(say(key, yrkande=question.yrkande_number, text=question.text))


def decision_lines(beslutsgang: BeslutsgangMinutes, say: Say) -> list[str]:
    """Under "Beslut": exactly what the speaker tables, question by question."""
    found = (tabled_line(question, say) for question in beslutsgang.questions)
    return [line for line in found if line is not None]


def proposal_lines(beslutsgang: BeslutsgangMinutes, say: Say) -> list[str]:
    """Under "Yrkanden i gruppen": one line per tabled yrkande."""
    lines = []
    for proposal in beslutsgang.proposals:
        target = (
            say("proposal.target", yrkande=proposal.yrkande_number)
            if proposal.yrkande_number is not None
            else ""
        )
        key = "proposal.minutes.withdrawn" if proposal.withdrawn else "proposal.minutes.tabled"
        lines.append(
            str(
                say(
                    key,
                    number=proposal.number,
                    kind=kind_word(proposal.kind, say),
                    target=target,
                    author=proposal.author,
                    text=proposal.text,
                )
            )
        )
    return lines


def _round_counts(round_: RoundMinutes, question: QuestionMinutes, say: Say) -> str:
    parts = []
    if question.kind is QuestionKind.ALTERNATIVES:
        for key, votes in sorted(round_.votes.items(), key=lambda kv: int(kv[0])):
            parts.append(f"{NUMBER_EMOJI[int(key) - 1]} {votes}")
        parts.append(str(say("proposal.minutes.abstained", count=round_.abstained)))
    else:
        for key in CHOICE_ORDER:
            parts.append(f"{say(f'proposal.minutes.choice.{key}')} {round_.votes.get(key, 0)}")
    parts.append(str(say("proposal.minutes.not_voted", count=round_.not_voted)))
    return ", ".join(parts)


def _question_title(step: int, question: QuestionMinutes, say: Say) -> str:
    if question.kind is QuestionKind.FORMAL:
        return str(
            say(
                "proposal.minutes.q_formal",
                step=step,
                proposal=question.proposal_number,
                author=question.author or "?",
                text=question.text,
            )
        )
    if question.kind is QuestionKind.ADDITION:
        return str(
            say(
                "proposal.minutes.q_addition",
                step=step,
                proposal=question.proposal_number,
                author=question.author or "?",
                yrkande=question.yrkande_number,
                text=question.text,
            )
        )
    if question.kind is QuestionKind.ALTERNATIVES:
        return str(
            say("proposal.minutes.q_alternatives", step=step, yrkande=question.yrkande_number)
        )
    return str(
        say(
            "proposal.minutes.q_plain",
            step=step,
            yrkande=question.yrkande_number,
            text=question.text,
        )
    )


def _result(question: QuestionMinutes, say: Say) -> str:
    if question.resolution is None:
        return str(say("proposal.minutes.pending"))
    if question.resolution is Resolution.FALLS:
        return str(say(question.reason or "reason.alt_falls_main"))
    if question.resolution is Resolution.UNDECIDED:
        return str(say("proposal.minutes.undecided"))
    sentence = line_sentence(question, say)
    if sentence is not None:
        return sentence
    if question.position is not None:
        return str(
            say(
                "proposal.minutes.position",
                position=say(f"export.position.{question.position.value}"),
            )
        )
    return str(say("proposal.minutes.pending"))


def beslutsgang_lines(beslutsgang: BeslutsgangMinutes, say: Say) -> list[str]:
    """Under "Beslutsgång": each question in order, its alternatives, rounds and result."""
    if not beslutsgang.locked:
        return [str(say("proposal.minutes.not_locked"))]
    lines = [str(say("proposal.order_chair"))] if beslutsgang.chair_ordered else []
    for step, question in enumerate(beslutsgang.questions, start=1):
        lines.append(_question_title(step, question, say))
        for alternative in question.alternatives:
            lines.append(
                f"  {NUMBER_EMOJI[alternative.number - 1]} "
                f"{alternative_label(alternative, say)}: {alternative.text}"
            )
        several = len(question.rounds) > 1
        for round_ in question.rounds:
            label = (
                say("proposal.minutes.round", round=round_.number)
                if several
                else say("proposal.minutes.votes")
            )
            lines.append(f"  {label}: {_round_counts(round_, question, say)}")
        lines.append(f"  → {_result(question, say)}")
    return lines


def dissent_lines(dissents: Sequence[DissentMinutes], say: Say) -> list[str]:
    """Under "Avvikande mening": "Name: text" each."""
    return [str(say("proposal.minutes.dissent", name=d.name, text=d.text)) for d in dissents]


BESLUTSGANG_COLUMNS = (
    "paragraph",
    "item",
    "step",
    "question",
    "kind",
    "yrkande",
    "alternative",
    "label",
    "text",
    "round",
    "votes",
    "result",
)


def _option_rows(question: QuestionMinutes, say: Say) -> list[tuple[str, str, str]]:
    """(option key, label, text) per option of a question."""
    if question.kind is QuestionKind.ALTERNATIVES:
        return [(str(a.number), alternative_label(a, say), a.text) for a in question.alternatives]
    return [
        (key, str(say(f"proposal.minutes.choice.{key}")), question.text) for key in CHOICE_ORDER
    ]


def beslutsgang_rows(
    items: Sequence[tuple[int, int | None, BeslutsgangMinutes]], say: Say
) -> list[tuple[object, ...]]:
    """One row per option and round of every locked question: the alternatives and the
    counts of each round, with the result on the row of the option that won."""
    rows: list[tuple[object, ...]] = []
    for paragraph, item_number, beslutsgang in items:
        if not beslutsgang.locked:
            continue
        for step, question in enumerate(beslutsgang.questions, start=1):
            kind = str(say(f"proposal.minutes.kind.{question.kind.value}"))
            rounds = question.rounds or [RoundMinutes(number=1, votes={})]
            for round_ in rounds:
                for key, label, text in _option_rows(question, say):
                    alternatives = question.kind is QuestionKind.ALTERNATIVES
                    if question.rounds and alternatives and key not in round_.votes:
                        continue  # not in this round (a second round has two)
                    last = round_ is rounds[-1]
                    won = last and (
                        (question.winner is not None and key == str(question.winner))
                        or (question.position is not None and key == question.position.value)
                    )
                    rows.append(
                        (
                            paragraph,
                            item_number,
                            step,
                            question.key,
                            kind,
                            question.yrkande_number or "",
                            key,
                            label,
                            text,
                            round_.number if question.rounds else "",
                            round_.votes.get(key, "") if question.rounds else "",
                            _result(question, say) if won else "",
                        )
                    )
    return rows
