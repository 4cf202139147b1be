"""/report [from] [to] (/rapport): how the group's lines fared, and who voted in time."""

from __future__ import annotations

import io
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.services import report as report_service
from bot.ui.report import CHART_HEIGHT, CHART_WIDTH, report_text
from bot.ui.translator import cmd
from cogs._common import actor_of, guild_id_of, options


class ReportCog(commands.Cog):
    """The secretary's look back: lines won, lost and reserved; participation per member."""

    def __init__(self, bot: Any) -> None:
        self.bot = bot

    @app_commands.command(name=cmd("cmd.report.name"), description=cmd("cmd.report.desc"))
    @app_commands.guild_only()
    @options(since="opt.report_from", until="opt.report_to")
    async def report(
        self,
        interaction: discord.Interaction[Any],
        since: app_commands.Range[str, 1, 20] | None = None,
        until: app_commands.Range[str, 1, 20] | None = None,
    ) -> None:
        """Report on the group's meetings in a date range (secretary or chair)."""
        report = await report_service.group_report(
            self.bot.db,
            guild_id=guild_id_of(interaction),
            actor=actor_of(interaction),
            since=since,
            until=until,
            now=self.bot.clock.now(),
        )
        # Drawing the charts takes longer than Discord's 3 s for a first answer.
        await interaction.response.defer(ephemeral=True, thinking=True)
        files = await report_service.render_charts(report)
        await interaction.edit_original_response(
            content=report_text(report, [f.name for f in files], CHART_WIDTH, CHART_HEIGHT),
            attachments=[discord.File(io.BytesIO(f.data), filename=f.name) for f in files],
        )


async def setup(bot: commands.Bot) -> None:
    """Load the cog."""
    await bot.add_cog(ReportCog(bot))
