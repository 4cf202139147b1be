"""/meeting import: the chair's preview of a kallelse and its publishing (not a cog).

The preview's buttons and select menu are DynamicItems keyed by the import id and page,
so a preview keeps working after a restart. "Publicera valda" answers at once and
publishes in the background (cogs._publishing); an import left half-published by a crash
is resumed when the bot is ready again.
"""

from __future__ import annotations

import asyncio
import logging
import re
from pathlib import PurePath
from typing import Any

import discord

from bot.app import report_error
from bot.domain.access import Actor
from bot.domain.models import Language
from bot.intake import (
    ACCEPTED_EXTENSIONS,
    MAX_DOCUMENT_BYTES,
    DocumentTooLarge,
    UnsupportedDocumentType,
    parse_agenda_upload,
)
from bot.services import agenda as agenda_service
from bot.services import intake as intake_service
from bot.ui import agenda as agenda_ui
from bot.ui.limits import INTERACTION_TOKEN_MINUTES, MODAL_INPUT, MODAL_TITLE, TEXT_INPUT_LABEL, fit
from bot.ui.messages import t
from cogs import _publishing
from cogs._common import actor_of, answer, guild_id_of, language_of

log = logging.getLogger(__name__)

PARSE_TIMEOUT_SECONDS = 30.0
# Background publishing tasks, kept so they are not garbage-collected mid-way.
_TASKS: set[asyncio.Task[Any]] = set()


async def _guarded(interaction: discord.Interaction[Any], work: Any) -> None:
    try:
        await work
    except Exception as error:
        await report_error(interaction, error)


# ---------------------------------------------------------------- the preview


def preview_view(view: agenda_service.ImportView, page: int, lang: Language) -> discord.ui.View:
    """Select menu for the page, then Föregående / Nästa / Rätta / Publicera valda / Avbryt."""
    import_id = view.imported.id
    page = min(max(page, 0), view.pages - 1)
    components = discord.ui.View(timeout=None)
    components.add_item(AgendaSelect(import_id, page, view.page(page), lang))
    for action in ("previous", "next", "edit", "publish", "cancel"):
        button = AgendaButton(import_id, action, page, lang)
        if (action == "previous" and page == 0) or (action == "next" and page >= view.pages - 1):
            button.item.disabled = True
        components.add_item(button)
    return components


def preview_embed(view: agenda_service.ImportView, page: int, lang: Language) -> discord.Embed:
    """The embed of one preview page."""
    page = min(max(page, 0), view.pages - 1)
    return agenda_ui.preview_embed(
        entries=view.entries,
        page=page,
        pages=view.pages,
        meeting=view.meeting,
        source_name=view.imported.source_name,
        body=view.imported.body,
        date=view.imported.date,
        import_id=view.imported.id,
        lang=lang,
    )


_BUTTONS: dict[str, tuple[discord.ButtonStyle, str]] = {
    "previous": (discord.ButtonStyle.secondary, "agenda.button.previous"),
    "next": (discord.ButtonStyle.secondary, "agenda.button.next"),
    "edit": (discord.ButtonStyle.secondary, "agenda.button.edit"),
    "publish": (discord.ButtonStyle.success, "agenda.button.publish"),
    "cancel": (discord.ButtonStyle.danger, "agenda.button.cancel"),
}


class AgendaButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=r"yrka:agenda:(?P<id>\d+):(?P<action>previous|next|edit|publish|cancel):(?P<page>\d+)",
):
    """A preview button keyed by the import id and the page it was shown on."""

    def __init__(
        self, import_id: int, action: str, page: int, lang: Language = Language.SV
    ) -> None:
        style, label_key = _BUTTONS[action]
        super().__init__(
            discord.ui.Button(
                label=t(label_key, lang),
                style=style,
                custom_id=f"yrka:agenda:{import_id}:{action}:{page}",
            )
        )
        self.import_id, self.action, self.page = import_id, action, page

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> AgendaButton:
        return cls(int(match["id"]), match["action"], int(match["page"]))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        if self.action in ("previous", "next"):
            step = -1 if self.action == "previous" else 1
            work = show_page(interaction, self.import_id, self.page + step)
        elif self.action == "edit":
            work = open_edit_modal(interaction, self.import_id, self.page)
        elif self.action == "publish":
            work = publish(interaction, self.import_id)
        else:
            work = cancel(interaction, self.import_id)
        await _guarded(interaction, work)


