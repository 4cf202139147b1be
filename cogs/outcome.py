"""/outcome set (/utfall sätt), the "Reservera gruppen" button and the reservation modal.

The button is a DynamicItem keyed by the item's per-group number, so it keeps working
after a restart; it and the modal reach the database through `interaction.client` (the
bot), not through another cog.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.models import CouncilResult, Language
from bot.domain.outcomes import reservation_template
from bot.services import outcomes as outcomes_service
from bot.ui.limits import (
    INTERACTION_TOKEN_MINUTES,
    MODAL_INPUT,
    MODAL_TITLE,
    TEXT_INPUT_LABEL,
    fit,
)
from bot.ui.messages import t
from bot.ui.outcomes import outcome_text, reservation_saved_text
from bot.ui.translator import cmd
from cogs._common import (
    ItemNumberButton,
    Modal,
    actor_of,
    answer,
    guild_id_of,
    language_of,
    options,
)

RESULT_CHOICES = [
    app_commands.Choice(name=cmd(f"choice.result.{result.value}"), value=result.value)
    for result in CouncilResult
]
MODAL_TIMEOUT_SECONDS = INTERACTION_TOKEN_MINUTES * 60.0
# Discord's limit on a Label's description.
LABEL_DESCRIPTION = 100


class ReservationModal(Modal):
    """The reservation's text, pre-filled with the stored text or the usual form."""

    def __init__(self, item_number: int, text: str, lang: Language) -> None:
        super().__init__(
            title=fit(t("reservation.modal.title", lang, number=item_number), MODAL_TITLE),
            timeout=MODAL_TIMEOUT_SECONDS,
            custom_id=f"yrka:reservation:{item_number}",
        )
        self.item_number = item_number
        self.text_input: discord.ui.TextInput[ReservationModal] = discord.ui.TextInput(
            style=discord.TextStyle.paragraph,
            default=fit(text, MODAL_INPUT),
            max_length=MODAL_INPUT,
            custom_id="text",
        )
        self.add_item(
            discord.ui.Label(
                text=fit(t("reservation.modal.label", lang), TEXT_INPUT_LABEL),
                description=fit(t("reservation.modal.description", lang), LABEL_DESCRIPTION),
                component=self.text_input,
            )
        )

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        bot = interaction.client
        guild_id = guild_id_of(interaction)
        item, reservation = await outcomes_service.save_reservation(
            bot.db,
            guild_id=guild_id,
            actor=actor_of(interaction),
            item_number=self.item_number,
            text=self.text_input.value,
            now=bot.clock.now(),
        )
        lang = await language_of(bot, guild_id)
        await answer(interaction, reservation_saved_text(item.number, reservation.text, lang))


class ReserveButton(ItemNumberButton, prefix="reserve"):
    """ "Reservera gruppen" under an outcome the group lost: opens the reservation modal."""

    label_key = "outcome.button.reserve"
    style = discord.ButtonStyle.danger

    async def clicked(self, interaction: discord.Interaction[Any]) -> None:
        bot = interaction.client
        context = await outcomes_service.reservation_context(
            bot.db,
            guild_id=guild_id_of(interaction),
            actor=actor_of(interaction),
            item_number=self.item_number,
        )
        lang = context.group.language
        text = context.existing or reservation_template(
            context.group.name or str(context.group.guild_id),
            context.own_proposal,
            lang,
            t,
        )
        await interaction.response.send_modal(ReservationModal(self.item_number, text, lang))


def reserve_view(item_number: int, lang: Language) -> discord.ui.View:
    """The one button offered when the group lost."""
    return ReserveButton.in_view(item_number, lang)


class OutcomeCog(commands.Cog):
    """What the council decided, and how the group's line fared."""

    outcome = app_commands.Group(
        name=cmd("cmd.outcome.name"), description=cmd("cmd.outcome.desc"), guild_only=True
    )

    def __init__(self, bot: Any) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(ReserveButton)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(ReserveButton)

    @outcome.command(name=cmd("cmd.outcome.set.name"), description=cmd("cmd.outcome.set.desc"))
    @options(
        motion="opt.motion",
        result="opt.result",
        yrkande=("opt.yrkande", "opt.outcome_yrkande"),
        votes_for="opt.votes_for",
        votes_against="opt.votes_against",
        abstained="opt.abstained",
        note="opt.outcome_note",
    )
    @app_commands.choices(result=RESULT_CHOICES)
    async def outcome_set(
        self,
        interaction: discord.Interaction[Any],
        motion: app_commands.Range[int, 1, 1_000_000],
        result: app_commands.Choice[str],
        yrkande: app_commands.Range[int, 1, 1000] | None = None,
        votes_for: app_commands.Range[int, 0, outcomes_service.VOTES_MAX] | None = None,
        votes_against: app_commands.Range[int, 0, outcomes_service.VOTES_MAX] | None = None,
        abstained: app_commands.Range[int, 0, outcomes_service.VOTES_MAX] | None = None,
        note: app_commands.Range[str, 1, outcomes_service.NOTE_MAX] | None = None,
    ) -> None:
        """Record what the council decided on an item or one att-sats (secretary or chair)."""
        guild_id = guild_id_of(interaction)
        recorded = await outcomes_service.record_outcome(
            self.bot.db,
            guild_id=guild_id,
            actor=actor_of(interaction),
            item_number=motion,
            result=CouncilResult(result.value),
            yrkande_number=yrkande,
            votes_for=votes_for,
            votes_against=votes_against,
            abstained=abstained,
            note=note,
            now=self.bot.clock.now(),
        )
        lang = await language_of(self.bot, guild_id)
        view = reserve_view(recorded.item.number, lang) if recorded.verdict.any_lost else None
        await answer(interaction, outcome_text(recorded, lang), view=view)


async def setup(bot: commands.Bot) -> None:
    """Load the cog."""
    await bot.add_cog(OutcomeCog(bot))
