"""Answers after fullmäktige: the outcome just recorded and how the group fared (no I/O)."""

from __future__ import annotations

from bot.domain.models import Language, Position, Verdict
from bot.domain.outcomes import OutcomeRecorded, effective_results
from bot.domain.records import Outcome
from bot.ui.limits import MESSAGE_CONTENT, fit
from bot.ui.messages import t


def result_name(outcome: Outcome, lang: Language) -> str:
    """ "avslag (12–39, 2 avstod)": the result with the counts when they were given."""
    name = t(f"choice.result.{outcome.result.value}", lang)
    if outcome.votes_for is None and outcome.votes_against is None:
        counts = ""
    else:
        counts = t(
            "outcome.votes",
            lang,
            votes_for=outcome.votes_for if outcome.votes_for is not None else "?",
            votes_against=outcome.votes_against if outcome.votes_against is not None else "?",
        )
    if outcome.abstained is not None:
        abstained = t("outcome.abstained", lang, abstained=outcome.abstained)
        counts = f"{counts}, {abstained}" if counts else abstained
    return f"{name} ({counts})" if counts else name


def verdict_word(verdict: Verdict, lang: Language) -> str:
    """vann, delvis, förlorade or ingen linje."""
    return t(f"verdict.{verdict.value}", lang)


def position_word(position: Position | None, lang: Language) -> str:
    """The position's name, or "ingen" when the group has none."""
    return t(f"position.{position.value}", lang) if position else t("outcome.no_position", lang)


def outcome_text(recorded: OutcomeRecorded, lang: Language) -> str:
    """The secretary's answer: the outcome, each att-sats against the line, the verdict."""
    outcome = recorded.outcome
    item = recorded.item
    params = {"item": item.number, "title": item.title, "result": result_name(outcome, lang)}
    if outcome.yrkande_number is None:
        lines = [t("outcome.saved.item", lang, **params)]
    else:
        lines = [t("outcome.saved.clause", lang, number=outcome.yrkande_number, **params)]
    if outcome.note:
        lines.append(t("outcome.note", lang, note=outcome.note))
    # The outcome in force per att-sats: its own, or the one of the whole item.
    results = effective_results(list(recorded.positions), recorded.outcomes)
    for number, clause_verdict in recorded.verdict.clauses.items():
        clause_outcome = results[number]
        lines.append(
            t(
                "outcome.clause_line",
                lang,
                number=number,
                position=position_word(recorded.positions.get(number), lang),
                verdict=verdict_word(clause_verdict, lang),
                result=result_name(clause_outcome, lang),
            )
        )
    if recorded.verdict.verdict is not None:
        lines.append(t(f"outcome.verdict.{recorded.verdict.verdict.value}", lang))
    if recorded.verdict.any_lost:
        lines.append(t("outcome.reserve_hint", lang))
    return fit("\n".join(lines), MESSAGE_CONTENT)


def reservation_saved_text(item_number: int, text: str, lang: Language) -> str:
    """The answer after the modal: the reservation as stored, quoted."""
    quoted = "\n".join(f"> {line}" if line else ">" for line in text.splitlines())
    return fit(t("reservation.saved", lang, number=item_number, text=quoted), MESSAGE_CONTENT)
