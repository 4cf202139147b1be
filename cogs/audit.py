"""/audit verify: re-compute the group's audit hash chain and show its head hash."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.audit import ChainCheck
from bot.domain.models import Language
from bot.services import exports as exports_service
from bot.ui.messages import t
from bot.ui.translator import cmd
from cogs._common import actor_of, answer, guild_id_of, language_of


def chain_check_text(check: ChainCheck, lang: Language) -> str:
    """Whether the chain is intact, how many entries, and the head hash (as in the minutes)."""
    if check.entries == 0:
        return t("audit.empty", lang)
    if check.ok:
        return t("audit.intact", lang, entries=check.entries, hash=check.head_hash)
    return t(
        "audit.broken", lang, seq=check.first_bad_seq, entries=check.entries, hash=check.head_hash
    )


class AuditCog(commands.Cog):
    """The tamper-evident audit log, for the chair and the secretary."""

    audit = app_commands.Group(
        name=cmd("cmd.audit.name"), description=cmd("cmd.audit.desc"), guild_only=True
    )

    def __init__(self, bot: Any) -> None:
        self.bot = bot

    @audit.command(name=cmd("cmd.audit.verify.name"), description=cmd("cmd.audit.verify.desc"))
    async def audit_verify(self, interaction: discord.Interaction[Any]) -> None:
        """Check that no entry of the log was changed, moved or removed."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        guild_id = guild_id_of(interaction)
        check = await exports_service.verify_audit(
            self.bot.db, guild_id=guild_id, actor=actor_of(interaction)
        )
        lang = await language_of(self.bot, guild_id)
        await answer(interaction, chain_check_text(check, lang))


async def setup(bot: commands.Bot) -> None:
    """Load the cog."""
    await bot.add_cog(AuditCog(bot))
