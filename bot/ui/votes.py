"""The text of a yrkande's vote message, re-rendered from the database at any time."""

from __future__ import annotations

from bot.domain.alternatives import Alternative, ProposalKind, Question, QuestionKind, Round
from bot.domain.models import Counts, ItemStatus, Language, Position
from bot.domain.options import OptionSet, VoteOption
from bot.domain.reports import VoteMessageState
from bot.ui.limits import MESSAGE_CONTENT, fit
from bot.ui.messages import t
from bot.ui.timefmt import format_local


def vote_message_text(
    *,
    item_number: int,
    item_title: str,
    yrkande_number: int,
    yrkande_total: int,
    text: str,
    status: ItemStatus,
    counts: Counts | None,
    voted: int | None,
    position: Position | None,
    lang: Language,
    options: OptionSet,
    moved: bool = False,
) -> str:
    """One vote message: heading, the att-sats, how to vote (the reactions `options` offers),
    and the tally or the result. `moved`: the att-sats is now decided between alternatives
    (its own message takes no votes since the lock).

    `counts` is shown while open only when the group shows a live tally; otherwise
    `voted` (how many have voted) is shown. After closing, the final counts and the
    position are shown.
    """
    heading = t(
        "vote.heading",
        lang,
        item=item_number,
        title=item_title,
        number=yrkande_number,
        total=yrkande_total,
    )
    lines = [heading]
    if status is ItemStatus.OPEN and moved:
        lines.append(t("question.moved", lang))
    elif status is ItemStatus.OPEN:
        lines.append(t("vote.how_to", lang, options=options_line(options, lang)))
        if counts is not None:
            lines.append(counts_line(counts, lang))
        elif voted is not None:
            lines.append(t("vote.voted_so_far", lang, voted=voted))
    elif status is ItemStatus.CLOSED:
        if counts is not None:
            lines.append(counts_line(counts, lang))
        if position is not None:
            lines.append(t("vote.closed_position", lang, position=t(f"position.{position}", lang)))
        else:
            lines.append(t("vote.closed", lang))
    # The att-sats goes last so only it is cut when the message is too long.
    fixed = "\n".join(lines) + "\n\n> "
    quoted = text.replace("\n", "\n> ")
    return fixed + fit(quoted, MESSAGE_CONTENT - len(fixed))


def _option_name(option: VoteOption, lang: Language) -> str:
    return f"{option.emoji} {t(option.label_key, lang, number=option.number)}"


def options_line(options: OptionSet, lang: Language) -> str:
    """'✅ bifall · ❌ avslag · ➖ avstår': the reactions a vote message offers."""
    return " · ".join(_option_name(option, lang) for option in options.options)


def options_or_list(options: OptionSet, lang: Language) -> str:
    """'✅ bifall, ❌ avslag eller ➖ avstår': the same as a phrase in a sentence."""
    names = [_option_name(option, lang) for option in options.options]
    if len(names) == 1:
        return names[0]
    return t("options.or_list", lang, first=", ".join(names[:-1]), last=names[-1])


def counts_line(counts: Counts, lang: Language) -> str:
    """'✅ 6 bifall · ❌ 2 avslag · ➖ 1 avstår · 3 har inte röstat'."""
    return t(
        "vote.counts",
        lang,
        bifall=counts.bifall,
        avslag=counts.avslag,
        avstar=counts.avstar,
        not_voted=counts.not_voted,
    )


def render_vote_message(state: VoteMessageState) -> str:
    """The vote message text of a yrkande (or of a beslutsgång question's round) now."""
    if state.question is not None and state.round is not None:
        return question_message_text(
            item_number=state.item_number,
            item_title=state.item_title,
            question=state.question,
            shown=state.round,
            options=state.yrkande.options,
            text=state.yrkande.text,
            author_id=state.author_id,
            index=state.question_index,
            total=state.question_total,
            status=state.status,
            show_counts=state.show_counts,
            voted=state.voted,
            followed=state.followed,
            lang=state.lang,
        )
    return vote_message_text(
        item_number=state.item_number,
        item_title=state.item_title,
        yrkande_number=state.yrkande.number,
        yrkande_total=state.yrkande_total,
        text=state.yrkande.text,
        status=state.status,
        counts=state.counts,
        voted=state.voted,
        position=state.position,
        lang=state.lang,
        options=state.yrkande.options,
        moved=state.yrkande.closes_at is not None,
    )


