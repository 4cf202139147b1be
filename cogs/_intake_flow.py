"""The motion intake flow behind /motion post: parse, preview, edit, cancel and publish.

Built per interaction from the bot that received it (no cog is looked up). The preview's
buttons and the modals are in cogs/_intake.py; publishing itself is shared with
/meeting import (cogs/_publishing.py).
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

import discord

from bot.app import YrkaBot
from bot.domain.errors import UserError
from bot.domain.models import Language
from bot.intake import (
    ACCEPTED_EXTENSIONS,
    MAX_DOCUMENT_BYTES,
    DocumentTooLarge,
    UnsupportedDocumentType,
    parse_upload,
)
from bot.services import intake as intake_service
from bot.ui import intake as intake_ui
from bot.ui.messages import t
from cogs import _intake, _publishing
from cogs._common import actor_of, answer, guild_id_of, language_of

PARSE_TIMEOUT_SECONDS = 20.0


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
                _intake.PostMotionModal(self, meeting, group.language, agenda_item)
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
        await answer(
            interaction, embed=embed, files=files, view=_intake.preview_view(stored.id, lang)
        )

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
        await interaction.response.send_modal(_intake.EditDraftModal(self, stored, chunks, lang))

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
        view = _intake.preview_view(stored.id, lang)
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
        item = await _publishing.post_item(self.bot, target, actor)
        lang = target.group.language
        link = f"https://discord.com/channels/{item.guild_id}/{item.channel_id}/{item.message_id}"
        await interaction.edit_original_response(
            content=t("intake.published", lang, number=item.number, link=link),
            embed=None,
            attachments=[],
            view=None,
        )
