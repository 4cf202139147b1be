"""/meeting import: the chair's preview of a kallelse, its buttons, select menu and modal
(not a cog).

The preview's buttons and select menu are DynamicItems keyed by the import id and page,
so a preview keeps working after a restart. What they do is in cogs/_agenda_flow.py
(the handlers, and publishing in the background).
"""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.domain.models import Language
from bot.services import agenda as agenda_service
from bot.ui import agenda as agenda_ui
from bot.ui.limits import INTERACTION_TOKEN_MINUTES, MODAL_INPUT, MODAL_TITLE, TEXT_INPUT_LABEL, fit
from bot.ui.messages import t
from cogs import _agenda_flow as flow
from cogs._common import Modal, guarded

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
            work = flow.show_page(interaction, self.import_id, self.page + step)
        elif self.action == "edit":
            work = flow.open_edit_modal(interaction, self.import_id, self.page)
        elif self.action == "publish":
            work = flow.publish(interaction, self.import_id)
        else:
            work = flow.cancel(interaction, self.import_id)
        await guarded(interaction, work)


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
        await guarded(interaction, flow.choose(interaction, self.import_id, self.page, chosen))


class EditEntryModal(Modal):
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
        await flow.save_edit(
            interaction,
            self.import_id,
            self.page,
            self.number.value,
            self.new_title.value,
            self.proposal.value,
        )


def preview_view_after_publish(import_id: int, lang: Language) -> discord.ui.View:
    """Only Publicera valda stays: pressing it again resumes a publish that stopped."""
    view = discord.ui.View(timeout=None)
    view.add_item(AgendaButton(import_id, "publish", 0, lang))
    return view
