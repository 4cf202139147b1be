"""Embeds and files of motion intake: the chair's preview and the published motion.

Renderers never raise on long text: everything is cut with `fit`, and when something
had to be cut the full text travels along as a .txt file.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

import discord

from bot.domain.models import Confidence, DocumentKind, Language
from bot.domain.motion import MotionDraft
from bot.domain.records import Item, Meeting
from bot.ui.limits import (
    AUTOCOMPLETE_NAME,
    EMBED_DESCRIPTION,
    EMBED_FIELD_VALUE,
    EMBED_TITLE,
    MODAL_INPUT,
    THREAD_NAME,
    fit,
)
from bot.ui.messages import t
from bot.ui.timefmt import format_local

# Short enough that the channel stays a readable list of motions.
EXTRACT_CHARS = 600
FOOTER_CHARS = 200
# The edit modal: one title input and up to four inputs for the yrkanden.
MAX_YRKANDE_INPUTS = 4
LIST_LINE_CHARS = 200


def _escape(text: str) -> str:
    return discord.utils.escape_markdown(text)


def _text_file(filename: str, text: str) -> discord.File:
    return discord.File(io.BytesIO(text.encode("utf-8")), filename=filename)


def kind_label(kind: DocumentKind, lang: Language) -> str:
    """The document kind as people say it."""
    return t(f"intake.kind.{kind.value}", lang)


def meeting_label(meeting: Meeting, lang: Language) -> str:
    """'3. Regionfullmäktige 8 december (tis 8 dec 2026 kl. 09:00)'."""
    return t(
        "intake.meeting_label",
        lang,
        number=meeting.number,
        title=meeting.title,
        when=format_local(meeting.starts_at, lang),
    )


def numbered_yrkanden(yrkanden: Sequence[str]) -> str:
    """'1. att …' one per line, as in the preview and the attached file."""
    return "\n".join(f"{number}. {text}" for number, text in enumerate(yrkanden, start=1))


def _draft_full_text(draft: MotionDraft, lang: Language) -> str:
    parts = [draft.title, "", t("intake.preview.yrkanden", lang, count=len(draft.yrkanden))]
    parts.append(numbered_yrkanden(draft.yrkanden) or t("intake.preview.none", lang))
    if draft.questions:
        parts += ["", t("intake.preview.questions", lang, count=len(draft.questions))]
        parts.append(numbered_yrkanden(draft.questions))
    parts += ["", draft.body]
    return "\n".join(parts)


def preview_message(
    *,
    draft_id: int,
    draft: MotionDraft,
    meeting: Meeting,
    source_name: str,
    lang: Language,
) -> tuple[discord.Embed, list[discord.File]]:
    """The chair's preview: kind, title, signatories, meeting and each yrkande numbered."""
    signatories = ", ".join(draft.signatories) or t("intake.preview.none", lang)
    head = [
        t("intake.preview.kind", lang, kind=kind_label(draft.kind, lang)),
        t("intake.preview.meeting", lang, meeting=_escape(meeting_label(meeting, lang))),
        t("intake.preview.signatories", lang, names=_escape(fit(signatories, EMBED_FIELD_VALUE))),
        "",
    ]
    body: list[str] = []
    if draft.kind is DocumentKind.INTERPELLATION:
        body.append(t("intake.preview.interpellation", lang))
        if draft.questions:
            body.append(t("intake.preview.questions", lang, count=len(draft.questions)))
            body.append(_escape(numbered_yrkanden(draft.questions)))
    elif not draft.yrkanden:
        body.append(t("intake.preview.no_yrkanden", lang))
    else:
        if draft.confidence is Confidence.LOW:
            body.append(t("intake.preview.low_confidence", lang))
        body.append(t("intake.preview.yrkanden", lang, count=len(draft.yrkanden)))
        body.append(_escape(numbered_yrkanden(draft.yrkanden)))
    body += ["", t("intake.preview.hint", lang)]
    fixed = "\n".join(head) + "\n"
    full_body = "\n".join(body)
    # The head is short; only the list is cut when the whole does not fit.
    description = fit(fixed + full_body, EMBED_DESCRIPTION)
    files: list[discord.File] = []
    if description != fixed + full_body:
        files.append(_text_file(f"utkast-{draft_id}.txt", _draft_full_text(draft, lang)))
    embed = discord.Embed(
        title=fit(
            t("intake.preview.title", lang, title=draft.title or t("intake.no_title", lang)),
            EMBED_TITLE,
        ),
        description=description,
    )
    embed.set_footer(
        text=fit(
            t("intake.preview.footer", lang, draft=draft_id, source=source_name or "-"),
            FOOTER_CHARS,
        )
    )
    return embed, files


