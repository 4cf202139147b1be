"""The /report charts as PNG images (matplotlib, Agg backend, no display needed).

Only the object-oriented API (Figure + FigureCanvasAgg) is used, never pyplot: pyplot
keeps global state and is not safe in the worker threads the report is rendered in.
Every chart has the same size in pixels (bot.ui.report.CHART_WIDTH x CHART_HEIGHT), which
/report's answer states.
"""

from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from bot.domain.minutes import to_stockholm
from bot.domain.outcomes import GroupReport
from bot.export import ExportFile
from bot.ui.messages import t
from bot.ui.report import CHART_HEIGHT, CHART_WIDTH

DPI = 100
MAX_MEETINGS_IN_CHART = 24  # the latest ones; older meetings are in the text answer
MAX_MEMBERS_IN_CHART = 40  # the lowest shares first, who most needs a nudge
COLOURS = {
    "won": "#2e7d32",
    "partly": "#f9a825",
    "lost": "#c62828",
    "reserved": "#6a1b9a",
}


def _figure() -> Figure:
    return Figure(figsize=(CHART_WIDTH / DPI, CHART_HEIGHT / DPI), dpi=DPI)


def _png(figure: Figure) -> bytes:
    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    # No bbox_inches="tight": it would change the size in pixels.
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def lines_chart(report: GroupReport) -> bytes:
    """Bars per meeting: items won, partly won, lost, and reservations."""
    lang = report.language
    meetings = report.meetings[-MAX_MEETINGS_IN_CHART:]
    figure = _figure()
    axes = figure.add_subplot()
    series = ("won", "partly", "lost", "reserved")
    width = 0.8 / len(series)
    positions = range(len(meetings))
    for index, name in enumerate(series):
        values = [getattr(meeting, name) for meeting in meetings]
        offsets = [p + (index - (len(series) - 1) / 2) * width for p in positions]
        axes.bar(
            offsets,
            values,
            width=width,
            color=COLOURS[name],
            label=t(f"report.chart.series.{name}", lang),
        )
    axes.set_xticks(
        list(positions),
        [
            t(
                "report.chart.meeting_label",
                lang,
                number=meeting.number,
                date=to_stockholm(meeting.starts_at).strftime("%Y-%m-%d"),
            )
            for meeting in meetings
        ],
        rotation=30 if len(meetings) > 8 else 0,
        ha="right" if len(meetings) > 8 else "center",
        fontsize=9,
    )
    axes.set_ylabel(t("report.chart.items", lang))
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_title(t("report.chart.lines_title", lang, group=report.group_name))
    axes.legend(loc="upper left")
    axes.grid(axis="y", alpha=0.3)
    figure.subplots_adjust(left=0.07, right=0.98, top=0.92, bottom=0.18)
    return _png(figure)


def participation_chart(report: GroupReport) -> bytes:
    """One bar per member: the share of att-satser voted on before the deadline."""
    lang = report.language
    members = report.members[:MAX_MEMBERS_IN_CHART]
    figure = _figure()
    axes = figure.add_subplot()
    # Lowest share at the top: barh draws the first bar at the bottom.
    shown = list(reversed(members))
    axes.barh(
        range(len(shown)),
        [member.percent for member in shown],
        color=["#c62828" if m.percent < 50 else "#1565c0" for m in shown],
    )
    axes.set_yticks(
        list(range(len(shown))),
        [f"{m.name} ({m.voted}/{m.eligible})" for m in shown],
        fontsize=8 if len(shown) > 20 else 10,
    )
    axes.set_xlim(0, 100)
    axes.set_xlabel(t("report.chart.percent", lang))
    title = t("report.chart.participation_title", lang, average=report.average_percent)
    if len(report.members) > len(members):
        title += " " + t("report.chart.lowest", lang, shown=len(members), total=len(report.members))
    axes.set_title(title)
    axes.grid(axis="x", alpha=0.3)
    figure.subplots_adjust(left=0.25, right=0.97, top=0.92, bottom=0.09)
    return _png(figure)


def chart_files(report: GroupReport) -> list[ExportFile]:
    """Both charts as PNG files, named in the group's language."""
    lang = report.language
    return [
        ExportFile(f"{t('report.file.lines', lang)}.png", lines_chart(report)),
        ExportFile(f"{t('report.file.participation', lang)}.png", participation_chart(report)),
    ]
