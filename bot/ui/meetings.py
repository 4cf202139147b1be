"""Texts of meetings: the list, the brief ("Gruppens linje inför …"), closing summaries, reminders.

Renderers never raise on long text: they return the message cut to Discord's limit and,
when it was cut, the full text to attach as a file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from discord.utils import escape_markdown, escape_mentions
from pydantic import BaseModel, ConfigDict

from bot.domain.alternatives import QuestionKind
from bot.domain.attendance import AttendanceOverview, MeetingRole
from bot.domain.beslutsgang_minutes import BeslutsgangMinutes, decision_lines
from bot.domain.counting import ClosedItem, ItemStanding
from bot.domain.models import Counts, ItemStatus, Language, Position
from bot.domain.records import AgendaEntry
from bot.domain.reports import MeetingBrief, MeetingOverview, ReminderToSend
from bot.ui.limits import MESSAGE_CONTENT, fit, was_cut
from bot.ui.messages import t
from bot.ui.questions import closed_question_lines
from bot.ui.timefmt import format_local

# Discord accepts at most 100 users in allowed_mentions; a mention is up to 22 characters.
MENTIONS_PER_MESSAGE = 50


class Rendered(BaseModel):
    """A message that fits, and the full text to attach when it had to be cut."""

    model_config = ConfigDict(frozen=True)

    content: str
    full_text: str | None = None


def safe(text: str) -> str:
    """Member-written text made inert: no markdown tricks, no mentions."""
    return escape_mentions(escape_markdown(text))


def fit_message(text: str, lang: Language, limit: int = MESSAGE_CONTENT) -> Rendered:
    """`text` as one message; when too long, cut with a note and the full text kept for a file."""
    if not was_cut(text, limit):
        return Rendered(content=text)
    note = "\n\n" + t("meeting.full_text_attached", lang)
    return Rendered(content=fit(text, limit - len(note)) + note, full_text=text)


def counts_text(counts: Counts, lang: Language) -> str:
    """'6 bifall, 2 avslag, 1 avstår, 3 har inte röstat'."""
    return t(
        "brief.counts",
        lang,
        bifall=counts.bifall,
        avslag=counts.avslag,
        avstar=counts.avstar,
        not_voted=counts.not_voted,
    )


def position_text(position: Position, lang: Language) -> str:
    """The position's name in the group's language."""
    return t(f"position.{position.value}", lang)


def meeting_list_text(overviews: Sequence[MeetingOverview], lang: Language) -> Rendered:
    """Upcoming meetings with their items, for /meeting list."""
    if not overviews:
        return Rendered(content=t("meeting.list.none", lang))
    blocks = [f"**{t('meeting.list.title', lang)}**"]
    for overview in overviews:
        meeting = overview.meeting
        lines = [
            t(
                "meeting.list.entry",
                lang,
                number=meeting.number,
                title=safe(meeting.title),
                starts=format_local(meeting.starts_at, lang),
                deadline=format_local(meeting.deadline_at, lang),
            )
        ]
        listed = [item for item in overview.items if item.status is not ItemStatus.DRAFT]
        lines += [
            t(
                "meeting.list.item",
                lang,
                number=item.number,
                title=safe(item.title),
                status=t(f"meeting.status.{item.status.value}", lang),
            )
            for item in listed
        ] or [t("meeting.list.no_items", lang)]
        blocks.append("\n".join(lines))
    return fit_message("\n\n".join(blocks), lang)


def _names(member_ids: Sequence[int], names: Mapping[int, str]) -> str:
    return ", ".join(safe(names[mid]) if mid in names else f"<@{mid}>" for mid in member_ids)


def brief_rows(brief: MeetingBrief) -> list[AgendaEntry | ItemStanding]:
    """The brief in agenda order: the kallelse's ärenden, then the group's other items."""
    by_id = {standing.item.id: standing for standing in brief.items}
    rows: list[AgendaEntry | ItemStanding] = []
    used: set[int] = set()
    for entry in brief.agenda:
        standing = by_id.get(entry.item_id) if entry.item_id is not None else None
        if standing is not None:
            rows.append(standing)
            used.add(standing.item.id)
        elif entry.item_id is None:
            rows.append(entry)
    rows.extend(standing for standing in brief.items if standing.item.id not in used)
    return rows


def attendance_brief_lines(
    overview: AttendanceOverview, names: Mapping[int, str], lang: Language
) -> list[str]:
    """Who serves at the meeting (ledamöter, ersättare istf whom) and who is absent."""
    none = t("attendance.none", lang)
    ledamoter = [e.member_id for e in overview.with_role(MeetingRole.LEDAMOT)]
    serving = [
        t(
            "attendance.istf",
            lang,
            name=_names([e.member_id], names),
            instead_of=_names([e.instead_of], names) if e.instead_of is not None else "",
        )
        for e in overview.with_role(MeetingRole.TJANSTGORANDE_ERSATTARE)
    ]
    absent = [e.member_id for e in overview.with_role(MeetingRole.FRANVARANDE)]
    lines = [
        t(
            "attendance.brief_serving",
            lang,
            ledamoter=_names(ledamoter, names) or none,
            serving=", ".join(serving) or none,
        )
    ]
    if absent:
        lines.append(t("attendance.brief_absent", lang, names=_names(absent, names)))
    return lines


def beslutsgang_brief_lines(beslutsgang: BeslutsgangMinutes, lang: Language) -> list[str]:
    """ "Talaren yrkar:" and exactly the text to table per decided question (issue 15)."""

    def say(key: str, **params: object) -> str:
        return t(key, lang, **params)

    tabled = decision_lines(beslutsgang, say)
    if not tabled:
        return [t("brief.beslutsgang_pending", lang)]
    return [t("brief.speaker_tables", lang), *(f"> {safe(line)}" for line in tabled)]


def brief_text(brief: MeetingBrief, names: Mapping[int, str], lang: Language) -> str:
    """The whole brief as Markdown: every item as a § with its yrkanden, positions and counts."""
    meeting = brief.meeting
    out = [
        f"# {t('brief.title', lang, meeting=safe(meeting.title))}",
        t(
            "brief.when",
            lang,
            starts=format_local(meeting.starts_at, lang),
            deadline=format_local(meeting.deadline_at, lang),
        ),
    ]
    if brief.attendance is not None:
        out += attendance_brief_lines(brief.attendance, names, lang)
    if not brief.items:
        out.append(t("brief.no_items", lang))
    open_items = 0
    undecided = 0
    for row in brief_rows(brief):
        if isinstance(row, AgendaEntry):
            heading = t("agenda.number", lang, number=row.label()) + f": {safe(row.title)}"
            outcome = (
                "agenda.outcome.reported"
                if row.outcome == "reported"
                else "agenda.outcome.not_handled"
            )
            out += ["", f"## {heading}", t(outcome, lang)]
            continue
        standing = row
        item = standing.item
        if item.agenda_number is not None:
            heading = t(
                "agenda.brief_item",
                lang,
                number=item.number,
                agenda=item.agenda_number,
                title=safe(item.title),
            )
        else:
            heading = t("brief.item", lang, number=item.number, title=safe(item.title))
        out += ["", f"## {heading}"]
        if item.speaker_id is not None:
            out.append(t("agenda.speaker", lang, name=_names([item.speaker_id], names)))
        if item.status is ItemStatus.CANCELLED:
            out.append(t("brief.item_cancelled", lang))
            continue
        if item.status is ItemStatus.OPEN:
            open_items += 1
            out.append(t("brief.item_open", lang))
        if item.agenda_number is not None and not standing.yrkanden:
            out.append(t("agenda.outcome.no_proposal", lang))
        for line in standing.yrkanden:
            record = line.position
            number = line.yrkande.number
            if record is None:
                out.append(f"- {t('brief.yrkande_open', lang, number=number)}")
            else:
                undecided += record.position is Position.UNDECIDED
                heading = t(
                    "brief.yrkande",
                    lang,
                    number=number,
                    position=position_text(record.position, lang),
                )
                out.append(f"- {heading}")
            out.append(f"  {counts_text(line.counts, lang)}")
            if record is not None and record.overridden:
                if record.derived_position is None:
                    out.append(f"  {t('brief.override_no_vote', lang)}")
                else:
                    derived = position_text(record.derived_position, lang)
                    out.append(f"  {t('brief.override', lang, derived=derived)}")
            if record is not None and record.note:
                out.append(f"  {t('brief.note', lang, note=safe(record.note))}")
        if item.id in brief.beslutsgang:
            out += beslutsgang_brief_lines(brief.beslutsgang[item.id], lang)
        if not standing.yrkanden:
            continue
        if standing.not_heard_from:
            who = _names(standing.not_heard_from, names)
            out.append(t("brief.not_heard", lang, names=who))
        else:
            out.append(t("brief.all_heard", lang))
    summary = []
    if open_items:
        summary.append(t("brief.open_count", lang, count=open_items))
    if undecided:
        summary.append(t("brief.undecided_count", lang, count=undecided))
    if summary:
        out += ["", *summary]
    return "\n".join(out)


def brief_message(brief: MeetingBrief, names: Mapping[int, str], lang: Language) -> Rendered:
    """The brief as one channel message, with the full text to attach when it is too long."""
    return fit_message(brief_text(brief, names, lang), lang)


def closed_summary(closed: ClosedItem, lang: Language) -> Rendered:
    """The chair's reply after /motion close: each yrkande's position and counts."""
    # An att-sats decided between alternatives is told with its beslutsgång question.
    moved = {
        q.question.yrkande_number
        for q in closed.questions
        if q.question.kind is QuestionKind.ALTERNATIVES
    }
    lines = [
        t(
            "motion.closed_line",
            lang,
            number=result.yrkande.number,
            position=position_text(result.decision.position, lang),
            counts=counts_text(result.decision.counts, lang),
        )
        for result in closed.results
        if result.yrkande.number not in moved
    ]
    lines += closed_question_lines(closed.questions, lang)
    text = t("motion.closed", lang, number=closed.item.number, summary="\n".join(lines))
    return fit_message(text, lang)


def reminder_messages(reminder: ReminderToSend, lang: Language) -> list[str]:
    """The reminder, split so no message mentions more than MENTIONS_PER_MESSAGE members."""
    if not reminder.mention_ids:
        return []
    heading = t(
        "reminder.heading", lang, item=reminder.item.number, title=safe(reminder.item.title)
    )
    body = t(
        "reminder.vote_closes", lang, deadline=format_local(reminder.meeting.deadline_at, lang)
    )
    fixed = f"{fit(heading, 300)}\n{body}\n"
    ids = reminder.mention_ids
    return [
        fixed + " ".join(f"<@{mid}>" for mid in ids[start : start + MENTIONS_PER_MESSAGE])
        for start in range(0, len(ids), MENTIONS_PER_MESSAGE)
    ]