def _extract(item: Item) -> str:
    """The body without its first line when that is the title, as a short extract."""
    body = item.body.strip()
    first, _, rest = body.partition("\n")
    if first.strip() == item.title.strip() and rest.strip():
        body = rest.strip()
    return body


def motion_embed(
    item: Item, meeting: Meeting, lang: Language, *, thread_id: int | None = None
) -> discord.Embed:
    """The published motion: title, extract, signatories, council meeting, where to vote."""
    extract = _extract(item)
    description = fit(_escape(extract), EXTRACT_CHARS)
    if description != _escape(extract):
        description += "\n\n" + t("intake.embed.full_text_attached", lang)
    embed = discord.Embed(title=fit(f"{item.number}. {item.title}", EMBED_TITLE))
    embed.description = description
    signatories = ", ".join(item.signatories) or t("intake.preview.none", lang)
    embed.add_field(
        name=t("intake.embed.signatories", lang),
        value=fit(_escape(signatories), EMBED_FIELD_VALUE),
        inline=False,
    )
    embed.add_field(
        name=t("intake.embed.meeting", lang),
        value=fit(_escape(meeting_label(meeting, lang)), EMBED_FIELD_VALUE),
        inline=False,
    )
    if item.kind is DocumentKind.INTERPELLATION:
        voting = t("intake.embed.for_information", lang)
    else:
        voting = t(
            "intake.embed.voting",
            lang,
            count=len(item.yrkanden),
            deadline=format_local(meeting.deadline_at, lang),
        )
    if thread_id is not None:
        voting += "\n" + t("intake.embed.thread", lang, thread=f"<#{thread_id}>")
    embed.add_field(
        name=t("intake.embed.decision", lang), value=fit(voting, EMBED_FIELD_VALUE), inline=False
    )
    footer = t("intake.embed.footer", lang, kind=kind_label(item.kind, lang), number=item.number)
    if item.agenda_number:
        footer += " · " + t("agenda.number", lang, number=item.agenda_number)
    embed.set_footer(text=fit(footer, FOOTER_CHARS))
    return embed


def motion_files(item: Item) -> list[discord.File]:
    """The full text as a .txt file when the embed's extract had to cut it."""
    if len(_escape(_extract(item))) <= EXTRACT_CHARS:
        return []
    return [_text_file(f"arende-{item.number}.txt", item.body)]


def thread_name(item: Item) -> str:
    """The discussion thread's name: '12. Motion om …'."""
    return fit(f"{item.number}. {item.title}", THREAD_NAME)


def choice_name(number: int, title: str) -> str:
    """An autocomplete entry: number and title, cut to Discord's limit."""
    return fit(f"{number}. {title}", AUTOCOMPLETE_NAME)


def yrkanden_edit_chunks(yrkanden: Sequence[str]) -> list[str] | None:
    """The yrkanden one per line, split over modal inputs; None when they do not fit at all."""
    chunks: list[str] = []
    current = ""
    for text in yrkanden:
        line = " ".join(text.split())
        if len(line) > MODAL_INPUT:
            return None
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > MODAL_INPUT:
            chunks.append(current)
            current = line
        else:
            current = candidate
    chunks.append(current)
    return chunks if len(chunks) <= MAX_YRKANDE_INPUTS else None


def item_list_text(
    items: Sequence[Item], meetings_by_id: Mapping[int, Meeting], lang: Language
) -> str:
    """The group's items, one line each, cut so the whole fits an embed description."""
    if not items:
        return t("intake.list.empty", lang)
    lines: list[str] = []
    used = 0
    for index, item in enumerate(items):
        meeting = meetings_by_id.get(item.meeting_id)
        line = t(
            "agenda.list_line" if item.agenda_number else "intake.list.line",
            lang,
            agenda=item.agenda_number,
            number=item.number,
            title=_escape(fit(item.title, LIST_LINE_CHARS)),
            meeting=meeting.number if meeting else "?",
            status=t(f"intake.status.{item.status.value}", lang),
        )
        more = t("intake.list.more", lang, count=len(items) - index)
        if used + len(line) + 1 + len(more) > EMBED_DESCRIPTION:
            lines.append(more)
            break
        lines.append(line)
        used += len(line) + 1
    return "\n".join(lines)
