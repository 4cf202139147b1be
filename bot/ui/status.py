"""The /motion status answer: deadline, comments, per att-sats counts and non-voters, and
the questions of a locked beslutsgång with their rounds."""

from __future__ import annotations

from collections.abc import Mapping

import discord

from bot.domain.models import ItemStatus
from bot.domain.reports import ItemStatusReport
from bot.ui.limits import EMBED_DESCRIPTION, fit
from bot.ui.messages import t
from bot.ui.questions import question_status_lines
from bot.ui.timefmt import format_local
from bot.ui.votes import counts_line


def _name(report: ItemStatusReport, live_names: Mapping[int, str], member_id: int) -> str:
    name = live_names.get(member_id) or report.names.get(member_id)
    if name is not None:
        return discord.utils.escape_markdown(name)
    return t("status.unknown_member", report.lang, id=member_id)


def status_text(report: ItemStatusReport, live_names: Mapping[int, str]) -> str:
    """The /motion status answer: deadline, comments and per att-sats counts and non-voters.

    `live_names` are display names on the server now; stored names fill in for the rest.
    """
    lang = report.lang
    deadline_key = (
        "status.deadline_open" if report.status is ItemStatus.OPEN else "status.deadline_closed"
    )
    lines = [
        t("status.heading", lang, item=report.item_number, title=report.title),
        t(deadline_key, lang, deadline=format_local(report.deadline_at, lang)),
        t("status.comments", lang, count=report.comments),
    ]
    if not report.yrkanden:
        lines.append(t("status.no_yrkanden", lang))
    for row in report.yrkanden:
        lines.append("")
        lines.append(t("status.yrkande", lang, number=row.number, text=fit(row.text, 200)))
        if row.moved:
            lines.append(t("status.moved", lang))
            continue
        lines.append(counts_line(row.counts, lang))
        if report.show_names:
            if row.non_voter_ids:
                names = ", ".join(_name(report, live_names, mid) for mid in row.non_voter_ids)
                lines.append(t("status.non_voters_named", lang, names=names))
            else:
                lines.append(t("status.everyone_voted", lang))
        if row.departed_voter_ids:
            count = len(row.departed_voter_ids)
            if report.show_names:
                names = ", ".join(_name(report, {}, mid) for mid in row.departed_voter_ids)
                lines.append(t("status.departed_voters", lang, count=count, names=names))
            else:
                lines.append(t("status.departed_voters_count", lang, count=count))
    lines.extend(
        question_status_lines(
            report.questions,
            lang,
            (lambda mid: _name(report, live_names, mid)) if report.show_names else None,
            open_item=report.status is ItemStatus.OPEN,
        )
    )
    return fit("\n".join(lines), EMBED_DESCRIPTION)
