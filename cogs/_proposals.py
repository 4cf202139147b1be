"""The "Nytt yrkande" button on a motion message, its modal, and posting in the thread.

Not a cog: shared by cogs/proposal.py (which registers the button) and cogs/_publishing.py
(which puts it on every motion message). The button is a DynamicItem keyed by the item's
per-group number, so it keeps working after a restart; it and the modal reach the
database through `interaction.client`, never through another cog.
"""

from __future__ import annotations

import logging
from typing import Any

import discord

from bot.domain.alternatives import ProposalKind
from bot.domain.errors import InvalidInput
from bot.domain.models import Language
from bot.domain.proposals import TABLED_KINDS, TEXT_MAX, TabledProposal
from bot.domain.records import Item
from bot.services import proposals as proposals_service
from bot.ui import proposals as proposals_ui
from bot.ui.limits import INTERACTION_TOKEN_MINUTES, MODAL_TITLE, TEXT_INPUT_LABEL, fit
from bot.ui.messages import t
from cogs._common import ItemNumberButton, Modal, actor_of, answer, guild_id_of, text_file

log = logging.getLogger(__name__)

MODAL_TIMEOUT_SECONDS = INTERACTION_TOKEN_MINUTES * 60.0
LABEL_DESCRIPTION = 100  # Discord's limit on a Label's description


async def _thread(bot: Any, item: Item) -> Any:
    if item.thread_id is None:
        return None
    return bot.get_channel(item.thread_id) or await bot.fetch_channel(item.thread_id)


async def post_card(bot: Any, item: Item, proposal: TabledProposal, lang: Language) -> None:
    """Post the proposal card in the motion's thread and remember it (best effort: the
    yrkande is recorded already; a card that cannot be posted is logged)."""
    try:
        thread = await _thread(bot, item)
        if thread is None:
            return
        rendered = proposals_ui.proposal_card(item, proposal, lang)
        files = [text_file("yrkande.txt", rendered.full_text)] if rendered.full_text else []
        message = await thread.send(rendered.content, files=files)
    except discord.HTTPException as error:
        log.warning("proposal card for item %s could not be posted: %s", item.id, error)
        return
    await proposals_service.record_card(bot.db, proposal_id=proposal.id, message_id=message.id)


async def strike_card(bot: Any, item: Item, proposal: TabledProposal, lang: Language) -> None:
    """Mark a withdrawn yrkande's card in the thread (best effort)."""
    if proposal.card_message_id is None:
        return
    try:
        thread = await _thread(bot, item)
        if thread is None:
            return
        await thread.get_partial_message(proposal.card_message_id).edit(
            content=proposals_ui.withdrawn_card(proposal, lang)
        )
    except discord.HTTPException as error:
        log.warning("withdrawn card for item %s could not be edited: %s", item.id, error)


async def table_and_post(
    interaction: discord.Interaction[Any],
    *,
    item_number: int,
    kind: ProposalKind,
    text: str,
    yrkande_number: int | None,
) -> None:
    """Table the yrkande, post its card in the thread and tell the author."""
    bot = interaction.client
    tabled = await proposals_service.table_proposal(
        bot.db,
        guild_id=guild_id_of(interaction),
        actor=actor_of(interaction),
        item_number=item_number,
        kind=kind,
        text=text,
        yrkande_number=yrkande_number,
        now=bot.clock.now(),
    )
    lang = tabled.group.language
    await interaction.response.defer(ephemeral=True, thinking=True)
    await post_card(bot, tabled.item, tabled.proposal, lang)
    await answer(
        interaction,
        t("proposal.tabled", lang, number=tabled.proposal.number, item=tabled.item.number),
    )


def _att_sats_number(raw: str) -> int | None:
    clean = raw.strip()
    if not clean:
        return None
    if not clean.isdigit() or not 1 <= int(clean) <= 1000:
        raise InvalidInput("proposal.error.bad_number")
    return int(clean)


