"""The agenda import's preview, its select menu options, the progress and summary messages.

Renderers never raise on long text: every line is cut with `fit`, every message to the
limits of bot/ui/limits.py.
"""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.domain.errors import UserError
from bot.domain.models import Language
from bot.domain.records import AgendaEntry, Meeting
from bot.ui.limits import (
    EMBED_DESCRIPTION,
    EMBED_FIELD_VALUE,
    EMBED_TITLE,
    MESSAGE_CONTENT,
    fit,
)
from bot.ui.messages import error_text, t

# A select option's label and description are at most 100 characters.
SELECT_TEXT = 100
PREVIEW_TITLE_CHARS = 90
SUMMARY_LINE_CHARS = 160


def _escape(text: str) -> str:
    return discord.utils.escape_markdown(text)


def kind_text(entry: AgendaEntry, lang: Language) -> str:
    """The kind of an ärende as people say it ("svar på motion", "formalia")."""
    return t("agenda.kind.formal" if entry.formal else f"agenda.kind.{entry.kind.value}", lang)


def how_published(entry: AgendaEntry, lang: Language) -> str:
    """What Publicera valda will do with the ärende."""
    if not entry.included:
        return t("agenda.preview.left_out", lang)
    if entry.informational:
        return t("agenda.preview.informational", lang)
    if len(entry.proposal) == 1:
        return t("agenda.preview.vote_one", lang)
    if entry.proposal:
        return t("agenda.preview.votes", lang, count=len(entry.proposal))
    return t("agenda.preview.no_proposal", lang)


def agenda_label(number: str | None, lang: Language) -> str:
    """'KF-ärende 12', the council's own number beside Yrka's."""
    return t("agenda.number", lang, number=number) if number else ""


def preview_embed(
    *,
    entries: Sequence[AgendaEntry],
    page: int,
    pages: int,
    meeting: Meeting,
    source_name: str,
    body: str,
    date: str | None,
    import_id: int,
    lang: Language,
) -> discord.Embed:
    """One page of the chair's preview: each ärende with kind, proposal and what happens to it."""
    start = page * 25
    shown = entries[start : start + 25]
    lines: list[str] = []
    used = 0
    for entry in shown:
        mark = "☑" if entry.included else "☐"
        head = (
            f"{mark} **{_escape(entry.label())}.** {_escape(fit(entry.title, PREVIEW_TITLE_CHARS))}"
        )
        line = f"{head} · {kind_text(entry, lang)} · {how_published(entry, lang)}"
        if used + len(line) + 1 > EMBED_DESCRIPTION - 50:
            lines.append(t("intake.list.more", lang, count=len(shown) - len(lines)))
            break
        lines.append(line)
        used += len(line) + 1
    title = t("agenda.preview.title", lang, meeting=meeting.number, title=meeting.title)
    embed = discord.Embed(title=fit(title, EMBED_TITLE), description="\n".join(lines))
    chosen = [e for e in entries if e.included]
    embed.add_field(
        name=t("agenda.preview.plan", lang),
        value=fit(
            t(
                "agenda.preview.plan_text",
                lang,
                votes=sum(1 for e in chosen if not e.informational and e.proposal),
                threads=sum(1 for e in chosen if not e.informational and not e.proposal),
                info=sum(1 for e in chosen if e.informational),
                left_out=len(entries) - len(chosen),
            ),
            EMBED_FIELD_VALUE,
        ),
        inline=False,
    )
    footer = t(
        "agenda.preview.footer",
        lang,
        page=page + 1,
        pages=pages,
        source=source_name or "-",
        body=body or "-",
        date=date or "-",
        id=import_id,
    )
    embed.set_footer(text=fit(footer, 200))
    return embed


def select_options(entries: Sequence[AgendaEntry], lang: Language) -> list[discord.SelectOption]:
    """One option per ärende of the page, ticked when it will be published."""
    return [
        discord.SelectOption(
            label=fit(f"{entry.label()}. {entry.title}", SELECT_TEXT),
            value=str(entry.position),
            description=fit(
                f"{kind_text(entry, lang)} · {how_published(entry, lang)}", SELECT_TEXT
            ),
            default=entry.included,
        )
        for entry in entries[:25]
    ]


def progress_text(done: int, total: int, lang: Language) -> str:
    """'Publicerar 12 av 40 ärenden från kallelsen …'."""
    return t("agenda.progress", lang, done=done, total=total)


def progress_failed_text(
    done: int, total: int, lang: Language, reason: UserError | None = None
) -> str:
    """Publishing stopped: how far it got, why when it is the chair's to fix (e.g. what
    Discord refused the bot and where to grant it), and how to go on."""
    text = t("agenda.progress_failed", lang, done=done, total=total)
    if reason is not None:
        text = f"{error_text(reason, lang)}\n{text}"
    return fit(text, MESSAGE_CONTENT)


def progress_done_text(total: int, informational: int, meeting: Meeting, lang: Language) -> str:
    """Publishing finished."""
    return fit(
        t(
            "agenda.progress_done",
            lang,
            total=total,
            info=informational,
            meeting=meeting.number,
            title=_escape(meeting.title),
        ),
        MESSAGE_CONTENT,
    )


def summary_text(entries: Sequence[AgendaEntry], meeting: Meeting, lang: Language) -> str:
    """The informational ärenden in one message: number, title and kind, no vote."""
    head = t("agenda.summary.title", lang, meeting=meeting.number, title=_escape(meeting.title))
    lines = [head]
    used = len(head)
    for index, entry in enumerate(entries):
        line = f"- **{_escape(entry.label())}.** {_escape(fit(entry.title, SUMMARY_LINE_CHARS))} ({kind_text(entry, lang)})"
        more = t("intake.list.more", lang, count=len(entries) - index)
        if used + len(line) + len(more) + 2 > MESSAGE_CONTENT:
            lines.append(more)
            break
        lines.append(line)
        used += len(line) + 1
    return "\n".join(lines)
