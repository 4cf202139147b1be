"""Texts of attendance: the answers to /meeting absent|present|substitute and the overview."""

from __future__ import annotations

from collections.abc import Mapping

from bot.domain.attendance import (
    AttendanceChange,
    AttendanceOverview,
    AttendanceReport,
    MeetingRole,
    Seat,
    attendance_matters,
)
from bot.domain.models import Language, WhoVotes
from bot.ui.meetings import Rendered, fit_message, safe
from bot.ui.messages import t


def _who(member_id: int, names: Mapping[int, str]) -> str:
    return safe(names[member_id]) if member_id in names else f"<@{member_id}>"


def _mention(member_id: int) -> str:
    return f"<@{member_id}>"


def _later(change: AttendanceChange, lang: Language) -> str:
    """Which items the change applies to (and, when attendance is moot, that it changes nothing)."""
    rule = change.group.rules.who_votes
    if not attendance_matters(rule):
        return t("attendance.rule_ignores", lang, rule=t(f"who_votes.{rule.value}", lang))
    if change.open_items:
        numbers = ", ".join(str(number) for number in change.open_items)
        return t("attendance.applies_later", lang, numbers=numbers)
    return t("attendance.applies_next", lang)


def change_text(change: AttendanceChange, key: str) -> str:
    """The answer to an attendance command: what changed and when it takes effect."""
    lang = change.group.language
    meeting = change.meeting
    if change.instead_of is not None:
        lines = [
            t(
                key,
                lang,
                substitute=_mention(change.member_id),
                member=_mention(change.instead_of),
                number=meeting.number,
                title=safe(meeting.title),
            )
        ]
        replaced_for = change.instead_of
    else:
        lines = [
            t(
                key,
                lang,
                member=_mention(change.member_id),
                number=meeting.number,
                title=safe(meeting.title),
            )
        ]
        replaced_for = change.member_id
    if change.released is not None:
        # The ersättare who served for the ledamot before this change no longer does.
        lines.append(
            t(
                "attendance.released",
                lang,
                substitute=_mention(change.released),
                member=_mention(replaced_for),
            )
        )
    lines.append(_later(change, lang))
    return "\n".join(lines)


def absent_text(change: AttendanceChange) -> str:
    """/meeting absent answered; an ersättare who stops serving is named."""
    lang = change.group.language
    meeting = change.meeting
    lines = [
        t(
            "attendance.absent_saved",
            lang,
            member=_mention(change.member_id),
            number=meeting.number,
            title=safe(meeting.title),
        )
    ]
    if change.released is not None:
        # The absent member was an ersättare serving for `released` (the ledamot).
        lines.append(
            t(
                "attendance.released",
                lang,
                substitute=_mention(change.member_id),
                member=_mention(change.released),
            )
        )
    lines.append(_later(change, lang))
    return "\n".join(lines)


def overview_lines(
    overview: AttendanceOverview, names: Mapping[int, str], lang: Language
) -> list[str]:
    """Present ledamöter, serving ersättare (istf), ersättare not serving, absent with reasons."""
    none = t("attendance.none", lang)

    def listed(entries: list[str]) -> str:
        return ", ".join(entries) if entries else none

    present = [_who(e.member_id, names) for e in overview.with_role(MeetingRole.LEDAMOT)]
    serving = [
        t(
            "attendance.istf",
            lang,
            name=_who(e.member_id, names),
            instead_of=_who(e.instead_of, names) if e.instead_of is not None else "",
        )
        for e in overview.with_role(MeetingRole.TJANSTGORANDE_ERSATTARE)
    ]
    waiting = [_who(e.member_id, names) for e in overview.with_role(MeetingRole.ERSATTARE)]
    absent = []
    for entry in overview.with_role(MeetingRole.FRANVARANDE):
        details = [safe(entry.reason) if entry.reason else t("attendance.no_reason", lang)]
        if entry.substitute is not None:
            details.append(t("attendance.replaced_by", lang, name=_who(entry.substitute, names)))
        elif entry.suggested is not None:
            details.append(t("attendance.suggestion", lang, name=_who(entry.suggested, names)))
        elif entry.seat is Seat.LEDAMOT and overview.rule is WhoVotes.SERVING:
            details.append(t("attendance.no_free_substitute", lang))
        absent.append(
            t(
                "attendance.absent_entry",
                lang,
                name=_who(entry.member_id, names),
                details="; ".join(details),
            )
        )
    return [
        t("attendance.rule", lang, rule=t(f"who_votes.{overview.rule.value}", lang)),
        t("attendance.present", lang, names=listed(present)),
        t("attendance.serving", lang, names=listed(serving)),
        t("attendance.not_serving", lang, names=listed(waiting)),
        t("attendance.absent", lang, names=listed(absent)),
        t("attendance.voters", lang, count=len(overview.voters)),
    ]


def report_message(report: AttendanceReport) -> Rendered:
    """/meeting attendance: the overview, cut to one message with the full text kept for a file."""
    lang = report.group.language
    title = t(
        "attendance.title",
        lang,
        number=report.meeting.number,
        title=safe(report.meeting.title),
    )
    lines = [f"**{title}**", *overview_lines(report.overview, report.names, lang)]
    return fit_message("\n".join(lines), lang)
