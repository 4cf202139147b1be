"""The member registry: names and the voting role of everyone in a configured group,
kept for the minutes and for when Discord's member list is unavailable."""

from __future__ import annotations

import discord

from bot.clock import Clock
from bot.domain.records import Group
from bot.runtime.electorate import eligible_member_ids
from bot.services import voting as voting_service
from bot.services.setup import get_group
from db.connection import Database


def substitute_ids(guild: discord.Guild, group: Group) -> list[int]:
    """Members (not bots) holding the group's substitute (ersättare) role, if it has one."""
    role = guild.get_role(group.substitute_role_id) if group.substitute_role_id else None
    return sorted(member.id for member in role.members if not member.bot) if role else []


class MemberRegistry:
    """Stores who is in the group, as Discord says; the adapters call it on member events."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def remember_guild(self, guild: discord.Guild) -> None:
        """Store every member's name and voting role (after start-up and after /setup group)."""
        group = await get_group(self._db, guild.id)
        if group is None or not group.configured:
            return
        voters = set(eligible_member_ids(guild, group))
        rows = [(m.id, m.display_name, m.id in voters) for m in guild.members if not m.bot]
        await voting_service.remember_members(
            self._db, guild.id, rows, self._clock.now(), substitutes=substitute_ids(guild, group)
        )

    async def remember(self, member: discord.Member) -> None:
        """Store one member's name and whether they hold the voting role."""
        if member.bot:
            return
        group = await get_group(self._db, member.guild.id)
        if group is None or not group.configured:
            return
        role_ids = {role.id for role in member.roles}
        await voting_service.remember_members(
            self._db,
            member.guild.id,
            [(member.id, member.display_name, group.member_role_id in role_ids)],
            self._clock.now(),
            substitutes=[member.id] if group.substitute_role_id in role_ids else [],
        )

    async def left(self, guild_id: int, user: discord.abc.User) -> bool:
        """A member left: their recorded votes stay, marked as having left; False if known."""
        return await voting_service.member_left(
            self._db,
            guild_id=guild_id,
            member_id=user.id,
            name=user.display_name,
            now=self._clock.now(),
        )
