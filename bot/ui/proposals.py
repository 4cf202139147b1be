"""Texts of the group's own yrkanden: the proposal card, the list and the propositionsordning.

No I/O. Authors are shown as mentions (the bot sends with mentions off, so nobody is
pinged); member text is escaped and every text is cut to Discord's message limit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.domain.alternatives import NUMBER_EMOJI, Alternative, ProposalKind, Question, QuestionKind
from bot.domain.models import Language
from bot.domain.proposals import Lock, TabledProposal
from bot.domain.records import Item
from bot.ui.limits import MESSAGE_CONTENT
from bot.ui.meetings import Rendered, fit_message, safe
from bot.ui.messages import t
from bot.ui.timefmt import format_local


def kind_name(kind: ProposalKind, lang: Language) -> str:
    """ "ändringsyrkande", "tilläggsyrkande", …"""
    return t(f"proposal.kind.{kind.value}", lang)


def _author(member_id: int | None, names: Mapping[int, str] | None = None) -> str:
    if member_id is None:
        return ""
    if names and member_id in names:
        return safe(names[member_id])
    return f"<@{member_id}>"


def _target(yrkande_number: int | None, lang: Language) -> str:
    return "" if yrkande_number is None else t("proposal.target", lang, yrkande=yrkande_number)


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in safe(text).splitlines())


def proposal_card(item: Item, proposal: TabledProposal, lang: Language) -> Rendered:
    """The card posted in the motion's thread when a yrkande is tabled."""
    text = t(
        "proposal.card",
        lang,
        number=proposal.number,
        item=item.number,
        kind=kind_name(proposal.kind, lang),
        target=_target(proposal.yrkande_number, lang),
        author=_author(proposal.author_id),
        text=_quote(proposal.text),
    )
    return fit_message(text, lang, MESSAGE_CONTENT)


def withdrawn_card(proposal: TabledProposal, lang: Language) -> str:
    """The card once its yrkande is withdrawn."""
    return t(
        "proposal.withdrawn_card", lang, number=proposal.number, by=_author(proposal.withdrawn_by)
    )


def _one_line(text: str, limit: int = 300) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def proposal_list_text(
    item: Item,
    proposals: Sequence[TabledProposal],
    lock: Lock | None,
    open_order: Sequence[Question],
    lang: Language,
) -> Rendered:
    """/proposal list: every yrkande (withdrawn ones struck), and the order now or locked."""
    lines = [t("proposal.list_heading", lang, item=item.number, title=safe(item.title))]
    if not proposals:
        lines.append(t("proposal.list_none", lang))
    for proposal in proposals:
        if proposal.active:
            lines.append(
                t(
                    "proposal.list_line",
                    lang,
                    number=proposal.number,
                    kind=kind_name(proposal.kind, lang),
                    target=_target(proposal.yrkande_number, lang),
                    author=_author(proposal.author_id),
                    text=safe(_one_line(proposal.text)),
                )
            )
        else:
            lines.append(
                t(
                    "proposal.list_withdrawn",
                    lang,
                    number=proposal.number,
                    kind=kind_name(proposal.kind, lang),
                    author=_author(proposal.author_id),
                )
            )
    lines.append("")
    if lock is None:
        keys = " ".join(q.key for q in open_order)
        lines.append(t("proposal.list_open", lang, keys=keys))
    else:
        lines.append(t("proposal.list_locked", lang))
        lines.extend(order_lines(item, lock.questions, proposals, lang))
    return fit_message("\n".join(lines), lang)


def alternative_label(
    alternative: Alternative, lang: Language, names: Mapping[int, str] | None = None
) -> str:
    """ "Ursprunglig att-sats" or "ändringsyrkande 2 (Anna Berg)"."""
    if alternative.kind is ProposalKind.ORIGINAL:
        return t("proposal.label_original", lang)
    return t(
        "proposal.label_proposal",
        lang,
        kind=kind_name(alternative.kind, lang),
        proposal=alternative.proposal_number,
        author=_author(alternative.author_id, names),
    )


def order_lines(
    item: Item,
    questions: Sequence[Question],
    proposals: Sequence[TabledProposal],
    lang: Language,
    names: Mapping[int, str] | None = None,
) -> list[str]:
    """One line (or a block of alternatives) per question, numbered in the order decided."""
    by_number = {p.number: p for p in proposals}
    att_satser = {y.number: y.text for y in item.yrkanden}
    lines: list[str] = []
    for step, question in enumerate(questions, start=1):
        tabled = by_number.get(question.proposal_number or 0)
        if question.kind is QuestionKind.FORMAL and tabled is not None:
            lines.append(
                t(
                    "proposal.order_formal",
                    lang,
                    step=step,
                    proposal=tabled.number,
                    author=_author(tabled.author_id, names),
                    text=safe(_one_line(tabled.text)),
                )
            )
        elif question.kind is QuestionKind.ADDITION and tabled is not None:
            lines.append(
                t(
                    "proposal.order_addition",
                    lang,
                    step=step,
                    proposal=tabled.number,
                    author=_author(tabled.author_id, names),
                    yrkande=question.yrkande_number,
                    text=safe(_one_line(tabled.text)),
                )
            )
        elif question.kind is QuestionKind.ALTERNATIVES:
            lines.append(
                t("proposal.order_alternatives", lang, step=step, yrkande=question.yrkande_number)
            )
            lines.extend(
                t(
                    "proposal.order_alternative",
                    lang,
                    emoji=NUMBER_EMOJI[alternative.number - 1],
                    label=alternative_label(alternative, lang, names),
                    text=safe(_one_line(alternative.text)),
                )
                for alternative in question.alternatives
            )
        else:
            number = question.yrkande_number or 0
            lines.append(
                t(
                    "proposal.order_plain",
                    lang,
                    step=step,
                    yrkande=number,
                    text=safe(_one_line(att_satser.get(number, ""))),
                )
            )
    return lines


def order_message(
    item: Item, lock: Lock, proposals: Sequence[TabledProposal], lang: Language
) -> Rendered:
    """The propositionsordning posted in the thread when the chair locks."""
    lines = [t("proposal.order_heading", lang, item=item.number, title=safe(item.title))]
    if lock.chair_ordered:
        lines.append(t("proposal.order_chair", lang))
    lines.extend(order_lines(item, lock.questions, proposals, lang))
    if lock.runoff_at is not None:
        lines.append(t("proposal.order_runoff", lang, at=format_local(lock.runoff_at, lang)))
    lines.append("")
    lines.append(t("proposal.order_footer", lang))
    return fit_message("\n".join(lines), lang)
