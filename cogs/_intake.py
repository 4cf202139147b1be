"""The motion intake flow behind /motion post: parse, preview, edit, cancel and publish.

The preview buttons are DynamicItems keyed by the stored draft id, so a preview keeps
working after a restart; a click builds the flow from the bot that received it (no cog is
looked up). Publishing itself is shared with /meeting import (cogs/_publishing.py).
"""

from __future__ import annotations

import logging
import re
from pathlib import PurePath
from typing import Any

import discord

from bot.app import YrkaBot, report_error
from bot.domain.errors import UserError
from bot.domain.models import Language
from bot.domain.motion import MAX_TITLE_CHARS
from bot.intake import (
    ACCEPTED_EXTENSIONS,
    MAX_DOCUMENT_BYTES,
    DocumentTooLarge,
    UnsupportedDocumentType,
    parse_upload,
)
from bot.services import intake as intake_service
from bot.ui import intake as intake_ui
from bot.ui.limits import INTERACTION_TOKEN_MINUTES, MODAL_INPUT, MODAL_TITLE, TEXT_INPUT_LABEL, fit
from bot.ui.messages import t
from cogs import _publishing
from cogs._common import actor_of, answer, guild_id_of, language_of

log = logging.getLogger(__name__)

PARSE_TIMEOUT_SECONDS = 20.0
MODAL_TIMEOUT_SECONDS = INTERACTION_TOKEN_MINUTES * 60.0


async def _guarded(interaction: discord.Interaction[Any], work: Any) -> None:
    """Run a component's work; any error is answered by the bot's one error path."""
    try:
        await work
    except Exception as error:
        await report_error(interaction, error)


def _labelled(key: str, lang: Language, field: discord.ui.TextInput[Any]) -> discord.ui.Label[Any]:
    """A modal text input inside a Label component (a label on the input itself, in an
    action row, is deprecated)."""
    return discord.ui.Label(text=fit(t(key, lang), TEXT_INPUT_LABEL), component=field)


# ---------------------------------------------------------------- preview buttons


# The button style and label key of each preview action; the action is part of the custom id.
_DRAFT_ACTIONS: dict[str, tuple[discord.ButtonStyle, str]] = {
    "publish": (discord.ButtonStyle.success, "intake.button.publish"),  # Publicera
    "edit": (discord.ButtonStyle.secondary, "intake.button.edit"),  # Redigera
    "cancel": (discord.ButtonStyle.danger, "intake.button.cancel"),  # Avbryt
}


class DraftButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=r"yrka:draft:(?P<id>\d+):(?P<action>publish|edit|cancel)",
):
    """A preview button keyed by the stored draft id, so it keeps working after a restart."""

    def __init__(self, draft_id: int, action: str, lang: Language = Language.SV) -> None:
        style, label_key = _DRAFT_ACTIONS[action]
        super().__init__(
            discord.ui.Button(
                label=t(label_key, lang),
                style=style,
                custom_id=f"yrka:draft:{draft_id}:{action}",
            )
        )
        self.draft_id = draft_id
        self.action = action

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> DraftButton:
        return cls(int(match["id"]), match["action"])

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        flow = IntakeFlow.of(interaction.client)
        work = {
            "publish": flow.publish_draft,
            "edit": flow.open_edit_modal,
            "cancel": flow.cancel_draft,
        }[self.action]
        await _guarded(interaction, work(interaction, self.draft_id))


def preview_view(draft_id: int, lang: Language) -> discord.ui.View:
    """The three preview buttons of a draft: Publicera, Redigera, Avbryt."""
    view = discord.ui.View(timeout=None)
    for action in _DRAFT_ACTIONS:
        view.add_item(DraftButton(draft_id, action, lang))
    return view


# ---------------------------------------------------------------- modals


class PostMotionModal(discord.ui.Modal):
    """/motion post with neither file nor text: the chair types or pastes the motion."""

    def __init__(
        self, flow: IntakeFlow, meeting_number: int, lang: Language, agenda_item: int | None = None
    ) -> None:
        super().__init__(
            title=fit(t("intake.modal.post_title", lang), MODAL_TITLE),
            timeout=MODAL_TIMEOUT_SECONDS,
        )
        self.flow = flow
        self.meeting_number = meeting_number
        self.agenda_item = agenda_item
        self.title_input: discord.ui.TextInput[PostMotionModal] = discord.ui.TextInput(
            max_length=MAX_TITLE_CHARS
        )
        self.text_input: discord.ui.TextInput[PostMotionModal] = discord.ui.TextInput(
            style=discord.TextStyle.paragraph,
            max_length=MODAL_INPUT,
        )
        self.add_item(_labelled("intake.modal.title_label", lang, self.title_input))
        self.add_item(_labelled("intake.modal.text_label", lang, self.text_input))

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        await self.flow.post_pasted_text(
            interaction,
            self.meeting_number,
            self.text_input.value,
            self.title_input.value,
            self.agenda_item,
        )

    # Modal.on_error really takes two arguments; mypy compares it with View.on_error.
    async def on_error(  # type: ignore[override]
        self, interaction: discord.Interaction[Any], error: Exception, /
    ) -> None:
        await report_error(interaction, error)


