"""The text of /report: a short answer beside the charts (no I/O)."""

from __future__ import annotations

from bot.domain.minutes import to_stockholm
from bot.domain.outcomes import GroupReport
from bot.ui.limits import MESSAGE_CONTENT, fit
from bot.ui.messages import t

LOWEST_MEMBERS_NAMED = 5
# The charts' size in pixels (bot.export.charts draws them so; the answer states it).
CHART_WIDTH = 1200
CHART_HEIGHT = 675


def report_text(report: GroupReport, files: list[str], width: int, height: int) -> str:
    """Totals, one line per meeting, the lowest participation, and the charts' names and size."""
    lang = report.language
    totals = report.totals
    span = t(
        "report.span",
        lang,
        first=to_stockholm(report.meetings[0].starts_at).strftime("%Y-%m-%d"),
        last=to_stockholm(report.meetings[-1].starts_at).strftime("%Y-%m-%d"),
    )
    lines = [
        t("report.heading", lang, group=report.group_name, span=span),
        t(
            "report.totals",
            lang,
            meetings=len(report.meetings),
            recorded=totals.recorded,
            items=totals.items,
            won=totals.won,
            partly=totals.partly,
            lost=totals.lost,
            reserved=totals.reserved,
        ),
    ]
    if report.members:
        lowest = ", ".join(
            t("report.member", lang, name=m.name, percent=m.percent)
            for m in report.members[:LOWEST_MEMBERS_NAMED]
        )
        lines.append(t("report.participation", lang, average=report.average_percent, lowest=lowest))
    lines.append(t("report.charts", lang, names=", ".join(files), width=width, height=height))
    meeting_lines = [
        t(
            "report.meeting_line",
            lang,
            number=meeting.number,
            title=meeting.title,
            date=to_stockholm(meeting.starts_at).strftime("%Y-%m-%d"),
            won=meeting.won,
            partly=meeting.partly,
            lost=meeting.lost,
            reserved=meeting.reserved,
            open=meeting.items - meeting.recorded,
        )
        for meeting in reversed(report.meetings)  # the latest first: they matter most
    ]
    text = "\n".join(lines)
    # As many meetings as fit; the chart shows them all.
    for line in meeting_lines:
        if len(text) + len(line) + 1 > MESSAGE_CONTENT:
            break
        text += "\n" + line
    return fit(text, MESSAGE_CONTENT)
