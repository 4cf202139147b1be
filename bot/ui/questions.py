"""A locked beslutsgång as text for /motion status and the chair's /motion close reply: each
question, its rounds with counts per alternative, the open round's deadline, the result."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.domain.alternatives import QuestionKind, QuestionOutcome, Resolution, Round
from bot.domain.models import Language
from bot.domain.options import STANDARD_NAME, OptionSet, numbered_of, option_set
from bot.domain.reports import QuestionStatus
from bot.ui.limits import fit
from bot.ui.messages import t
from bot.ui.timefmt import format_local
from bot.ui.votes import alternative_label, round_counts, round_result

ALTERNATIVE_TEXT = 80  # each alternative's text in a status line (the vote message has it all)


def _options(outcome: QuestionOutcome, shown: Round) -> OptionSet:
    if outcome.question.kind is QuestionKind.ALTERNATIVES:
        return numbered_of(shown.alternatives or [a.number for a in outcome.question.alternatives])
    return option_set(STANDARD_NAME)


def _heading(outcome: QuestionOutcome, author_id: int | None, lang: Language) -> str:
    question = outcome.question
    clause = question.yrkande_number
    if question.kind is QuestionKind.ALTERNATIVES:
        return t("question.alternatives", lang, clause=clause)
    key = "question.formal" if question.kind is QuestionKind.FORMAL else "question.addition"
    return t(key, lang, clause=clause, proposal=question.proposal_number, author=author_id)


def round_lines(outcome: QuestionOutcome, lang: Language) -> list[str]:
    """One line per round: "Omgång 1 (stänger …): 1️⃣ 3 · 2️⃣ 3 · …" and how a closed one ended."""
    lines = []
    rounds = outcome.rounds
    for shown in rounds:
        options = _options(outcome, shown)
        if shown.closed:
            head = t("status.round_closed", lang, number=shown.number)
        elif shown.closes_at is not None:
            head = t(
                "status.round_open",
                lang,
                number=shown.number,
                at=format_local(shown.closes_at, lang),
            )
        else:
            head = t("status.round_with_item", lang, number=shown.number)
        line = f"{head}: {round_counts(shown, options, lang)}"
        if shown.closed:
            followed = shown is not rounds[-1]
            line += f"\n  {round_result(shown, options, lang, followed)}"
        lines.append(line)
    if outcome.resolution is Resolution.FALLS and outcome.reason:
        lines.append(t(outcome.reason, lang))
    return lines


def question_status_lines(
    questions: Sequence[QuestionStatus],
    lang: Language,
    name_of: Callable[[int], str] | None = None,
    *,
    open_item: bool = True,
) -> list[str]:
    """/motion status: every question of the locked beslutsgång with its rounds; with
    `name_of` (chair, secretary), who has not voted in a round still open."""
    lines: list[str] = []
    for status in questions:
        outcome = status.outcome
        if outcome.question.kind is QuestionKind.PLAIN:
            continue  # an att-sats's own ✅❌➖ vote: shown with the att-satser
        lines.append("")
        lines.append(t("question.step", lang, index=status.index, total=status.total))
        lines.append(_heading(outcome, status.author_id, lang))
        if outcome.question.kind is QuestionKind.ALTERNATIVES:
            options = numbered_of([a.number for a in outcome.question.alternatives])
            for alternative in outcome.question.alternatives:
                emoji = options.emoji_of(str(alternative.number))
                label = alternative_label(alternative, lang)
                lines.append(f"{emoji} {label}: {fit(alternative.text, ALTERNATIVE_TEXT)}")
        lines.extend(round_lines(outcome, lang))
        rounds = outcome.rounds
        if name_of is None or not open_item or not rounds or rounds[-1].closed:
            continue
        if status.non_voter_ids:
            names = ", ".join(name_of(mid) for mid in status.non_voter_ids)
            lines.append(t("status.non_voters_named", lang, names=names))
        else:
            lines.append(t("status.everyone_voted", lang))
    return lines


def closed_question_lines(outcomes: Sequence[QuestionOutcome], lang: Language) -> list[str]:
    """The chair's close reply: how each question of the beslutsgång ended, with its rounds."""
    lines: list[str] = []
    for outcome in outcomes:
        question = outcome.question
        if question.kind is QuestionKind.PLAIN:
            continue
        if question.kind is QuestionKind.ALTERNATIVES:
            if outcome.resolution is Resolution.DECIDED and outcome.winning is not None:
                winning = outcome.winning
                options = numbered_of([a.number for a in question.alternatives])
                result = t(
                    "motion.closed_alternative_won",
                    lang,
                    emoji=options.emoji_of(str(winning.number)),
                    label=alternative_label(winning, lang),
                )
            elif outcome.resolution is Resolution.UNDECIDED:
                result = t("motion.closed_undecided", lang)
            else:
                result = t(f"position.{outcome.position or 'undecided'}", lang)
            lines.append(t("motion.closed_alternatives", lang, number=question.yrkande_number))
            lines.append(f"  {result}")
        else:
            position = t(f"position.{outcome.position or 'undecided'}", lang)
            key = (
                "motion.closed_formal"
                if question.kind is QuestionKind.FORMAL
                else ("motion.closed_addition")
            )
            lines.append(
                t(key, lang, proposal=question.proposal_number, clause=question.yrkande_number)
                + f" **{position}**"
            )
        lines.extend(f"  {line}" for line in round_lines(outcome, lang))
    return lines