_ALTERNATIVE_LABEL = {
    ProposalKind.ORIGINAL: "question.alt.original",
    ProposalKind.CHANGE: "question.alt.change",
    ProposalKind.REJECT: "question.alt.reject",
    ProposalKind.OWN: "question.alt.own",
}


def alternative_label(alternative: Alternative, lang: Language) -> str:
    """ "Ändringsyrkande av @N.N.", "Ursprungliga att-satsen", … (the author as a mention)."""
    return t(
        _ALTERNATIVE_LABEL.get(alternative.kind, "question.alt.own"),
        lang,
        author=alternative.author_id,
    )


def question_message_text(
    *,
    item_number: int,
    item_title: str,
    question: Question,
    shown: Round,
    options: OptionSet,
    text: str,
    author_id: int | None,
    index: int,
    total: int,
    status: ItemStatus,
    show_counts: bool,
    voted: int,
    lang: Language,
    followed: bool = False,
) -> str:
    """One round of a beslutsgång question: what is asked, the alternatives with their
    number emoji (or the ✅❌➖ proposal), how to vote, the counts or the result."""
    lines = [
        t("vote.heading_item", lang, item=item_number, title=fit(item_title, 200)),
        t("question.step", lang, index=index, total=total),
    ]
    clause = question.yrkande_number
    quoted = ""
    if question.kind is QuestionKind.ALTERNATIVES:
        key = "question.runoff" if shown.number > 1 else "question.alternatives"
        lines.append(t(key, lang, clause=clause))
        offered = {o.number for o in options.options if o.number is not None}
        for alternative in question.alternatives:
            if alternative.number not in offered:
                continue
            label = alternative_label(alternative, lang)
            lines.append(
                f"{options.emoji_of(str(alternative.number))} {label}: {fit(alternative.text, max(60, 1000 // len(question.alternatives)))}"
            )
    else:
        key = "question.formal" if question.kind is QuestionKind.FORMAL else "question.addition"
        lines.append(
            t(key, lang, clause=clause, proposal=question.proposal_number, author=author_id)
        )
        quoted = text
    if status is ItemStatus.OPEN and not shown.closed:
        lines.append(t("vote.how_to", lang, options=options_line(options, lang)))
        if shown.closes_at is not None:
            lines.append(t("question.closes", lang, at=format_local(shown.closes_at, lang)))
    if shown.closed or status is not ItemStatus.OPEN or show_counts:
        lines.append(round_counts(shown, options, lang))
    else:
        lines.append(t("vote.voted_so_far", lang, voted=voted))
    if shown.closed:
        lines.append(round_result(shown, options, lang, followed))
    elif status is ItemStatus.CLOSED:
        lines.append(t("vote.closed", lang))
    fixed = "\n".join(lines)
    if not quoted:
        return fit(fixed, MESSAGE_CONTENT)
    fixed += "\n\n> "
    return fixed + fit(quoted.replace("\n", "\n> "), MESSAGE_CONTENT - len(fixed))


def round_counts(shown: Round, options: OptionSet, lang: Language) -> str:
    """A round's counts: per alternative with its emoji (or ✅❌➖), avstår, not voted."""
    if shown.counts is not None:
        return counts_line(shown.counts, lang)
    votes = " · ".join(
        f"{options.emoji_of(str(number))} {shown.votes.get(number, 0)}"
        for number in shown.alternatives
    )
    return t(
        "question.votes", lang, votes=votes, abstained=shown.abstained, not_voted=shown.not_voted
    )


def round_result(shown: Round, options: OptionSet, lang: Language, followed: bool) -> str:
    """How a closed round ended: the winner, a second round (`followed`), or no time."""
    if shown.decision is not None:
        position = t(f"position.{shown.decision.position}", lang)
        return t("vote.closed_position", lang, position=position)
    outcome = shown.outcome
    assert outcome is not None
    if outcome.winner is not None:
        return t(
            "question.won", lang, emoji=options.emoji_of(str(outcome.winner)), number=outcome.winner
        )
    if outcome.runoff is not None and not followed:
        return t("question.no_time", lang)
    if outcome.runoff is not None:
        first, second = (options.emoji_of(str(n)) for n in outcome.runoff)
        return t("question.to_runoff", lang, first=first, second=second)
    position = t(f"position.{outcome.position or 'undecided'}", lang)
    return t("question.undecided", lang, position=position)
