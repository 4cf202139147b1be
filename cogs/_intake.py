"""/motion post's preview buttons and modals (not a cog); what they do is cogs/_intake_flow.py.

The preview buttons are DynamicItems keyed by the stored draft id, so a preview keeps
working after a restart; a click builds the flow from the bot that received it (no cog is
looked up).
"""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.domain.models import Language
from bot.domain.motion import MAX_TITLE_CHARS
from bot.services import intake as intake_service
from bot.ui.limits import INTERACTION_TOKEN_MINUTES, MODAL_INPUT, MODAL_TITLE, TEXT_INPUT_LABEL, fit
from bot.ui.messages import t
from cogs import _intake_flow
from cogs._common import Modal, guarded

MODAL_TIMEOUT_SECONDS = INTERACTION_TOKEN_MINUTES * 60.0


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
        flow = _intake_flow.IntakeFlow.of(interaction.client)
        work = {
            "publish": flow.publish_draft,
            "edit": flow.open_edit_modal,
            "cancel": flow.cancel_draft,
        }[self.action]
        await guarded(interaction, work(interaction, self.draft_id))


def preview_view(draft_id: int, lang: Language) -> discord.ui.View:
    """The three preview buttons of a draft: Publicera, Redigera, Avbryt."""
    view = discord.ui.View(timeout=None)
    for action in _DRAFT_ACTIONS:
        view.add_item(DraftButton(draft_id, action, lang))
    return view


# ---------------------------------------------------------------- modals


class PostMotionModal(Modal):
    """/motion post with neither file nor text: the chair types or pastes the motion."""

    def __init__(
        self,
        flow: _intake_flow.IntakeFlow,
        meeting_number: int,
        lang: Language,
        agenda_item: int | None = None,
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


class EditDraftModal(Modal):
    """Redigera: the title and the yrkanden, one per line, over up to four inputs."""

    def __init__(
        self,
        flow: _intake_flow.IntakeFlow,
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
