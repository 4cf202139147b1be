"""/export meeting:<number> format:<docx|pdf|csv|json|md|reservations|summary>: minutes and data."""

from __future__ import annotations

import io
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.errors import UserError
from bot.domain.models import ExportFormat
from bot.export import ExportFile
from bot.services import exports as exports_service
from bot.ui.messages import t
from bot.ui.translator import cmd
from cogs._common import actor_of, answer, guild_id_of, language_of, meeting_choices, options

FORMAT_CHOICES = [
    app_commands.Choice(name=cmd(f"choice.format.{fmt.value}"), value=fmt.value)
    for fmt in ExportFormat
]
# Discord's upload limit without server boosts (discord.py's own default for tier 0).
DEFAULT_UPLOAD_LIMIT = 10 * 1024 * 1024


def check_upload_size(files: list[ExportFile], limit: int) -> None:
    """Refuse politely when the files together exceed what Discord accepts in one message."""
    total = sum(len(file.data) for file in files)
    if total > limit:
        raise UserError(
            "export.too_large",
            name=", ".join(file.name for file in files),
            size_mb=f"{total / 2**20:.1f}",
            limit_mb=f"{limit / 2**20:.0f}",
        )


class ExportCog(commands.Cog):
    """Minutes (docx, pdf, md) and data (csv, json) of a meeting, for the secretary or chair."""

    def __init__(self, bot: Any) -> None:
        self.bot = bot

    @app_commands.command(name=cmd("cmd.export.name"), description=cmd("cmd.export.desc"))
    @app_commands.guild_only()
    @options(meeting="opt.meeting", fmt="opt.format")
    @app_commands.choices(fmt=FORMAT_CHOICES)
    async def export(
        self,
        interaction: discord.Interaction[Any],
        meeting: app_commands.Range[int, 1],
        fmt: app_commands.Choice[str],
    ) -> None:
        """Export a meeting's minutes or data as files only the caller sees."""
        # Rendering a docx or pdf may take longer than Discord's 3 s for a first answer.
        await interaction.response.defer(ephemeral=True, thinking=True)
        guild_id = guild_id_of(interaction)
        files = await exports_service.export_meeting(
            self.bot.db,
            guild_id=guild_id,
            actor=actor_of(interaction),
            meeting_number=meeting,
            fmt=ExportFormat(fmt.value),
            now=self.bot.clock.now(),
        )
        limit = interaction.guild.filesize_limit if interaction.guild else DEFAULT_UPLOAD_LIMIT
        check_upload_size(files, limit)
        lang = await language_of(self.bot, guild_id)
        names = ", ".join(file.name for file in files)
        await answer(
            interaction,
            t("export.done", lang, number=meeting, names=names),
            files=[discord.File(io.BytesIO(file.data), filename=file.name) for file in files],
        )

    @export.autocomplete("meeting")
    async def meeting_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[int]]:
        """The group's meetings, newest first, filtered by number or title."""
        return await meeting_choices(self.bot, interaction.guild_id, current)


async def setup(bot: commands.Bot) -> None:
    """Load the cog."""
    await bot.add_cog(ExportCog(bot))
