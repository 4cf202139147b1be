"""Member events: names and the voting role stay current; a change moves the tallies."""

from __future__ import annotations

import discord
from discord.ext import commands

from bot.app import YrkaBot
from bot.runtime.members import MemberRegistry
from bot.runtime.view import VoteView


class MembersCog(commands.Cog):
    """Keeps the member registry in step with Discord and re-renders affected tallies."""

    def __init__(self, members: MemberRegistry, view: VoteView) -> None:
        self._members = members
        self._view = view

    @commands.Cog.listener()
    async def on_raw_member_remove(self, payload: discord.RawMemberRemoveEvent) -> None:
        """A member left: their recorded votes stay, marked as having left; tallies update."""
        if await self._members.left(payload.guild_id, payload.user):
            await self._view.schedule_open_tallies(payload.guild_id)

    @commands.Cog.listener()
    async def on_member_join(self, member: discord.Member) -> None:
        """Remember a new member's name (and schedule nothing: they hold no role yet)."""
        await self._members.remember(member)

    @commands.Cog.listener()
    async def on_member_update(self, before: discord.Member, after: discord.Member) -> None:
        """Keep names and the voting role current; a role change moves 'not yet voted'."""
        if before.roles == after.roles and before.display_name == after.display_name:
            return
        await self._members.remember(after)
        if before.roles != after.roles:
            await self._view.schedule_open_tallies(after.guild.id)


async def setup(bot: commands.Bot) -> None:
    """Load the cog with the bot's member registry and vote view."""
    assert isinstance(bot, YrkaBot)
    await bot.add_cog(MembersCog(bot.members, bot.votes.view))
