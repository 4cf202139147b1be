"""The text of a yrkande's vote message, re-rendered from the database at any time."""

from __future__ import annotations

from bot.domain.models import EMOJI_BY_CHOICE, Choice, Counts, ItemStatus, Language, Position
from bot.ui.limits import MESSAGE_CONTENT, fit
from bot.ui.messages import t


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
) -> str:
    """One vote message: heading, the att-sats, how to vote, and the tally or the result.

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
    if status is ItemStatus.OPEN:
        lines.append(
            t(
                "vote.how_to",
                lang,
                bifall=EMOJI_BY_CHOICE[Choice.BIFALL],
                avslag=EMOJI_BY_CHOICE[Choice.AVSLAG],
                avstar=EMOJI_BY_CHOICE[Choice.AVSTAR],
            )
        )
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
