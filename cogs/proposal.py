"""/proposal add|withdraw|list|lock|dissent (Swedish /yrkande lägg|återkalla|lista|lås|avvikande).

The group's own yrkanden on a motion: tabled by any member while the item is open and its
beslutsgång not locked, withdrawn by the author or the chair, locked by the chair (the
propositionsordning is posted in the thread and the votes open), and avvikande mening
after closing. The "Nytt yrkande" button and modal live in cogs/_proposals.py.
"""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.alternatives import ProposalKind, default_order
from bot.domain.proposals import DISSENT_MAX, TABLED_KINDS, TEXT_MAX
from bot.services import proposals as proposals_service
from bot.ui import proposals as proposals_ui
from bot.ui.messages import t
from bot.ui.timefmt import format_local
from bot.ui.translator import cmd
from cogs._common import actor_of, answer, guild_id_of, language_of, options, text_file
from cogs._proposals import ProposeButton, open_votes, post_order, strike_card, table_and_post

log = logging.getLogger(__name__)

KIND_CHOICES = [
    app_commands.Choice(name=cmd(f"choice.proposal_kind.{kind.value}"), value=kind.value)
    for kind in TABLED_KINDS
]
Motion = app_commands.Range[int, 1, 1_000_000]


class ProposalCog(commands.Cog):
    """Tabling, withdrawing, listing and locking the group's yrkanden; avvikande mening."""

    proposal = app_commands.Group(
        name=cmd("cmd.proposal.name"), description=cmd("cmd.proposal.desc"), guild_only=True
    )

    def __init__(self, bot: Any) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(ProposeButton)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(ProposeButton)

    @proposal.command(name=cmd("cmd.proposal.add.name"), description=cmd("cmd.proposal.add.desc"))
    @options(
        motion="opt.motion",
        kind="opt.proposal_kind",
        text="opt.proposal_text",
        yrkande="opt.proposal_yrkande",
    )
    @app_commands.choices(kind=KIND_CHOICES)
    async def add(
        self,
        interaction: discord.Interaction[Any],
        motion: Motion,
        kind: app_commands.Choice[str],
        text: app_commands.Range[str, 1, TEXT_MAX],
        yrkande: app_commands.Range[int, 1, 1000] | None = None,
    ) -> None:
        """Table a yrkande on an open motion (any member of the group)."""
        await table_and_post(
            interaction,
            item_number=motion,
            kind=ProposalKind(kind.value),
            text=text,
            yrkande_number=yrkande,
        )

    @proposal.command(
        name=cmd("cmd.proposal.withdraw.name"), description=cmd("cmd.proposal.withdraw.desc")
    )
    @options(motion="opt.motion", proposal="opt.proposal")
    async def withdraw(
        self,
        interaction: discord.Interaction[Any],
        motion: Motion,
        proposal: app_commands.Range[int, 1, 1000],
    ) -> None:
        """Withdraw a yrkande before the lock (its author or the chair)."""
        withdrawn = await proposals_service.withdraw_proposal(
            self.bot.db,
            guild_id=guild_id_of(interaction),
            actor=actor_of(interaction),
            item_number=motion,
            proposal_number=proposal,
            now=self.bot.clock.now(),
        )
        lang = withdrawn.group.language
        await interaction.response.defer(ephemeral=True, thinking=True)
        await strike_card(self.bot, withdrawn.item, withdrawn.proposal, lang)
        await answer(
            interaction,
            t("proposal.withdrawn", lang, number=proposal, item=withdrawn.item.number),
        )

    @proposal.command(name=cmd("cmd.proposal.list.name"), description=cmd("cmd.proposal.list.desc"))
    @options(motion="opt.motion")
    async def list(self, interaction: discord.Interaction[Any], motion: Motion) -> None:
        """The motion's yrkanden and the order of decision (the group)."""
        found = await proposals_service.list_proposals(
            self.bot.db,
            guild_id=guild_id_of(interaction),
            actor=actor_of(interaction),
            item_number=motion,
        )
        lang = found.group.language
        open_order = default_order(
            [y.text for y in found.item.yrkanden],
            [p.as_proposal() for p in found.proposals if p.active],
        )
        rendered = proposals_ui.proposal_list_text(
            found.item, found.proposals, found.lock, open_order, lang
        )
        files = [text_file("yrkanden.txt", rendered.full_text)] if rendered.full_text else None
        await answer(interaction, rendered.content, files=files)

    @proposal.command(name=cmd("cmd.proposal.lock.name"), description=cmd("cmd.proposal.lock.desc"))
    @options(motion="opt.motion", order="opt.proposal_order", runoff="opt.proposal_runoff")
    async def lock(
        self,
        interaction: discord.Interaction[Any],
        motion: Motion,
        order: app_commands.Range[str, 1, 200] | None = None,
        runoff: app_commands.Range[str, 1, 30] | None = None,
    ) -> None:
        """Fix the yrkanden and their order, post the propositionsordning, open the votes."""
        locked = await proposals_service.lock_beslutsgang(
            self.bot.db,
            guild_id=guild_id_of(interaction),
            actor=actor_of(interaction),
            item_number=motion,
            order=order,
            now=self.bot.clock.now(),
            runoff=runoff,
        )
        lang = locked.group.language
        await interaction.response.defer(ephemeral=True, thinking=True)
        await post_order(self.bot, locked, lang)
        await open_votes(self.bot, locked)
        said = t("proposal.locked", lang, item=locked.item.number)
        if locked.lock is not None and locked.lock.runoff_at is not None:
            said += t("proposal.locked_runoff", lang, at=format_local(locked.lock.runoff_at, lang))
        await answer(interaction, said)

    @proposal.command(
        name=cmd("cmd.proposal.runoff.name"), description=cmd("cmd.proposal.runoff.desc")
    )
    @options(motion="opt.motion", closes="opt.runoff_closes")
    async def runoff(
        self,
        interaction: discord.Interaction[Any],
        motion: Motion,
        closes: app_commands.Range[str, 1, 30],
    ) -> None:
        """Set or move when the second round closes (the chair), after the lock."""
        changed = await proposals_service.set_runoff(
            self.bot.db,
            guild_id=guild_id_of(interaction),
            actor=actor_of(interaction),
            item_number=motion,
            runoff=closes,
            now=self.bot.clock.now(),
        )
        lang = changed.group.language
        await interaction.response.defer(ephemeral=True, thinking=True)
        self.bot.scheduler.wake()
        if changed.moved:
            await self.bot.votes.view.refresh_item(changed.item.id)
        at = format_local(changed.runoff_at, lang)
        await answer(interaction, t("proposal.runoff_set", lang, item=changed.item.number, at=at))

    @proposal.command(
        name=cmd("cmd.proposal.dissent.name"), description=cmd("cmd.proposal.dissent.desc")
    )
    @options(motion="opt.motion", text="opt.dissent_text")
    async def dissent(
        self,
        interaction: discord.Interaction[Any],
        motion: Motion,
        text: app_commands.Range[str, 1, DISSENT_MAX],
    ) -> None:
        """Register an avvikande mening on a closed motion (a member who voted against)."""
        guild_id = guild_id_of(interaction)
        item, _, replaced = await proposals_service.register_dissent(
            self.bot.db,
            guild_id=guild_id,
            actor=actor_of(interaction),
            item_number=motion,
            text=text,
            now=self.bot.clock.now(),
        )
        key = "proposal.dissent_replaced" if replaced else "proposal.dissent_saved"
        lang = await language_of(self.bot, guild_id)
        await answer(interaction, t(key, lang, item=item.number))


async def setup(bot: commands.Bot) -> None:
    """Load the cog."""
    await bot.add_cog(ProposalCog(bot))
