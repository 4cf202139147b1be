"""/position set: the chair sets or overrides the group's position on one yrkande."""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import YrkaBot
from bot.domain.access import Action, require
from bot.domain.models import Position
from bot.services import meetings as meeting_service
from bot.services.setup import require_group
from bot.ui.messages import t
from bot.ui.translator import cmd
from cogs._common import actor_of, answer, guild_id_of, options

log = logging.getLogger(__name__)

# "undecided" is what the rules say when the chair must decide; it is never chosen by hand.
POSITION_CHOICES = [
    app_commands.Choice(name=cmd(f"position.{position.value}"), value=position.value)
    for position in Position
    if position is not Position.UNDECIDED
]


class PositionCog(commands.Cog):
    """The group's line on each yrkande."""

    position = app_commands.Group(
        name=cmd("cmd.position.name"), description=cmd("cmd.position.desc"), guild_only=True
    )

    def __init__(self, bot: YrkaBot) -> None:
        self.bot = bot

    @position.command(name=cmd("cmd.position.set.name"), description=cmd("cmd.position.set.desc"))
    @options(motion="opt.motion", yrkande="opt.yrkande", position="opt.position", note="opt.note")
    @app_commands.choices(position=POSITION_CHOICES)
    async def position_set(
        self,
        interaction: discord.Interaction[Any],
        motion: app_commands.Range[int, 1, 1_000_000],
        yrkande: app_commands.Range[int, 1, 1000],
        position: app_commands.Choice[str],
        note: app_commands.Range[str, 1, 1000] | None = None,
    ) -> None:
        """Set the group's position on a yrkande (chair)."""
        guild_id = guild_id_of(interaction)
        actor = actor_of(interaction)
        group = await require_group(self.bot.db, guild_id)
        require(Action.CHAIR, actor, group)
        item, record = await meeting_service.set_position(
            self.bot.db,
            guild_id=guild_id,
            actor=actor,
            item_number=motion,
            yrkande_number=yrkande,
            position=Position(position.value),
            note=note,
            now=self.bot.clock.now(),
        )
        lang = group.language
        await answer(
            interaction,
            t(
                "position.saved",
                lang,
                item=item.number,
                number=yrkande,
                position=t(f"position.{record.position.value}", lang),
            ),
        )
        try:
            await self.bot.votes.view.refresh_item(item.id)
        except discord.HTTPException:
            log.warning("could not refresh the vote messages of item %s", item.id, exc_info=True)


async def setup(bot: commands.Bot) -> None:
    """Load the cog."""
    assert isinstance(bot, YrkaBot)
    await bot.add_cog(PositionCog(bot))