class EditDraftModal(discord.ui.Modal):
    """Redigera: the title and the yrkanden, one per line, over up to four inputs."""

    def __init__(
        self,
        flow: IntakeFlow,
        stored: intake_service.StoredDraft,
        chunks: list[str],
        lang: Language,
    ) -> None:
        super().__init__(
            title=fit(t("intake.modal.edit_title", lang), MODAL_TITLE),
            timeout=MODAL_TIMEOUT_SECONDS,
        )
        self.flow = flow
        self.draft_id = stored.id
        self.title_input: discord.ui.TextInput[EditDraftModal] = discord.ui.TextInput(
            default=fit(stored.draft.title, MAX_TITLE_CHARS),
            max_length=MAX_TITLE_CHARS,
        )
        self.add_item(_labelled("intake.modal.title_label", lang, self.title_input))
        self.yrkanden_inputs: list[discord.ui.TextInput[EditDraftModal]] = []
        for index, chunk in enumerate(chunks):
            key = (
                "intake.modal.yrkanden_label" if index == 0 else "intake.modal.yrkanden_more_label"
            )
            field: discord.ui.TextInput[EditDraftModal] = discord.ui.TextInput(
                style=discord.TextStyle.paragraph,
                default=chunk or None,
                required=False,
                max_length=MODAL_INPUT,
            )
            self.yrkanden_inputs.append(field)
            self.add_item(_labelled(key, lang, field))

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        lines = "\n".join(field.value for field in self.yrkanden_inputs)
        await self.flow.save_edit(interaction, self.draft_id, self.title_input.value, lines)

    # Modal.on_error really takes two arguments; mypy compares it with View.on_error.
    async def on_error(  # type: ignore[override]
        self, interaction: discord.Interaction[Any], error: Exception, /
    ) -> None:
        await report_error(interaction, error)


# ---------------------------------------------------------------- the flow


