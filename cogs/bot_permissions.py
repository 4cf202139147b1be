"""Yrka's own permissions: the gateway events after which the bot checks them again.

The checks and the word to the chair are the bot's PermissionWatch
(bot/runtime/permissions.py), which the vote view and the publisher also tell about a 403.
"""

from __future__ import annotations

import discord
from discord.ext import commands

from bot.app import YrkaBot
from bot.runtime.permissions import PermissionWatch


class BotPermissionsCog(commands.Cog):
    """Checks the bot's permissions again whenever they may have changed."""

    def __init__(self, client: discord.Client, watch: PermissionWatch) -> None:
        self._client = client
        self._watch = watch

    # ------------------------------------------------------------ when things change

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        """At start-up (and after a new session): a channel may have changed meanwhile."""
        for guild in self._client.guilds:
            await self._watch.check_guild(guild)

    @commands.Cog.listener()
    async def on_guild_channel_update(
        self, before: discord.abc.GuildChannel, after: discord.abc.GuildChannel
    ) -> None:
        """The channel's permission overwrites changed."""
        if before.overwrites != after.overwrites:
            await self._watch.check_guild(after.guild)

    @commands.Cog.listener()
    async def on_guild_role_update(self, before: discord.Role, after: discord.Role) -> None:
        """A role's permissions changed (the bot's own, @everyone's, any in an overwrite)."""
        if before.permissions != after.permissions:
            await self._watch.check_guild(after.guild)

    @commands.Cog.listener()
    async def on_guild_role_delete(self, role: discord.Role) -> None:
        """A role the bot held may be gone."""
        await self._watch.check_guild(role.guild)

    @commands.Cog.listener()
    async def on_member_update(self, before: discord.Member, after: discord.Member) -> None:
        """The bot's own roles changed."""
        if (
            self._client.user is not None
            and after.id == self._client.user.id
            and before.roles != after.roles
        ):
            await self._watch.check_guild(after.guild)


async def setup(bot: commands.Bot) -> None:
    """Load the cog with the bot's permission watch."""
    assert isinstance(bot, YrkaBot)
    await bot.add_cog(BotPermissionsCog(bot, bot.permissions))