class ProposalModal(Modal):
    """Kind, att-sats and text of a new yrkande."""

    def __init__(self, item_number: int, lang: Language) -> None:
        super().__init__(
            title=fit(t("proposal.modal.title", lang, item=item_number), MODAL_TITLE),
            timeout=MODAL_TIMEOUT_SECONDS,
            custom_id=f"yrka:proposal:{item_number}",
        )
        self.item_number = item_number
        self.kind: discord.ui.Select[ProposalModal] = discord.ui.Select(
            custom_id="kind",
            options=[
                discord.SelectOption(
                    label=t(f"choice.proposal_kind.{kind.value}", lang), value=kind.value
                )
                for kind in TABLED_KINDS
            ],
            min_values=1,
            max_values=1,
        )
        self.att_sats: discord.ui.TextInput[ProposalModal] = discord.ui.TextInput(
            style=discord.TextStyle.short, required=False, max_length=4, custom_id="yrkande"
        )
        self.text: discord.ui.TextInput[ProposalModal] = discord.ui.TextInput(
            style=discord.TextStyle.paragraph, max_length=TEXT_MAX, custom_id="text"
        )
        self.add_item(
            discord.ui.Label(
                text=fit(t("proposal.modal.kind", lang), TEXT_INPUT_LABEL), component=self.kind
            )
        )
        self.add_item(
            discord.ui.Label(
                text=fit(t("proposal.modal.yrkande", lang), TEXT_INPUT_LABEL),
                description=fit(t("proposal.modal.yrkande_desc", lang), LABEL_DESCRIPTION),
                component=self.att_sats,
            )
        )
        self.add_item(
            discord.ui.Label(
                text=fit(t("proposal.modal.text", lang), TEXT_INPUT_LABEL),
                description=fit(t("proposal.modal.text_desc", lang), LABEL_DESCRIPTION),
                component=self.text,
            )
        )

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        await table_and_post(
            interaction,
            item_number=self.item_number,
            kind=ProposalKind(self.kind.values[0]),
            text=self.text.value,
            yrkande_number=_att_sats_number(self.att_sats.value),
        )


class ProposeButton(ItemNumberButton, prefix="propose"):
    """ "Nytt yrkande" on a motion message: opens the modal if the person may table."""

    label_key = "proposal.button.new"
    emoji = "📝"

    async def clicked(self, interaction: discord.Interaction[Any]) -> None:
        bot = interaction.client
        # Refuse before the modal (nothing typed in vain): not a member, closed, locked.
        group = await proposals_service.may_table(
            bot.db,
            guild_id=guild_id_of(interaction),
            actor=actor_of(interaction),
            item_number=self.item_number,
        )
        await interaction.response.send_modal(ProposalModal(self.item_number, group.language))


def proposal_view(item_number: int, lang: Language) -> discord.ui.View:
    """The components of a motion message: the "Nytt yrkande" button."""
    return ProposeButton.in_view(item_number, lang)


async def post_order(bot: Any, locked: proposals_service.ProposalList, lang: Language) -> None:
    """Post the propositionsordning in the thread and remember it (best effort: the lock is
    recorded already, and /proposal list shows the same order)."""
    assert locked.lock is not None
    try:
        thread = await _thread(bot, locked.item)
        if thread is None:
            return
        rendered = proposals_ui.order_message(locked.item, locked.lock, locked.proposals, lang)
        files = (
            [text_file("propositionsordning.txt", rendered.full_text)] if rendered.full_text else []
        )
        message = await thread.send(rendered.content, files=files)
    except discord.HTTPException as error:
        log.warning("order of decision for item %s could not be posted: %s", locked.item.id, error)
        return
    await proposals_service.record_order_message(
        bot.db, item_id=locked.item.id, message_id=message.id
    )


async def open_votes(bot: Any, locked: proposals_service.ProposalList) -> None:
    """Open the votes of a locked beslutsgång: the vote engine posts a message per question
    (number emoji for alternatives, ✅❌➖ for återremiss and tillägg); PLAIN att-satser keep
    their ✅❌➖ vote messages."""
    await bot.votes.open_questions(locked.item.id)