class AgendaSelect(
    discord.ui.DynamicItem[discord.ui.Select[discord.ui.View]],
    template=r"yrka:agenda:(?P<id>\d+):pick:(?P<page>\d+)",
):
    """The ärenden of one page; unticking one leaves it out of publishing."""

    def __init__(
        self,
        import_id: int,
        page: int,
        entries: list[Any] | None = None,
        lang: Language = Language.SV,
    ) -> None:
        options = agenda_ui.select_options(entries or [], lang) or [
            discord.SelectOption(label="-", value="0")
        ]
        super().__init__(
            discord.ui.Select(
                custom_id=f"yrka:agenda:{import_id}:pick:{page}",
                placeholder=fit(t("agenda.preview.pick", lang), 150),
                min_values=0,
                max_values=len(options),
                options=options,
            )
        )
        self.import_id, self.page = import_id, page

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> AgendaSelect:
        return cls(int(match["id"]), int(match["page"]))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        data: Any = interaction.data or {}
        values = data.get("values", [])
        chosen = {int(value) for value in values if str(value).isdigit()}
        await _guarded(interaction, choose(interaction, self.import_id, self.page, chosen))


class EditEntryModal(discord.ui.Modal):
    """Rätta ett ärende: which one (its number), a new title, a new proposal."""

    def __init__(self, import_id: int, page: int, lang: Language) -> None:
        super().__init__(
            title=fit(t("agenda.modal.title", lang), MODAL_TITLE),
            timeout=INTERACTION_TOKEN_MINUTES * 60.0,
        )
        self.import_id, self.page = import_id, page
        self.number: discord.ui.TextInput[EditEntryModal] = discord.ui.TextInput(
            max_length=10,
            custom_id="agenda-number",
        )
        self.new_title: discord.ui.TextInput[EditEntryModal] = discord.ui.TextInput(
            required=False,
            max_length=300,
            custom_id="agenda-title",
        )
        self.proposal: discord.ui.TextInput[EditEntryModal] = discord.ui.TextInput(
            style=discord.TextStyle.paragraph,
            required=False,
            max_length=MODAL_INPUT,
            custom_id="agenda-proposal",
        )
        # Each input in a Label (a label on the input in an action row is deprecated).
        for key, field in (
            ("agenda.modal.number_label", self.number),
            ("agenda.modal.title_label", self.new_title),
            ("agenda.modal.proposal_label", self.proposal),
        ):
            self.add_item(
                discord.ui.Label(text=fit(t(key, lang), TEXT_INPUT_LABEL), component=field)
            )

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        await save_edit(
            interaction,
            self.import_id,
            self.page,
            self.number.value,
            self.new_title.value,
            self.proposal.value,
        )

    async def on_error(  # type: ignore[override]
        self, interaction: discord.Interaction[Any], error: Exception, /
    ) -> None:
        await report_error(interaction, error)


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
    await answer(interaction, embed=preview_embed(view, 0, lang), view=preview_view(view, 0, lang))


async def _redraw(
    interaction: discord.Interaction[Any], view: agenda_service.ImportView, page: int
) -> None:
    lang = await language_of(interaction.client, interaction.guild_id)
    page = min(max(page, 0), view.pages - 1)
    await interaction.response.edit_message(
        embed=preview_embed(view, page, lang), view=preview_view(view, page, lang)
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
    await interaction.response.send_modal(EditEntryModal(import_id, page, lang))


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
            interaction, embed=preview_embed(view, page, lang), view=preview_view(view, page, lang)
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
        view=preview_view_after_publish(import_id, lang),
    )
    start_publishing(bot, plan, actor)


def preview_view_after_publish(import_id: int, lang: Language) -> discord.ui.View:
    """Only Publicera valda stays: pressing it again resumes a publish that stopped."""
    view = discord.ui.View(timeout=None)
    view.add_item(AgendaButton(import_id, "publish", 0, lang))
    return view


def start_publishing(bot: Any, plan: agenda_service.PublishPlan, actor: Actor) -> asyncio.Task[Any]:
    """Publish in the background; failures are logged and shown in the progress message."""

    async def run() -> None:
        try:
            await _publishing.publish_agenda(bot, plan, actor)
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
