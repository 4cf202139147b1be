"""/meeting import: what the preview's buttons do, and publishing in the background (not a cog).

"Publicera valda" answers at once and publishes in the background (cogs._agenda_publish); an
import left half-published by a crash is resumed when the bot is ready again. The preview
itself (buttons, select menu, modal) is cogs/_agenda.py.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import PurePath
from typing import Any

import discord

from bot.domain.access import Actor
from bot.intake import (
    ACCEPTED_EXTENSIONS,
    MAX_DOCUMENT_BYTES,
    DocumentTooLarge,
    UnsupportedDocumentType,
    parse_agenda_upload,
)
from bot.services import agenda as agenda_service
from bot.services import intake as intake_service
from bot.ui.messages import t
from cogs import _agenda, _agenda_publish
from cogs._common import actor_of, answer, guild_id_of, language_of

log = logging.getLogger(__name__)

PARSE_TIMEOUT_SECONDS = 30.0
# Background publishing tasks, kept so they are not garbage-collected mid-way.
_TASKS: set[asyncio.Task[Any]] = set()

# ---------------------------------------------------------------- handlers


async def import_kallelse(
    bot: Any, interaction: discord.Interaction[Any], meeting: int, file: discord.Attachment
) -> None:
    """/meeting import: cheap checks, read the file, store the import, show page 1."""
    guild_id = guild_id_of(interaction)
    group, _ = await intake_service.check_can_post(
        bot.db,
        guild_id=guild_id,
        actor=actor_of(interaction),
        meeting_number=meeting,
        now=bot.clock.now(),
    )
    if file.size > MAX_DOCUMENT_BYTES:
        raise DocumentTooLarge(limit_mb=MAX_DOCUMENT_BYTES // (1024 * 1024))
    if PurePath(file.filename).suffix.lower() not in ACCEPTED_EXTENSIONS:
        raise UnsupportedDocumentType(accepted=", ".join(ACCEPTED_EXTENSIONS))
    await interaction.response.defer(ephemeral=True, thinking=True)
    read = await parse_agenda_upload(file.filename, await file.read(), PARSE_TIMEOUT_SECONDS)
    view = await agenda_service.create_import(
        bot.db,
        guild_id=guild_id,
        actor=actor_of(interaction),
        meeting_number=meeting,
        read=read,
        source_name=file.filename,
        now=bot.clock.now(),
    )
    lang = group.language
    await answer(
        interaction,
        embed=_agenda.preview_embed(view, 0, lang),
        view=_agenda.preview_view(view, 0, lang),
    )


async def _redraw(
    interaction: discord.Interaction[Any], view: agenda_service.ImportView, page: int
) -> None:
    lang = await language_of(interaction.client, interaction.guild_id)
    page = min(max(page, 0), view.pages - 1)
    await interaction.response.edit_message(
        embed=_agenda.preview_embed(view, page, lang), view=_agenda.preview_view(view, page, lang)
    )


async def show_page(interaction: discord.Interaction[Any], import_id: int, page: int) -> None:
    """Föregående / Nästa."""
    bot: Any = interaction.client
    view = await agenda_service.get_import(
        bot.db,
        import_id=import_id,
        guild_id=guild_id_of(interaction),
        actor=actor_of(interaction),
    )
    await _redraw(interaction, view, page)


async def choose(
    interaction: discord.Interaction[Any], import_id: int, page: int, chosen: set[int]
) -> None:
    """The select menu changed: store the ticks of this page."""
    bot: Any = interaction.client
    view = await agenda_service.choose_on_page(
        bot.db,
        import_id=import_id,
        guild_id=guild_id_of(interaction),
        actor=actor_of(interaction),
        page=page,
        chosen=chosen,
        now=bot.clock.now(),
    )
    await _redraw(interaction, view, page)


async def open_edit_modal(interaction: discord.Interaction[Any], import_id: int, page: int) -> None:
    """Rätta ett ärende: check the chair may, then open the modal."""
    bot: Any = interaction.client
    view = await agenda_service.get_import(
        bot.db, import_id=import_id, guild_id=guild_id_of(interaction), actor=actor_of(interaction)
    )
    if view.imported.status != agenda_service.IMPORT_PENDING:
        raise agenda_service.ImportNotPending()
    lang = await language_of(bot, interaction.guild_id)
    await interaction.response.send_modal(_agenda.EditEntryModal(import_id, page, lang))


async def save_edit(
    interaction: discord.Interaction[Any],
    import_id: int,
    page: int,
    reference: str,
    title: str,
    proposal: str,
) -> None:
    """The edit modal was submitted: store the correction and redraw the page."""
    bot: Any = interaction.client
    view = await agenda_service.edit_entry(
        bot.db,
        import_id=import_id,
        guild_id=guild_id_of(interaction),
        actor=actor_of(interaction),
        reference=reference,
        title=title,
        proposal_text=proposal,
        now=bot.clock.now(),
    )
    if interaction.message is not None:
        await _redraw(interaction, view, page)
    else:
        lang = await language_of(bot, interaction.guild_id)
        await answer(
            interaction,
            embed=_agenda.preview_embed(view, page, lang),
            view=_agenda.preview_view(view, page, lang),
        )


async def cancel(interaction: discord.Interaction[Any], import_id: int) -> None:
    """Avbryt: nothing is posted."""
    bot: Any = interaction.client
    await agenda_service.cancel_import(
        bot.db,
        import_id=import_id,
        guild_id=guild_id_of(interaction),
        actor=actor_of(interaction),
        now=bot.clock.now(),
    )
    lang = await language_of(bot, interaction.guild_id)
    await interaction.response.edit_message(
        content=t("agenda.cancelled", lang), embed=None, view=None
    )


async def publish(interaction: discord.Interaction[Any], import_id: int) -> None:
    """Publicera valda: create the items, answer, and publish in the background."""
    bot: Any = interaction.client
    actor = actor_of(interaction)
    plan = await agenda_service.begin_publish(
        bot.db,
        import_id=import_id,
        guild_id=guild_id_of(interaction),
        actor=actor,
        now=bot.clock.now(),
    )
    lang = plan.group.language
    await interaction.response.edit_message(
        content=t("agenda.publishing", lang, channel=f"<#{plan.group.channel_id}>"),
        embed=None,
        view=_agenda.preview_view_after_publish(import_id, lang),
    )
    start_publishing(bot, plan, actor)


def start_publishing(bot: Any, plan: agenda_service.PublishPlan, actor: Actor) -> asyncio.Task[Any]:
    """Publish in the background; failures are logged and shown in the progress message."""

    async def run() -> None:
        try:
            await _agenda_publish.publish_agenda(bot, plan, actor)
        except Exception:
            log.exception("publishing agenda %s stopped", plan.imported.id)

    task = asyncio.get_running_loop().create_task(run(), name=f"agenda-{plan.imported.id}")
    _TASKS.add(task)
    task.add_done_callback(_TASKS.discard)
    return task


async def resume_interrupted(bot: Any) -> list[asyncio.Task[Any]]:
    """At start-up: go on with every import whose publishing a crash or restart cut short."""
    tasks = []
    for import_id in await agenda_service.publishing_imports(bot.db):
        plan = await agenda_service.resume_plan(bot.db, import_id=import_id)
        if plan is None:
            continue
        log.info(
            "resuming the publishing of agenda %s (%s of %s done)",
            import_id,
            plan.done,
            len(plan.steps),
        )
        tasks.append(start_publishing(bot, plan, Actor(user_id=plan.imported.author_id)))
    return tasks


async def wait_for_publishing() -> None:
    """Wait until every background publish of this process has ended (tests, shutdown)."""
    while _TASKS:
        await asyncio.gather(*list(_TASKS), return_exceptions=True)