class IntakeFlow:
    """The chair's way from a document to a published item; built per interaction from the bot."""

    def __init__(self, bot: YrkaBot) -> None:
        self.bot = bot

    @classmethod
    def of(cls, client: discord.Client) -> IntakeFlow:
        """The flow of the bot that received an interaction."""
        assert isinstance(client, YrkaBot)
        return cls(client)

    async def post(
        self,
        interaction: discord.Interaction[Any],
        meeting: int,
        file: discord.Attachment | None,
        text: str | None,
        agenda_item: int | None = None,
    ) -> None:
        """/motion post: read a motion from a file, text or a modal and show a preview."""
        guild_id = guild_id_of(interaction)
        group, _ = await intake_service.check_can_post(
            self.bot.db,
            guild_id=guild_id,
            actor=actor_of(interaction),
            meeting_number=meeting,
            now=self.bot.clock.now(),
        )
        if file is None and not (text and text.strip()):
            await interaction.response.send_modal(
                PostMotionModal(self, meeting, group.language, agenda_item)
            )
            return
        if file is not None:
            # Refuse before downloading anything.
            if file.size > MAX_DOCUMENT_BYTES:
                raise DocumentTooLarge(limit_mb=MAX_DOCUMENT_BYTES // (1024 * 1024))
            if PurePath(file.filename).suffix.lower() not in ACCEPTED_EXTENSIONS:
                raise UnsupportedDocumentType(accepted=", ".join(ACCEPTED_EXTENSIONS))
        await interaction.response.defer(ephemeral=True, thinking=True)
        if file is not None:
            source_name = file.filename
            draft = await parse_upload(source_name, await file.read(), PARSE_TIMEOUT_SECONDS)
        else:
            assert text is not None
            source_name = t("intake.pasted_name", group.language)
            draft = await parse_upload("text.txt", text.encode("utf-8"), PARSE_TIMEOUT_SECONDS)
        await self.store_and_preview(
            interaction, meeting, draft, source_name, group.language, agenda_item
        )

    async def post_pasted_text(
        self,
        interaction: discord.Interaction[Any],
        meeting: int,
        text: str,
        title: str,
        agenda_item: int | None = None,
    ) -> None:
        """The post modal was submitted: parse the pasted text and show the preview."""
        lang = await language_of(self.bot, interaction.guild_id)
        await interaction.response.defer(ephemeral=True, thinking=True)
        draft = await parse_upload("text.txt", text.encode("utf-8"), PARSE_TIMEOUT_SECONDS)
        if title.strip():
            draft = draft.model_copy(update={"title": " ".join(title.split())})
        await self.store_and_preview(
            interaction, meeting, draft, t("intake.pasted_name", lang), lang, agenda_item
        )

    async def store_and_preview(
        self,
        interaction: discord.Interaction[Any],
        meeting: int,
        draft: Any,
        source_name: str,
        lang: Language,
        agenda_item: int | None = None,
    ) -> None:
        stored = await intake_service.create_draft(
            self.bot.db,
            guild_id=guild_id_of(interaction),
            actor=actor_of(interaction),
            meeting_number=meeting,
            draft=draft,
            source_name=source_name,
            now=self.bot.clock.now(),
            agenda_item=agenda_item,
        )
        embed, files = intake_ui.preview_message(
            draft_id=stored.id,
            draft=stored.draft,
            meeting=stored.meeting,
            source_name=stored.source_name,
            lang=lang,
        )
        await answer(interaction, embed=embed, files=files, view=preview_view(stored.id, lang))

    # ------------------------------------------------------------ preview buttons

    async def open_edit_modal(self, interaction: discord.Interaction[Any], draft_id: int) -> None:
        """Redigera: open the edit modal, prefilled with the draft's title and yrkanden."""
        stored = await intake_service.authorise_draft(
            self.bot.db,
            draft_id=draft_id,
            guild_id=guild_id_of(interaction),
            actor=actor_of(interaction),
        )
        lang = await language_of(self.bot, interaction.guild_id)
        chunks = intake_ui.yrkanden_edit_chunks(stored.draft.yrkanden)
        if chunks is None:
            raise UserError("intake.too_long_to_edit")
        await interaction.response.send_modal(EditDraftModal(self, stored, chunks, lang))

    async def save_edit(
        self, interaction: discord.Interaction[Any], draft_id: int, title: str, lines: str
    ) -> None:
        """The edit modal was submitted: store the change and show the new preview."""
        stored = await intake_service.edit_draft(
            self.bot.db,
            draft_id=draft_id,
            guild_id=guild_id_of(interaction),
            actor=actor_of(interaction),
            title=title,
            yrkanden_text=lines,
            now=self.bot.clock.now(),
        )
        lang = await language_of(self.bot, interaction.guild_id)
        embed, files = intake_ui.preview_message(
            draft_id=stored.id,
            draft=stored.draft,
            meeting=stored.meeting,
            source_name=stored.source_name,
            lang=lang,
        )
        view = preview_view(stored.id, lang)
        if interaction.message is not None:
            await interaction.response.edit_message(embed=embed, attachments=files, view=view)
        else:
            await answer(interaction, embed=embed, files=files, view=view)

    async def cancel_draft(self, interaction: discord.Interaction[Any], draft_id: int) -> None:
        """Avbryt: the draft is thrown away and the preview says so."""
        await intake_service.cancel_draft(
            self.bot.db,
            draft_id=draft_id,
            guild_id=guild_id_of(interaction),
            actor=actor_of(interaction),
            now=self.bot.clock.now(),
        )
        lang = await language_of(self.bot, interaction.guild_id)
        await interaction.response.edit_message(
            content=t("intake.cancelled", lang), embed=None, attachments=[], view=None
        )

    async def publish_draft(self, interaction: discord.Interaction[Any], draft_id: int) -> None:
        """Publicera: create the item, post embed, thread and vote messages, open voting."""
        actor = actor_of(interaction)
        target = await intake_service.begin_publish(
            self.bot.db,
            draft_id=draft_id,
            guild_id=guild_id_of(interaction),
            actor=actor,
            now=self.bot.clock.now(),
        )
        await interaction.response.defer()
        filling = target.item.message_id is not None and target.item.thread_id is not None
        item = await _publishing.post_item(self.bot, target, actor, refresh_embed=filling)
        lang = target.group.language
        link = f"https://discord.com/channels/{item.guild_id}/{item.channel_id}/{item.message_id}"
        await interaction.edit_original_response(
            content=t("intake.published", lang, number=item.number, link=link),
            embed=None,
            attachments=[],
            view=None,
        )
